import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { systemScope } from '../../src/db/database.ts';
import { importInterpol, type ImportDocument } from '../../src/modules/fugitives/interpol/import-interpol.ts';
import { parseInterpolDocument } from '../../src/modules/fugitives/interpol/parse-interpol.ts';
import { buildAgency, createTestEnv, type TestAgency, type TestEnv } from '../helpers/harness.ts';
import { runConcord } from '../helpers/concord-command.ts';

/**
 * The Interpol import as an agency runs it: fictional fixtures in, counts out; a re-import changes nothing; a complete
 * list that misses a notice marks it no longer public (never cancelled); a refused file writes nothing; and another
 * agency sees none of the importing agency's snapshots or unpublished notices.
 */
const FIXTURES = path.resolve('test/fixtures/interpol');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const read = (fileName: string, text = fixture(fileName)): ImportDocument => ({
  fileName,
  result: parseInterpolDocument(text, { fileName, fetchedAt: '2026-01-05T08:00:00Z' }),
});

const concord = (args: string[], env: NodeJS.ProcessEnv) => runConcord(args, env);

describe('Interpol import', () => {
  let env: TestEnv;
  let nsc: TestAgency;
  let other: TestAgency;
  let requestedNoticeId: string;

  const run = (agency: TestAgency, documents: ImportDocument[], complete = false) =>
    env.services.db.inScope(systemScope, (trx) =>
      importInterpol({ trx, services: env.services, requestId: 'test', now: new Date(), agencyId: agency.id }, { documents, complete }),
    );
  const rowCounts = () =>
    env.services.db.inScope(systemScope, async (trx) => {
      const counts: Record<string, number> = {};
      for (const table of ['interpol_snapshots', 'fugitives', 'fugitive_notices', 'fugitive_notice_events', 'audit_log']) {
        const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx);
        counts[table] = row.rows[0]?.n ?? -1;
      }
      return counts;
    });
  const noticeOf = (entityId: string) =>
    env.services.db.inScope(systemScope, (trx) =>
      trx
        .selectFrom('fugitive_notices')
        .select(['id', 'status', 'agency_id', 'fugitive_id'])
        .where('interpol_entity_id', '=', entityId)
        .executeTakeFirstOrThrow(),
    );

  before(async () => {
    env = await createTestEnv();
    nsc = await buildAgency(env, { state: 'CN' });
    other = await buildAgency(env, { state: 'MY' });
    // The NSC already holds a person whose red notice it requested; Interpol's detail 2099/00104 is that notice.
    requestedNoticeId = await env.services.db.inScope(systemScope, async (trx) => {
      const person = await trx
        .insertInto('fugitives')
        .values({ agency_id: nsc.id, names: ['陈桑索'], created_by: null, updated_by: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const notice = await trx
        .insertInto('fugitive_notices')
        .values({
          agency_id: nsc.id,
          fugitive_id: person.id,
          kind: 'red',
          interpol_entity_id: '2099/00104',
          status: 'requested',
          status_on: '2025-12-01',
          created_by: null,
          updated_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return notice.id;
    });
  });
  after(() => env.close());

  it('imports a list and details: new persons, the requested notice published', async () => {
    const summary = await run(nsc, [read('list-red-page1.json'), read('detail-red-2099-00101.json'), read('detail-red-2099-00104.json')]);
    assert.deepEqual(summary, { new: 3, updated: 1, unchanged: 0, noLongerPublic: 0, unmatched: 0, rejected: [] });
    const requested = await noticeOf('2099/00104');
    assert.equal(requested.id, requestedNoticeId);
    assert.equal(requested.status, 'published');
    const created = await noticeOf('2099/00101');
    assert.equal(created.agency_id, nsc.id);
    assert.equal(created.status, 'published');
    const person = await env.services.db.inScope(systemScope, (trx) =>
      trx
        .selectFrom('fugitives')
        .select(['names', 'birth_dates', 'nationalities', 'gender', 'offences'])
        .where('id', '=', created.fugitive_id)
        .executeTakeFirstOrThrow(),
    );
    assert.deepEqual(person, {
      names: ['JIANWEI TANGSHU'],
      birth_dates: ['1965-08-23'],
      nationalities: ['CN'],
      gender: 'male',
      offences: ['other'],
    });
    const snapshots = await env.services.db.inScope(systemScope, (trx) =>
      trx
        .selectFrom('interpol_snapshots')
        .select(['file_name', 'sha256', 'fetched_at', 'notices'])
        .where('agency_id', '=', nsc.id)
        .execute(),
    );
    assert.equal(snapshots.length, 3);
    assert.ok(snapshots.every((snapshot) => /^[0-9a-f]{64}$/.test(snapshot.sha256) && snapshot.fetched_at !== null));
  });

  it('re-importing the same files reports everything unchanged', async () => {
    const summary = await run(nsc, [read('list-red-page1.json'), read('detail-red-2099-00101.json'), read('detail-red-2099-00104.json')]);
    assert.deepEqual(summary, { new: 0, updated: 0, unchanged: 4, noLongerPublic: 0, unmatched: 0, rejected: [] });
  });

  it('another agency sees neither the snapshots nor an unpublished notice', async () => {
    const seen = await env.services.db.inScope({ scope: 'agency', agencyId: other.id, userId: null, roles: ['analyst'] }, async (trx) => ({
      snapshots: (await trx.selectFrom('interpol_snapshots').select('id').execute()).length,
      events: (await trx.selectFrom('fugitive_notice_events').select('id').execute()).length,
    }));
    assert.deepEqual(seen, { snapshots: 0, events: 0 });
  });

  it('a complete list missing a notice marks it no longer public, not cancelled, and hides it from other agencies', async () => {
    const list = JSON.parse(fixture('list-red-page1.json')) as { total: number; _embedded: { notices: { entity_id: string }[] } };
    list._embedded.notices = list._embedded.notices.filter((notice) => notice.entity_id !== '2099/00103');
    list.total = 2;
    const summary = await run(nsc, [read('list-red-short.json', JSON.stringify(list))], true);
    // 2099/00104 is not in the list either: published by the detail import, it is missing from the complete list.
    assert.deepEqual(summary, { new: 0, updated: 0, unchanged: 2, noLongerPublic: 2, unmatched: 0, rejected: [] });
    assert.equal((await noticeOf('2099/00103')).status, 'no_longer_public');
    const shared = await env.services.db.inScope({ scope: 'agency', agencyId: other.id, userId: null, roles: ['analyst'] }, (trx) =>
      trx
        .selectFrom('fugitive_notices')
        .select('interpol_entity_id')
        .where('interpol_entity_id', 'in', ['2099/00103', '2099/00101'])
        .execute(),
    );
    assert.deepEqual(
      shared.map((row) => row.interpol_entity_id),
      ['2099/00101'],
    );
  });

  it('a refused file among good ones writes nothing', async () => {
    const before = await rowCounts();
    const summary = await run(nsc, [read('detail-red-2099-00101.json'), read('missing-entity-id.json')]);
    const [refused, ...more] = summary.rejected;
    assert.ok(refused);
    assert.equal(more.length, 0);
    assert.equal(refused.file, 'missing-entity-id.json');
    assert.ok(refused.errors.some((problem) => problem.path.endsWith('entity_id')));
    assert.deepEqual(await rowCounts(), before);
  });

  it('the CLI refuses a folder with a malformed file, exits non-zero and opens no database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-interpol-'));
    try {
      fs.copyFileSync(path.join(FIXTURES, 'list-red-page1.json'), path.join(dir, 'list-red-page1.json'));
      fs.copyFileSync(path.join(FIXTURES, 'malformed.json.txt'), path.join(dir, 'malformed.json'));
      const dataDir = path.join(dir, 'data');
      const result = await concord(['import', 'interpol', dir, '--agency', nsc.shortName], { CONCORD_DATA_DIR: dataDir });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /1 of 2 files refused; nothing was imported/);
      assert.match(result.stderr, /malformed\.json:\n {2}\$: /);
      assert.equal(fs.existsSync(dataDir), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the CLI imports a folder on behalf of the named agency and prints the summary', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-interpol-'));
    try {
      for (const name of ['list-red-page1.json', 'detail-red-2099-00101.json'])
        fs.copyFileSync(path.join(FIXTURES, name), path.join(dir, name));
      // The command's own database: the test's server database, or a fresh PGlite directory.
      const database: NodeJS.ProcessEnv =
        env.config.database.kind === 'postgresql'
          ? { DATABASE_URL: env.config.database.url }
          : { CONCORD_DATA_DIR: path.join(dir, 'data') };
      const created = await concord(['agency', 'create', '--name', 'Import Test Agency', '--short-name', 'ITA', '--state', 'CN'], database);
      assert.equal(created.code, 0, created.stderr);
      const imported = await concord(['import', 'interpol', dir, '--agency', 'ita'], database);
      assert.equal(imported.code, 0, imported.stderr);
      // On the shared server database 2099/00101-00103 already belong to the other tests' agency as well: the answer is
      // the same, since an agency's import never looks at other agencies' notices.
      assert.match(imported.stdout, /Imported 2 files: 3 new, 0 updated, 0 unchanged, 0 no longer public, 0 unmatched, 0 rejected\./);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
