import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { CsvFigure, neutraliseFormula, stringifySpreadsheetCsv } from '../../src/modules/platform/csv-safe.ts';

/** The screening module's CSV outputs, as a spreadsheet will read them: no uploaded cell becomes a formula. */
describe('spreadsheet-safe CSV', () => {
  it('puts a single quote before text that a spreadsheet would take for a formula', () => {
    const dangerous = ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1', '=', '-'];
    assert.deepEqual(
      dangerous.map(neutraliseFormula),
      dangerous.map((text) => `'${text}`),
    );
  });

  it('leaves every other text as it is', () => {
    const harmless = ['Somchai Prasertsuk', '李建华', 'Siti binti Osman', '', ' =not first', "'quoted", 'a=b', '0.5', 'C-001', '\n=1'];
    assert.deepEqual(harmless.map(neutraliseFormula), harmless);
  });

  it('writes text cells neutralised, booleans as true/false and computed figures unchanged', () => {
    const csv = stringifySpreadsheetCsv([
      ['full_name', 'note', 'score', 'match'],
      ['=HYPERLINK("http://x","click")', '-5', CsvFigure.fixed(0.81234, 4), true],
      ['Li Jianhua', '@home', CsvFigure.fixed(-0.5, 4), false],
    ]);
    const rows: string[][] = parse(csv);
    assert.deepEqual(rows, [
      ['full_name', 'note', 'score', 'match'],
      ['\'=HYPERLINK("http://x","click")', "'-5", '0.8123', 'true'],
      ['Li Jianhua', "'@home", '-0.5000', 'false'],
    ]);
  });

  it('neutralises a header named like a formula too (headers come from the uploaded file)', () => {
    assert.equal(stringifySpreadsheetCsv([['=cmd', 'full_name']]).trim(), "'=cmd,full_name");
  });

  it('refuses a figure that is not a finite number', () => {
    assert.throws(() => CsvFigure.fixed(Number.NaN, 4), RangeError);
  });
});
