import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemScope } from '../../src/db/database.ts';
import { roles, type Role, type SessionStage } from '../../src/db/schema.ts';
import { csrfTokenFor, newSessionToken } from '../../src/modules/platform/auth/session-tokens.ts';
import { scopeOf, type Actor } from '../../src/modules/platform/context.ts';
import { startJob } from '../../src/modules/platform/jobs/jobs.ts';
import { roleMayAttempt } from '../../src/modules/platform/policy.ts';
import { roleGrantRules } from '../../src/modules/platform/users/role-grants.ts';
import { createCampaign, createCampaignInput } from '../../src/modules/fugitives/campaigns/campaigns.ts';
import { requestNotice, requestNoticeInput } from '../../src/modules/fugitives/notices/notices.ts';
import { createPerson, createPersonInput } from '../../src/modules/fugitives/persons/persons.ts';
import { addPhoto, addPhotoInput } from '../../src/modules/fugitives/persons/photos.ts';
import { recordStep, recordStepInput } from '../../src/modules/fugitives/returns/steps.ts';
import { buildApp, type RegisteredRoute } from '../../src/server/app.ts';
import { ruleFor } from '../../src/server/access.ts';
import { legalBasisDemo, seedLegalBasisDemo } from '../../src/modules/legal-basis/demo-data.ts';
import { startBatch, startBatchInput } from '../../src/modules/screening/batches/batches.ts';
import { listHits, listHitsQuery } from '../../src/modules/screening/hits/hits.ts';
import { importWatchlist, importWatchlistInput } from '../../src/modules/screening/watchlists/import-watchlist.ts';
import { createWatchlist, createWatchlistInput } from '../../src/modules/screening/watchlists/watchlists.ts';
import { buildCooperationRecords } from '../helpers/fixtures.ts';
import { buildAgency, buildUser, createTestEnv, type TestAgency, type TestEnv, type TestUser } from '../helpers/harness.ts';

/**
 * Calls every registered API route as anonymous, as each role of agency A, as a user whose MFA step is pending, and
 * as an administrator of agency B on A's objects, and checks the outcome against the route's declared access rule.
 * A route added later is enumerated here without any change; a path parameter of a resource without a fixture below
 * fails the test, so that nobody can add a route this harness does not call.
 */
interface Caller {
  name: string;
  userId?: string;
  cookie?: string;
  csrf?: string;
  roles: Role[];
  stage: SessionStage;
}

