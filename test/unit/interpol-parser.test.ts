import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { diffSnapshot, fingerprintNotice } from '../../src/modules/fugitives/interpol/diff-notices.ts';
import type { KnownNotice } from '../../src/modules/fugitives/interpol/diff-notices.ts';
import { parseInterpolDocument } from '../../src/modules/fugitives/interpol/parse-interpol.ts';
import type { InterpolNotice, InterpolParseResult } from '../../src/modules/fugitives/interpol/parse-interpol.ts';

// The fixtures and the factories below describe FICTIONAL persons (entity ids in the 2099/… range).
const fixtureDir = path.join(import.meta.dirname, '..', 'fixtures', 'interpol');
const fixture = (fileName: string): string => fs.readFileSync(path.join(fixtureDir, fileName), 'utf8');
const parseFixture = (fileName: string, fetchedAt?: string) =>
  parseInterpolDocument(fixture(fileName), fetchedAt === undefined ? { fileName } : { fileName, fetchedAt });

function accepted(result: InterpolParseResult) {
  if (!result.ok) assert.fail(`expected the document to be accepted, got ${JSON.stringify(result.errors)}`);
  return result;
}
function refused(result: InterpolParseResult) {
  if (result.ok) assert.fail('expected the document to be refused');
  return result;
}

/** A detail notice in Interpol's shape, with overrides. */
const buildDetail = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  entity_id: '2099/00900',
  forename: 'TESTFORE',
  name: 'TESTNAME',
  date_of_birth: '1970/01/02',
  nationalities: ['MY'],
  sex_id: 'F',
  arrest_warrants: [{ charge: 'Fictional charge', issuing_country_id: 'MY', charge_translation: null }],
  place_of_birth: null,
  country_of_birth_id: 'MY',
  distinguishing_marks: null,
  languages_spoken_ids: ['MAY'],
  eyes_colors_id: ['BRO'],
  hairs_id: ['BLA'],
  height: 1.6,
  weight: 55,
  _embedded: { links: [] },
  _links: { self: { href: 'https://ws-public.interpol.int/notices/v1/red/2099-00900' } },
  ...overrides,
});
const parseDetail = (overrides: Record<string, unknown> = {}, fileName = 'detail.json') =>
  parseInterpolDocument(JSON.stringify(buildDetail(overrides)), { fileName });
const detailNotice = (overrides: Record<string, unknown> = {}, fileName?: string): InterpolNotice =>
  accepted(parseDetail(overrides, fileName)).notices[0]!;

const listItem = (entityId: string, overrides: Record<string, unknown> = {}) => ({
  entity_id: entityId,
  forename: 'FORE',
  name: `NAME ${entityId}`,
  date_of_birth: '1960',
  nationalities: ['VN'],
  _links: { self: { href: `https://ws-public.interpol.int/notices/v1/red/${entityId.replace('/', '-')}` } },
  ...overrides,
});
const listText = (notices: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ total: notices.length, query: { page: 1, resultPerPage: 20 }, _embedded: { notices }, ...extra });

