import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { systemScope, type DbScope } from '../../src/db/database.ts';
import { verifyAuditChain } from '../../src/modules/platform/audit/verify-audit-chain.ts';
import { watchlistIndexes } from '../../src/modules/screening/index-cache.ts';
import { buildAgency, buildUser, createTestEnv, signedIn, type Client, type TestAgency, type TestEnv } from '../helpers/harness.ts';

/**
 * Name screening through its HTTP API: watchlists and their imports (all or nothing, merge and replace, FtM), the
 * in-memory indexes catching up incrementally, the yente-compatible match endpoint, batch screening as a job, the
 * review of hits with suppression, the refusals (other agency, wrong role, bad input), row-level security and the
 * audit trail. Assertions hold for any sensible matcher: the same name, the same name in another order or case, and
 * a clearly different name.
 */
interface Refusal {
  code: string;
  message: string;
  details?: { rule?: string; problems?: string[]; query?: string };
}
interface Watchlist {
  id: string;
  agencyId: string;
  visibility: string;
  revision: number;
  entryCount: number;
  policies: Record<string, boolean>;
}
interface ImportResult {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  skipped: number;
  watchlist: Watchlist;
}
interface Entry {
  id: string;
  sourceId: string | null;
  caption: string;
  names: string[];
  removed: boolean;
  revision: number;
}
interface MatchResult {
  id: string;
  caption: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets: string[];
  score: number;
  match: boolean;
  features: Record<string, number>;
  explanations: { code: string; value: number; effect: number; detail: string }[];
  matchedName: string;
  queryName: string;
}
interface MatchResponse {
  responses: Record<string, { status: number; results: MatchResult[]; total: { value: number; relation: string }; query: unknown }>;
  limit: number;
}
interface Batch {
  id: string;
  status: string;
  progress: number;
  rows: number;
  hits: number;
  suppressed: number;
  jobId: string;
}
interface Hit {
  id: string;
  batchId: string;
  rowNumber: number;
  status: string;
  score: number;
  entryId: string;
  queryName: string;
  matchedName: string;
  watchlistName: string;
  suppressionId: string | null;
  reason: string | null;
  policies: Record<string, boolean>;
}

const HEADER = 'id,full_name,aliases,gender,date_of_birth,place_of_birth,nationality';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

const SOMCHAI = 'w-1,Somchai Prasertsuk,,male,1970-05-01,Chiang Mai,TH';
const LIANG = 'w-2,Liang Wenhua,梁文华,male,1966-02-11,Nanning,CN';
const SITI = 'w-3,Siti Rohani binti Osman,,female,1980,Kota Bharu,MY';

