import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { systemScope } from '../../src/db/database.ts';
import type { Role } from '../../src/db/schema.ts';
import { DEMO_CAMPAIGN_NAME } from '../../src/modules/fugitives/demo/seed-fugitives-demo.ts';
import { verifyAuditChain } from '../../src/modules/platform/audit/verify-audit-chain.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/modules/platform/demo/seed-demo.ts';
import { Client, buildAgency, buildUser, createTestEnv, signedIn, type TestAgency, type TestEnv } from '../helpers/harness.ts';

/**
 * Wanted persons through the HTTP API: exact money, notices and their transitions, visibility to other agencies
 * (published red notice: everyone, but never the notes; diffusion: the target states only; unpublished: nobody),
 * row-level security, the return lifecycle and its refusals, sightings, the timeline, search by any name form, audit
 * of every view, and campaign progress.
 */
interface Refusal {
  code: string;
  message: string;
  details?: { rule?: string };
}
interface Notice {
  id: string;
  kind: string;
  status: string;
  statusOn: string;
  targetStates: string[];
  history: { status: string; on: string; note: string | null }[];
}
interface Person {
  id: string;
  agencyId: string;
  caption: string;
  names: string[];
  amount: { value: string; currency: string } | null;
  converted: { value: string; currency: string; rate: string; rateOn: string } | null;
  stage: string;
  atLarge: boolean;
  returned: { on: string; from: string; means: string } | null;
  daysOnTheRun: number | null;
  lastKnownLocation: { state: string; city: string | null; on: string; source: string } | null;
  notices: Notice[];
  policies: Record<string, boolean>;
}
interface Summary {
  id: string;
  caption: string;
  score: number | null;
  stage: string;
}
interface TimelineEntry {
  on: string;
  type: string;
  kind: string;
  status: string | null;
  state: string | null;
}