describe('Interpol list page', () => {
  it('reads the three notices of a list page with their summary fields', () => {
    const result = accepted(parseFixture('list-red-page1.json', '2099-05-01T08:30:00Z'));
    assert.equal(result.kind, 'list');
    assert.equal(result.fetchedAt, '2099-05-01T08:30:00Z');
    assert.deepEqual(result.list, { total: 3, page: 1, resultPerPage: 20 });
    assert.deepEqual(
      result.notices.map((n) => n.entityId),
      ['2099/00101', '2099/00102', '2099/00103'],
    );
    const [first, second, third] = result.notices;
    assert.equal(first!.noticeKind, 'red');
    assert.equal(first!.shape, 'list');
    assert.deepEqual(first!.names, ['JIANWEI TANGSHU']);
    assert.equal(first!.photoUrl, 'https://ws-public.interpol.int/notices/v1/red/2099-00101/images/99000101');
    assert.equal(second!.photoUrl, null, 'a notice without a thumbnail has no photo');
    assert.deepEqual(third!.nationalities, ['CN', 'SG'], 'nationalities upper-cased');
    assert.equal(first!.sex, null, 'a list page carries no sex');
    assert.deepEqual(first!.charges, []);
  });

  it('keeps fetchedAt null when the source does not give one, and refuses one that is not a date-time', () => {
    assert.equal(accepted(parseFixture('list-red-page1.json')).fetchedAt, null);
    const bad = refused(parseFixture('list-red-page1.json', 'yesterday'));
    assert.equal(bad.errors[0]!.path, 'source.fetchedAt');
  });

  it('refuses the whole page when one notice has no entity_id, naming its path', () => {
    const result = refused(parseFixture('missing-entity-id.json'));
    assert.deepEqual(result.errors, [{ path: '_embedded.notices[1].entity_id', message: 'a notice needs an entity_id' }]);
    assert.equal('notices' in result, false, 'no notice is handed back from a refused document');
  });

  it('names a notice with neither forename nor name, together with its other problems', () => {
    const result = refused(
      parseInterpolDocument(
        listText([listItem('2099/00001'), listItem('2099/00002'), listItem('2099/00003'), { forename: ' ', name: null, sex_id: 'X' }]),
        { fileName: 'page.json' },
      ),
    );
    const paths = result.errors.map((e) => e.path).sort();
    assert.deepEqual(paths, ['_embedded.notices[3]', '_embedded.notices[3].entity_id', '_embedded.notices[3].sex_id']);
    assert.match(result.errors.find((e) => e.path === '_embedded.notices[3]')!.message, /forename or a name/);
  });

  it('refuses a page that lists the same notice twice, and a page whose notices are not an array', () => {
    const twice = refused(parseInterpolDocument(listText([listItem('2099/00001'), listItem('2099/00001')]), { fileName: 'p.json' }));
    assert.equal(twice.errors[0]!.path, '_embedded.notices[1].entity_id');
    assert.match(twice.errors[0]!.message, /also at _embedded\.notices\[0\]/);
    const notArray = refused(parseInterpolDocument('{"_embedded":{"notices":{}}}', { fileName: 'p.json' }));
    assert.equal(notArray.errors[0]!.path, '_embedded.notices');
  });

  it('takes the notice kind from the page link, else the file name, else red', () => {
    const yellowPage = listText([listItem('2099/00001', { _links: {} })], {
      _links: { self: { href: 'https://ws-public.interpol.int/notices/v1/yellow?page=1' } },
    });
    assert.equal(accepted(parseInterpolDocument(yellowPage, { fileName: 'page.json' })).notices[0]!.noticeKind, 'yellow');
    const unnamed = listText([listItem('2099/00001', { _links: {} })]);
    assert.equal(accepted(parseInterpolDocument(unnamed, { fileName: 'interpol-un-persons-2099.json' })).notices[0]!.noticeKind, 'un');
    assert.equal(accepted(parseInterpolDocument(unnamed, { fileName: 'run-2099.json' })).notices[0]!.noticeKind, 'red');
  });
});

