import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '../../src/db/schema.ts';
import { AppError } from '../../src/errors.ts';
import type { Actor } from '../../src/modules/platform/context.ts';
import { allows, authorize } from '../../src/modules/platform/policy.ts';
import { parsePairsCsv, parsePeopleCsv, parseWatchlistCsv, parseWatchlistFtm, problemText } from '../../src/modules/screening/formats.ts';
import { batchPolicy, hitPolicy, screeningPolicy, watchlistPolicy } from '../../src/modules/screening/policies.ts';
import { fingerprintOf, normaliseDate, recordFields } from '../../src/modules/screening/records.ts';

/** The screening file readers, the record fingerprints and the screening policies, as plain functions. */
const problemsOf = (result: { ok: boolean; problems?: { line: number; message: string }[] }): string[] =>
  result.ok ? [] : (result.problems ?? []).map(problemText);

describe('screening CSV reader', () => {
  const header = 'full_name,first_name,middle_name,last_name,gender,date_of_birth,place_of_birth,nationality';

  it('reads the shared data’s columns and the optional ones into FollowTheMoney properties', () => {
    const result = parseWatchlistCsv(
      `id,${header},aliases,id_number,schema\n` +
        'x-1,Nguyễn Văn Hùng,Hùng,Văn,Nguyễn,M,1967-06-12,Hải Phòng,VN,Nguyen Van Hung; Hung Nguyen,B123 ; C456,Person\n' +
        'x-2,Permata Timur Sdn Bhd,,,,,,,MY,,,Company\n',
    );
    assert.ok(result.ok, problemsOf(result).join('\n'));
    const hung = result.records.find((record) => record.sourceId === 'x-1');
    const company = result.records.find((record) => record.sourceId === 'x-2');
    assert.ok(hung && company);
    assert.equal(hung.line, 2);
    assert.deepEqual(hung.properties.name, ['Nguyễn Văn Hùng']);
    assert.deepEqual(hung.properties.alias, ['Nguyen Van Hung', 'Hung Nguyen']);
    assert.deepEqual(hung.properties.gender, ['male']);
    assert.deepEqual(hung.properties.idNumber, ['B123', 'C456']);
    assert.deepEqual(recordFields(hung).names, ['Nguyễn Văn Hùng', 'Nguyen Van Hung', 'Hung Nguyen']);
    assert.equal(company.schema, 'Company');
    assert.equal(company.properties.gender, undefined);
  });

  it('names the line of every problem, counting lines inside quoted fields', () => {
    const result = parsePeopleCsv(
      `${header}\n"Lim\nBoon Huat",,,,male,1958,,MY\n,Ana,,Cruz,female,1970,,PH\nJo Tan,,,,robot,31/12/1970,,SG\nShort,row\n`,
    );
    assert.deepEqual(problemsOf(result), [
      'line 4: full_name is empty',
      'line 5: gender "robot" is not male, female or other',
      'line 5: date_of_birth "31/12/1970" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)',
      'line 6: has 2 fields, the header has 8',
    ]);
  });

  it('refuses a file without a full_name column, an empty file, a header alone and malformed CSV', () => {
    assert.deepEqual(problemsOf(parsePeopleCsv('name,dob\nX,1970\n')), ['line 1: the header has no full_name column']);
    assert.deepEqual(problemsOf(parsePeopleCsv('')), ['line 1: the file is empty']);
    assert.deepEqual(problemsOf(parsePeopleCsv(`${header}\n`)), ['line 2: the file has no rows after its header']);
    assert.match(problemsOf(parsePeopleCsv(`${header}\n"Unclosed,,,,,,,\n`))[0] ?? '', /^line 2: /);
    assert.deepEqual(problemsOf(parsePeopleCsv('full_name,full_name\nA,B\n')), ['line 1: column full_name appears twice']);
  });

  it('keeps the header as written and each row’s values as given, for the results file', () => {
    const result = parsePeopleCsv('\uFEFFFull_Name , Customer Ref\nLee Hsien,  C-9 \n');
    assert.ok(result.ok);
    assert.deepEqual(result.header, ['Full_Name', 'Customer Ref']);
    assert.deepEqual(result.rows[0]?.values, ['Lee Hsien', '  C-9 ']);
    assert.equal(result.rows[0].rowNumber, 1);
  });

  it('reads name pairs and copies the further columns', () => {
    const result = parsePairsCsv('name1,name2,label\n李华波,Li Huabo,1\n');
    assert.ok(result.ok);
    assert.deepEqual(result.rows[0], { line: 2, values: ['李华波', 'Li Huabo', '1'], name1: '李华波', name2: 'Li Huabo' });
    assert.deepEqual(problemsOf(parsePairsCsv('name1,name2\nA,\n')), ['line 2: name2 is empty']);
  });
});

describe('FollowTheMoney reader', () => {
  it('reads parties, skips other schemata, and names bad lines', () => {
    const good = parseWatchlistFtm(
      [
        JSON.stringify({ id: 'p1', schema: 'Person', properties: { name: 'Chan Sophea', birthDate: ['1981-10-10T00:00:00Z'] } }),
        '',
        JSON.stringify({ id: 's1', schema: 'Sanction', properties: { entity: ['p1'] } }),
      ].join('\n'),
    );
    assert.ok(good.ok);
    assert.equal(good.skipped, 1);
    assert.deepEqual(good.records[0]?.properties.name, ['Chan Sophea']);
    assert.equal(recordFields(good.records[0]).birthDates[0], '1981-10-10');
    const bad = parseWatchlistFtm(
      [
        '{"id":"a","schema":"Person","properties":{"name":["A"]}}',
        'not json',
        '{"id":"a","schema":"Person","properties":{"name":["B"]}}',
        '{"schema":"Person","properties":{"name":["C"]}}',
        '{"id":"d","schema":"Person","properties":{"name":[1]}}',
        '{"id":"e","schema":"Person","properties":{"name":["E"],"birthDate":["yesterday"]}}',
      ].join('\n'),
    );
    assert.deepEqual(problemsOf(bad), [
      'line 2: is not valid JSON',
      'line 3: id "a" appears again (first on line 1)',
      'line 4: id is missing',
      'line 5: properties.name is not a list of strings',
      'line 6: properties.birthDate "yesterday" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)',
    ]);
  });
});

