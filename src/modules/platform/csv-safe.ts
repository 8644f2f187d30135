import { stringify } from 'csv-stringify/sync';

/**
 * CSV that analysts open in a spreadsheet. Names and other cells of uploaded or recorded data are copied into the
 * files modules write (screening results, fugitives exports); a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by Excel,
 * LibreOffice or Google Sheets as a formula (`=HYPERLINK("http://…")` leaks data with one click). Following OWASP's
 * advice on CSV injection, such a text cell is written with a leading single quote, which the spreadsheet shows as
 * text. Figures the program computed (scores) are a separate kind of cell and are written as they are.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/** A text cell as a spreadsheet will show it as text: `'` before a cell that would otherwise start a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.has(text.charAt(0)) ? `'${text}` : text;
}

/** A figure the program computed, such as a score: written as it is, never taken for user text. */
export class CsvFigure {
  private constructor(readonly text: string) {}

  /** A number with a fixed count of decimals (`0.8123`). */
  static fixed(value: number, decimals: number): CsvFigure {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${String(value)}`);
    return new CsvFigure(value.toFixed(decimals));
  }
}

/** Text (neutralised), a yes/no written `true`/`false`, or a computed figure. */
export type CsvCell = string | boolean | CsvFigure;

const cellText = (cell: CsvCell): string =>
  cell instanceof CsvFigure ? cell.text : typeof cell === 'boolean' ? String(cell) : neutraliseFormula(cell);

/** Every CSV the screening module writes goes through here: text cells neutralised, figures and booleans kept. */
export function stringifySpreadsheetCsv(lines: readonly (readonly CsvCell[])[]): string {
  return stringify(lines.map((line) => line.map(cellText)));
}