describe('Interpol notice detail', () => {
  it('maps every field of a detail to Concord terms', () => {
    const result = accepted(parseFixture('detail-red-2099-00101.json'));
    assert.equal(result.kind, 'detail');
    assert.equal(result.list, null);
    assert.deepEqual(result.notices, [
      {
        entityId: '2099/00101',
        noticeKind: 'red',
        shape: 'detail',
        forename: 'JIANWEI',
        name: 'TANGSHU',
        names: ['JIANWEI TANGSHU'],
        dateOfBirth: '1965-08-23',
        nationalities: ['CN'],
        sex: 'male',
        placeOfBirth: 'Example County',
        countryOfBirth: 'CN',
        charges: [
          {
            charge: 'Embezzlement of public funds; abuse of office (fictional charge for tests)',
            issuingCountry: 'CN',
            chargeTranslation: null,
          },
        ],
        distinguishingMarks: 'Scar on the back of the left hand',
        languages: ['chi', 'eng'],
        eyeColors: ['BRO'],
        hairColors: ['BLA', 'GRY'],
        heightM: 1.72,
        weightKg: 68,
        photoUrl: 'https://ws-public.interpol.int/notices/v1/red/2099-00101/images/99000101',
        links: {
          self: 'https://ws-public.interpol.int/notices/v1/red/2099-00101',
          images: 'https://ws-public.interpol.int/notices/v1/red/2099-00101/images',
          thumbnail: 'https://ws-public.interpol.int/notices/v1/red/2099-00101/images/99000101',
        },
      },
    ]);
    assert.deepEqual(result.warnings, []);
  });

  it('keeps what is certain of an impossible date, reads sex U as unknown and height 0 as unknown', () => {
    const result = accepted(parseFixture('detail-red-2099-00104.json'));
    const notice = result.notices[0]!;
    assert.equal(notice.dateOfBirth, '1974-02');
    assert.deepEqual(result.warnings, [
      { path: 'date_of_birth', message: 'date "1974/02/30" does not exist; kept what is certain: 1974-02' },
    ]);
    assert.equal(notice.sex, null);
    assert.equal(notice.heightM, null);
    assert.equal(notice.weightKg, null);
    assert.equal(notice.forename, 'Vanna', 'whitespace trimmed');
    assert.deepEqual(notice.charges, [
      { charge: 'Bribery of a public official (fictional charge for tests)', issuingCountry: 'KH', chargeTranslation: null },
      { charge: "Blanchiment d'argent (fictional charge for tests)", issuingCountry: 'KH', chargeTranslation: 'Money laundering' },
    ]);
  });

  it('reads the dates Interpol writes: full, year-month, year only; shortens impossible ones', () => {
    const cases: [string | null, string | null][] = [
      ['1962/03/15', '1962-03-15'],
      ['1962/03', '1962-03'],
      ['1962', '1962'],
      ['1962/3/5', '1962-03-05'],
      ['1962/13/01', '1962'],
      ['1962/00/00', '1962'],
      ['1900/02/29', '1900-02'],
      ['2000/02/29', '2000-02-29'],
      ['15/03/1962', null],
      ['0000', null],
      [null, null],
      ['', null],
    ];
    for (const [spelled, expected] of cases) {
      assert.equal(detailNotice({ date_of_birth: spelled }).dateOfBirth, expected, `date_of_birth ${String(spelled)}`);
    }
  });

  it('reads sex_id M, F and U, and refuses any other value by its path', () => {
    assert.equal(detailNotice({ sex_id: 'M' }).sex, 'male');
    assert.equal(detailNotice({ sex_id: 'F' }).sex, 'female');
    assert.equal(detailNotice({ sex_id: 'U' }).sex, null);
    assert.equal(detailNotice({ sex_id: null }).sex, null);
    const result = refused(parseDetail({ sex_id: 'male' }));
    assert.deepEqual(
      result.errors.map((e) => e.path),
      ['sex_id'],
    );
  });

  it('refuses charges and countries that are not alpha-2 codes, naming the path', () => {
    const result = refused(
      parseDetail({
        arrest_warrants: [
          { charge: 'x', issuing_country_id: 'CN' },
          { charge: 'y', issuing_country_id: 'CHN' },
        ],
        nationalities: ['C'],
      }),
    );
    assert.deepEqual(result.errors.map((e) => e.path).sort(), ['arrest_warrants[1].issuing_country_id', 'nationalities[0]']);
  });

  it('keeps links as strings and refuses a link that is not http(s)', () => {
    const notice = detailNotice();
    assert.equal(typeof notice.links.self, 'string');
    const result = refused(parseDetail({ _links: { thumbnail: { href: 'javascript:alert(1)' } } }));
    assert.equal(result.errors[0]!.path, '_links.thumbnail.href');
  });

  it('takes the kind of a detail from its own link, then from the file name', () => {
    assert.equal(
      detailNotice({ _links: { self: { href: 'https://ws-public.interpol.int/notices/v1/un/persons/2099-00900' } } }).noticeKind,
      'un',
    );
    assert.equal(detailNotice({ _links: null }, 'yellow-2099-00900.json').noticeKind, 'yellow');
    assert.equal(detailNotice({ _links: null }, 'notice.json').noticeKind, 'red');
  });

  it('drops implausible measures with a warning instead of refusing the document', () => {
    const result = accepted(parseDetail({ height: 172, weight: 70 }));
    assert.equal(result.notices[0]!.heightM, null);
    assert.equal(result.notices[0]!.weightKg, 70);
    assert.equal(result.warnings[0]!.path, 'height');
  });

  it('refuses a detail without entity_id or without any name, naming the field', () => {
    assert.deepEqual(
      refused(parseDetail({ entity_id: undefined })).errors.map((e) => e.path),
      ['entity_id'],
    );
    assert.match(refused(parseDetail({ entity_id: '12345' })).errors[0]!.message, /like "2016\/12345"/);
    assert.deepEqual(refused(parseDetail({ forename: null, name: '' })).errors, [
      { path: '$', message: 'a notice needs a forename or a name' },
    ]);
    assert.deepEqual(detailNotice({ forename: null }).names, ['TESTNAME'], 'one name is enough');
  });
});

