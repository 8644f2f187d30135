import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { systemScope } from '../../src/db/database.ts';
import {
  buildAgency,
  buildUser,
  createTestEnv,
  signedIn,
  type Client,
  type TestAgency,
  type TestEnv,
  type TestUser,
} from '../helpers/harness.ts';

/**
 * The Interpol import through the HTTP API: the fixtures in, the summary and the import id out; a re-import changes
 * nothing; a refused file names its problems with their JSON paths and nothing is written; only investigators and
 * administrators import; an agency sees only its own snapshots; an oversized body answers 413.
 */
const FIXTURES = path.resolve('test/fixtures/interpol');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const FETCHED_AT = '2026-01-05T08:00:00.000Z';
const doc = (fileName: string, content = fixture(fileName)) => ({ fileName, content, fetchedAt: FETCHED_AT });

interface Summary {
  importId: string;
  files: number;
  new: number;
  updated: number;
  unchanged: number;
  noLongerPublic: number;
  unmatched: number;
  rejected: unknown[];
}
interface Snapshot {
  id: string;
  importId: string;
  fileName: string;
  sha256: string;
  fetchedAt: string | null;
  documentKind: string;
  noticeKind: string | null;
  complete: boolean;
  notices: number;
  listTotal: number | null;
  listPage: number | null;
  warnings: number;
  createdAt: string;
}
interface Refusal {
  code: string;
  details?: { rule?: string; files?: { fileName: string; problems: { path: string; message: string }[] }[] };
}

const IMPORT = '/api/fugitives/interpol/import';
const SNAPSHOTS = '/api/fugitives/interpol/snapshots';