describe('fugitives: wanted persons, notices, returns and campaigns', () => {
  let env: TestEnv;
  let china: TestAgency;
  let singapore: TestAgency;
  let thailand: TestAgency;
  let malaysia: TestAgency;
  let investigatorCN: Client;
  let analystCN: Client;
  let viewerCN: Client;
  let investigatorSG: Client;
  let liaisonSG: Client;
  let analystTH: Client;
  let analystMY: Client;
  let li: Person;
  let wang: Person;
  let chen: Person;
  let redNotice: Notice;

  const client = async (agency: TestAgency, roles: Role[]) => signedIn(env, await buildUser(env, { agency, roles }));
  const expectRefusal = (response: LightMyRequestResponse, status: number, code: string): Refusal => {
    assert.equal(response.statusCode, status, response.body);
    const body = response.json<Refusal>();
    assert.equal(body.code, code);
    return body;
  };
  // T names the JSON shape the test expects of a successful answer, as LightMyRequestResponse.json<T>() does.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  const created = <T>(response: LightMyRequestResponse, status = 201): T => {
    assert.equal(response.statusCode, status, response.body);
    return response.json<T>();
  };
  const auditOf = async (agencyId: string, type: string) =>
    (
      await env.services.db.inScope(systemScope, (trx) =>
        trx
          .selectFrom('audit_log')
          .select('data')
          .where('agency_id', '=', agencyId)
          .where('event_type', '=', type)
          .orderBy('seq')
          .execute(),
      )
    ).map((row) => row.data);
  const search = async (who: Client, q: string) =>
    created<{ items: Summary[] }>(await who.get(`/api/fugitives?q=${encodeURIComponent(q)}`), 200).items;
  const step = (who: Client, person: Person, body: Record<string, unknown>) => who.post(`/api/fugitives/${person.id}/steps`, body);

  before(async () => {
    env = await createTestEnv();
    china = await buildAgency(env, { state: 'CN' });
    singapore = await buildAgency(env, { state: 'SG' });
    thailand = await buildAgency(env, { state: 'TH' });
    malaysia = await buildAgency(env, { state: 'MY' });
    investigatorCN = await client(china, ['investigator']);
    analystCN = await client(china, ['analyst']);
    viewerCN = await client(china, ['viewer']);
    investigatorSG = await client(singapore, ['investigator']);
    liaisonSG = await client(singapore, ['liaison_officer']);
    analystTH = await client(thailand, ['analyst']);
    analystMY = await client(malaysia, ['analyst']);
  });
  after(() => env.close());

  describe('recording persons', () => {
    it('an investigator records a person with a Chinese name; money is converted exactly at the dated rate', async () => {
      li = created<Person>(
        await investigatorCN.post('/api/fugitives', {
          names: ['李华波'],
          aliases: ['Li Huabo'],
          birthDates: ['1962'],
          nationalities: ['CN'],
          gender: 'male',
          identifiers: [{ type: 'passport', number: 'G1234567', country: 'CN' }],
          offences: ['embezzlement', 'abuse_of_office'],
          amount: { value: '94000000.00', currency: 'CNY' },
          conversion: { rate: '0.1468', rateOn: '2015-01-30', currency: 'USD' },
          caseReferences: ['CN-2011-0042'],
          fledOn: '2015-01-10',
          fledFrom: 'CN',
        }),
      );
      assert.equal(li.caption, '李华波');
      assert.equal(li.agencyId, china.id);
      // Derived from the name on read, for people to read: pinyin family name first, and Wade–Giles.
      assert.deepEqual((li as Person & { transliterations: string[] }).transliterations, ['Li Huabo', 'Li Hua-po']);
      assert.deepEqual(li.amount, { value: '94000000.00', currency: 'CNY' });
      assert.deepEqual(li.converted, { value: '13799200.00', currency: 'USD', rate: '0.1468', rateOn: '2015-01-30' });
      assert.equal(li.stage, 'at_large');
      assert.equal(li.atLarge, true);
      assert.ok(li.daysOnTheRun !== null && li.daysOnTheRun > 3000);
      assert.equal(li.policies.update, true);
    });

    it('keeps figures beyond binary floating point exact, and rounds to the target currency’s minor units', async () => {
      const large = created<Person>(
        await investigatorCN.post('/api/fugitives', {
          names: ['Exact Decimal Person'],
          amount: { value: '99999999999999.99', currency: 'CNY' },
          conversion: { rate: '1.0000000001', rateOn: '2020-01-01', currency: 'USD' },
        }),
      );
      // A JS float gives 100000000009999.98.
      assert.equal(large.converted?.value, '100000000009999.99');
      const yen = created<Person>(
        await investigatorCN.patch(`/api/fugitives/${large.id}`, {
          amount: { value: '1234.56', currency: 'USD' },
          conversion: { rate: '151.2345', rateOn: '2024-04-01', currency: 'JPY' },
        }),
        200,
      );
      assert.equal(yen.converted?.value, '186708');
      expectRefusal(
        await investigatorCN.post('/api/fugitives', { names: ['X'], amount: { value: '100.5', currency: 'JPY' } }),
        400,
        'INVALID_INPUT',
      );
      expectRefusal(
        await investigatorCN.post('/api/fugitives', {
          names: ['X'],
          amount: { value: '100', currency: 'USD' },
          conversion: { rate: '1', rateOn: '2024-01-01', currency: 'USD' },
        }),
        400,
        'INVALID_INPUT',
      );
      expectRefusal(
        await investigatorCN.post('/api/fugitives', { names: ['X'], amount: { value: 12.5, currency: 'USD' } }),
        400,
        'INVALID_INPUT',
      );
      expectRefusal(await investigatorCN.post('/api/fugitives', { names: [] }), 400, 'INVALID_INPUT');
      expectRefusal(await investigatorCN.post('/api/fugitives', { names: ['X'], nationalities: ['XX'] }), 400, 'INVALID_INPUT');
      expectRefusal(await investigatorCN.post('/api/fugitives', { names: ['X'], fledOn: '2999-01-01' }), 400, 'INVALID_INPUT');
    });

    it('refuses the wrong roles: viewers read nothing, analysts record no person', async () => {
      assert.equal(expectRefusal(await viewerCN.get('/api/fugitives'), 403, 'FORBIDDEN').details?.rule, 'role');
      assert.equal(expectRefusal(await analystCN.post('/api/fugitives', { names: ['Y'] }), 403, 'FORBIDDEN').details?.rule, 'role');
      wang = created<Person>(
        await investigatorCN.post('/api/fugitives', {
          names: ['王建国'],
          offences: ['bribery'],
          fledOn: '2016-03-01',
          fledFrom: 'CN',
        }),
      );
      chen = created<Person>(
        await investigatorCN.post('/api/fugitives', { names: ['陈美玲'], offences: ['money_laundering'], fledOn: '2017-05-01' }),
      );
    });

    it('internal notes are added and read by the wanting agency', async () => {
      created(await analystCN.post(`/api/fugitives/${li.id}/notes`, { body: 'Informant says he keeps an account at a Singapore bank.' }));
      const notes = created<{ items: { body: string }[] }>(await investigatorCN.get(`/api/fugitives/${li.id}/notes`), 200);
      assert.equal(notes.items.length, 1);
    });
  });

  describe('notices and visibility', () => {
    it('an unpublished person is not found by another agency, in any way', async () => {
      expectRefusal(await investigatorSG.get(`/api/fugitives/${li.id}`), 404, 'NOT_FOUND');
      expectRefusal(await investigatorSG.get(`/api/fugitives/${li.id}/timeline`), 404, 'NOT_FOUND');
      expectRefusal(await liaisonSG.post(`/api/fugitives/${li.id}/sightings`, sighting('SG')), 404, 'NOT_FOUND');
      assert.deepEqual(await search(investigatorSG, 'Li Huabo'), []);
      const listed = created<{ items: Summary[] }>(await investigatorSG.get('/api/fugitives'), 200);
      assert.equal(listed.items.length, 0);
    });

    it('a red notice is requested, then published; a transition that is not allowed is refused with 409', async () => {
      redNotice = created<Notice>(await investigatorCN.post(`/api/fugitives/${li.id}/notices`, { kind: 'red', requestedOn: '2015-02-01' }));
      assert.equal(redNotice.status, 'requested');
      expectRefusal(await investigatorSG.get(`/api/fugitives/${li.id}`), 404, 'NOT_FOUND');
      const path = `/api/fugitives/${li.id}/notices/${redNotice.id}/status`;
      expectRefusal(await investigatorCN.post(path, { status: 'withdrawn', on: '2015-03-01' }), 409, 'CONFLICT');
      expectRefusal(await investigatorCN.post(path, { status: 'published', on: '2015-01-15' }), 409, 'CONFLICT');
      expectRefusal(await investigatorCN.post(path, { status: 'no_longer_public', on: '2015-03-01' }), 400, 'INVALID_INPUT');
      expectRefusal(await analystCN.post(path, { status: 'published', on: '2015-03-01' }), 403, 'FORBIDDEN');
      redNotice = created<Notice>(
        await investigatorCN.post(path, { status: 'published', on: '2015-03-01', note: 'Published by the General Secretariat' }),
        200,
      );
      assert.equal(redNotice.status, 'published');
      assert.deepEqual(
        redNotice.history.map((event) => [event.status, event.on]),
        [
          ['requested', '2015-02-01'],
          ['published', '2015-03-01'],
        ],
      );
      expectRefusal(await investigatorCN.post(path, { status: 'published', on: '2015-03-02' }), 409, 'CONFLICT');
      // A yellow notice still requested stays with the wanting agency.
      created(await investigatorCN.post(`/api/fugitives/${li.id}/notices`, { kind: 'yellow', requestedOn: '2015-02-01' }));
      expectRefusal(
        await investigatorCN.post(`/api/fugitives/${li.id}/notices`, { kind: 'red', targetStates: ['SG'], requestedOn: '2015-02-01' }),
        400,
        'INVALID_INPUT',
      );
    });

    it('every agency sees a person with a published red notice, but not the notes nor the unpublished notices', async () => {
      for (const who of [investigatorSG, analystTH, analystMY]) {
        const seen = created<Person>(await who.get(`/api/fugitives/${li.id}`), 200);
        assert.equal(seen.caption, '李华波');
        assert.deepEqual(
          seen.notices.map((notice) => [notice.kind, notice.status]),
          [['red', 'published']],
        );
        assert.equal(seen.policies.read_notes, false);
        assert.equal(seen.policies.update, false);
        assert.equal(seen.policies.report_sighting, true);
        expectRefusal(await who.get(`/api/fugitives/${li.id}/notes`), 404, 'NOT_FOUND');
      }
      expectRefusal(await investigatorSG.post(`/api/fugitives/${li.id}/notes`, { body: 'mine' }), 404, 'NOT_FOUND');
      expectRefusal(await investigatorSG.patch(`/api/fugitives/${li.id}`, { names: ['Changed'] }), 403, 'FORBIDDEN');
      expectRefusal(await step(investigatorSG, li, { kind: 'located', on: '2016-01-01', state: 'SG' }), 403, 'FORBIDDEN');
      expectRefusal(
        await investigatorSG.post(`/api/fugitives/${li.id}/notices/${redNotice.id}/status`, { status: 'withdrawn', on: '2020-01-01' }),
        403,
        'FORBIDDEN',
      );
      const listed = created<{ items: Summary[] }>(await investigatorSG.get('/api/fugitives'), 200).items.map((item) => item.id);
      assert.deepEqual(listed, [li.id]);
    });

    it('every view of a person is audited for the viewer’s agency', async () => {
      const views = await auditOf(singapore.id, 'fugitives.person_viewed');
      assert.ok(views.some((data) => data.fugitiveId === li.id && data.ownerAgencyId === china.id && data.view === 'record'));
      const own = await auditOf(china.id, 'fugitives.person_viewed');
      assert.ok(own.some((data) => data.fugitiveId === li.id && data.view === 'notes'));
      const listed = await auditOf(singapore.id, 'fugitives.listed');
      assert.ok(listed.length > 0);
      assert.ok(
        listed.every((data) => !JSON.stringify(data).includes('Li Huabo')),
        'search terms are hashed',
      );
    });

    it('a diffusion shows the person to the agencies of its target states only', async () => {
      const diffusion = created<Notice>(
        await investigatorCN.post(`/api/fugitives/${wang.id}/notices`, {
          kind: 'diffusion',
          targetStates: ['TH'],
          requestedOn: '2016-04-01',
        }),
      );
      expectRefusal(await analystTH.get(`/api/fugitives/${wang.id}`), 404, 'NOT_FOUND');
      created(
        await investigatorCN.post(`/api/fugitives/${wang.id}/notices/${diffusion.id}/status`, { status: 'published', on: '2016-04-02' }),
        200,
      );
      const seen = created<Person>(await analystTH.get(`/api/fugitives/${wang.id}`), 200);
      assert.deepEqual(
        seen.notices.map((notice) => notice.targetStates),
        [['TH']],
      );
      expectRefusal(await investigatorSG.get(`/api/fugitives/${wang.id}`), 404, 'NOT_FOUND');
      expectRefusal(await analystMY.post(`/api/fugitives/${wang.id}/sightings`, sighting('MY')), 404, 'NOT_FOUND');
      expectRefusal(await analystMY.get(`/api/fugitives/${chen.id}`), 404, 'NOT_FOUND');
    });

    it('row-level security shows another agency exactly the shared persons and published notices, and no notes', async () => {
      const counts = await env.services.db.inScope(
        { scope: 'agency', agencyId: singapore.id, userId: null, roles: ['investigator'] },
        async (trx) => {
          const count = async (table: string) =>
            Number((await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(trx)).rows[0]?.n);
          return {
            persons: await count('fugitives'),
            notices: await count('fugitive_notices'),
            history: await count('fugitive_notice_events'),
            notes: await count('fugitive_notes'),
          };
        },
      );
      assert.deepEqual(counts, { persons: 1, notices: 1, history: 0, notes: 0 });
      const thai = await env.services.db.inScope({ scope: 'agency', agencyId: thailand.id, userId: null, roles: ['analyst'] }, (trx) =>
        trx.selectFrom('fugitives').select('id').orderBy('id').execute(),
      );
      assert.deepEqual(thai.map((row) => row.id).sort(), [li.id, wang.id].sort());
    });
  });

  describe('search', () => {
    it('finds 李华波 by any name form, for the owner and for an agency that sees him', async () => {
      for (const form of ['Li Huabo', 'LI Hua-bo', 'Huabo Li', 'li hua bo', '李华波']) {
        const [best] = await search(investigatorCN, form);
        assert.ok(best && best.id === li.id && (best.score ?? 0) >= 0.72, `${form}: ${JSON.stringify(best)}`);
      }
      assert.equal((await search(analystMY, 'Li Hua Bo'))[0]?.id, li.id);
      assert.ok(!(await search(investigatorCN, 'Somchai Prasertsuk')).some((item) => item.id === li.id));
      // Another agency does not find what it may not see.
      assert.deepEqual(await search(investigatorSG, 'Wang Jianguo'), []);
      assert.equal((await search(investigatorCN, 'Wang Jianguo'))[0]?.id, wang.id);
      assert.deepEqual(await search(investigatorCN, '-- !'), [], 'a query without a name finds nothing');
      const page = created<{ items: Summary[] }>(await investigatorCN.get('/api/fugitives?limit=2'), 200);
      assert.equal(page.items.length, 2);
      expectRefusal(await investigatorCN.get(`/api/fugitives?q=${'x'.repeat(201)}`), 400, 'INVALID_INPUT');
    });

    it('the kept search index follows new persons, renames and changes of visibility at once', async () => {
      // Warm the indexes of both agencies, then change what they cover.
      assert.deepEqual(await search(investigatorCN, 'Sun Lijun'), []);
      assert.deepEqual(await search(investigatorSG, 'Sun Lijun'), []);
      const sun = created<Person>(await investigatorCN.post('/api/fugitives', { names: ['孙立军'] }));
      assert.equal((await search(investigatorCN, 'Sun Lijun'))[0]?.id, sun.id);
      assert.deepEqual(await search(investigatorSG, 'Sun Lijun'), [], 'not shared yet');
      created(await investigatorCN.patch(`/api/fugitives/${sun.id}`, { names: ['孙立新'], aliases: ['Sun Li-hsin'] }), 200);
      assert.deepEqual(await search(investigatorCN, 'Sun Lijun'), [], 'the old name no longer matches');
      assert.equal((await search(investigatorCN, 'Sun Lixin'))[0]?.id, sun.id);
      const notice = created<Notice>(
        await investigatorCN.post(`/api/fugitives/${sun.id}/notices`, { kind: 'red', requestedOn: '2020-01-01' }),
      );
      created(
        await investigatorCN.post(`/api/fugitives/${sun.id}/notices/${notice.id}/status`, { status: 'published', on: '2020-02-01' }),
        200,
      );
      assert.equal((await search(investigatorSG, 'Sun Lixin'))[0]?.id, sun.id, 'shared by the published red notice');
      created(
        await investigatorCN.post(`/api/fugitives/${sun.id}/notices/${notice.id}/status`, { status: 'cancelled', on: '2020-03-01' }),
        200,
      );
      assert.deepEqual(await search(investigatorSG, 'Sun Lixin'), [], 'no longer shared');
    });
  });

  describe('sightings and the return lifecycle', () => {
    it('another agency that sees the person reports a sighting; only it and the wanting agency see it', async () => {
      const reported = created<{ id: string; reportedByAgencyId: string }>(
        await liaisonSG.post(`/api/fugitives/${li.id}/sightings`, { ...sighting('SG'), city: 'Singapore', seenOn: '2017-08-01' }),
      );
      assert.equal(reported.reportedByAgencyId, singapore.id);
      expectRefusal(
        await liaisonSG.post(`/api/fugitives/${li.id}/sightings`, { ...sighting('SG'), seenOn: '2999-01-01' }),
        400,
        'INVALID_INPUT',
      );
      const owner = created<Person>(await investigatorCN.get(`/api/fugitives/${li.id}`), 200);
      assert.deepEqual(owner.lastKnownLocation, { state: 'SG', city: 'Singapore', on: '2017-08-01', source: 'sighting' });
      const third = created<Person>(await analystTH.get(`/api/fugitives/${li.id}`), 200);
      assert.equal(third.lastKnownLocation, null);
      const timeline = created<{ entries: TimelineEntry[] }>(await analystTH.get(`/api/fugitives/${li.id}/timeline`), 200);
      assert.ok(!timeline.entries.some((entry) => entry.type === 'sighting'));
    });

    it('refuses steps out of order with a clear message', async () => {
      const returnedFirst = expectRefusal(
        await step(investigatorCN, li, { kind: 'returned', on: '2019-05-09', state: 'SG', means: 'repatriation' }),
        409,
        'CONFLICT',
      );
      assert.match(returnedFirst.message, /located/);
      assert.match(expectRefusal(await step(investigatorCN, li, { kind: 'trial', on: '2019-10-01' }), 409, 'CONFLICT').message, /returned/);
      assert.match(expectRefusal(await step(investigatorCN, li, { kind: 'verdict', on: '2020-01-15' }), 409, 'CONFLICT').message, /trial/);
      assert.match(
        expectRefusal(await step(investigatorCN, li, { kind: 'detention', on: '2018-06-02', state: 'SG' }), 409, 'CONFLICT').message,
        /located/,
      );
      assert.match(
        expectRefusal(await step(investigatorCN, li, { kind: 'located', on: '2014-12-01', state: 'SG' }), 409, 'CONFLICT').message,
        /flight/,
      );
      expectRefusal(await step(investigatorCN, li, { kind: 'located', on: '2018-06-01' }), 400, 'INVALID_INPUT');
      expectRefusal(await step(analystCN, li, { kind: 'located', on: '2018-06-01', state: 'SG' }), 403, 'FORBIDDEN');
    });

    it('records located → arrest → repatriation → returned → trial → verdict, in date order', async () => {
      created(await step(investigatorCN, li, { kind: 'located', on: '2018-06-01', state: 'SG', city: 'Singapore' }));
      assert.match(
        expectRefusal(await step(investigatorCN, li, { kind: 'provisional_arrest', on: '2018-05-30', state: 'SG' }), 409, 'CONFLICT')
          .message,
        /earlier than the previous step/,
      );
      created(await step(investigatorCN, li, { kind: 'provisional_arrest', on: '2018-06-02', state: 'SG' }));
      created(await step(investigatorCN, li, { kind: 'repatriation', on: '2019-03-01', state: 'SG' }));
      expectRefusal(await step(investigatorCN, li, { kind: 'returned', on: '2019-05-09', state: 'SG' }), 400, 'INVALID_INPUT');
      created(await step(investigatorCN, li, { kind: 'returned', on: '2019-05-09', state: 'SG', means: 'repatriation' }));
      expectRefusal(
        await step(investigatorCN, li, { kind: 'returned', on: '2019-05-10', state: 'SG', means: 'repatriation' }),
        409,
        'CONFLICT',
      );
      expectRefusal(await step(investigatorCN, li, { kind: 'located', on: '2019-05-10', state: 'SG' }), 409, 'CONFLICT');
      created(await step(investigatorCN, li, { kind: 'trial', on: '2019-10-01', state: 'CN' }));
      created(await step(investigatorCN, li, { kind: 'verdict', on: '2020-01-15', state: 'CN', note: 'Life imprisonment' }));
      const person = created<Person>(await investigatorCN.get(`/api/fugitives/${li.id}`), 200);
      assert.equal(person.stage, 'sentenced');
      assert.equal(person.atLarge, false);
      assert.deepEqual(person.returned, { on: '2019-05-09', from: 'SG', means: 'repatriation' });
      assert.equal(person.daysOnTheRun, 1580);
      assert.deepEqual(person.lastKnownLocation, { state: 'SG', city: 'Singapore', on: '2018-06-01', source: 'located' });
    });

    it('the timeline merges flight, notice history, sightings and steps in date order', async () => {
      const timeline = created<{ entries: TimelineEntry[] }>(await investigatorCN.get(`/api/fugitives/${li.id}/timeline`), 200);
      const entries = timeline.entries.map((entry) => `${entry.on} ${entry.type} ${entry.status ?? entry.kind}`);
      assert.deepEqual(entries, [
        '2015-01-10 fled fled',
        '2015-02-01 notice requested',
        '2015-02-01 notice requested',
        '2015-03-01 notice published',
        '2017-08-01 sighting medium',
        '2018-06-01 step located',
        '2018-06-02 step provisional_arrest',
        '2019-03-01 step repatriation',
        '2019-05-09 step returned',
        '2019-10-01 step trial',
        '2020-01-15 step verdict',
      ]);
      assert.deepEqual(
        timeline.entries.map((entry) => entry.on),
        [...timeline.entries.map((entry) => entry.on)].sort(),
      );
      const views = await auditOf(china.id, 'fugitives.person_viewed');
      assert.ok(views.some((data) => data.fugitiveId === li.id && data.view === 'timeline'));
    });

    it('another agency sees the standing steps as facts: not the keeper’s notes, retractions or who recorded anything', async () => {
      const verdict = (await investigatorCN.get(`/api/fugitives/${li.id}/timeline`))
        .json<{ entries: (TimelineEntry & { id: string })[] }>()
        .entries.find((entry) => entry.kind === 'verdict')!;
      created(await investigatorCN.post(`/api/fugitives/${li.id}/steps/${verdict.id}/retract`, { reason: 'Sentence misread' }), 200);
      created(
        await step(investigatorCN, li, { kind: 'verdict', on: '2020-01-15', state: 'CN', note: 'Life imprisonment, assets confiscated' }),
      );
      type Entry = TimelineEntry & { note: string | null; retracted: boolean; retractionReason: string | null; createdBy?: string };
      const keeper = created<{ entries: Entry[] }>(await investigatorCN.get(`/api/fugitives/${li.id}/timeline`), 200).entries;
      const other = created<{ entries: Entry[] }>(await investigatorSG.get(`/api/fugitives/${li.id}/timeline`), 200).entries;
      const verdicts = (entries: Entry[]) => entries.filter((entry) => entry.kind === 'verdict');
      assert.deepEqual(
        verdicts(keeper).map((entry) => [entry.note, entry.retracted, entry.retractionReason]),
        [
          ['Life imprisonment', true, 'Sentence misread'],
          ['Life imprisonment, assets confiscated', false, null],
        ],
      );
      assert.deepEqual(
        verdicts(other).map((entry) => [entry.note, entry.retracted, entry.retractionReason]),
        [[null, false, null]],
      );
      assert.ok(other.filter((entry) => entry.type === 'step').every((entry) => entry.note === null));
      const keeperBody = (await investigatorCN.get(`/api/fugitives/${li.id}`)).body;
      const otherView = await investigatorSG.get(`/api/fugitives/${li.id}`);
      const seen = otherView.json<{ createdBy: string | null; updatedBy: string | null; agencyId: string }>();
      assert.equal(seen.agencyId, china.id);
      assert.deepEqual([seen.createdBy, seen.updatedBy], [null, null]);
      assert.ok(keeperBody.includes('"createdBy":"'), 'the keeper sees who recorded the person');
      // No id of a user of the keeping agency reaches the other agency, in any of its views of the person.
      const keeperUsers = await env.services.db.inScope(systemScope, (trx) =>
        trx.selectFrom('users').select('id').where('agency_id', '=', china.id).execute(),
      );
      for (const url of [`/api/fugitives/${li.id}`, `/api/fugitives/${li.id}/timeline`, `/api/fugitives/${li.id}/photos`]) {
        const body = (await investigatorSG.get(url)).body;
        for (const user of keeperUsers) assert.ok(!body.includes(user.id), `${url} shows a user of the keeping agency`);
        assert.ok(!body.includes('Sentence misread') && !body.includes('assets confiscated'), `${url} shows the keeper's notes`);
      }
      // A sighting another agency reported names that agency to the keeper, not its user.
      const sightings = keeper.filter((entry) => entry.type === 'sighting');
      assert.ok(sightings.length > 0);
      const singaporeUsers = await env.services.db.inScope(systemScope, (trx) =>
        trx.selectFrom('users').select('id').where('agency_id', '=', singapore.id).execute(),
      );
      const keeperTimeline = (await investigatorCN.get(`/api/fugitives/${li.id}/timeline`)).body;
      for (const user of singaporeUsers) assert.ok(!keeperTimeline.includes(user.id));
    });

    it('withdrawing the red notice hides the person from other agencies again', async () => {
      created(
        await investigatorCN.post(`/api/fugitives/${li.id}/notices/${redNotice.id}/status`, { status: 'withdrawn', on: '2019-05-20' }),
        200,
      );
      expectRefusal(await investigatorSG.get(`/api/fugitives/${li.id}`), 404, 'NOT_FOUND');
      expectRefusal(
        await investigatorCN.post(`/api/fugitives/${li.id}/notices/${redNotice.id}/status`, { status: 'published', on: '2019-06-01' }),
        409,
        'CONFLICT',
      );
    });
  });

  describe('photographs', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fictional image data')]);
    const sha256 = crypto.createHash('sha256').update(png).digest('hex');

    it('are stored once per content, named by their SHA-256, and checked against their media type and hash', async () => {
      const body = { mediaType: 'image/png', content: png.toString('base64') };
      const photo = created<{ sha256: string; size: number }>(
        await investigatorCN.post(`/api/fugitives/${wang.id}/photos`, { ...body, sha256 }),
      );
      assert.equal(photo.sha256, sha256);
      assert.equal(photo.size, png.length);
      created(await investigatorCN.post(`/api/fugitives/${wang.id}/photos`, body));
      const listed = created<{ items: { sha256: string }[] }>(await investigatorCN.get(`/api/fugitives/${wang.id}/photos`), 200);
      assert.deepEqual(
        listed.items.map((item) => item.sha256),
        [sha256],
      );
      expectRefusal(
        await investigatorCN.post(`/api/fugitives/${wang.id}/photos`, { ...body, mediaType: 'image/jpeg' }),
        400,
        'INVALID_INPUT',
      );
      expectRefusal(
        await investigatorCN.post(`/api/fugitives/${wang.id}/photos`, { ...body, sha256: '0'.repeat(64) }),
        400,
        'INVALID_INPUT',
      );
      expectRefusal(await analystCN.post(`/api/fugitives/${wang.id}/photos`, body), 403, 'FORBIDDEN');
    });

    it('are seen by whoever sees the person, and each download is audited', async () => {
      const download = await analystTH.get(`/api/fugitives/${wang.id}/photos/${sha256}`);
      assert.equal(download.statusCode, 200);
      assert.equal(download.headers['content-type'], 'image/png');
      assert.ok(download.rawPayload.equals(png));
      const views = await auditOf(thailand.id, 'fugitives.person_viewed');
      assert.ok(views.some((data) => data.fugitiveId === wang.id && data.view === 'photo'));
      expectRefusal(await investigatorSG.get(`/api/fugitives/${wang.id}/photos/${sha256}`), 404, 'NOT_FOUND');
      expectRefusal(await investigatorSG.get(`/api/fugitives/${wang.id}/photos`), 404, 'NOT_FOUND');
      expectRefusal(await analystTH.get(`/api/fugitives/${wang.id}/photos/${'a'.repeat(64)}`), 404, 'NOT_FOUND');
    });
  });

  describe('campaigns', () => {
    it('shows live progress: returned by state, year and means, at large by last known state, median time to return', async () => {
      created(await step(investigatorCN, wang, { kind: 'located', on: '2019-01-10', state: 'TH', city: 'Bangkok' }));
      created(await step(investigatorCN, wang, { kind: 'returned', on: '2019-07-20', state: 'TH', means: 'deportation' }));
      created(
        await analystCN.post(`/api/fugitives/${chen.id}/sightings`, { ...sighting('MY'), city: 'Kuala Lumpur', seenOn: '2020-02-02' }),
      );
      const noFlightDate = created<Person>(await investigatorCN.post('/api/fugitives', { names: ['Nguyễn Văn An'] }));
      created(await step(investigatorCN, noFlightDate, { kind: 'located', on: '2021-01-01', state: 'ID' }));
      created(await step(investigatorCN, noFlightDate, { kind: 'returned', on: '2021-02-02', state: 'ID', means: 'voluntary_return' }));

      expectRefusal(await analystCN.post('/api/fugitives/campaigns', { name: 'Sky Net' }), 403, 'FORBIDDEN');
      const campaign = created<{ id: string; memberIds: string[] }>(
        await investigatorCN.post('/api/fugitives/campaigns', { name: '100 major fugitives', fugitiveIds: [li.id, wang.id] }),
      );
      const grown = created<{ memberIds: string[] }>(
        await investigatorCN.post(`/api/fugitives/campaigns/${campaign.id}/members`, { fugitiveIds: [chen.id, noFlightDate.id, li.id] }),
        200,
      );
      assert.deepEqual([...grown.memberIds].sort(), [li.id, wang.id, chen.id, noFlightDate.id].sort());
      expectRefusal(await investigatorCN.post('/api/fugitives/campaigns', { name: '100 MAJOR fugitives' }), 409, 'CONFLICT');
      // A person the campaign's agency does not see cannot be added.
      const hidden = created<Person>(
        await (await client(thailand, ['investigator'])).post('/api/fugitives', { names: ['Somchai Prasertsuk'] }),
      );
      expectRefusal(
        await investigatorCN.post(`/api/fugitives/campaigns/${campaign.id}/members`, { fugitiveIds: [hidden.id] }),
        404,
        'NOT_FOUND',
      );

      const progress = created<Record<string, unknown>>(await analystCN.get(`/api/fugitives/campaigns/${campaign.id}/progress`), 200);
      assert.equal(progress.members, 4);
      assert.equal(progress.notVisible, 0);
      assert.equal(progress.returned, 3);
      assert.equal(progress.atLarge, 1);
      assert.deepEqual(progress.returnedByState, [
        { state: 'ID', count: 1 },
        { state: 'SG', count: 1 },
        { state: 'TH', count: 1 },
      ]);
      assert.deepEqual(progress.returnedByYear, [
        { year: 2019, count: 2 },
        { year: 2021, count: 1 },
      ]);
      assert.deepEqual(progress.returnedByMeans, [
        { means: 'deportation', count: 1 },
        { means: 'repatriation', count: 1 },
        { means: 'voluntary_return', count: 1 },
      ]);
      assert.deepEqual(progress.atLargeByLastKnownState, [{ state: 'MY', count: 1 }]);
      // (1580 + 1236) / 2: the member without a flight date has no time on the run.
      assert.equal(progress.medianDaysToReturn, 1408);
      // Li (4 years) and Wang (3 years) were returned within 2–5 years; Chen is still at large; the member without a
      // flight date is not counted.
      const timeOnRun = progress.timeOnRun as { bucket: string; returned: number; atLarge: number }[];
      assert.deepEqual(
        timeOnRun.map((slot) => slot.bucket),
        ['under_1y', '1_2y', '2_5y', '5_10y', '10y_plus'],
      );
      assert.equal(timeOnRun.find((slot) => slot.bucket === '2_5y')?.returned, 2);
      assert.equal(
        timeOnRun.reduce((sum, slot) => sum + slot.returned, 0),
        2,
      );
      assert.equal(
        timeOnRun.reduce((sum, slot) => sum + slot.atLarge, 0),
        1,
      );

      // Another agency neither reads nor changes the campaign.
      expectRefusal(await investigatorSG.get(`/api/fugitives/campaigns/${campaign.id}/progress`), 404, 'NOT_FOUND');
      expectRefusal(
        await investigatorSG.post(`/api/fugitives/campaigns/${campaign.id}/members`, { fugitiveIds: [li.id] }),
        404,
        'NOT_FOUND',
      );
      const listed = created<{ items: unknown[] }>(await investigatorSG.get('/api/fugitives/campaigns'), 200);
      assert.equal(listed.items.length, 0);
    });
  });

  describe('overview and corrections', () => {
    it('the overview sums up the agency’s own wanted persons, not those shared with it', async () => {
      const own = created<{ items: (Summary & { agencyId: string; atLarge: boolean })[] }>(
        await analystCN.get('/api/fugitives?limit=500'),
        200,
      ).items.filter((person) => person.agencyId === china.id);
      const overview = created<Record<string, unknown>>(await analystCN.get('/api/fugitives/overview'), 200);
      assert.equal(overview.persons, own.length);
      assert.equal(overview.returned, own.filter((person) => !person.atLarge).length);
      assert.equal(overview.atLarge, own.filter((person) => person.atLarge).length);
      assert.ok((overview.returnedByState as { state: string }[]).some((row) => row.state === 'SG'));
      // Singapore sees Li under the published red notice, but Li is not Singapore's wanted person.
      const singaporeOverview = created<Record<string, unknown>>(await investigatorSG.get('/api/fugitives/overview'), 200);
      assert.equal(singaporeOverview.persons, 0);
      expectRefusal(await viewerCN.get('/api/fugitives/overview'), 403, 'FORBIDDEN');
      assert.ok((await auditOf(china.id, 'fugitives.overview_viewed')).length >= 1);
    });

    it('the dashboard counts a return of this year, and not once it is retracted', async () => {
      const card = async (id: string) =>
        (await investigatorCN.get('/api/dashboard')).json<{ cards: { id: string; value: number }[] }>().cards.find((c) => c.id === id)
          ?.value;
      const before = { returned: await card('fugitives.returned-this-year'), atLarge: await card('fugitives.at-large') };
      const today = new Date().toISOString().slice(0, 10);
      const person = created<Person>(await investigatorCN.post('/api/fugitives', { names: ['钱卫东'], fledOn: '2020-01-01' }));
      assert.equal(await card('fugitives.at-large'), (before.atLarge ?? 0) + 1);
      created(await step(investigatorCN, person, { kind: 'located', on: today, state: 'LA' }));
      const returned = created<{ id: string }>(
        await step(investigatorCN, person, { kind: 'returned', on: today, state: 'LA', means: 'voluntary_return' }),
      );
      assert.equal(await card('fugitives.returned-this-year'), (before.returned ?? 0) + 1);
      assert.equal(await card('fugitives.at-large'), before.atLarge);
      created(await investigatorCN.post(`/api/fugitives/${person.id}/steps/${returned.id}/retract`, { reason: 'Not yet returned' }), 200);
      assert.equal(await card('fugitives.returned-this-year'), before.returned);
      assert.equal(await card('fugitives.at-large'), (before.atLarge ?? 0) + 1);
    });

    it('the latest standing step can be retracted with a reason, and the correct step recorded anew', async () => {
      const person = created<Person>(await investigatorCN.post('/api/fugitives', { names: ['赵志刚'], fledOn: '2020-02-01' }));
      const located = created<{ id: string }>(await step(investigatorCN, person, { kind: 'located', on: '2021-03-01', state: 'SG' }));
      const wrong = created<{ id: string }>(
        await step(investigatorCN, person, { kind: 'returned', on: '2021-06-01', state: 'SG', means: 'extradition' }),
      );
      const retract = (who: Client, stepId: string, reason = 'Recorded under the wrong means') =>
        who.post(`/api/fugitives/${person.id}/steps/${stepId}/retract`, { reason });

      assert.match(expectRefusal(await retract(investigatorCN, located.id), 409, 'CONFLICT').message, /latest standing step/);
      expectRefusal(await retract(investigatorCN, wrong.id, 'x'), 400, 'INVALID_INPUT');
      expectRefusal(await retract(analystCN, wrong.id), 403, 'FORBIDDEN');
      expectRefusal(await retract(investigatorSG, wrong.id), 404, 'NOT_FOUND');
      expectRefusal(await retract(investigatorCN, crypto.randomUUID()), 404, 'NOT_FOUND');

      const retracted = created<{ retractedAt: string | null; retractionReason: string | null }>(
        await retract(investigatorCN, wrong.id),
        200,
      );
      assert.ok(retracted.retractedAt);
      assert.equal(retracted.retractionReason, 'Recorded under the wrong means');
      assert.match(expectRefusal(await retract(investigatorCN, wrong.id), 409, 'CONFLICT').message, /already been retracted/);

      let current = created<Person>(await investigatorCN.get(`/api/fugitives/${person.id}`), 200);
      assert.equal(current.stage, 'located');
      assert.equal(current.atLarge, true);
      created(await step(investigatorCN, person, { kind: 'returned', on: '2021-06-01', state: 'SG', means: 'repatriation' }));
      current = created<Person>(await investigatorCN.get(`/api/fugitives/${person.id}`), 200);
      assert.deepEqual(current.returned, { on: '2021-06-01', from: 'SG', means: 'repatriation' });

      const timeline = created<{
        entries: (TimelineEntry & { retracted: boolean; retractionReason: string | null; means: string | null })[];
      }>(await investigatorCN.get(`/api/fugitives/${person.id}/timeline`), 200);
      const returns = timeline.entries.filter((entry) => entry.kind === 'returned');
      assert.deepEqual(
        returns.map((entry) => [entry.means, entry.retracted, entry.retractionReason]),
        [
          ['extradition', true, 'Recorded under the wrong means'],
          ['repatriation', false, null],
        ],
      );
      const audit = await auditOf(china.id, 'fugitives.return_step_retracted');
      assert.deepEqual(audit.at(-1), { fugitiveId: person.id, stepId: wrong.id, kind: 'returned' });
    });
  });

  it('the audit chain still verifies', async () => {
    const result = await verifyAuditChain(env.services);
    assert.equal(result.ok, true, JSON.stringify(result));
  });
});