describe('malformed documents', () => {
  it('names the line and column of a JSON syntax error', () => {
    const result = refused(parseFixture('malformed.json.txt'));
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0]!.path, '$');
    assert.match(result.errors[0]!.message, /^malformed JSON at line 9, column 9 \(position \d+\)/);
  });

  it('reports a truncated document at its end, and refuses JSON that is not a notice document', () => {
    const truncated = refused(parseInterpolDocument('{"total": 1,\n"_embedded": {', { fileName: 't.json' }));
    assert.match(truncated.errors[0]!.message, /line 2, column 15/);
    for (const text of ['[]', '42', 'null']) {
      assert.equal(refused(parseInterpolDocument(text, { fileName: 't.json' })).errors[0]!.path, '$');
    }
  });

  it('lists at most 50 problems and counts the rest', () => {
    const notices = Array.from({ length: 60 }, () => ({ forename: 'A' }));
    const result = refused(parseInterpolDocument(listText(notices), { fileName: 'p.json' }));
    assert.equal(result.errors.length, 51);
    assert.equal(result.errors[50]!.message, '…and 10 more problems');
  });
});

describe('snapshot hash', () => {
  it('is the SHA-256 of the raw text, stable across parses and sensitive to any byte', () => {
    const text = fixture('list-red-page1.json');
    const expected = crypto.createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
    assert.equal(accepted(parseInterpolDocument(text, { fileName: 'a.json' })).sha256, expected);
    assert.equal(accepted(parseInterpolDocument(text, { fileName: 'b.json', fetchedAt: '2099-01-01T00:00:00Z' })).sha256, expected);
    const reformatted = JSON.stringify(JSON.parse(text));
    assert.notEqual(accepted(parseInterpolDocument(reformatted, { fileName: 'a.json' })).sha256, expected);
  });
});

