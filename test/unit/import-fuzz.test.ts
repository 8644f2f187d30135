import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseFtmLines } from '../../src/modules/fugitives/exchange/ftm.ts';
import { parseInterpolDocument } from '../../src/modules/fugitives/interpol/parse-interpol.ts';
import { legalBasisDemo } from '../../src/modules/legal-basis/demo-data.ts';
import { exportFileSchema } from '../../src/modules/legal-basis/schemas.ts';
import { parsePairsCsv, parsePeopleCsv, parseWatchlist, type FormatProblem } from '../../src/modules/screening/formats.ts';

/**
 * Property tests of every import path's reader (docs/security.md, "Bounded input"): valid files with one bad line —
 * text that cannot be stored (a NUL, a lone surrogate, raw or as a JSON escape), a value over its limit, an id seen
 * before, a date no calendar has — are refused with problems naming that line (and column) or JSON path, and no
 * reader throws, whatever is inserted where. Fixed seed, bounded runs; a failure prints the file's case.
 */
const SEED = 20_260_105;
const RUNS = 60;
const NOW = new Date('2026-01-05T12:00:00Z');
const UNSAFE = ['\u0000', '\ud800', '\udbff', '\udc00', '\udfff'] as const;
const describeUnsafe = (character: string) => (character === '\u0000' ? /contains a NUL character/ : /contains a lone UTF-16 surrogate/);

const word = fc.stringMatching(/^[A-Z][a-z]{1,8}$/);
const personName = fc.tuple(word, word).map(([first, last]) => `${first} ${last}`);
const names = fc.array(personName, { minLength: 2, maxLength: 6 });

/** A character inserted at a line and column of the text (chosen modulo their range), with where it lands (from 1). */
function insertAt(text: string, character: string, lineChoice: number, columnChoice: number) {
  const lines = text.split('\n');
  const line = lineChoice % lines.length;
  const column = columnChoice % (lines[line]!.length + 1);
  const offset = lines.slice(0, line).reduce((sum, part) => sum + part.length + 1, 0) + column;
  return { text: text.slice(0, offset) + character + text.slice(offset), line: line + 1, column: column + 1 };
}
const insertion = fc.record({ character: fc.constantFrom(...UNSAFE), line: fc.nat(), column: fc.nat() });
/** Anything at all, lone surrogates and NUL included, for "never throws". */
const garbage = fc.record({ text: fc.string({ unit: 'binary', maxLength: 40 }), line: fc.nat(), column: fc.nat() });

/** One bad line among good ones: which line (from 1), and the problem's message. */
interface BadLine {
  text: string;
  line: number;
  message: RegExp;
}
/** The line to spoil: a repeated id needs an earlier line, so it goes on the second or a later one. */
const spoiled = (count: number, pick: number, needsEarlier: boolean) => (needsEarlier ? 1 + (pick % (count - 1)) : pick % count);
const replaceLine = (lines: readonly string[], index: number, bad: string) => [...lines.slice(0, index), bad, ...lines.slice(index + 1)];

function assertProblemOn(problems: readonly FormatProblem[], line: number, message: RegExp, label: string) {
  assert.ok(
    problems.some((problem) => problem.line === line && message.test(problem.message)),
    `${label}: line ${String(line)} ${String(message)} not among ${JSON.stringify(problems)}`,
  );
}

// ------------------------------------------------------------------------------------------------------------------
// CSV: watchlists, batches (people) and name pairs
// ------------------------------------------------------------------------------------------------------------------

const csvRow = (index: number, name: string, date = '1970-01-02', id = `r-${String(index + 1)}`) => `${id},${name},${date},MY`;
const peopleCsv = (rows: readonly string[]) => `id,full_name,date_of_birth,nationality\n${rows.join('\n')}\n`;