describe('screening: watchlists, matching, batches and review', () => {
  let env: TestEnv;
  let agencyA: TestAgency;
  let agencyB: TestAgency;
  let secretariat: TestAgency;
  let investigatorA: Client;
  let analystA: Client;
  let liaisonA: Client;
  let viewerA: Client;
  let adminA: Client;
  let investigatorB: Client;
  let analystB: Client;
  let platform: Client;
  let listA: Watchlist;
  let platformList: Watchlist;

  before(async () => {
    env = await createTestEnv();
    agencyA = await buildAgency(env, { state: 'MY' });
    agencyB = await buildAgency(env, { state: 'SG' });
    secretariat = await buildAgency(env, { state: 'ID' });
    const client = async (agency: TestAgency, role: Parameters<typeof buildUser>[1]['roles']) =>
      signedIn(env, await buildUser(env, { agency, roles: role }));
    investigatorA = await client(agencyA, ['investigator']);
    analystA = await client(agencyA, ['analyst']);
    liaisonA = await client(agencyA, ['liaison_officer']);
    viewerA = await client(agencyA, ['viewer']);
    adminA = await client(agencyA, ['agency_admin']);
    investigatorB = await client(agencyB, ['investigator']);
    analystB = await client(agencyB, ['analyst']);
    platform = await client(secretariat, ['platform_admin']);
  });
  after(() => env.close());

  const expectRefusal = (response: LightMyRequestResponse, status: number, code: string): Refusal => {
    assert.equal(response.statusCode, status, response.body);
    const body = response.json<Refusal>();
    assert.equal(body.code, code);
    return body;
  };
  const auditOf = async (agencyId: string, type: string) =>
    (
      await env.services.db.inScope(systemScope, (trx) =>
        trx
          .selectFrom('audit_log')
          .select(['data', 'actor_user_id'])
          .where('agency_id', '=', agencyId)
          .where('event_type', '=', type)
          .orderBy('seq')
          .execute(),
      )
    ).map((row) => row.data);
  const importInto = (client: Client, id: string, content: string, mode = 'merge', format = 'csv') =>
    client.post(`/api/screening/watchlists/${id}/import`, { format, content, mode });
  const entriesOf = async (id: string, query = '') =>
    (await investigatorA.get(`/api/screening/watchlists/${id}/entries${query}`)).json<{ items: Entry[]; total: number }>();
  const match = (client: Client, body: unknown, path = '/api/screening/match') => client.post(path, body);
  const person = (name: string, extra: Record<string, string[]> = {}) => ({ schema: 'Person', properties: { name: [name], ...extra } });

  describe('watchlists', () => {
    it('an investigator creates an agency watchlist; it starts empty at revision 0', async () => {
      const created = await investigatorA.post('/api/screening/watchlists', { name: 'MACC persons of interest' });
      assert.equal(created.statusCode, 201, created.body);
      listA = created.json<Watchlist>();
      assert.equal(listA.agencyId, agencyA.id);
      assert.equal(listA.visibility, 'agency');
      assert.equal(listA.revision, 0);
      assert.equal(listA.entryCount, 0);
      assert.deepEqual(listA.policies, { read: true, list: true, create: true, import: true, remove_entry: true, match: true });
      expectRefusal(await adminA.post('/api/screening/watchlists', { name: 'mAcC persons of INTEREST' }), 409, 'CONFLICT');
    });

    it('only platform administrators create platform-visible lists; analysts and viewers create none', async () => {
      const refused = expectRefusal(
        await adminA.post('/api/screening/watchlists', { name: 'Regional list', visibility: 'platform' }),
        403,
        'FORBIDDEN',
      );
      assert.notEqual(refused.details?.rule, 'role', 'refused by the object rule, not the role list');
      for (const client of [analystA, viewerA, liaisonA]) {
        assert.equal(
          expectRefusal(await client.post('/api/screening/watchlists', { name: 'Mine' }), 403, 'FORBIDDEN').details?.rule,
          'role',
        );
      }
      const created = await platform.post('/api/screening/watchlists', { name: 'Regional sanctions list', visibility: 'platform' });
      assert.equal(created.statusCode, 201, created.body);
      platformList = created.json<Watchlist>();
      expectRefusal(await platform.post('/api/screening/watchlists', { name: 'Secretariat own list' }), 403, 'FORBIDDEN');
    });

    it('another agency sees the platform list but not agency A’s list, and may not import into either', async () => {
      const listed = (await analystB.get('/api/screening/watchlists')).json<{ items: Watchlist[] }>().items.map((list) => list.id);
      assert.ok(listed.includes(platformList.id));
      assert.ok(!listed.includes(listA.id));
      expectRefusal(await analystB.get(`/api/screening/watchlists/${listA.id}`), 404, 'NOT_FOUND');
      expectRefusal(await investigatorB.get(`/api/screening/watchlists/${listA.id}/entries`), 404, 'NOT_FOUND');
      expectRefusal(await importInto(investigatorB, listA.id, csv(SOMCHAI)), 404, 'NOT_FOUND');
      expectRefusal(await importInto(investigatorB, platformList.id, csv(SOMCHAI)), 403, 'FORBIDDEN');
      expectRefusal(await importInto(adminA, platformList.id, csv(SOMCHAI)), 403, 'FORBIDDEN');
      const seen = await analystB.get(`/api/screening/watchlists/${platformList.id}`);
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json<Watchlist>().policies.import, false);
    });
  });

  describe('imports', () => {
    it('a bad CSV imports nothing and names the line', async () => {
      const bad = csv(SOMCHAI, LIANG, 'w-9,,,male,1970,,TH', SITI);
      const refused = expectRefusal(await importInto(investigatorA, listA.id, bad), 400, 'INVALID_INPUT');
      assert.match(refused.message, /line 4: full_name is empty/);
      const problems = expectRefusal(
        await importInto(investigatorA, listA.id, csv(SOMCHAI, 'w-8,Ana Cruz,,robot,30/02/1970,,PH', 'w-1,Again,,,,,')),
        400,
        'INVALID_INPUT',
      ).details?.problems;
      assert.ok(
        problems?.some((text) => /^line 3: gender "robot"/.test(text)),
        String(problems),
      );
      assert.ok(
        problems?.some((text) => /^line 3: date_of_birth "30\/02\/1970"/.test(text)),
        String(problems),
      );
      assert.ok(
        problems?.some((text) => /^line 4: id "w-1" appears again \(first on line 2\)/.test(text)),
        String(problems),
      );
      expectRefusal(await importInto(investigatorA, listA.id, 'name,dob\nX,1970\n'), 400, 'INVALID_INPUT');
      const after = (await investigatorA.get(`/api/screening/watchlists/${listA.id}`)).json<Watchlist>();
      assert.equal(after.revision, 0);
      assert.equal((await entriesOf(listA.id)).total, 0);
    });

    it('merges: adds, then finds the same file unchanged, then updates by id and adds the new', async () => {
      const first = await importInto(investigatorA, listA.id, csv(SOMCHAI, LIANG, SITI));
      assert.equal(first.statusCode, 200, first.body);
      const counts = first.json<ImportResult>();
      assert.deepEqual(
        { ...counts, watchlist: undefined },
        { added: 3, updated: 0, unchanged: 0, removed: 0, skipped: 0, watchlist: undefined },
      );
      assert.equal(counts.watchlist.revision, 1);
      assert.equal(counts.watchlist.entryCount, 3);
      const again = (await importInto(investigatorA, listA.id, csv(SOMCHAI, LIANG, SITI))).json<ImportResult>();
      assert.deepEqual([again.added, again.updated, again.unchanged, again.removed], [0, 0, 3, 0]);
      assert.equal(again.watchlist.revision, 1, 'nothing changed, so the revision stays');
      const changed = (
        await importInto(
          investigatorA,
          listA.id,
          csv(SOMCHAI, LIANG.replace('1966-02-11', '1966-02-12'), 'w-4,Arjun Pillai,,male,1975,,SG'),
        )
      ).json<ImportResult>();
      assert.deepEqual([changed.added, changed.updated, changed.unchanged, changed.removed], [1, 1, 1, 0]);
      assert.equal(changed.watchlist.revision, 2);
      assert.equal(changed.watchlist.entryCount, 4, 'merge keeps the entry the file no longer has');
    });

    it('replace tombstones what the file no longer has; the entry is kept as removed', async () => {
      const replaced = (await importInto(investigatorA, listA.id, csv(SOMCHAI, LIANG, SITI), 'replace')).json<ImportResult>();
      assert.deepEqual([replaced.added, replaced.updated, replaced.unchanged, replaced.removed], [0, 1, 2, 1]);
      assert.equal(replaced.watchlist.entryCount, 3);
      const all = await entriesOf(listA.id, '?includeRemoved=true');
      assert.equal(all.total, 4);
      const arjun = all.items.find((entry) => entry.sourceId === 'w-4');
      assert.equal(arjun?.removed, true);
      assert.equal(arjun.revision, replaced.watchlist.revision);
      const searched = await entriesOf(listA.id, `?q=${encodeURIComponent('梁文')}`);
      assert.deepEqual(
        searched.items.map((entry) => entry.sourceId),
        ['w-2'],
      );
      assert.equal(searched.items[0]?.caption, 'Liang Wenhua', 'the first name is the caption; aliases keep their script');
    });

    it('imports FollowTheMoney JSON lines, skipping entities that are not parties; a bad line imports nothing', async () => {
      const lines = [
        JSON.stringify({
          id: 'ftm-1',
          schema: 'Person',
          properties: { name: ['Chan Sophea'], alias: ['ចាន់ សុភា'], birthDate: ['1981-10-10'] },
        }),
        JSON.stringify({
          id: 'ftm-2',
          schema: 'Company',
          properties: { name: ['Permata Timur Sdn Bhd'], registrationNumber: ['123456-X'] },
        }),
        JSON.stringify({ id: 'ftm-3', schema: 'Sanction', properties: { entity: ['ftm-1'] } }),
      ];
      const bad = await importInto(platform, platformList.id, [...lines, '{"id": "ftm-4", "schema": "Person"'].join('\n'), 'merge', 'ftm');
      assert.match(expectRefusal(bad, 400, 'INVALID_INPUT').message, /line 4: is not valid JSON/);
      const noName = await importInto(
        platform,
        platformList.id,
        JSON.stringify({ id: 'x', schema: 'Person', properties: {} }),
        'merge',
        'ftm',
      );
      assert.match(expectRefusal(noName, 400, 'INVALID_INPUT').message, /line 1: properties.name is empty/);
      const imported = await importInto(platform, platformList.id, lines.join('\n'), 'merge', 'ftm');
      assert.equal(imported.statusCode, 200, imported.body);
      const counts = imported.json<ImportResult>();
      assert.deepEqual([counts.added, counts.updated, counts.unchanged, counts.removed, counts.skipped], [2, 0, 0, 0, 1]);
      const audit = await auditOf(secretariat.id, 'screening.watchlist_imported');
      assert.ok(audit.some((data) => data.watchlistId === platformList.id && data.added === 2 && data.format === 'ftm'));
    });

    it('removes one entry as a tombstone; refuses a second removal, another agency and the wrong role', async () => {
      const temporary = (await importInto(investigatorA, listA.id, csv('w-5,Temporary Person,,,,,'))).json<ImportResult>();
      const entry = (await entriesOf(listA.id, '?q=temporary')).items[0];
      assert.ok(entry);
      expectRefusal(await analystA.request('DELETE', `/api/screening/watchlists/${listA.id}/entries/${entry.id}`), 403, 'FORBIDDEN');
      expectRefusal(await investigatorB.request('DELETE', `/api/screening/watchlists/${listA.id}/entries/${entry.id}`), 404, 'NOT_FOUND');
      const removed = await adminA.request('DELETE', `/api/screening/watchlists/${listA.id}/entries/${entry.id}`);
      assert.equal(removed.statusCode, 200, removed.body);
      assert.equal(removed.json<Entry>().removed, true);
      assert.equal(removed.json<Entry>().revision, temporary.watchlist.revision + 1);
      expectRefusal(await adminA.request('DELETE', `/api/screening/watchlists/${listA.id}/entries/${entry.id}`), 409, 'CONFLICT');
      assert.equal((await entriesOf(listA.id, '?q=temporary')).total, 0);
    });
  });

  describe('matching (yente-compatible)', () => {
    it('answers a yente request with one response per query key, in yente’s shape', async () => {
      const response = await match(analystA, {
        queries: {
          exact: person('Somchai Prasertsuk', { birthDate: ['1970-05-01'], nationality: ['TH'] }),
          reordered: person('PRASERTSUK somchai'),
          different: person('Margaret Thompson'),
        },
      });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json<MatchResponse>();
      assert.deepEqual(Object.keys(body.responses).sort(), ['different', 'exact', 'reordered']);
      assert.equal(body.limit, 5);
      const somchai = (await entriesOf(listA.id, '?q=somchai')).items[0];
      for (const key of ['exact', 'reordered']) {
        const answer = body.responses[key]!;
        assert.equal(answer.status, 200);
        assert.equal(answer.total.relation, 'eq');
        assert.equal(answer.total.value, answer.results.length);
        const best = answer.results[0];
        assert.ok(best, `${key} finds the entry`);
        assert.equal(best.id, somchai?.id);
        assert.equal(best.match, true, `${key}: ${best.score}`);
        assert.equal(best.caption, 'Somchai Prasertsuk');
        assert.equal(best.schema, 'Person');
        assert.deepEqual(best.datasets, [listA.id]);
        assert.deepEqual(best.properties.name, ['Somchai Prasertsuk']);
        assert.ok(best.score > 0 && best.score <= 1);
        assert.equal(typeof best.features, 'object');
        assert.ok(Array.isArray(best.explanations));
        assert.equal(best.matchedName, 'Somchai Prasertsuk');
      }
      assert.ok(!body.responses.different!.results.some((result) => result.match), 'a clearly different name is no match');
      assert.deepEqual(body.responses.exact!.query, {
        schema: 'Person',
        properties: { birthDate: ['1970-05-01'], name: ['Somchai Prasertsuk'], nationality: ['TH'] },
      });
    });

    it('takes limit and threshold from the query string as yente does; the body wins over it', async () => {
      await importInto(investigatorA, listA.id, csv('w-6,Somchai Prasertsuk,,male,1952,Lampang,TH'));
      const queries = { q: person('Somchai Prasertsuk') };
      const two = (await match(analystA, { queries })).json<MatchResponse>().responses.q!.results;
      assert.ok(two.length >= 2, 'two namesakes on the list');
      const one = await match(analystA, { queries }, '/api/screening/match?limit=1&threshold=0.999');
      assert.equal(one.statusCode, 200, one.body);
      const limited = one.json<MatchResponse>();
      assert.equal(limited.limit, 1);
      assert.equal(limited.responses.q!.results.length, 1);
      for (const result of limited.responses.q!.results) assert.equal(result.match, result.score >= 0.999);
      const lenient = (await match(analystA, { queries, limit: 3, threshold: 0.01 }, '/api/screening/match?limit=1')).json<MatchResponse>();
      assert.equal(lenient.limit, 3);
      assert.ok(lenient.responses.q!.results.every((result) => result.match));
    });

    it('matches against one watchlist by id; another agency’s list is not found', async () => {
      const one = await match(analystB, { queries: { q: person('Chan Sophea') } }, `/api/screening/match/${platformList.id}`);
      assert.equal(one.statusCode, 200, one.body);
      const results = one.json<MatchResponse>().responses.q!.results;
      assert.ok(results[0]?.match);
      assert.deepEqual(results[0].datasets, [platformList.id]);
      assert.ok(!results.some((result) => result.datasets.includes(listA.id)));
      expectRefusal(
        await match(analystB, { queries: { q: person('Somchai Prasertsuk') } }, `/api/screening/match/${listA.id}`),
        404,
        'NOT_FOUND',
      );
      const acrossB = (await match(analystB, { queries: { q: person('Somchai Prasertsuk') } })).json<MatchResponse>();
      assert.ok(!acrossB.responses.q!.results.some((result) => result.datasets.includes(listA.id)), 'agency B never screens A’s list');
      const yenteDefault = await match(analystA, { queries: { q: person('Chan Sophea') } }, '/api/screening/match/default');
      assert.equal(yenteDefault.statusCode, 200, 'a yente client’s /match/default is every visible watchlist');
      assert.deepEqual(yenteDefault.json<MatchResponse>().responses.q!.results[0]?.datasets, [platformList.id]);
    });

    it('refuses bad requests naming the query, more than 100 queries, and roles that do not screen', async () => {
      const unknownSchema = await match(analystA, {
        queries: { good: person('A B'), boat: { schema: 'Vessel', properties: { name: ['Sea Star'] } } },
      });
      const refusal = expectRefusal(unknownSchema, 400, 'INVALID_INPUT');
      assert.match(refusal.message, /queries\.boat/);
      assert.equal(refusal.details?.query, 'boat');
      assert.match(
        expectRefusal(
          await match(analystA, { queries: { nameless: { schema: 'Person', properties: { name: [' '] } } } }),
          400,
          'INVALID_INPUT',
        ).message,
        /queries\.nameless/,
      );
      const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`q${i}`, person(`Person ${i}`)]));
      expectRefusal(await match(analystA, { queries: many }), 400, 'INVALID_INPUT');
      expectRefusal(await match(analystA, { queries: { q: person('A B') } }, '/api/screening/match?limit=0'), 400, 'INVALID_INPUT');
      assert.equal(expectRefusal(await match(viewerA, { queries: { q: person('A B') } }), 403, 'FORBIDDEN').details?.rule, 'role');
      assert.equal(expectRefusal(await match(platform, { queries: { q: person('A B') } }), 403, 'FORBIDDEN').details?.rule, 'role');
      assert.equal((await match(liaisonA, { queries: { q: person('A B') } })).statusCode, 200, 'liaison officers screen');
    });

    it('audits each request by its counts and a hash of the queries, never the names', async () => {
      const events = await auditOf(agencyA.id, 'screening.match');
      assert.ok(events.length >= 3);
      const first = events[0]!;
      assert.equal(first.queries, 3);
      assert.match(String(first.queryHash), /^[0-9a-f]{64}$/);
      assert.ok(Number(first.matches) >= 2);
      assert.ok(!JSON.stringify(events).includes('Somchai'), 'no name in the audit');
    });
  });

  describe('incremental index', () => {
    it('applies only the changed entries to a built index: an import and a removal are seen at once, without a rebuild', async () => {
      const created = (await investigatorA.post('/api/screening/watchlists', { name: 'Incremental list' })).json<Watchlist>();
      await importInto(investigatorA, created.id, csv('i-1,Rahim bin Abdullah,,male,1970,,MY'));
      const path = `/api/screening/match/${created.id}`;
      const cache = watchlistIndexes(env.services.db);
      const first = (await match(analystA, { queries: { q: person('Rahim bin Abdullah') } }, path)).json<MatchResponse>();
      assert.ok(first.responses.q!.results[0]?.match);
      const builds = cache.stats.builds;
      const updates = cache.stats.updates;
      assert.equal(cache.cachedRevision(created.id), 1n);

      await importInto(
        investigatorA,
        created.id,
        csv('i-1,Rahim bin Abdullah,,male,1970,,MY', 'i-2,Kamala Devi Subramaniam,,female,1985,,MY'),
      );
      const second = (await match(analystA, { queries: { q: person('Kamala Devi Subramaniam') } }, path)).json<MatchResponse>();
      assert.ok(second.responses.q!.results[0]?.match, 'the new entry is found');
      assert.equal(cache.cachedRevision(created.id), 2n);

      const rahim = (await entriesOf(created.id, '?q=rahim')).items[0]!;
      await investigatorA.request('DELETE', `/api/screening/watchlists/${created.id}/entries/${rahim.id}`);
      const third = (await match(analystA, { queries: { q: person('Rahim bin Abdullah') } }, path)).json<MatchResponse>();
      assert.ok(!third.responses.q!.results.some((result) => result.id === rahim.id), 'the removed entry is gone');
      assert.equal(cache.stats.builds, builds, 'no rebuild');
      assert.equal(cache.stats.updates, updates + 2, 'two catch-ups');
    });

    it('serves a caller that read an older revision from the newer index, without rebuilding it', async () => {
      const created = (await investigatorA.post('/api/screening/watchlists', { name: 'Concurrent readers' })).json<Watchlist>();
      await importInto(investigatorA, created.id, csv('c-1,Siti Aminah binti Ahmad,,female,1975,,MY'));
      await importInto(investigatorA, created.id, csv('c-1,Siti Aminah binti Ahmad,,female,1975,,MY', 'c-2,Tan Boon Huat,,male,1968,,SG'));
      const cache = watchlistIndexes(env.services.db);
      const current = { agency_id: agencyA.id, id: created.id, revision: 2 };
      const index = await env.services.db.inScope(systemScope, (trx) => cache.indexFor(trx, current));
      const builds = cache.stats.builds;
      const stale = await env.services.db.inScope(systemScope, (trx) => cache.indexFor(trx, { ...current, revision: 1 }));
      assert.equal(stale, index, 'the same, newer index');
      assert.equal(cache.stats.builds, builds, 'no rebuild');
      assert.ok(stale.match({ schema: 'Person', names: ['Tan Boon Huat'] })[0]?.match);
    });
  });

  describe('batches and review', () => {
    const people = (...rows: string[]) => ['full_name,gender,date_of_birth,nationality,customer_ref', ...rows].join('\n') + '\n';
    const batchFile = people('Somchai Prasertsuk,male,,TH,C-001', 'PRASERTSUK Somchai,,,,C-002', 'Margaret Thompson,female,1950,GB,C-003');
    let firstBatch: Batch;
    let formulaBatch: Batch;
    let dismissed: Hit;
    let confirmed: Hit;
    let reopenedHit: Hit | undefined;

    const runBatch = async (content: string, extra: Record<string, unknown> = {}): Promise<Batch> => {
      const started = await analystA.post('/api/screening/batches', {
        fileName: 'travellers.csv',
        content,
        watchlistIds: [listA.id],
        ...extra,
      });
      assert.equal(started.statusCode, 202, started.body);
      const { batch, jobId } = started.json<{ batch: Batch; jobId: string }>();
      assert.equal(batch.jobId, jobId);
      await env.services.jobs.idle();
      return (await analystA.get(`/api/screening/batches/${batch.id}`)).json<Batch>();
    };
    const hitsOf = async (batchId: string) =>
      (await analystA.get(`/api/screening/hits?batchId=${batchId}&limit=100`)).json<{ items: Hit[]; total: number }>();

    it('refuses a bad file before any job starts, naming the line', async () => {
      const refused = await analystA.post('/api/screening/batches', {
        fileName: 'bad.csv',
        content: people('Somchai Prasertsuk,male,,TH,C-1', ',female,,,C-2'),
      });
      assert.match(expectRefusal(refused, 400, 'INVALID_INPUT').message, /line 3: full_name is empty/);
      expectRefusal(await analystA.post('/api/screening/batches', { fileName: 'x.csv', content: 'surname\nLee\n' }), 400, 'INVALID_INPUT');
      expectRefusal(
        await analystB.post('/api/screening/batches', { fileName: 'x.csv', content: batchFile, watchlistIds: [listA.id] }),
        404,
        'NOT_FOUND',
      );
      assert.equal(
        expectRefusal(await viewerA.post('/api/screening/batches', { fileName: 'x.csv', content: batchFile }), 403, 'FORBIDDEN').details
          ?.rule,
        'role',
      );
      assert.equal((await analystA.get('/api/screening/batches')).json<{ items: Batch[] }>().items.length, 0);
      assert.equal((await analystA.get('/api/jobs')).json<{ items: unknown[] }>().items.length, 0, 'no job was started');
    });

    it('runs a batch as a job to completion, with hits and a results file', async () => {
      firstBatch = await runBatch(batchFile);
      assert.equal(firstBatch.status, 'completed');
      assert.equal(firstBatch.progress, 1);
      assert.equal(firstBatch.rows, 3);
      assert.ok(firstBatch.hits >= 2, `hits: ${firstBatch.hits}`);
      assert.equal(firstBatch.suppressed, 0);
      const job = (await analystA.get(`/api/jobs/${firstBatch.jobId}`)).json<{ status: string; progress: number }>();
      assert.deepEqual([job.status, job.progress], ['succeeded', 100]);

      const results = await analystA.get(`/api/screening/batches/${firstBatch.id}/results.csv`);
      assert.equal(results.statusCode, 200);
      assert.match(String(results.headers['content-type']), /^text\/csv/);
      const rows: Record<string, string>[] = parse(results.body, { columns: true });
      assert.deepEqual(Object.keys(rows[0]!), [
        'full_name',
        'gender',
        'date_of_birth',
        'nationality',
        'customer_ref',
        'matched_id',
        'matched_name',
        'watchlist',
        'score',
        'match',
        'hit_id',
        'hit_status',
      ]);
      const somchai = rows.filter((row) => row.customer_ref === 'C-001');
      assert.ok(somchai.some((row) => row.matched_name === 'Somchai Prasertsuk' && row.match === 'true' && row.hit_status === 'open'));
      assert.equal(somchai[0]!.watchlist, 'MACC persons of interest');
      assert.match(somchai[0]!.score ?? '', /^\d\.\d{4}$/);
      assert.deepEqual(
        rows.filter((row) => row.customer_ref === 'C-003').map((row) => [row.match, row.hit_id]),
        [['false', '']],
      );
      expectRefusal(await analystB.get(`/api/screening/batches/${firstBatch.id}/results.csv`), 404, 'NOT_FOUND');
      expectRefusal(await analystB.get(`/api/screening/batches/${firstBatch.id}`), 404, 'NOT_FOUND');
    });

    it('writes cells a spreadsheet would take for a formula with a leading quote; scores stay numbers', async () => {
      formulaBatch = await runBatch(
        people('"=HYPERLINK(""http://x"")",,,,@C-101', 'Somchai Prasertsuk,male,,TH,-C-102', '+Margaret Thompson,female,1950,GB,C-103'),
      );
      assert.equal(formulaBatch.status, 'completed');
      const results = await analystA.get(`/api/screening/batches/${formulaBatch.id}/results.csv`);
      assert.equal(results.statusCode, 200);
      const rows: Record<string, string>[] = parse(results.body, { columns: true });
      assert.deepEqual(
        [...new Set(rows.map((row) => `${row.full_name} | ${row.customer_ref}`))],
        ['\'=HYPERLINK("http://x") | \'@C-101', "Somchai Prasertsuk | '-C-102", "'+Margaret Thompson | C-103"],
      );
      const somchai = rows.find((row) => row.customer_ref === "'-C-102" && row.matched_name === 'Somchai Prasertsuk');
      assert.ok(somchai, 'the escaped row still carries its hit');
      assert.match(somchai.score ?? '', /^\d\.\d{4}$/);
      assert.equal(somchai.match, 'true');
      const cells: string[][] = parse(results.body);
      assert.deepEqual(
        cells.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell)),
        [],
        'no cell of the file starts a formula',
      );
    });

    it('lists the hits for review; a decision needs a reviewer role and a reason', async () => {
      const somchai = (await entriesOf(listA.id, '?q=somchai')).items.find((entry) => entry.sourceId === 'w-1');
      const hits = (await hitsOf(firstBatch.id)).items.filter((hit) => hit.entryId === somchai?.id);
      const first = hits.find((hit) => hit.rowNumber === 1);
      const second = hits.find((hit) => hit.rowNumber === 2);
      assert.ok(first && second, 'both spellings of the name are hits');
      dismissed = first;
      confirmed = second;
      assert.equal(dismissed.status, 'open');
      assert.equal(dismissed.watchlistName, 'MACC persons of interest');
      assert.equal(dismissed.policies.decide, true);
      const detail = await analystA.get(`/api/screening/hits/${dismissed.id}`);
      assert.equal(detail.statusCode, 200);
      expectRefusal(await analystB.get(`/api/screening/hits/${dismissed.id}`), 404, 'NOT_FOUND');
      assert.ok(!(await analystB.get('/api/screening/hits')).body.includes(dismissed.id));
      const decide = (client: Client, hit: Hit, decision: string, reason: string) =>
        client.post(`/api/screening/hits/${hit.id}/decision`, { decision, reason });
      expectRefusal(await decide(analystA, dismissed, 'dismissed', '   '), 400, 'INVALID_INPUT');
      expectRefusal(await decide(analystA, dismissed, 'dismissed', ' ok '), 400, 'INVALID_INPUT');
      expectRefusal(await decide(analystA, dismissed, 'maybe', 'not sure'), 400, 'INVALID_INPUT');
      assert.equal(
        expectRefusal(await decide(liaisonA, dismissed, 'dismissed', 'Different person'), 403, 'FORBIDDEN').details?.rule,
        'role',
      );
      expectRefusal(await decide(analystB, dismissed, 'dismissed', 'Different person'), 404, 'NOT_FOUND');

      const dismissal = await decide(analystA, dismissed, 'dismissed', '  Different person: born 1982, passport checked  ');
      assert.equal(dismissal.statusCode, 200, dismissal.body);
      dismissed = dismissal.json<Hit>();
      assert.equal(dismissed.status, 'dismissed');
      assert.equal(dismissed.reason, 'Different person: born 1982, passport checked');
      assert.ok(dismissed.suppressionId);
      assert.equal(dismissed.policies.decide, false);
      const confirmation = await decide(investigatorA, confirmed, 'confirmed', 'Same person, identity verified');
      assert.equal(confirmation.json<Hit>().status, 'confirmed');
      expectRefusal(await decide(adminA, dismissed, 'confirmed', 'Changed my mind'), 409, 'CONFLICT');

      const dismissedEvents = await auditOf(agencyA.id, 'screening.hit_dismissed');
      assert.deepEqual(
        dismissedEvents.map((data) => [data.hitId, data.reason, data.suppressionId]),
        [[dismissed.id, 'Different person: born 1982, passport checked', dismissed.suppressionId]],
      );
      assert.equal((await auditOf(agencyA.id, 'screening.hit_confirmed'))[0]?.hitId, confirmed.id);
    });

    it('shows screeners their agency’s open hits, running batches and recent decisions on the dashboard; others see no such cards', async () => {
      const screeningCards = async (client: Client) =>
        Object.fromEntries(
          (await client.get('/api/dashboard'))
            .json<{ cards: { id: string; value: number; href: string | null }[] }>()
            .cards.filter((card) => card.id.startsWith('screening.'))
            .map((card) => [card.id, [card.value, card.href]]),
        );
      const openHits = firstBatch.hits - 2 + formulaBatch.hits;
      assert.equal((await analystA.get('/api/screening/hits?status=open')).json<{ total: number }>().total, openHits);
      const expected = {
        'screening.open-hits': [openHits, '/screening/review'],
        'screening.running-batches': [0, '/screening/batches'],
        'screening.hits-decided': [2, '/screening/review'],
      };
      assert.deepEqual(await screeningCards(analystA), expected);
      assert.deepEqual(await screeningCards(liaisonA), expected, 'liaison officers screen too');
      assert.deepEqual(
        await screeningCards(analystB),
        {
          'screening.open-hits': [0, '/screening/review'],
          'screening.running-batches': [0, '/screening/batches'],
          'screening.hits-decided': [0, '/screening/review'],
        },
        'agency B sees none of agency A’s hits or batches',
      );
      assert.deepEqual(await screeningCards(viewerA), {}, 'a viewer does not screen');
      assert.deepEqual(await screeningCards(platform), {}, 'platform administrators keep lists but do not screen');

      // A batch counts as running while its job does; a decision older than 30 days no longer counts.
      const owner = env.services.db.unsafeOwner;
      const setBatch = async (batchStatus: 'running' | 'completed', jobStatus: 'running' | 'failed' | 'succeeded') => {
        await owner.updateTable('screening_batches').set({ status: batchStatus }).where('id', '=', formulaBatch.id).execute();
        await owner.updateTable('jobs').set({ status: jobStatus }).where('id', '=', formulaBatch.jobId).execute();
      };
      const decidedAt = async (hit: Hit, at: Date) => {
        await owner.updateTable('screening_hits').set({ decided_at: at }).where('id', '=', hit.id).execute();
      };
      const { decided_at: confirmedAt } = await owner
        .selectFrom('screening_hits')
        .select('decided_at')
        .where('id', '=', confirmed.id)
        .executeTakeFirstOrThrow();
      assert.ok(confirmedAt);
      try {
        await setBatch('running', 'running');
        await decidedAt(confirmed, new Date(Date.now() - 31 * 86_400_000));
        const changed = await screeningCards(analystA);
        assert.deepEqual([changed['screening.running-batches']?.[0], changed['screening.hits-decided']?.[0]], [1, 1]);
        await setBatch('running', 'failed');
        assert.equal((await screeningCards(analystA))['screening.running-batches']?.[0], 0, 'its job failed without it');
      } finally {
        await setBatch('completed', 'succeeded');
        await decidedAt(confirmed, confirmedAt);
      }
      assert.deepEqual(await screeningCards(analystA), expected);
    });

    it('a later batch records the dismissed pair as suppressed while both records are unchanged', async () => {
      const second = await runBatch(batchFile);
      assert.equal(second.status, 'completed');
      assert.equal(second.suppressed, 1);
      const hits = (await hitsOf(second.id)).items.filter((hit) => hit.entryId === dismissed.entryId);
      assert.equal(hits.find((hit) => hit.rowNumber === 1)?.status, 'suppressed');
      assert.equal(hits.find((hit) => hit.rowNumber === 1)?.suppressionId, dismissed.suppressionId);
      assert.equal(hits.find((hit) => hit.rowNumber === 2)?.status, 'open', 'a confirmation suppresses nothing');
      const suppressedList = (await analystA.get(`/api/screening/hits?status=suppressed&batchId=${second.id}`)).json<{ items: Hit[] }>();
      assert.equal(suppressedList.items.length, 1);
    });

    it('the pair is open again once either record changes', async () => {
      const changedQuery = await runBatch(batchFile.replace('Somchai Prasertsuk,male,,TH,C-001', 'Somchai Prasertsuk,male,,TH;LA,C-001'));
      const byChangedQuery = (await hitsOf(changedQuery.id)).items.find((hit) => hit.rowNumber === 1 && hit.entryId === dismissed.entryId);
      assert.equal(byChangedQuery?.status, 'open', 'the screened record changed');

      await importInto(investigatorA, listA.id, csv(SOMCHAI.replace('Chiang Mai', 'Chiang Rai')));
      const afterEntryChange = await runBatch(batchFile);
      assert.equal(afterEntryChange.suppressed, 0);
      const reopened = (await hitsOf(afterEntryChange.id)).items.find((hit) => hit.rowNumber === 1 && hit.entryId === dismissed.entryId);
      assert.equal(reopened?.status, 'open', 'the entry changed');
      reopenedHit = reopened;
    });

    it('confirming a suppressed hit lifts its suppression: the next batch shows the pair open', async () => {
      assert.ok(reopenedHit);
      const decide = (hit: Hit, decision: string, reason: string) =>
        analystA.post(`/api/screening/hits/${hit.id}/decision`, { decision, reason });
      const dismissal = (await decide(reopenedHit, 'dismissed', 'Different person, checked again')).json<Hit>();
      const suppressedBatch = await runBatch(batchFile);
      const suppressed = (await hitsOf(suppressedBatch.id)).items.find((hit) => hit.rowNumber === 1 && hit.entryId === dismissed.entryId);
      assert.equal(suppressed?.status, 'suppressed');
      assert.equal(suppressed.policies.decide, true, 'a suppressed hit can still be decided');
      const confirmation = await decide(suppressed, 'confirmed', 'New information: it is the listed person');
      assert.equal(confirmation.json<Hit>().status, 'confirmed');
      const lifted = (await auditOf(agencyA.id, 'screening.hit_confirmed')).find((data) => data.hitId === suppressed.id);
      assert.equal(lifted?.liftedSuppressionId, dismissal.suppressionId);
      const afterLift = await runBatch(batchFile);
      const open = (await hitsOf(afterLift.id)).items.find((hit) => hit.rowNumber === 1 && hit.entryId === dismissed.entryId);
      assert.equal(open?.status, 'open');
    });

    it('a batch whose job ended without it (its server stopped) shows the job’s end', async () => {
      const batch = await runBatch(batchFile);
      await env.services.db.unsafeOwner.updateTable('screening_batches').set({ status: 'running' }).where('id', '=', batch.id).execute();
      await env.services.db.unsafeOwner
        .updateTable('jobs')
        .set({ status: 'failed', error: 'Interrupted by a server restart' })
        .where('id', '=', batch.jobId)
        .execute();
      const shown = (await analystA.get(`/api/screening/batches/${batch.id}`)).json<Batch & { error: string | null }>();
      assert.deepEqual([shown.status, shown.error], ['failed', 'Interrupted by a server restart']);
      assert.equal(
        (await analystA.get(`/api/screening/batches/${batch.id}/results.csv`)).statusCode,
        200,
        'what a failed batch found can be downloaded',
      );
    });

    it('audits batch start and finish, and the results download', async () => {
      const started = await auditOf(agencyA.id, 'screening.batch_started');
      const finished = await auditOf(agencyA.id, 'screening.batch_finished');
      assert.ok(started.some((data) => data.batchId === firstBatch.id && data.rows === 3));
      assert.ok(finished.some((data) => data.batchId === firstBatch.id && data.status === 'completed' && data.hits === firstBatch.hits));
      assert.ok((await auditOf(agencyA.id, 'screening.results_downloaded')).some((data) => data.batchId === firstBatch.id));
      const verified = await verifyAuditChain(env.services);
      assert.equal(verified.ok, true, verified.problem ?? '');
    });
  });

  describe('FollowTheMoney export', () => {
    interface StoredEntry {
      sourceId: string | null;
      schema: string;
      properties: Record<string, string[]>;
      fingerprint: string;
      removed: boolean;
    }
    const exportOf = (client: Client, id: string) => client.get(`/api/screening/watchlists/${id}/export.ftm.jsonl`);
    const linesOf = (body: string) =>
      body
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { id: string; schema: string; properties: Record<string, string[]> });
    const liveEntries = async (id: string) =>
      (await investigatorA.get(`/api/screening/watchlists/${id}/entries?limit=500`)).json<{ items: StoredEntry[] }>().items;
    const fingerprints = (entries: readonly StoredEntry[]) => entries.map((entry) => entry.fingerprint).sort();
    let source: Watchlist;

    it('exports the current entries with their properties as imported; a re-import into another list gives the same fingerprints', async () => {
      source = (await investigatorA.post('/api/screening/watchlists', { name: 'Liste d’export — Été 2025' })).json<Watchlist>();
      const withoutId = 'full_name,aliases,date_of_birth,nationality,passport_number\nNguyễn Văn An,Nguyen Van An,1979-3-4,VN,B1234567\n';
      assert.equal((await importInto(investigatorA, source.id, withoutId)).statusCode, 200);
      assert.equal((await importInto(investigatorA, source.id, csv(SOMCHAI, LIANG, 'w-6,Leaving Soon,,,,,'))).statusCode, 200);
      const ftm = [
        JSON.stringify({
          id: 'ftm-x1',
          schema: 'Company',
          properties: { name: ['บริษัท ทองคำ จำกัด'], registrationNumber: ['0105551234567'], notes: ['kept as imported'] },
        }),
        JSON.stringify({ id: 'ftm-x2', schema: 'Person', properties: { name: ['ဦးအောင်မြင့်'], birthDate: ['1960'], gender: ['m'] } }),
      ].join('\n');
      assert.equal((await importInto(investigatorA, source.id, ftm, 'merge', 'ftm')).statusCode, 200);
      const leaving = (await liveEntries(source.id)).find((entry) => entry.sourceId === 'w-6') as unknown as { id: string };
      assert.equal((await adminA.request('DELETE', `/api/screening/watchlists/${source.id}/entries/${leaving.id}`)).statusCode, 200);
      const stored = await liveEntries(source.id);
      assert.equal(stored.length, 5);

      const exported = await exportOf(liaisonA, source.id);
      assert.equal(exported.statusCode, 200, exported.body);
      assert.equal(exported.headers['content-type'], 'application/x-ndjson; charset=utf-8');
      assert.equal(exported.headers['content-disposition'], 'attachment; filename="liste-d-export-ete-2025.ftm.jsonl"');
      const lines = linesOf(exported.body);
      assert.equal(lines.length, 5, 'one line per current entry; the removed one is left out');
      assert.ok(!exported.body.includes('Leaving Soon'));
      for (const entry of stored) {
        const line = lines.find((candidate) => candidate.id === (entry.sourceId ?? (entry as unknown as { id: string }).id));
        assert.ok(line, `entry ${entry.sourceId ?? 'without id'} is exported under its source id or entry id`);
        assert.equal(line.schema, entry.schema);
        assert.deepEqual(line.properties, entry.properties);
      }
      assert.deepEqual(lines.find((line) => line.id === 'ftm-x1')?.properties.notes, ['kept as imported']);

      const target = (await investigatorA.post('/api/screening/watchlists', { name: 'Export target' })).json<Watchlist>();
      assert.equal((await importInto(investigatorA, target.id, csv(SITI))).statusCode, 200);
      const replaced = (await importInto(investigatorA, target.id, exported.body, 'replace', 'ftm')).json<ImportResult>();
      assert.deepEqual([replaced.added, replaced.updated, replaced.removed, replaced.skipped], [5, 0, 1, 0]);
      assert.equal(replaced.watchlist.entryCount, stored.length);
      assert.deepEqual(fingerprints(await liveEntries(target.id)), fingerprints(stored));
      const again = (await importInto(investigatorA, target.id, exported.body, 'replace', 'ftm')).json<ImportResult>();
      assert.deepEqual([again.added, again.updated, again.unchanged, again.removed], [0, 0, 5, 0]);
      assert.equal(again.watchlist.revision, replaced.watchlist.revision, 'nothing changed on the second import');
      assert.deepEqual(fingerprints(await liveEntries(target.id)), fingerprints(stored));
      assert.equal((await exportOf(investigatorA, target.id)).body.split('\n').length, exported.body.split('\n').length);
    });

    it('another agency’s list is not found; a platform-visible list exports to every agency; roles that do not read get 403', async () => {
      expectRefusal(await exportOf(analystB, source.id), 404, 'NOT_FOUND');
      expectRefusal(await exportOf(investigatorB, listA.id), 404, 'NOT_FOUND');
      const shared = await exportOf(analystB, platformList.id);
      assert.equal(shared.statusCode, 200, shared.body);
      assert.ok(linesOf(shared.body).some((line) => line.id === 'ftm-1'));
      assert.equal(expectRefusal(await exportOf(viewerA, source.id), 403, 'FORBIDDEN').details?.rule, 'role');
    });

    it('audits each export as a read of personal data, by its count and never the names', async () => {
      const audit = await auditOf(agencyA.id, 'screening.watchlist_exported');
      const ofSource = audit.filter((data) => data.watchlistId === source.id);
      assert.equal(ofSource.length, 1, 'the refused exports are not audited');
      assert.deepEqual(ofSource[0], { watchlistId: source.id, format: 'ftm', entries: 5 });
      assert.ok(!JSON.stringify(audit).includes('Somchai'));
      assert.ok((await auditOf(agencyB.id, 'screening.watchlist_exported')).some((data) => data.watchlistId === platformList.id));
    });
  });

  describe('row-level security', () => {
    const asAgency = (agencyId: string, roles: DbScope['roles'] = []): DbScope => ({ scope: 'agency', agencyId, userId: null, roles });

    it('a raw query as agency B sees its own and platform lists, none of A’s entries, batches or hits', async () => {
      const rows = await env.services.db.inScope(asAgency(agencyB.id), async (trx) => ({
        watchlists: await sql<{ agency_id: string; visibility: string }>`select agency_id, visibility from screening_watchlists`.execute(
          trx,
        ),
        entriesOfA: await sql<{ n: number }>`select count(*)::int as n from screening_entries where agency_id = ${agencyA.id}`.execute(trx),
        batches: await sql<{ n: number }>`select count(*)::int as n from screening_batches`.execute(trx),
        hits: await sql<{ n: number }>`select count(*)::int as n from screening_hits`.execute(trx),
        suppressions: await sql<{ n: number }>`select count(*)::int as n from screening_suppressions`.execute(trx),
      }));
      assert.ok(rows.watchlists.rows.length > 0);
      for (const row of rows.watchlists.rows) assert.ok(row.agency_id === agencyB.id || row.visibility === 'platform');
      assert.deepEqual(
        [rows.entriesOfA.rows[0]?.n, rows.batches.rows[0]?.n, rows.hits.rows[0]?.n, rows.suppressions.rows[0]?.n],
        [0, 0, 0, 0],
      );
    });

    it('refuses writes into another agency and a platform-visible list without the platform role', async () => {
      await assert.rejects(
        env.services.db.inScope(asAgency(agencyB.id), (trx) =>
          sql`insert into screening_watchlists (agency_id, name) values (${agencyA.id}, 'Planted')`.execute(trx),
        ),
        /row-level security/,
      );
      await assert.rejects(
        env.services.db.inScope(asAgency(agencyA.id, ['agency_admin']), (trx) =>
          sql`insert into screening_watchlists (agency_id, name, visibility) values (${agencyA.id}, 'Sneaky', 'platform')`.execute(trx),
        ),
        /row-level security/,
      );
      const updated = await env.services.db.inScope(asAgency(agencyB.id), (trx) =>
        sql`update screening_entries set removed = true where agency_id = ${agencyA.id}`.execute(trx),
      );
      assert.equal(Number(updated.numAffectedRows ?? 0), 0);
      await assert.rejects(
        env.services.db.inScope(asAgency(agencyA.id), (trx) => sql`delete from screening_hits`.execute(trx)),
        /permission denied/,
      );
    });
  });
});