describe('diffSnapshot', () => {
  const list = accepted(parseFixture('list-red-page1.json')).notices;
  const known = (notice: InterpolNotice, overrides: Partial<KnownNotice> = {}): KnownNotice => ({
    entityId: notice.entityId,
    noticeKind: notice.noticeKind,
    ...fingerprintNotice(notice),
    publicNow: true,
    ...overrides,
  });

  it('sorts a snapshot into added, updated and unchanged', () => {
    const changed = { ...list[1]!, dateOfBirth: '1972' };
    const diff = diffSnapshot([known(list[0]!), known(changed)], list, { complete: false });
    assert.deepEqual(
      diff.added.map((e) => e.notice.entityId),
      ['2099/00103'],
    );
    assert.deepEqual(
      diff.updated.map((e) => [e.notice.entityId, e.contentChanged, e.publicAgain]),
      [['2099/00102', true, false]],
    );
    assert.deepEqual(
      diff.unchanged.map((e) => e.notice.entityId),
      ['2099/00101'],
    );
    assert.deepEqual(diff.noLongerPublic, []);
  });

  it('marks a notice missing from a complete list as no longer public — not cancelled', () => {
    const gone = detailNotice({ entity_id: '2099/00999' });
    const diff = diffSnapshot([known(list[0]!), known(gone)], list, { complete: true, noticeKind: 'red' });
    assert.deepEqual(
      diff.noLongerPublic.map((n) => n.entityId),
      ['2099/00999'],
    );
    assert.equal('cancelled' in diff, false);
  });

  it('marks nothing as no longer public from a partial list or a detail file', () => {
    const gone = known(detailNotice({ entity_id: '2099/00999' }));
    assert.deepEqual(diffSnapshot([gone], list.slice(0, 1), { complete: false }).noLongerPublic, []);
    const detail = accepted(parseFixture('detail-red-2099-00104.json')).notices;
    assert.deepEqual(diffSnapshot([gone], detail, { complete: false }).noLongerPublic, []);
  });

  it('keeps a complete snapshot of one kind away from notices of another kind', () => {
    const yellow = known(detailNotice({ entity_id: '2099/00998', _links: null }, 'yellow-2099-00998.json'));
    assert.equal(yellow.noticeKind, 'yellow');
    const diff = diffSnapshot([yellow], list, { complete: true, noticeKind: 'red' });
    assert.deepEqual(diff.noLongerPublic, []);
    assert.throws(() => diffSnapshot([], list, { complete: true, noticeKind: 'yellow' }), /complete yellow snapshot holds a red notice/);
  });

  it('does not count a notice already no longer public twice, and brings it back when it reappears unchanged', () => {
    const hidden = known(list[0]!, { publicNow: false });
    const gone = diffSnapshot([hidden], [], { complete: true, noticeKind: 'red' });
    assert.deepEqual(gone.noLongerPublic, []);
    const back = diffSnapshot([hidden], list.slice(0, 1), { complete: false });
    assert.deepEqual(
      back.updated.map((e) => [e.contentChanged, e.publicAgain]),
      [[false, true]],
    );
  });

  it('compares a list item with a stored detail by the summary fields only', () => {
    const detail = accepted(parseFixture('detail-red-2099-00101.json')).notices[0]!;
    const fromDetail = known(detail);
    assert.notEqual(fromDetail.fingerprint, fromDetail.summaryFingerprint);
    assert.equal(fingerprintNotice(list[0]!).summaryFingerprint, fromDetail.summaryFingerprint, 'list and detail agree on the summary');
    assert.deepEqual(
      diffSnapshot([fromDetail], list.slice(0, 1), { complete: false }).unchanged.map((e) => e.notice.entityId),
      ['2099/00101'],
    );
    const changedCharge = { ...detail, charges: [{ charge: 'Other', issuingCountry: 'CN', chargeTranslation: null }] };
    assert.equal(diffSnapshot([fromDetail], [changedCharge], { complete: false }).updated.length, 1);
  });

  it('fingerprints content, not the order of nationalities or the parse', () => {
    const a = detailNotice({ nationalities: ['MY', 'SG'] });
    const b = detailNotice({ nationalities: ['SG', 'MY'] });
    assert.deepEqual(fingerprintNotice(a), fingerprintNotice(b));
    assert.notEqual(fingerprintNotice(a).fingerprint, fingerprintNotice(detailNotice({ weight: 56 })).fingerprint);
    assert.match(fingerprintNotice(a).fingerprint, /^[0-9a-f]{64}$/);
  });

  it('prefers a detail over a list item of the same notice in one snapshot, and refuses contradictions', () => {
    const detail = accepted(parseFixture('detail-red-2099-00101.json')).notices[0]!;
    const diff = diffSnapshot([], [list[0]!, detail], { complete: false });
    assert.deepEqual(
      diff.added.map((e) => e.notice.shape),
      ['detail'],
    );
    assert.throws(() => diffSnapshot([], [list[0]!, { ...list[0]!, name: 'OTHER' }], { complete: false }), /appears twice/);
  });
});