describe('fugitives: demo data', () => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv();
    await seedDemo(env.services);
  });
  after(() => env.close());

  const signIn = async (email: string) => {
    const who = new Client(env.app);
    assert.equal((await who.login(email, DEMO_PASSWORD)).statusCode, 200);
    return who;
  };

  it('the NSC campaign shows the illustrative returns from Singapore and Thailand and two persons at large', async () => {
    const nsc = await signIn('admin@nsc.demo');
    const campaigns = (await nsc.get('/api/fugitives/campaigns')).json<{ items: { id: string; name: string; memberIds: string[] }[] }>();
    const campaign = campaigns.items.find((item) => item.name === DEMO_CAMPAIGN_NAME);
    assert.ok(campaign);
    assert.equal(campaign.memberIds.length, 4);
    const progress = (await nsc.get(`/api/fugitives/campaigns/${campaign.id}/progress`)).json<Record<string, unknown>>();
    assert.equal(progress.returned, 2);
    assert.equal(progress.atLarge, 2);
    assert.deepEqual(progress.returnedByState, [
      { state: 'SG', count: 1 },
      { state: 'TH', count: 1 },
    ]);
    assert.deepEqual(progress.atLargeByLastKnownState, [
      { state: 'KH', count: 1 },
      { state: 'MY', count: 1 },
    ]);
    const [official] = (await nsc.get(`/api/fugitives?q=${encodeURIComponent('Zhao Guo-ping')}`)).json<{ items: Summary[] }>().items;
    assert.equal(official?.caption, '赵国平');
    const person = (await nsc.get(`/api/fugitives/${official.id}`)).json<Person>();
    assert.deepEqual(person.returned, { on: '2015-05-09', from: 'SG', means: 'repatriation' });
    assert.equal(person.converted?.value, '14073550.00');
  });

  it('the dashboard cards count the agency’s own persons at large, returned this year, and published red notices', async () => {
    const cardsOf = async (email: string) =>
      new Map(
        (await (await signIn(email)).get('/api/dashboard'))
          .json<{ cards: { id: string; value: number | string }[] }>()
          .cards.map((card) => [card.id, card.value]),
      );
    const nsc = await cardsOf('admin@nsc.demo');
    assert.equal(nsc.get('fugitives.at-large'), 2);
    // The demo's returns are in 2015 and 2016.
    assert.equal(nsc.get('fugitives.returned-this-year'), 0);
    const overview = (await (await signIn('admin@nsc.demo')).get('/api/fugitives/overview')).json<{ atLarge: number }>();
    assert.equal(overview.atLarge, 2);
    assert.ok(Number(nsc.get('fugitives.published-red-notices')) >= 1);
    // Another agency's cards count none of the NSC's persons, though it sees one of them.
    const macc = await cardsOf('analyst@macc.demo');
    assert.equal(macc.get('fugitives.at-large'), 0);
    assert.equal(macc.get('fugitives.published-red-notices'), 0);
  });

  it('another agency sees only the person under a published red notice', async () => {
    const macc = await signIn('analyst@macc.demo');
    const listed = (await macc.get('/api/fugitives')).json<{ items: Summary[] }>().items;
    assert.deepEqual(
      listed.map((item) => item.caption),
      ['马志强'],
    );
  });
});

function sighting(state: string) {
  return { state, seenOn: '2017-01-01', source: 'immigration record', confidence: 'medium' };
}