describe('Interpol import through the API', () => {
  let env: TestEnv;
  let nsc: TestAgency;
  let other: TestAgency;
  let investigatorUser: TestUser;
  let investigator: Client;
  let admin: Client;
  let analyst: Client;
  let otherInvestigator: Client;
  let firstImport: Summary;

  const rowCounts = () =>
    env.services.db.inScope(systemScope, async (trx) => {
      const counts: Record<string, number> = {};
      for (const table of ['interpol_snapshots', 'fugitives', 'fugitive_notices', 'fugitive_notice_events', 'audit_log']) {
        const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx);
        counts[table] = row.rows[0]?.n ?? -1;
      }
      return counts;
    });

  before(async () => {
    env = await createTestEnv();
    nsc = await buildAgency(env, { state: 'CN' });
    other = await buildAgency(env, { state: 'MY' });
    investigatorUser = await buildUser(env, { agency: nsc, roles: ['investigator'] });
    investigator = await signedIn(env, investigatorUser);
    admin = await signedIn(env, await buildUser(env, { agency: nsc, roles: ['agency_admin'] }));
    analyst = await signedIn(env, await buildUser(env, { agency: nsc, roles: ['analyst'] }));
    otherInvestigator = await signedIn(env, await buildUser(env, { agency: other, roles: ['investigator'] }));
  });
  after(() => env.close());

  it('imports the fixtures: new wanted persons, the summary and the import id; audited under the user', async () => {
    const response = await investigator.post(IMPORT, {
      documents: [doc('list-red-page1.json'), doc('detail-red-2099-00101.json'), doc('detail-red-2099-00104.json')],
    });
    assert.equal(response.statusCode, 200, response.body);
    firstImport = response.json<Summary>();
    assert.match(firstImport.importId, /^[0-9a-f-]{36}$/);
    assert.equal(firstImport.files, 3);
    // 00101, 00102 and 00103 from the list page, 00104 from its detail; 00101's detail is the same notice.
    assert.equal(firstImport.new, 4);
    assert.equal(firstImport.noLongerPublic, 0);
    assert.equal(firstImport.unmatched, 0);
    assert.deepEqual(firstImport.rejected, []);

    const notices = await env.services.db.inScope(systemScope, (trx) =>
      trx
        .selectFrom('fugitive_notices')
        .select(['interpol_entity_id', 'status', 'agency_id', 'created_by'])
        .where('interpol_entity_id', 'like', '2099/%')
        .orderBy('interpol_entity_id')
        .execute(),
    );
    assert.deepEqual(
      notices.map((notice) => notice.interpol_entity_id),
      ['2099/00101', '2099/00102', '2099/00103', '2099/00104'],
    );
    for (const notice of notices) {
      assert.equal(notice.status, 'published');
      assert.equal(notice.agency_id, nsc.id);
      assert.equal(notice.created_by, investigatorUser.id);
    }

    const audit = await env.services.db.inScope(systemScope, (trx) =>
      trx
        .selectFrom('audit_log')
        .select(['agency_id', 'actor_user_id', 'data'])
        .where('event_type', '=', 'fugitives.interpol_imported')
        .execute(),
    );
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.agency_id, nsc.id);
    assert.equal(audit[0]!.actor_user_id, investigatorUser.id);
    assert.deepEqual(audit[0]!.data, {
      importId: firstImport.importId,
      files: 3,
      new: 4,
      updated: 0,
      unchanged: firstImport.unchanged,
      noLongerPublic: 0,
      unmatched: 0,
    });
  });

  it('re-importing the same files changes nothing', async () => {
    const before = await rowCounts();
    const response = await admin.post(IMPORT, { documents: [doc('list-red-page1.json'), doc('detail-red-2099-00104.json')] });
    assert.equal(response.statusCode, 200, response.body);
    const summary = response.json<Summary>();
    assert.notEqual(summary.importId, firstImport.importId);
    assert.equal(summary.new, 0);
    assert.equal(summary.updated, 0);
    assert.equal(summary.unchanged, 4);
    const after = await rowCounts();
    assert.equal(after.fugitives, before.fugitives);
    assert.equal(after.fugitive_notices, before.fugitive_notices);
    assert.equal(after.fugitive_notice_events, before.fugitive_notice_events);
    assert.equal(after.interpol_snapshots, (before.interpol_snapshots ?? 0) + 2);
  });

  it('lists the agency’s snapshots newest first, with hash, fetch time, kinds and counts', async () => {
    const response = await analyst.get(`${SNAPSHOTS}?limit=10`);
    assert.equal(response.statusCode, 200, response.body);
    const { snapshots } = response.json<{ snapshots: Snapshot[] }>();
    assert.equal(snapshots.length, 5);
    // The second import (two files) comes first.
    assert.deepEqual(
      snapshots.slice(0, 2).map((snapshot) => snapshot.fileName),
      ['detail-red-2099-00104.json', 'list-red-page1.json'],
    );
    assert.ok(snapshots.slice(0, 2).every((snapshot) => snapshot.importId !== firstImport.importId));
    assert.ok(snapshots.slice(2).every((snapshot) => snapshot.importId === firstImport.importId));
    const list = snapshots.find((snapshot) => snapshot.importId === firstImport.importId && snapshot.fileName === 'list-red-page1.json');
    assert.ok(list);
    assert.equal(list.documentKind, 'list');
    assert.equal(list.noticeKind, 'red');
    assert.equal(list.notices, 3);
    assert.equal(list.listTotal, 3);
    assert.equal(list.listPage, 1);
    assert.equal(list.complete, false);
    assert.equal(list.fetchedAt, FETCHED_AT);
    assert.match(list.sha256, /^[0-9a-f]{64}$/);

    const limited = await investigator.get(`${SNAPSHOTS}?limit=1`);
    assert.equal(limited.json<{ snapshots: Snapshot[] }>().snapshots.length, 1);
  });

  it('another agency sees none of these snapshots', async () => {
    const response = await otherInvestigator.get(SNAPSHOTS);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json<{ snapshots: Snapshot[] }>().snapshots, []);
  });

  it('a refused file answers 400 naming each file and JSON path, and nothing is written', async () => {
    const before = await rowCounts();
    const response = await investigator.post(IMPORT, {
      documents: [doc('list-red-page1.json'), doc('malformed.json', fixture('malformed.json.txt')), doc('missing-entity-id.json')],
    });
    assert.equal(response.statusCode, 400, response.body);
    const refusal = response.json<Refusal>();
    assert.equal(refusal.code, 'INVALID_INPUT');
    const files = refusal.details?.files ?? [];
    assert.deepEqual(
      files.map((file) => file.fileName),
      ['malformed.json', 'missing-entity-id.json'],
    );
    assert.equal(files[0]!.problems[0]!.path, '$');
    assert.match(files[0]!.problems[0]!.message, /line \d+/i);
    assert.ok(
      files[1]!.problems.some((problem) => problem.path === '_embedded.notices[1].entity_id'),
      JSON.stringify(files[1]),
    );
    assert.deepEqual(await rowCounts(), before);
  });

  it('a complete import without list pages of one kind is refused before anything is written', async () => {
    const before = await rowCounts();
    const response = await investigator.post(IMPORT, { documents: [doc('detail-red-2099-00101.json')], complete: true });
    assert.equal(response.statusCode, 400, response.body);
    assert.equal(response.json<Refusal>().code, 'INVALID_INPUT');
    assert.deepEqual(await rowCounts(), before);
  });

  it('an analyst may not import', async () => {
    const before = await rowCounts();
    const response = await analyst.post(IMPORT, { documents: [doc('list-red-page1.json')] });
    assert.equal(response.statusCode, 403, response.body);
    assert.deepEqual(await rowCounts(), before);
  });

  it('another agency importing a notice the first one holds gets its own copy, learning nothing of the first', async () => {
    const before = await rowCounts();
    const response = await otherInvestigator.post(IMPORT, { documents: [doc('detail-red-2099-00101.json')] });
    assert.equal(response.statusCode, 200, response.body);
    const summary = response.json<Summary>();
    // Exactly the answer for a notice nobody holds.
    assert.equal(summary.new, 1);
    assert.equal(summary.unmatched, 0);
    const mine = await otherInvestigator.get(SNAPSHOTS);
    assert.deepEqual(
      mine.json<{ snapshots: Snapshot[] }>().snapshots.map((snapshot) => snapshot.fileName),
      ['detail-red-2099-00101.json'],
    );
    const after = await rowCounts();
    assert.equal(after.fugitives, (before.fugitives ?? 0) + 1);
  });

  it('a body over the limit answers 413 PAYLOAD_TOO_LARGE and writes nothing', async () => {
    const before = await rowCounts();
    const response = await investigator.post(IMPORT, { documents: [{ fileName: 'huge.json', content: 'x'.repeat(9 * 1024 * 1024) }] });
    assert.equal(response.statusCode, 413, response.body.slice(0, 200));
    assert.equal(response.json<Refusal>().code, 'PAYLOAD_TOO_LARGE');
    assert.deepEqual(await rowCounts(), before);
  });
});