describe('record fingerprints', () => {
  it('are equal for equal content, whatever the order of properties, spacing or repeated values', () => {
    const a = fingerprintOf({ schema: 'Person', properties: { name: ['Lê Minh Tuấn'], birthDate: ['1971'] } });
    const b = fingerprintOf({ schema: 'Person', properties: { birthDate: [' 1971', '1971'], name: ['Lê Minh Tuấn '], alias: [] } });
    assert.equal(a, b);
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.notEqual(a, fingerprintOf({ schema: 'Person', properties: { name: ['Lê Minh Tuấn'], birthDate: ['1972'] } }));
    assert.notEqual(a, fingerprintOf({ schema: 'Company', properties: { name: ['Lê Minh Tuấn'], birthDate: ['1971'] } }));
  });

  it('dates are FtM dates: year, month or day; what does not exist is dropped; day-first dates are refused', () => {
    assert.equal(normaliseDate('1970'), '1970');
    assert.equal(normaliseDate('1970-02'), '1970-02');
    assert.equal(normaliseDate('2000-02-29'), '2000-02-29');
    assert.equal(normaliseDate('1969-7-6'), '1969-07-06');
    assert.equal(normaliseDate('1981-10-10T00:00:00Z'), '1981-10-10');
    assert.equal(normaliseDate('1970-02-29'), '1970-02');
    assert.equal(normaliseDate('1974-01-32'), '1974-01');
    assert.equal(normaliseDate('1968-13-30'), '1968');
    assert.equal(normaliseDate('12/03/1970'), undefined);
    assert.equal(normaliseDate('unknown'), undefined);
  });
});

describe('screening policies', () => {
  const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
  const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
  const actor = (roles: Role[], agencyId = A): Actor => ({ userId: 'u', agencyId, roles, email: 'x@y', displayName: 'X', sessionId: 's' });
  const codeOf = (run: () => void): string | undefined => {
    try {
      run();
    } catch (error) {
      if (error instanceof AppError) return error.code;
      throw error;
    }
    return undefined;
  };
  const agencyList = { agency_id: A, visibility: 'agency' as const };
  const platformList = { agency_id: A, visibility: 'platform' as const };

  it('screening and batches: analysts, investigators, liaison officers and agency administrators', () => {
    for (const role of ['analyst', 'investigator', 'liaison_officer', 'agency_admin'] as Role[]) {
      assert.ok(allows(actor([role]), screeningPolicy, 'match'), role);
      assert.ok(allows(actor([role]), batchPolicy, 'create', { agency_id: A }), role);
    }
    for (const role of ['viewer', 'approver', 'legal_officer', 'platform_admin'] as Role[]) {
      assert.ok(!allows(actor([role]), screeningPolicy, 'match'), role);
    }
    assert.equal(
      codeOf(() => {
        authorize(actor(['analyst'], B), batchPolicy, 'read', { agency_id: A });
      }),
      'NOT_FOUND',
    );
  });

  it('decisions: analysts, investigators and agency administrators of the owning agency, on undecided hits only', () => {
    const open = { agency_id: A, status: 'open' as const };
    assert.ok(allows(actor(['analyst']), hitPolicy, 'decide', open));
    assert.ok(allows(actor(['investigator']), hitPolicy, 'decide', { ...open, status: 'suppressed' }));
    assert.ok(!allows(actor(['liaison_officer']), hitPolicy, 'decide', open));
    assert.ok(!allows(actor(['analyst']), hitPolicy, 'decide', { ...open, status: 'dismissed' }));
    assert.equal(
      codeOf(() => {
        authorize(actor(['agency_admin'], B), hitPolicy, 'decide', open);
      }),
      'NOT_FOUND',
    );
  });

  it('watchlists: keepers change their agency’s lists, platform administrators the platform-visible ones; others only read those', () => {
    assert.ok(allows(actor(['investigator']), watchlistPolicy, 'import', agencyList));
    assert.ok(!allows(actor(['analyst']), watchlistPolicy, 'import', agencyList));
    assert.ok(!allows(actor(['agency_admin']), watchlistPolicy, 'create', platformList));
    assert.ok(allows(actor(['platform_admin']), watchlistPolicy, 'create', platformList));
    assert.ok(!allows(actor(['platform_admin']), watchlistPolicy, 'create', agencyList));
    assert.ok(allows(actor(['analyst'], B), watchlistPolicy, 'match', platformList));
    assert.equal(
      codeOf(() => {
        authorize(actor(['agency_admin'], B), watchlistPolicy, 'import', platformList);
      }),
      'FORBIDDEN',
    );
    assert.equal(
      codeOf(() => {
        authorize(actor(['platform_admin'], B), watchlistPolicy, 'import', platformList);
      }),
      'FORBIDDEN',
    );
    assert.equal(
      codeOf(() => {
        authorize(actor(['agency_admin'], B), watchlistPolicy, 'import', agencyList);
      }),
      'NOT_FOUND',
    );
  });
});