const badCsv: fc.Arbitrary<BadLine> = fc
  .record({ rows: names, pick: fc.nat(), kind: fc.constantFrom('overlong', 'duplicate', 'year', 'not a date', 'empty name') })
  .map(({ rows, pick, kind }) => {
    const lines = rows.map((name, index) => csvRow(index, name));
    const index = spoiled(lines.length, pick, kind === 'duplicate');
    const bad = {
      overlong: csvRow(index, 'x'.repeat(1001)),
      duplicate: csvRow(index, 'Someone Else', '1980', 'r-1'),
      year: csvRow(index, 'Early Person', '0000-01-01'),
      'not a date': csvRow(index, 'Day First', '31/12/1970'),
      'empty name': csvRow(index, ' '),
    }[kind];
    const message = {
      overlong: /^full_name is longer than 1000 characters$/,
      duplicate: /^id "r-1" appears again \(first on line 2\)$/,
      year: /^date_of_birth "0000-01-01" is not a date/,
      'not a date': /^date_of_birth "31\/12\/1970" is not a date/,
      'empty name': /^full_name is empty$/,
    }[kind];
    return { text: peopleCsv(replaceLine(lines, index, bad)), line: index + 2, message };
  });

describe('CSV readers: watchlists, people to screen, name pairs', () => {
  it('a bad row is refused by its line, in a watchlist and in a batch alike', () => {
    fc.assert(
      fc.property(badCsv, ({ text, line, message }) => {
        const watchlist = parseWatchlist('csv', text);
        assert.ok(!watchlist.ok, 'the watchlist file is refused');
        assertProblemOn(watchlist.problems, line, message, 'watchlist');
        const people = parsePeopleCsv(text);
        assert.ok(!people.ok, 'the batch file is refused');
        assertProblemOn(people.problems, line, message, 'batch');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a NUL or lone surrogate anywhere is refused by its line and column, before the CSV is read', () => {
    fc.assert(
      fc.property(names, insertion, (rows, { character, line, column }) => {
        const inserted = insertAt(peopleCsv(rows.map((name, index) => csvRow(index, name))), character, line, column);
        for (const result of [parseWatchlist('csv', inserted.text), parsePeopleCsv(inserted.text)]) {
          assert.ok(!result.ok);
          assert.equal(result.problems.length, 1);
          assert.equal(result.problems[0]!.line, inserted.line);
          assert.match(result.problems[0]!.message, new RegExp(`^column ${String(inserted.column)} `));
          assert.match(result.problems[0]!.message, describeUnsafe(character));
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('keeps what is certain of an impossible day or month, as documented, and still refuses year 0000', () => {
    const read = parseWatchlist('csv', peopleCsv([csvRow(0, 'Leap Day', '2023-02-29'), csvRow(1, 'No Month', '1968-13-30')]));
    assert.ok(read.ok);
    assert.deepEqual(
      read.records.map((record) => record.properties.birthDate),
      [['2023-02'], ['1968']],
    );
    assert.ok(!parseWatchlist('csv', peopleCsv([csvRow(0, 'Year Zero', '0000')])).ok);
  });

  it('name pairs: a NUL, an empty or an overlong name is refused by its line', () => {
    const pairs = fc
      .record({ rows: names, pick: fc.nat(), kind: fc.constantFrom('overlong', 'empty', 'nul') })
      .map(({ rows, pick, kind }) => {
        const lines = rows.map((name) => `${name},${name.split(' ').reverse().join(' ')}`);
        const index = pick % lines.length;
        const bad = { overlong: `Someone,${'y'.repeat(1001)}`, empty: ',Someone', nul: 'Some\u0000one,Someone' }[kind];
        const message = {
          overlong: /^name2 is longer than 1000 characters$/,
          empty: /^name1 is empty$/,
          nul: /^column 5 contains a NUL character/,
        }[kind];
        return { text: `name1,name2\n${replaceLine(lines, index, bad).join('\n')}\n`, line: index + 2, message };
      });
    fc.assert(
      fc.property(pairs, ({ text, line, message }) => {
        const result = parsePairsCsv(text);
        assert.ok(!result.ok);
        assertProblemOn(result.problems, line, message, 'pairs');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('never throws, whatever is inserted where', () => {
    fc.assert(
      fc.property(names, garbage, (rows, { text, line, column }) => {
        const inserted = insertAt(peopleCsv(rows.map((name, index) => csvRow(index, name))), text, line, column).text;
        parseWatchlist('csv', inserted);
        parsePeopleCsv(inserted);
        parsePairsCsv(`name1,name2\n${inserted}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

// ------------------------------------------------------------------------------------------------------------------
// FollowTheMoney JSON lines: watchlists and wanted persons
// ------------------------------------------------------------------------------------------------------------------

const entity = (id: string, properties: Record<string, string[]>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, schema: 'Person', properties, ...extra });

const badWatchlistFtm: fc.Arbitrary<BadLine> = fc
  .record({ rows: names, pick: fc.nat(), kind: fc.constantFrom('nul', 'surrogate', 'overlong', 'duplicate', 'year', 'not json') })
  .map(({ rows, pick, kind }) => {
    const lines = rows.map((name, index) => entity(`w-${String(index + 1)}`, { name: [name], birthDate: ['1970'] }));
    const index = spoiled(lines.length, pick, kind === 'duplicate');
    const id = `w-${String(index + 1)}`;
    const bad = {
      nul: entity(id, { name: ['Nul\u0000Name'] }),
      surrogate: entity(id, { alias: ['\udfffHalf'], name: ['Half'] }),
      overlong: entity(id, { name: ['x'.repeat(1001)] }),
      duplicate: entity('w-1', { name: ['Someone'] }),
      year: entity(id, { name: ['Early'], birthDate: ['0000-01-01'] }),
      'not json': `{"id": "${id}", "schema": "Person",`,
    }[kind];
    const message = {
      nul: /^properties\.name\.0 contains a NUL character/,
      surrogate: /^properties\.alias\.0 contains a lone UTF-16 surrogate/,
      overlong: /^properties\.name has a value longer than 1000 characters$/,
      duplicate: /^id "w-1" appears again \(first on line 1\)$/,
      year: /^properties\.birthDate "0000-01-01" is not a date/,
      'not json': /^is not valid JSON$/,
    }[kind];
    return { text: replaceLine(lines, index, bad).join('\n'), line: index + 1, message };
  });

const badPersons: fc.Arbitrary<BadLine> = fc
  .record({
    rows: names,
    pick: fc.nat(),
    kind: fc.constantFrom('nul', 'surrogate', 'overlong', 'duplicate', 'impossible', 'year', 'fledOn', 'too many names'),
  })
  .map(({ rows, pick, kind }) => {
    const lines = rows.map((name, index) => entity(`p-${String(index + 1)}`, { name: [name] }));
    const index = spoiled(lines.length, pick, kind === 'duplicate');
    const id = `p-${String(index + 1)}`;
    const bad = {
      nul: entity(id, { name: ['Nul\u0000Name'] }),
      surrogate: entity(id, { name: ['Half\ud800'] }),
      overlong: entity(id, { name: ['x'.repeat(201)] }),
      duplicate: entity('p-1', { name: ['Someone'] }),
      impossible: entity(id, { name: ['Leap'], birthDate: ['2023-02-29'] }),
      year: entity(id, { name: ['Early'], birthDate: ['0000'] }),
      fledOn: entity(id, { name: ['Fled'] }, { 'concord:case': { fledOn: '0000-01-01' } }),
      'too many names': entity(id, { name: Array.from({ length: 21 }, (_, at) => `Name ${String(at)}`) }),
    }[kind];
    const message = {
      nul: /^properties\.name\.0: contains a NUL character/,
      surrogate: /^properties\.name\.0: contains a lone UTF-16 surrogate/,
      overlong: /^name\.0: .*200/,
      duplicate: /^entity id "p-1" is already on line 1$/,
      impossible: /^birthDate\.0: not a calendar date$/,
      year: /^birthDate\.0: a date from the year 1000 on$/,
      fledOn: /^concord:case\.fledOn: a date from the year 1000 on$/,
      'too many names': /^name: .*20/,
    }[kind];
    return { text: replaceLine(lines, index, bad).join('\n'), line: index + 1, message };
  });

describe('FollowTheMoney readers: watchlist entries and wanted persons', () => {
  it('a bad watchlist entry is refused by its line', () => {
    fc.assert(
      fc.property(badWatchlistFtm, ({ text, line, message }) => {
        const result = parseWatchlist('ftm', text);
        assert.ok(!result.ok);
        assertProblemOn(result.problems, line, message, 'watchlist FtM');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a bad wanted person is refused by its line', () => {
    fc.assert(
      fc.property(badPersons, ({ text, line, message }) => {
        const result = parseFtmLines(text, NOW);
        assert.deepEqual(result.persons.map((person) => person.line).includes(line), false);
        assertProblemOn(result.problems, line, message, 'wanted persons');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a raw NUL or lone surrogate anywhere is refused by its line and column', () => {
    fc.assert(
      fc.property(names, insertion, (rows, { character, line, column }) => {
        const file = rows.map((name, index) => entity(`e-${String(index + 1)}`, { name: [name] })).join('\n');
        const inserted = insertAt(file, character, line, column);
        const watchlist = parseWatchlist('ftm', inserted.text);
        assert.ok(!watchlist.ok);
        const persons = parseFtmLines(inserted.text, NOW);
        for (const problems of [watchlist.problems, persons.problems]) {
          assert.equal(problems.length, 1, JSON.stringify(problems));
          assert.equal(problems[0]!.line, inserted.line);
          assert.match(problems[0]!.message, new RegExp(`^column ${String(inserted.column)} `));
          assert.match(problems[0]!.message, describeUnsafe(character));
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('never throws, whatever is inserted where', () => {
    fc.assert(
      fc.property(names, garbage, (rows, { text, line, column }) => {
        const file = rows.map((name, index) => entity(`e-${String(index + 1)}`, { name: [name], birthDate: ['1970-01-02'] })).join('\n');
        const inserted = insertAt(file, text, line, column).text;
        parseWatchlist('ftm', inserted);
        const persons = parseFtmLines(inserted, NOW);
        for (const problem of persons.problems) assert.ok(problem.line >= 1 && problem.line <= inserted.split('\n').length);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

// ------------------------------------------------------------------------------------------------------------------
// Interpol notices
// ------------------------------------------------------------------------------------------------------------------

const notice = (index: number, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  entity_id: `2099/9${String(index).padStart(4, '0')}`,
  forename: 'FUZZ',
  name,
  date_of_birth: '1970/01/02',
  nationalities: ['CN'],
  ...extra,
});
const listPage = (notices: unknown[]) =>
  JSON.stringify(
    { total: notices.length, _embedded: { notices }, _links: { self: { href: 'https://ws-public.interpol.int/notices/v1/red' } } },
    null,
    2,
  );

describe('the Interpol reader', () => {
  it('a bad notice is refused by its JSON path; the rest of the page is not read into a snapshot', () => {
    const pages = fc
      .record({ rows: names, pick: fc.nat(), kind: fc.constantFrom('nul', 'surrogate', 'overlong', 'together', 'duplicate', 'no name') })
      .map(({ rows, pick, kind }) => {
        const notices = rows.map((name, index) => notice(index, name.toUpperCase()));
        const index = spoiled(notices.length, pick, kind === 'duplicate');
        const changes = {
          nul: { forename: 'NUL\u0000' },
          surrogate: { name: '\udc00HALF' },
          overlong: { name: 'X'.repeat(201) },
          together: { forename: 'F'.repeat(100), name: 'N'.repeat(100) },
          duplicate: { entity_id: notices[0]!.entity_id },
          'no name': { forename: null, name: ' ' },
        }[kind];
        notices[index] = { ...notices[index]!, ...changes };
        const field = { nul: 'forename', surrogate: 'name', overlong: 'name', together: 'name', duplicate: 'entity_id', 'no name': '' }[
          kind
        ];
        const message = {
          nul: /contains a NUL character/,
          surrogate: /contains a lone UTF-16 surrogate/,
          overlong: /longer than 200 characters/,
          together: /forename and name together are longer than 200 characters/,
          duplicate: /appears twice on the page/,
          'no name': /a notice needs a forename or a name/,
        }[kind];
        return { text: listPage(notices), path: `_embedded.notices[${String(index)}]${field === '' ? '' : `.${field}`}`, message };
      });
    fc.assert(
      fc.property(pages, ({ text, path, message }) => {
        const result = parseInterpolDocument(text, { fileName: 'red-page.json' });
        assert.ok(!result.ok, 'the page is refused');
        assert.ok(
          result.errors.some((error) => error.path === path && message.test(error.message)),
          `${path} ${String(message)} not among ${JSON.stringify(result.errors)}`,
        );
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a raw NUL is malformed JSON named by line and column; a raw lone surrogate in a name is named by its path', () => {
    fc.assert(
      fc.property(names, fc.nat(), fc.nat(), (rows, line, column) => {
        const inserted = insertAt(listPage(rows.map((name, index) => notice(index, name.toUpperCase()))), '\u0000', line, column);
        const result = parseInterpolDocument(inserted.text, { fileName: 'red.json' });
        assert.ok(!result.ok);
        assert.ok(
          result.errors.some((error) => error.message.includes(`line ${String(inserted.line)}, column ${String(inserted.column)}`)),
          `line ${String(inserted.line)}, column ${String(inserted.column)} not in ${JSON.stringify(result.errors)}`,
        );
      }),
      // First the very first character, where the engine quotes the text differently.
      { seed: SEED, numRuns: RUNS + 1, examples: [[['Aa Bb', 'Cc Dd'], 0, 0]] },
    );
    const rawSurrogate = listPage([notice(0, 'ONE'), notice(1, 'TWO\ud800')]).replace('\\ud800', '\ud800');
    const result = parseInterpolDocument(rawSurrogate, { fileName: 'red.json' });
    assert.ok(!result.ok);
    assert.deepEqual(
      result.errors.map((error) => error.path),
      ['_embedded.notices[1].name'],
    );
  });

  it('an impossible day is shortened with a warning; a year before 1000 is left out with one', () => {
    const result = parseInterpolDocument(
      listPage([notice(0, 'LEAP', { date_of_birth: '1974/02/30' }), notice(1, 'ZERO', { date_of_birth: '0000/01/01' })]),
      { fileName: 'red.json' },
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.notices.map((read) => read.dateOfBirth),
      ['1974-02', null],
    );
    assert.deepEqual(
      result.warnings.map((warning) => warning.path),
      ['_embedded.notices[0].date_of_birth', '_embedded.notices[1].date_of_birth'],
    );
  });

  it('never throws, whatever is inserted where', () => {
    fc.assert(
      fc.property(names, garbage, (rows, { text, line, column }) => {
        parseInterpolDocument(insertAt(listPage(rows.map((name, index) => notice(index, name))), text, line, column).text, {
          fileName: 'red.json',
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

// ------------------------------------------------------------------------------------------------------------------
// The legal-basis file (`concord legal import`, POST /api/legal-basis/import)
// ------------------------------------------------------------------------------------------------------------------

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
interface LegalFile {
  states: Record<string, Json>[];
  instruments: Record<string, Json>[];
  declarations: Record<string, Json>[];
}

function stringPointers(value: Json, pointer = ''): string[] {
  if (typeof value === 'string') return [pointer];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringPointers(item, `${pointer}/${String(index)}`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => stringPointers(item, `${pointer}/${key}`));
  return [];
}
function updateAt(value: Json, pointer: string, change: (old: string) => string): Json {
  const [head, ...rest] = pointer.split('/').slice(1);
  if (head === undefined) return change(value as string);
  const inner = rest.length === 0 ? '' : `/${rest.join('/')}`;
  if (Array.isArray(value)) return value.map((item, index) => (String(index) === head ? updateAt(item, inner, change) : item));
  return Object.fromEntries(
    Object.entries(value as Record<string, Json>).map(([key, item]) => [key, key === head ? updateAt(item, inner, change) : item]),
  );
}
const issuesAt = (document: unknown) => {
  const parsed = exportFileSchema.safeParse(document);
  assert.ok(!parsed.success, 'the file is refused');
  return parsed.error.issues.map((issue) => ({ pointer: `/${issue.path.map(String).join('/')}`, message: issue.message }));
};

describe('the legal-basis file', () => {
  const demo = JSON.parse(JSON.stringify(legalBasisDemo)) as LegalFile & Record<string, Json>;

  it('the demonstration data is a valid file', () => {
    assert.ok(exportFileSchema.safeParse(demo).success);
  });

  it('a NUL or lone surrogate in any text is refused by its JSON Pointer', () => {
    const pointers = stringPointers(demo).filter((pointer) => pointer !== '/format');
    fc.assert(
      fc.property(fc.constantFrom(...pointers), fc.constantFrom(...UNSAFE), fc.nat(), (pointer, character, at) => {
        const document = updateAt(
          demo,
          pointer,
          (old) => old.slice(0, at % (old.length + 1)) + character + old.slice(at % (old.length + 1)),
        );
        const issues = issuesAt(document);
        assert.ok(
          issues.some((issue) => issue.pointer === pointer),
          `${pointer} not among ${JSON.stringify(issues)}`,
        );
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a repeated state, instrument id, declaration or an impossible date is refused by its JSON Pointer', () => {
    const repeats = fc
      .record({ pick: fc.nat(), kind: fc.constantFrom('state', 'instrument', 'declaration id', 'declaration', 'impossible', 'year') })
      .map(({ pick, kind }) => {
        const states = demo.states;
        const instruments = demo.instruments;
        const declarations = demo.declarations;
        switch (kind) {
          case 'state': {
            const copied = states[pick % states.length]!;
            return {
              document: { ...demo, states: [...states, copied] },
              pointer: `/states/${String(states.length)}/code`,
              message: /appears again/,
            };
          }
          case 'instrument': {
            const copied = { ...instruments[pick % instruments.length]!, title: 'Another title' };
            return {
              document: { ...demo, instruments: [...instruments, copied] },
              pointer: `/instruments/${String(instruments.length)}/id`,
              message: /appears again \(first at \/instruments\/\d+\/id\)/,
            };
          }
          case 'declaration id': {
            const first = { ...declarations[0]!, id: '7d1f2c3a-1111-4222-8333-944455556666' };
            const second = { ...declarations[1 + (pick % (declarations.length - 1))]!, id: first.id };
            return {
              document: { ...demo, declarations: [first, ...declarations.slice(1), second] },
              pointer: `/declarations/${String(declarations.length)}/id`,
              message: /declaration id .* appears again \(first at \/declarations\/0\/id\)/,
            };
          }
          case 'declaration': {
            const copied = declarations[pick % declarations.length]!;
            return {
              document: { ...demo, declarations: [...declarations, copied] },
              pointer: `/declarations/${String(declarations.length)}`,
              message: /declaration of .* appears again/,
            };
          }
          case 'impossible':
          case 'year': {
            const index = pick % instruments.length;
            const withDate = {
              ...instruments[index]!,
              statusHistory: [{ status: 'signed', date: kind === 'year' ? '0000-01-01' : '2023-02-29' }],
            };
            return {
              document: { ...demo, instruments: instruments.map((instrument, at) => (at === index ? withDate : instrument)) },
              pointer: `/instruments/${String(index)}/statusHistory/0/date`,
              message: /./,
            };
          }
        }
      });
    fc.assert(
      fc.property(repeats, ({ document, pointer, message }) => {
        const issues = issuesAt(document);
        assert.ok(
          issues.some((issue) => issue.pointer === pointer && message.test(issue.message)),
          `${pointer} ${String(message)} not among ${JSON.stringify(issues)}`,
        );
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
