import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { systemScope, type DbScope } from '../../src/db/database.ts';
import { verifyAuditChain } from '../../src/modules/platform/audit/verify-audit-chain.ts';
import { buildAgency, buildUser, createTestEnv, signedIn, type Client, type TestAgency, type TestEnv } from '../helpers/harness.ts';

/**
 * The cooperation module through its HTTP API: events, training programmes with sessions and participation,
 * technical support and joint operations — who sees and changes what, what input is refused, exact decimals, the
 * summary figures and the audit trail.
 */
interface Item {
  id: string;
  agencyId: string;
  policies: Record<string, boolean>;
}
interface Listed {
  items: Item[];
}
interface Refusal {
  code: string;
  details?: { rule?: string; field?: string };
}

const thisYear = new Date().getUTCFullYear();
const lastYear = thisYear - 1;
const nextYear = thisYear + 1;

describe('cooperation: events, training, technical support, joint operations', () => {
  let env: TestEnv;
  let agencyA: TestAgency;
  let agencyB: TestAgency;
  let agencyC: TestAgency;
  let liaisonA: Client;
  let adminA: Client;
  let viewerA: Client;
  let analystA: Client;
  let liaisonB: Client;
  let analystB: Client;
  let liaisonC: Client;
  let platform: Client;

  before(async () => {
    env = await createTestEnv();
    agencyA = await buildAgency(env, { state: 'MY' });
    agencyB = await buildAgency(env, { state: 'SG' });
    agencyC = await buildAgency(env, { state: 'TH' });
    const secretariat = await buildAgency(env, { state: 'ID' });
    liaisonA = await signedIn(env, await buildUser(env, { agency: agencyA, roles: ['liaison_officer'] }));
    adminA = await signedIn(env, await buildUser(env, { agency: agencyA, roles: ['agency_admin'] }));
    viewerA = await signedIn(env, await buildUser(env, { agency: agencyA, roles: ['viewer'] }));
    analystA = await signedIn(env, await buildUser(env, { agency: agencyA, roles: ['analyst'] }));
    liaisonB = await signedIn(env, await buildUser(env, { agency: agencyB, roles: ['liaison_officer'] }));
    analystB = await signedIn(env, await buildUser(env, { agency: agencyB, roles: ['analyst'] }));
    liaisonC = await signedIn(env, await buildUser(env, { agency: agencyC, roles: ['liaison_officer'] }));
    platform = await signedIn(env, await buildUser(env, { agency: secretariat, roles: ['platform_admin'] }));
  });
  after(() => env.close());

  const auditTypes = async (agencyId: string) =>
    (
      await env.services.db.inScope(systemScope, (trx) =>
        trx.selectFrom('audit_log').select(['event_type', 'data']).where('agency_id', '=', agencyId).orderBy('seq').execute(),
      )
    ).map((row) => ({ type: row.event_type, data: row.data }));

  const expectRefusal = (response: LightMyRequestResponse, status: number, code: string) => {
    assert.equal(response.statusCode, status, response.body);
    assert.equal(response.json<Refusal>().code, code);
  };

  describe('events', () => {
    const workshop = () => ({
      kind: 'workshop',
      title: 'Workshop on cross-border bribery',
      place: { city: 'Kuala Lumpur', country: 'MY' },
      startsOn: `${lastYear}-06-17`,
      endsOn: `${lastYear}-06-19`,
      participantAgencyIds: [agencyB.id],
    });
    let eventId: string;

    it('the owning agency’s liaison officer creates an event shared with a participant', async () => {
      const created = await liaisonA.post('/api/cooperation/events', workshop());
      assert.equal(created.statusCode, 201, created.body);
      const event = created.json<Item & { status: string; participantAgencyIds: string[]; place: { country: string } }>();
      eventId = event.id;
      assert.equal(event.agencyId, agencyA.id);
      assert.equal(event.status, 'planned');
      assert.deepEqual(event.participantAgencyIds, [agencyB.id]);
      assert.equal(event.place.country, 'MY');
      assert.deepEqual(event.policies, { read: true, list: true, create: true, update: true, cancel: true });
    });

    it('a participant agency sees the shared event in its list and by id, but may not change it', async () => {
      const listed = (await analystB.get('/api/cooperation/events')).json<Listed>().items;
      assert.ok(listed.some((item) => item.id === eventId));
      const seen = await analystB.get(`/api/cooperation/events/${eventId}`);
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json<Item>().policies.update, false);
      expectRefusal(await liaisonB.patch(`/api/cooperation/events/${eventId}`, { title: 'Renamed by B' }), 403, 'FORBIDDEN');
    });

    it('a non-participant agency gets 404 and does not see it in lists', async () => {
      expectRefusal(await liaisonC.get(`/api/cooperation/events/${eventId}`), 404, 'NOT_FOUND');
      expectRefusal(await liaisonC.patch(`/api/cooperation/events/${eventId}`, { title: 'Renamed by C' }), 404, 'NOT_FOUND');
      const listed = (await liaisonC.get('/api/cooperation/events')).json<Listed>().items;
      assert.ok(!listed.some((item) => item.id === eventId));
    });

    it('viewers and analysts get 403 on create; nobody but a platform administrator records for another agency', async () => {
      for (const client of [viewerA, analystA]) {
        const refused = await client.post('/api/cooperation/events', workshop());
        expectRefusal(refused, 403, 'FORBIDDEN');
        assert.equal(refused.json<Refusal>().details?.rule, 'role');
      }
      expectRefusal(await liaisonA.post('/api/cooperation/events', { ...workshop(), agencyId: agencyB.id }), 403, 'FORBIDDEN');
      const onBehalf = await platform.post('/api/cooperation/events', {
        ...workshop(),
        agencyId: agencyC.id,
        title: 'Secretariat-recorded',
      });
      assert.equal(onBehalf.statusCode, 201, onBehalf.body);
      assert.equal(onBehalf.json<Item>().agencyId, agencyC.id);
      assert.equal((await liaisonC.get(`/api/cooperation/events/${onBehalf.json<Item>().id}`)).statusCode, 200);
      assert.equal((await platform.get(`/api/cooperation/events/${eventId}`)).statusCode, 200, 'platform administrators see all');
    });

    it('refuses invalid input with 400', async () => {
      const bad = [
        { ...workshop(), endsOn: `${lastYear}-06-16` },
        { ...workshop(), startsOn: `${lastYear}-02-30` },
        { ...workshop(), kind: 'party' },
        { ...workshop(), place: { city: 'Nowhere', country: 'XX' } },
        { ...workshop(), place: { city: 'Kuala Lumpur', country: 'my' } },
        { ...workshop(), place: { city: 'Kuala Lumpur', country: 'MYS' } },
        { ...workshop(), participantAgencyIds: ['00000000-0000-4000-8000-000000000000'] },
        { ...workshop(), status: 'held', startsOn: `${nextYear}-01-10`, endsOn: `${nextYear}-01-11` },
      ];
      for (const body of bad) expectRefusal(await liaisonA.post('/api/cooperation/events', body), 400, 'INVALID_INPUT');
      expectRefusal(await liaisonA.patch(`/api/cooperation/events/${eventId}`, { endsOn: `${lastYear}-06-01` }), 400, 'INVALID_INPUT');
      const unchanged = await liaisonA.patch(`/api/cooperation/events/${eventId}`, {});
      assert.equal(unchanged.statusCode, 200, 'an empty change changes nothing');
      assert.equal(unchanged.json<{ updatedAt: string; createdAt: string }>().updatedAt, unchanged.json<{ createdAt: string }>().createdAt);
    });

    it('the owner records the event as held with its outcomes, then cancels another; both are audited', async () => {
      const held = await adminA.patch(`/api/cooperation/events/${eventId}`, { status: 'held', outcomes: 'Agreed a checklist.' });
      assert.equal(held.statusCode, 200, held.body);
      assert.equal(held.json<{ status: string; outcomes: string }>().outcomes, 'Agreed a checklist.');
      const other = (
        await liaisonA.post('/api/cooperation/events', { ...workshop(), startsOn: `${nextYear}-02-01`, endsOn: `${nextYear}-02-01` })
      ).json<Item>();
      const cancelled = await liaisonA.patch(`/api/cooperation/events/${other.id}`, { status: 'cancelled' });
      assert.equal(cancelled.json<Item>().policies.cancel, false);
      const entries = await auditTypes(agencyA.id);
      assert.ok(entries.some((entry) => entry.type === 'cooperation.event_created' && entry.data.eventId === eventId));
      assert.ok(
        entries.some(
          (entry) =>
            entry.type === 'cooperation.event_updated' &&
            entry.data.eventId === eventId &&
            (entry.data.changes as { status?: string }).status === 'held',
        ),
      );
    });
  });

  describe('training programmes, sessions and participation', () => {
    let programmeId: string;
    let sessionId: string;
    let lineOfB: string;

    it('creates a programme visible only to its organiser until participation is recorded', async () => {
      const created = await liaisonA.post('/api/cooperation/trainings', {
        title: 'Financial investigation course',
        topics: ['financial_investigation', 'asset_recovery', 'asset_recovery'],
        hostState: 'MY',
        year: lastYear,
      });
      assert.equal(created.statusCode, 201, created.body);
      const programme = created.json<Item & { topics: string[]; sessions: unknown[] }>();
      programmeId = programme.id;
      assert.deepEqual(programme.topics, ['financial_investigation', 'asset_recovery']);
      assert.deepEqual(programme.sessions, []);
      expectRefusal(await analystB.get(`/api/cooperation/trainings/${programmeId}`), 404, 'NOT_FOUND');
      assert.ok((await liaisonA.get(`/api/cooperation/trainings?year=${lastYear}`)).json<Listed>().items.some((p) => p.id === programmeId));
      assert.ok(
        (await liaisonA.get('/api/cooperation/trainings?topic=asset_recovery')).json<Listed>().items.some((p) => p.id === programmeId),
      );
      assert.ok(
        !(await liaisonA.get('/api/cooperation/trainings?topic=mla_drafting')).json<Listed>().items.some((p) => p.id === programmeId),
      );
    });

    it('adds a session with participants; the participating agency then sees the programme, others still do not', async () => {
      const added = await liaisonA.post('/api/cooperation/training-sessions', {
        programmeId,
        startsOn: `${lastYear}-03-11`,
        endsOn: `${lastYear}-03-15`,
        place: { city: 'Putrajaya', country: 'MY' },
        hours: '30',
        participation: [
          { participantAgencyId: agencyB.id, participants: 4 },
          { state: 'TL', participants: 2, hours: '7.5' },
        ],
      });
      assert.equal(added.statusCode, 201, added.body);
      const session = added.json<{
        id: string;
        hours: string;
        participation: { id: string; participantAgencyId: string | null; state: string; hours: string }[];
      }>();
      sessionId = session.id;
      assert.equal(session.hours, '30');
      const ofB = session.participation.find((line) => line.participantAgencyId === agencyB.id);
      assert.equal(ofB?.state, 'SG', "state taken from the participating agency's");
      assert.equal(ofB.hours, '30', "hours default to the session's");
      lineOfB = ofB.id;
      assert.equal(session.participation.find((line) => line.state === 'TL')?.hours, '7.5');

      const seenByB = await analystB.get(`/api/cooperation/trainings/${programmeId}`);
      assert.equal(seenByB.statusCode, 200);
      const detail = seenByB.json<Item & { participantAgencyIds: string[]; sessions: { participation: unknown[] }[] }>();
      assert.deepEqual(detail.participantAgencyIds, [agencyB.id]);
      assert.equal(detail.sessions[0]?.participation.length, 2);
      assert.equal(detail.policies.update, false);
      assert.equal((await analystB.get(`/api/cooperation/training-sessions/${sessionId}`)).statusCode, 200);
      assert.ok((await analystB.get('/api/cooperation/trainings')).json<Listed>().items.some((p) => p.id === programmeId));
      expectRefusal(await liaisonC.get(`/api/cooperation/trainings/${programmeId}`), 404, 'NOT_FOUND');
      expectRefusal(await liaisonC.get(`/api/cooperation/training-sessions/${sessionId}`), 404, 'NOT_FOUND');
      assert.ok(!(await liaisonC.get('/api/cooperation/trainings')).json<Listed>().items.some((p) => p.id === programmeId));
      expectRefusal(
        await liaisonB.post('/api/cooperation/training-participation', { sessionId, state: 'SG', participants: 1 }),
        403,
        'FORBIDDEN',
      );
      expectRefusal(
        await liaisonC.post('/api/cooperation/training-participation', { sessionId, state: 'TH', participants: 1 }),
        404,
        'NOT_FOUND',
      );
      expectRefusal(
        await liaisonC.post('/api/cooperation/training-sessions', {
          programmeId,
          startsOn: `${lastYear}-05-01`,
          endsOn: `${lastYear}-05-01`,
          place: { city: 'Bangkok', country: 'TH' },
          hours: '1',
        }),
        404,
        'NOT_FOUND',
      );
    });

    it('refuses bad sessions and participation lines', async () => {
      const session = {
        programmeId,
        startsOn: `${lastYear}-05-01`,
        endsOn: `${lastYear}-05-02`,
        place: { city: 'Ipoh', country: 'MY' },
        hours: '12',
      };
      const bad = [
        { ...session, hours: '-5' },
        { ...session, hours: '0' },
        { ...session, hours: 12 },
        { ...session, hours: '1.255' },
        { ...session, endsOn: `${lastYear}-04-30` },
        { ...session, participation: [{ participants: 3 }] },
        { ...session, participation: [{ state: 'TH', participants: 0 }] },
        { ...session, participation: [{ state: 'TH', participants: 2, hours: '-1' }] },
        { ...session, participation: [{ participantAgencyId: agencyC.id, state: 'VN', participants: 2 }] },
        {
          ...session,
          participation: [
            { state: 'TH', participants: 2 },
            { state: 'TH', participants: 1 },
          ],
        },
        {
          ...session,
          participation: [
            { participantAgencyId: agencyC.id, participants: 2 },
            { participantAgencyId: agencyC.id, state: 'TH', participants: 1 },
          ],
        },
      ];
      for (const body of bad) {
        expectRefusal(await liaisonA.post('/api/cooperation/training-sessions', body), 400, 'INVALID_INPUT');
      }
      expectRefusal(
        await liaisonA.post('/api/cooperation/trainings', { title: 'Bad topic', topics: ['karaoke'], hostState: 'MY', year: lastYear }),
        400,
        'INVALID_INPUT',
      );
      expectRefusal(
        await liaisonA.post('/api/cooperation/trainings', { title: 'No topic', topics: [], hostState: 'MY', year: lastYear }),
        400,
        'INVALID_INPUT',
      );
      expectRefusal(
        await liaisonA.post('/api/cooperation/training-participation', { sessionId, participantAgencyId: agencyB.id, participants: 1 }),
        409,
        'CONFLICT',
      );
      expectRefusal(
        await liaisonA.patch(`/api/cooperation/training-sessions/${sessionId}`, { endsOn: `${lastYear}-03-01` }),
        400,
        'INVALID_INPUT',
      );
    });

    it('updates the programme, a session and a line; withdrawing the only line of an agency hides the programme from it', async () => {
      const renamed = await liaisonA.patch(`/api/cooperation/trainings/${programmeId}`, {
        title: 'Financial investigation course (2nd ed.)',
      });
      assert.equal(renamed.json<{ title: string }>().title, 'Financial investigation course (2nd ed.)');
      const moved = await liaisonA.patch(`/api/cooperation/training-sessions/${sessionId}`, {
        place: { city: 'Kuala Lumpur', country: 'MY' },
      });
      assert.equal(moved.json<{ place: { city: string } }>().place.city, 'Kuala Lumpur');
      const corrected = await liaisonA.patch(`/api/cooperation/training-participation/${lineOfB}`, { participants: 5, hours: '28.5' });
      assert.equal(corrected.statusCode, 200, corrected.body);
      assert.deepEqual(
        (({ participants, hours }) => ({ participants, hours }))(corrected.json<{ participants: number; hours: string }>()),
        { participants: 5, hours: '28.5' },
      );
      expectRefusal(await liaisonB.patch(`/api/cooperation/training-participation/${lineOfB}`, { participants: 9 }), 403, 'FORBIDDEN');
      const withdrawn = await liaisonA.patch(`/api/cooperation/training-participation/${lineOfB}`, { withdrawn: true });
      assert.equal(withdrawn.json<{ withdrawn: boolean }>().withdrawn, true);
      expectRefusal(await analystB.get(`/api/cooperation/trainings/${programmeId}`), 404, 'NOT_FOUND');
      const types = (await auditTypes(agencyA.id)).map((entry) => entry.type);
      for (const type of [
        'cooperation.training_created',
        'cooperation.training_updated',
        'cooperation.training_session_added',
        'cooperation.training_session_updated',
        'cooperation.training_participation_updated',
      ]) {
        assert.ok(types.includes(type), type);
      }
    });
  });

  describe('technical support', () => {
    const delivery = () => ({
      recipientAgencyId: agencyB.id,
      kind: 'equipment',
      description: 'Forensic workstations',
      value: '1234567.89',
      currency: 'USD',
      deliveredOn: `${lastYear}-11-20`,
    });

    it('keeps values as exact decimals, beyond what a double can hold', async () => {
      const created = await liaisonA.post('/api/cooperation/technical-support', delivery());
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json<Item>().id;
      assert.equal(created.json<{ value: string }>().value, '1234567.89');
      assert.equal((await liaisonA.get(`/api/cooperation/technical-support/${id}`)).json<{ value: string }>().value, '1234567.89');
      const huge = await liaisonA.patch(`/api/cooperation/technical-support/${id}`, { value: '9007199254740993.01' });
      assert.equal(huge.json<{ value: string }>().value, '9007199254740993.01');
      const yen = await liaisonA.post('/api/cooperation/technical-support', { ...delivery(), value: '1500000', currency: 'JPY' });
      assert.equal(yen.json<{ value: string }>().value, '1500000');
      const dinar = await liaisonA.post('/api/cooperation/technical-support', { ...delivery(), value: '0.125', currency: 'KWD' });
      assert.equal(dinar.json<{ value: string }>().value, '0.125');
    });

    it('shows a delivery to its recipient, not to a third agency', async () => {
      const id = (await liaisonA.post('/api/cooperation/technical-support', delivery())).json<Item>().id;
      const seen = await analystB.get(`/api/cooperation/technical-support/${id}`);
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json<Item>().policies.update, false);
      assert.ok((await analystB.get('/api/cooperation/technical-support')).json<Listed>().items.some((item) => item.id === id));
      expectRefusal(await liaisonC.get(`/api/cooperation/technical-support/${id}`), 404, 'NOT_FOUND');
      assert.ok(!(await liaisonC.get('/api/cooperation/technical-support')).json<Listed>().items.some((item) => item.id === id));
      expectRefusal(await liaisonB.patch(`/api/cooperation/technical-support/${id}`, { cancelled: true }), 403, 'FORBIDDEN');
      expectRefusal(await viewerA.post('/api/cooperation/technical-support', delivery()), 403, 'FORBIDDEN');
    });

    it('refuses bad currencies, bad values, deliveries to oneself and in the future', async () => {
      const bad = [
        { ...delivery(), currency: 'XYZ' },
        { ...delivery(), currency: 'usd' },
        { ...delivery(), currency: 'US' },
        { ...delivery(), value: '-1' },
        { ...delivery(), value: 1234.5 },
        { ...delivery(), value: '1,234.50' },
        { ...delivery(), value: '10.005' },
        { ...delivery(), value: '1000.5', currency: 'JPY' },
        { ...delivery(), kind: 'cash' },
        { ...delivery(), recipientAgencyId: agencyA.id },
        { ...delivery(), deliveredOn: `${nextYear}-01-01` },
      ];
      for (const body of bad) expectRefusal(await liaisonA.post('/api/cooperation/technical-support', body), 400, 'INVALID_INPUT');
      const id = (await liaisonA.post('/api/cooperation/technical-support', delivery())).json<Item>().id;
      expectRefusal(await liaisonA.patch(`/api/cooperation/technical-support/${id}`, { currency: 'JPY' }), 400, 'INVALID_INPUT');
    });
  });

  describe('joint operations', () => {
    let operationId: string;

    it('creates an active operation shared with its participants; closing it needs an end date', async () => {
      const created = await liaisonA.post('/api/cooperation/joint-operations', {
        name: 'Operation Test Harbour',
        status: 'active',
        participantAgencyIds: [agencyB.id, agencyA.id, agencyB.id],
        objectives: 'Trace proceeds through shell companies.',
        startsOn: `${lastYear}-11-03`,
      });
      assert.equal(created.statusCode, 201, created.body);
      const operation = created.json<Item & { participantAgencyIds: string[]; endsOn: string | null }>();
      operationId = operation.id;
      assert.deepEqual(operation.participantAgencyIds, [agencyB.id], 'deduplicated, without the owner');
      assert.equal(operation.endsOn, null);
      assert.equal((await analystB.get(`/api/cooperation/joint-operations/${operationId}`)).statusCode, 200);
      expectRefusal(await liaisonC.get(`/api/cooperation/joint-operations/${operationId}`), 404, 'NOT_FOUND');
      assert.ok(!(await liaisonC.get('/api/cooperation/joint-operations')).json<Listed>().items.some((item) => item.id === operationId));
      expectRefusal(await liaisonA.patch(`/api/cooperation/joint-operations/${operationId}`, { status: 'closed' }), 400, 'INVALID_INPUT');
      expectRefusal(
        await liaisonA.patch(`/api/cooperation/joint-operations/${operationId}`, { status: 'closed', endsOn: `${lastYear}-01-01` }),
        400,
        'INVALID_INPUT',
      );
      const closed = await adminA.patch(`/api/cooperation/joint-operations/${operationId}`, {
        status: 'closed',
        endsOn: `${thisYear}-01-31`,
      });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json<{ status: string; endsOn: string }>().endsOn, `${thisYear}-01-31`);
      const listed = (await liaisonA.get('/api/cooperation/joint-operations?status=closed')).json<Listed>().items;
      assert.ok(listed.some((item) => item.id === operationId));
      expectRefusal(
        await analystA.post('/api/cooperation/joint-operations', { name: 'Nope', startsOn: `${thisYear}-01-01` }),
        403,
        'FORBIDDEN',
      );
      const types = (await auditTypes(agencyA.id)).map((entry) => entry.type);
      assert.ok(types.includes('cooperation.joint_operation_created'));
      assert.ok(types.includes('cooperation.joint_operation_updated'));
    });
  });

  describe('row-level security underneath the policies', () => {
    const asAgency = (agencyId: string): DbScope => ({ scope: 'agency', agencyId, userId: null });

    it('a raw query with no WHERE sees only the agency’s own and shared rows; writes into another agency are refused', async () => {
      for (const table of [
        'cooperation_events',
        'training_programmes',
        'training_sessions',
        'training_participants',
        'technical_support',
        'joint_operations',
      ]) {
        const rows = await env.services.db.inScope(asAgency(agencyC.id), (trx) =>
          sql<{ agency: string }>`select agency_id::text as agency from ${sql.table(table)}`.execute(trx),
        );
        for (const row of rows.rows) assert.notEqual(row.agency, agencyA.id, `${table} shows agency C a row of A`);
      }
      const sharedWithB = await env.services.db.inScope(asAgency(agencyB.id), (trx) =>
        sql<{ n: number }>`select count(*)::int as n from cooperation_events where agency_id = ${agencyA.id}`.execute(trx),
      );
      assert.ok((sharedWithB.rows[0]?.n ?? 0) > 0, 'B sees the events A shared with it');
      await assert.rejects(
        env.services.db.inScope(asAgency(agencyB.id), (trx) =>
          sql`insert into joint_operations (agency_id, name, starts_on) values (${agencyA.id}, 'Forged', '2025-01-01')`.execute(trx),
        ),
        /row-level security/,
      );
      const updated = await env.services.db.inScope(asAgency(agencyB.id), (trx) =>
        sql`update cooperation_events set title = 'Changed by B' where agency_id = ${agencyA.id}`.execute(trx),
      );
      assert.equal(Number(updated.numAffectedRows ?? 0), 0, 'a participant cannot update the owner’s rows');
    });
  });

  describe('summary and dashboard', () => {
    it('adds up exactly the known set the actor may see', async () => {
      const owner = await buildAgency(env, { state: 'MY' });
      const thai = await buildAgency(env, { state: 'TH' });
      const viet = await buildAgency(env, { state: 'VN' });
      const liaison = await signedIn(env, await buildUser(env, { agency: owner, roles: ['liaison_officer'] }));
      const thaiAnalyst = await signedIn(env, await buildUser(env, { agency: thai, roles: ['analyst'] }));
      const ok = async (response: Promise<LightMyRequestResponse>) => {
        const result = await response;
        assert.ok(result.statusCode === 200 || result.statusCode === 201, result.body);
        return result.json<{ id: string; participation?: { id: string; state: string }[] }>();
      };
      const place = { city: 'Melaka', country: 'MY' };

      const lastYearProgramme = await ok(
        liaison.post('/api/cooperation/trainings', { title: 'Course one', topics: ['digital_evidence'], hostState: 'MY', year: lastYear }),
      );
      await ok(
        liaison.post('/api/cooperation/training-sessions', {
          programmeId: lastYearProgramme.id,
          startsOn: `${lastYear}-04-01`,
          endsOn: `${lastYear}-04-01`,
          place,
          hours: '6',
          participation: [
            { participantAgencyId: thai.id, participants: 3 },
            { participantAgencyId: viet.id, participants: 2, hours: '4.5' },
          ],
        }),
      );
      const cancelledSession = await ok(
        liaison.post('/api/cooperation/training-sessions', {
          programmeId: lastYearProgramme.id,
          startsOn: `${lastYear}-09-01`,
          endsOn: `${lastYear}-09-02`,
          place,
          hours: '10',
          participation: [{ participantAgencyId: thai.id, participants: 7 }],
        }),
      );
      await ok(liaison.patch(`/api/cooperation/training-sessions/${cancelledSession.id}`, { cancelled: true }));
      const thisYearProgramme = await ok(
        liaison.post('/api/cooperation/trainings', { title: 'Course two', topics: ['mla_drafting'], hostState: 'MY', year: thisYear }),
      );
      const session = await ok(
        liaison.post('/api/cooperation/training-sessions', {
          programmeId: thisYearProgramme.id,
          startsOn: `${thisYear}-01-12`,
          endsOn: `${thisYear}-01-13`,
          place,
          hours: '8',
          participation: [
            { participantAgencyId: thai.id, participants: 1 },
            { participantAgencyId: viet.id, participants: 5 },
          ],
        }),
      );
      const vietLine = session.participation?.find((line) => line.state === 'VN');
      await ok(liaison.patch(`/api/cooperation/training-participation/${vietLine?.id ?? ''}`, { withdrawn: true }));

      const event = (status: string, startsOn: string) => ({
        kind: 'conference',
        title: `Conference ${status}`,
        place,
        startsOn,
        endsOn: startsOn,
        status,
      });
      await ok(liaison.post('/api/cooperation/events', event('planned', `${nextYear}-03-01`)));
      await ok(liaison.post('/api/cooperation/events', event('planned', `${nextYear}-04-01`)));
      await ok(liaison.post('/api/cooperation/events', event('held', `${lastYear}-03-01`)));
      await ok(liaison.post('/api/cooperation/events', event('cancelled', `${lastYear}-05-01`)));
      const operation = (status: string, endsOn: string | null) => ({
        name: `Operation ${status}`,
        status,
        startsOn: `${lastYear}-01-01`,
        endsOn,
      });
      await ok(liaison.post('/api/cooperation/joint-operations', operation('planned', null)));
      await ok(liaison.post('/api/cooperation/joint-operations', operation('active', null)));
      await ok(liaison.post('/api/cooperation/joint-operations', operation('closed', `${lastYear}-12-31`)));
      const support = (recipient: string, value: string, currency: string) => ({
        recipientAgencyId: recipient,
        kind: 'software',
        description: 'Licences',
        value,
        currency,
        deliveredOn: `${lastYear}-06-30`,
      });
      await ok(liaison.post('/api/cooperation/technical-support', support(thai.id, '100.10', 'USD')));
      await ok(liaison.post('/api/cooperation/technical-support', support(viet.id, '200', 'USD')));
      await ok(liaison.post('/api/cooperation/technical-support', support(thai.id, '5000', 'CNY')));
      const mistaken = await ok(liaison.post('/api/cooperation/technical-support', support(thai.id, '999', 'USD')));
      await ok(liaison.patch(`/api/cooperation/technical-support/${mistaken.id}`, { cancelled: true }));

      const summary = await liaison.get('/api/cooperation/summary');
      assert.equal(summary.statusCode, 200, summary.body);
      const expectedTrainings = {
        byYear: [
          { year: lastYear, programmes: 1, sessions: 1, participants: 5, participantHours: '27' },
          { year: thisYear, programmes: 1, sessions: 1, participants: 1, participantHours: '8' },
        ],
        byStateAndYear: [
          { year: lastYear, state: 'TH', sessions: 1, participants: 3, participantHours: '18' },
          { year: lastYear, state: 'VN', sessions: 1, participants: 2, participantHours: '9' },
          { year: thisYear, state: 'TH', sessions: 1, participants: 1, participantHours: '8' },
        ],
      };
      assert.deepEqual(summary.json(), {
        trainings: expectedTrainings,
        events: { planned: 2, held: 1, cancelled: 1 },
        jointOperations: { planned: 1, active: 1, closed: 1 },
        technicalSupport: [
          { currency: 'CNY', deliveries: 1, total: '5000' },
          { currency: 'USD', deliveries: 2, total: '300.10' },
        ],
      });

      // The Thai agency takes part in both programmes and received two deliveries; it was at none of the events.
      const thaiSummary: unknown = (await thaiAnalyst.get('/api/cooperation/summary')).json();
      assert.deepEqual(thaiSummary, {
        trainings: expectedTrainings,
        events: { planned: 0, held: 0, cancelled: 0 },
        jointOperations: { planned: 0, active: 0, closed: 0 },
        technicalSupport: [
          { currency: 'CNY', deliveries: 1, total: '5000' },
          { currency: 'USD', deliveries: 1, total: '100.10' },
        ],
      });

      const cards = (await liaison.get('/api/dashboard')).json<{ cards: { id: string; value: number }[] }>().cards;
      const card = (id: string) => cards.find((entry) => entry.id === id)?.value;
      assert.equal(card('cooperation.trainings-this-year'), 1);
      assert.equal(card('cooperation.active-joint-operations'), 1);
      assert.equal(card('cooperation.upcoming-events'), 2);
    });
  });

  it('leaves the audit chain intact', async () => {
    const result = await verifyAuditChain(env.services);
    assert.equal(result.ok, true, result.problem ?? '');
  });
});