describe('authorisation matrix over every registered route', () => {
  let env: TestEnv;
  let agencyA: TestAgency;
  let agencyB: TestAgency;
  const callers: Caller[] = [];
  let outsider: Caller;
  let pending: Caller;
  const fixtures: Record<string, string> = {};
  /** Bodies for routes whose body must be valid for the request to reach the object look-up (else it is a 400). */
  const bodies: Record<string, unknown> = {};
  const secretIdsOfA: string[] = [];

  async function sessionFor(user: TestUser, stage: SessionStage = 'active'): Promise<{ cookie: string; csrf: string }> {
    const { token, hash } = newSessionToken();
    const row = await env.services.db.inScope(systemScope, (trx) =>
      trx
        .insertInto('sessions')
        .values({ agency_id: user.agencyId, user_id: user.id, token_hash: hash, stage, expires_at: new Date(Date.now() + 3_600_000) })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    return { cookie: `concord_session=${token}`, csrf: csrfTokenFor(env.services.secrets.sessionKey, row.id) };
  }

  before(async () => {
    env = await createTestEnv();
    agencyA = await buildAgency(env, { state: 'MY' });
    agencyB = await buildAgency(env, { state: 'SG' });
    const platformAgency = await buildAgency(env, { state: 'ID' });
    for (const role of roles) {
      const user = await buildUser(env, { agency: role === 'platform_admin' ? platformAgency : agencyA, roles: [role] });
      callers.push({ name: role, userId: user.id, roles: [role], stage: 'active', ...(await sessionFor(user)) });
    }
    const adminB = await buildUser(env, { agency: agencyB, roles: ['agency_admin'] });
    outsider = { name: 'agency_admin of B', roles: ['agency_admin'], stage: 'active', ...(await sessionFor(adminB)) };
    const pendingUser = await buildUser(env, { agency: agencyA, roles: ['agency_admin'] });
    pending = {
      name: 'agency_admin of A, MFA pending',
      roles: ['agency_admin'],
      stage: 'mfa_pending',
      ...(await sessionFor(pendingUser, 'mfa_pending')),
    };

    const victim = await buildUser(env, { agency: agencyA, roles: ['investigator'] });
    const analyst = await buildUser(env, { agency: agencyA, roles: ['analyst'] });
    const actor: Actor = {
      userId: analyst.id,
      agencyId: agencyA.id,
      roles: ['analyst'],
      email: analyst.email,
      displayName: 'a',
      sessionId: 's',
    };
    env.services.jobs.register('test.matrix', () => Promise.resolve({ ok: true }));
    const job = await env.services.db.inScope(scopeOf(actor), (trx) =>
      startJob({ actor, trx, requestId: 'matrix', now: new Date(), services: env.services }, { type: 'test.matrix' }),
    );
    await env.services.jobs.idle();
    // Objects of agency A that the path parameter `:id` stands for, by the resource of the route's policy.
    fixtures.user = victim.id;
    fixtures.agency = agencyA.id;
    fixtures.job = job.id;
    secretIdsOfA.push(victim.id, analyst.id, agencyA.id, job.id);

    // Cooperation records of agency A, shared with no agency of the callers (the delivery goes to the platform agency).
    const liaison = await buildUser(env, { agency: agencyA, roles: ['liaison_officer'] });
    const coordinator: Actor = { ...actor, userId: liaison.id, email: liaison.email, roles: ['liaison_officer'] };
    const cooperation = await env.services.db.inScope(scopeOf(coordinator), async (trx) => {
      const ctx = { actor: coordinator, trx, requestId: 'matrix', now: new Date(), services: env.services };
      return buildCooperationRecords(ctx, { label: 'Matrix', recipientAgencyId: platformAgency.id });
    });
    fixtures.cooperation_event = cooperation.event.id;
    fixtures.training_programme = cooperation.programme.id;
    fixtures.training_session = cooperation.session.id;
    fixtures.training_participation = cooperation.session.participation[0]!.id;
    fixtures.technical_support = cooperation.support.id;
    fixtures.joint_operation = cooperation.operation.id;
    secretIdsOfA.push(
      liaison.id,
      cooperation.event.id,
      cooperation.programme.id,
      cooperation.session.id,
      cooperation.session.participation[0]!.id,
      cooperation.support.id,
      cooperation.operation.id,
    );
  });
  before(async () => {
    // Screening records of agency A: an agency-visible watchlist with one entry, and a finished batch with its hit.
    const investigator = await buildUser(env, { agency: agencyA, roles: ['investigator'] });
    const screener: Actor = {
      userId: investigator.id,
      agencyId: agencyA.id,
      roles: ['investigator'],
      email: investigator.email,
      displayName: 'i',
      sessionId: 's',
    };
    const inScreenerScope = <T>(work: (ctx: Parameters<typeof createWatchlist>[0]) => Promise<T>) =>
      env.services.db.inScope(scopeOf(screener), (trx) =>
        work({ actor: screener, trx, requestId: 'matrix', now: new Date(), services: env.services }),
      );
    const person = 'full_name,date_of_birth\nMatrix Person,1970\n';
    const watchlist = await inScreenerScope(async (ctx) => {
      const created = await createWatchlist(ctx, createWatchlistInput.parse({ name: 'Matrix watchlist' }));
      await importWatchlist(ctx, created.id, importWatchlistInput.parse({ format: 'csv', content: person }));
      return created;
    });
    const entry = await env.services.db.unsafeOwner
      .selectFrom('screening_entries')
      .select('id')
      .where('watchlist_id', '=', watchlist.id)
      .executeTakeFirstOrThrow();
    const { batch } = await inScreenerScope((ctx) =>
      startBatch(ctx, startBatchInput.parse({ fileName: 'matrix.csv', content: person, watchlistIds: [watchlist.id] })),
    );
    await env.services.jobs.idle();
    const hits = await inScreenerScope((ctx) => listHits(ctx, listHitsQuery.parse({ batchId: batch.id })));
    assert.ok(hits.items[0], 'the matrix batch has a hit');
    fixtures.watchlist = watchlist.id;
    fixtures['watchlist:watchlistId'] = watchlist.id;
    fixtures['watchlist:entryId'] = entry.id;
    fixtures.screening_batch = batch.id;
    fixtures.screening_hit = hits.items[0].id;
    bodies['POST /api/screening/match/:watchlistId'] = { queries: { q: { schema: 'Person', properties: { name: ['Matrix Person'] } } } };
    bodies['POST /api/screening/watchlists/:id/import'] = { format: 'csv', content: person, mode: 'merge' };
    bodies['POST /api/screening/hits/:id/decision'] = { decision: 'dismissed', reason: 'Matrix decision' };
    secretIdsOfA.push(investigator.id, watchlist.id, entry.id, batch.id, hits.items[0].id);
    if (batch.jobId) secretIdsOfA.push(batch.jobId);
  });
  before(async () => {
    const matrixPng = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('matrix')]).toString('base64');
    // A wanted person of agency A with a diffusion to a state none of the callers' agencies is in (TH), and a
    // campaign: agency B (SG) must never see them, whatever the callers of A do to the notice.
    const investigator = await buildUser(env, { agency: agencyA, roles: ['investigator'] });
    const keeper: Actor = {
      userId: investigator.id,
      agencyId: agencyA.id,
      roles: ['investigator'],
      email: investigator.email,
      displayName: 'f',
      sessionId: 's',
    };
    const records = await env.services.db.inScope(scopeOf(keeper), async (trx) => {
      const ctx = { actor: keeper, trx, requestId: 'matrix', now: new Date(), services: env.services };
      const person = await createPerson(ctx, createPersonInput.parse({ names: ['Matrix Fugitive'], fledOn: '2019-01-01' }));
      const notice = await requestNotice(
        ctx,
        person.id,
        requestNoticeInput.parse({ kind: 'diffusion', targetStates: ['TH'], requestedOn: '2019-02-01' }),
      );
      const campaign = await createCampaign(ctx, createCampaignInput.parse({ name: 'Matrix campaign', fugitiveIds: [person.id] }));
      const photo = await addPhoto(ctx, person.id, addPhotoInput.parse({ mediaType: 'image/png', content: matrixPng }));
      const step = await recordStep(ctx, person.id, recordStepInput.parse({ kind: 'located', on: '2019-03-01', state: 'TH' }));
      return { person, notice, campaign, photo, step };
    });
    fixtures.fugitive = records.person.id;
    fixtures['fugitive:noticeId'] = records.notice.id;
    fixtures['fugitive:hash'] = records.photo.sha256;
    fixtures['fugitive:stepId'] = records.step.id;
    fixtures.fugitive_campaign = records.campaign.id;
    bodies['POST /api/fugitives/:id/notes'] = { body: 'Matrix note' };
    bodies['POST /api/fugitives/:id/photos'] = { mediaType: 'image/png', content: matrixPng };
    bodies['POST /api/fugitives/:id/notices'] = { kind: 'diffusion', targetStates: ['TH'], requestedOn: '2020-01-01' };
    bodies['POST /api/fugitives/:id/notices/:noticeId/status'] = { status: 'cancelled', on: '2020-01-02' };
    bodies['POST /api/fugitives/:id/sightings'] = { state: 'MY', seenOn: '2020-01-01', source: 'matrix', confidence: 'low' };
    bodies['POST /api/fugitives/:id/steps'] = { kind: 'located', on: '2020-01-01', state: 'MY' };
    bodies['POST /api/fugitives/:id/steps/:stepId/retract'] = { reason: 'Matrix retraction' };
    bodies['POST /api/fugitives/campaigns/:id/members'] = { fugitiveIds: [records.person.id] };
    // A yellow notice: a red one would share the imported person with every agency, agency B included.
    bodies['POST /api/fugitives/interpol/import'] = {
      documents: [{ fileName: 'matrix-yellow.json', content: JSON.stringify({ entity_id: '2099/09999', name: 'MATRIX PERSON' }) }],
    };
    secretIdsOfA.push(investigator.id, records.person.id, records.notice.id, records.campaign.id, records.step.id);
  });
  before(async () => {
    // Shared reference data of the legal-basis registry: path parameters of its routes.
    await seedLegalBasisDemo(env.services.db);
    fixtures['state:code'] = 'TH';
    fixtures.instrument = legalBasisDemo.instruments[0]!.id;
    const declaration = await env.services.db.unsafeOwner.selectFrom('legal_declarations').select('id').limit(1).executeTakeFirstOrThrow();
    fixtures.declaration = declaration.id;
  });
  after(() => env.close());

  const routesUnderTest = () => env.app.concordRoutes.filter((route) => !route.url.startsWith('/api/docs'));

  function urlFor(route: RegisteredRoute): string {
    return route.url.replace(/:([a-zA-Z]+)/g, (_match, name: string) => {
      const resource = route.access.kind === 'policy' ? route.access.policy.resource : 'none';
      const id = fixtures[`${resource}:${name}`] ?? (name === 'id' ? fixtures[resource] : undefined);
      if (!id) throw new Error(`${route.method} ${route.url}: no fixture for :${name} of resource "${resource}"; add one to this test`);
      return id;
    });
  }

  async function call(route: RegisteredRoute, caller?: Caller) {
    return env.app.inject({
      method: route.method as 'GET',
      url: urlFor(route),
      headers: caller?.cookie ? { cookie: caller.cookie, 'x-csrf-token': caller.csrf ?? '' } : {},
      ...(route.method === 'GET' ? {} : { payload: bodies[`${route.method} ${route.url}`] ?? {} }),
    });
  }

  it('every API route declares an access rule (enforced when the app is built)', async () => {
    assert.ok(routesUnderTest().length >= 20, 'routes are registered');
    const app = await buildApp(env.services);
    assert.throws(() => app.get('/api/undeclared', () => ({})), /declares no access rule/);
    await app.close();
  });

  it('anonymous callers get 401 everywhere except public routes', async () => {
    for (const route of routesUnderTest()) {
      const response = await call(route);
      if (route.access.kind === 'public') {
        assert.notEqual(response.statusCode, 401, `${route.method} ${route.url}`);
      } else {
        assert.equal(response.statusCode, 401, `${route.method} ${route.url} answered ${response.statusCode} to anonymous`);
        assert.equal(response.json<{ code: string }>().code, 'UNAUTHENTICATED');
      }
    }
  });

  it('each role of agency A gets exactly what the route’s rule grants', async () => {
    for (const route of routesUnderTest()) {
      if (route.access.kind === 'public' || route.url === '/api/auth/logout') continue;
      for (const caller of callers) {
        const response = await call(route, caller);
        // Not every answer is JSON (e.g. a CSV download).
        const isJson = String(response.headers['content-type'] ?? '').includes('json');
        const body = isJson && response.body ? response.json<{ code?: string; details?: { rule?: string } }>() : {};
        const label = `${route.method} ${route.url} as ${caller.name}: ${response.statusCode} ${response.body.slice(0, 120)}`;
        const rule = ruleFor(route.access);
        const stageAllowed = route.access.kind !== 'session' || route.access.stages.includes('active');
        if (!stageAllowed) {
          assert.ok(response.statusCode >= 400, label);
        } else if (rule && !roleMayAttempt(rule, caller.roles)) {
          assert.equal(response.statusCode, 403, label);
          assert.equal(body.details?.rule, 'role', label);
        } else {
          assert.notEqual(response.statusCode, 401, label);
          assert.ok(!(response.statusCode === 403 && body.details?.rule === 'role'), label);
          assert.ok(response.statusCode < 500, label);
        }
      }
    }
  });

  it('spot checks: the rules are the intended ones', async () => {
    const find = (method: string, url: string) => {
      const route = routesUnderTest().find((r) => r.method === method && r.url === url);
      assert.ok(route, `${method} ${url} is registered`);
      return route;
    };
    const status = async (method: string, url: string, role: Role) =>
      (
        await call(
          find(method, url),
          callers.find((c) => c.name === role),
        )
      ).statusCode;
    assert.equal(await status('GET', '/api/users', 'analyst'), 403);
    assert.equal(await status('GET', '/api/users', 'agency_admin'), 200);
    assert.equal(await status('GET', '/api/audit', 'investigator'), 403);
    assert.equal(await status('GET', '/api/audit', 'agency_admin'), 200);
    assert.equal(await status('POST', '/api/audit/verify', 'agency_admin'), 403);
    assert.equal(await status('POST', '/api/agencies', 'agency_admin'), 403);
    assert.equal(await status('PATCH', '/api/settings', 'agency_admin'), 403);
    assert.equal(await status('GET', '/api/dashboard', 'viewer'), 200);
    assert.equal(await status('POST', '/api/cooperation/events', 'viewer'), 403);
    assert.equal(await status('POST', '/api/cooperation/events', 'analyst'), 403);
    assert.equal(await status('GET', '/api/cooperation/summary', 'viewer'), 200);
    assert.equal(await status('POST', '/api/screening/match/:watchlistId', 'viewer'), 403);
    assert.equal(await status('POST', '/api/screening/match/:watchlistId', 'liaison_officer'), 200);
    assert.equal(await status('POST', '/api/screening/watchlists', 'analyst'), 403);
    assert.equal(await status('GET', '/api/screening/watchlists/:id/entries', 'approver'), 403);
    assert.equal(await status('POST', '/api/screening/hits/:id/decision', 'liaison_officer'), 403);
    assert.equal(await status('GET', '/api/screening/hits', 'liaison_officer'), 200);
    assert.equal(await status('GET', '/api/fugitives', 'viewer'), 403);
    assert.equal(await status('GET', '/api/fugitives', 'platform_admin'), 403);
    assert.equal(await status('GET', '/api/fugitives/:id', 'liaison_officer'), 200);
    assert.equal(await status('PATCH', '/api/fugitives/:id', 'analyst'), 403);
    assert.equal(await status('GET', '/api/fugitives/:id/notes', 'analyst'), 200);
    assert.equal(await status('POST', '/api/fugitives/:id/steps', 'liaison_officer'), 403);
    assert.equal(await status('GET', '/api/fugitives/campaigns/:id/progress', 'investigator'), 200);
  });

  it('no role can give itself another role, and roles over shared data come only from a platform administrator', async () => {
    const rolesOf = async (userId: string) =>
      (
        await env.services.db.inScope(systemScope, (trx) =>
          trx.selectFrom('users').select('roles').where('id', '=', userId).executeTakeFirstOrThrow(),
        )
      ).roles;
    const patch = (caller: Caller, userId: string, payload: unknown) =>
      env.app.inject({
        method: 'PATCH',
        url: `/api/users/${userId}`,
        headers: { cookie: caller.cookie ?? '', 'x-csrf-token': caller.csrf ?? '' },
        payload: payload as Record<string, unknown>,
      });
    for (const caller of callers) {
      for (const role of roles) {
        if (caller.roles.includes(role)) continue;
        const response = await patch(caller, caller.userId!, { roles: [...caller.roles, role] });
        assert.equal(response.statusCode, 403, `${caller.name} granting itself ${role}: ${response.statusCode} ${response.body}`);
        assert.deepEqual(await rolesOf(caller.userId!), caller.roles, `${caller.name} still holds only its roles`);
      }
    }
    // An agency administrator grants the roles of its agency to a colleague, never a role over shared data.
    const admin = callers.find((caller) => caller.name === 'agency_admin')!;
    const platform = callers.find((caller) => caller.name === 'platform_admin')!;
    for (const role of roles) {
      const colleague = await buildUser(env, { agency: agencyA, roles: ['viewer'] });
      const byAdmin = await patch(admin, colleague.id, { roles: ['viewer', role] });
      if (roleGrantRules[role].reach === 'shared') {
        assert.equal(byAdmin.statusCode, 403, `agency_admin granting ${role}: ${byAdmin.body}`);
        assert.deepEqual(await rolesOf(colleague.id), ['viewer']);
        const created = await env.app.inject({
          method: 'POST',
          url: '/api/users',
          headers: { cookie: admin.cookie ?? '', 'x-csrf-token': admin.csrf ?? '' },
          payload: { email: `made.${role}@matrix.test`, displayName: 'Made', roles: [role], password: 'a long password 123' },
        });
        assert.equal(created.statusCode, 403, `agency_admin creating a ${role}: ${created.body}`);
        const byPlatform = await patch(platform, colleague.id, { roles: ['viewer', role] });
        assert.equal(byPlatform.statusCode, 200, `platform_admin granting ${role}: ${byPlatform.body}`);
        // Once granted from above, the agency administrator can neither remove it nor have it removed by renaming.
        assert.equal((await patch(admin, colleague.id, { roles: ['viewer'] })).statusCode, 403);
        assert.equal((await patch(admin, colleague.id, { displayName: 'Renamed', roles: ['viewer', role] })).statusCode, 200);
        assert.deepEqual([...(await rolesOf(colleague.id))].sort(), ['viewer', role].sort());
      } else {
        assert.equal(byAdmin.statusCode, 200, `agency_admin granting ${role}: ${byAdmin.body}`);
      }
    }
  });

  it('an administrator of agency B gets 404 or a role refusal on A’s objects, and never sees their ids', async () => {
    for (const route of routesUnderTest()) {
      if (route.access.kind === 'public' || route.url === '/api/auth/logout') continue;
      const response = await call(route, outsider);
      const label = `${route.method} ${route.url} as ${outsider.name}: ${response.statusCode} ${response.body.slice(0, 120)}`;
      const sharedReferenceData = route.access.kind === 'policy' && route.access.policy.shared;
      if (route.url.includes(':') && !sharedReferenceData) {
        assert.ok(response.statusCode === 404 || response.statusCode === 403, label);
        if (response.statusCode === 403) assert.equal(response.json<{ details?: { rule?: string } }>().details?.rule, 'role', label);
      }
      for (const id of secretIdsOfA) assert.ok(!response.body.includes(id), `${label} leaks ${id}`);
    }
  });

  it('a session still waiting for its MFA code reaches nothing but the code step and sign-out', async () => {
    for (const route of routesUnderTest()) {
      if (route.access.kind === 'public' || route.url === '/api/auth/logout') continue;
      const response = await call(route, pending);
      const allowsPending = route.access.kind === 'session' && route.access.stages.includes('mfa_pending');
      if (!allowsPending) {
        assert.equal(response.statusCode, 401, `${route.method} ${route.url}`);
        assert.equal(response.json<{ code: string }>().code, 'MFA_REQUIRED');
      }
    }
  });
});
