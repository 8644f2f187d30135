import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemScope } from '../../src/db/database.ts';
import { roles, type Role, type SessionStage } from '../../src/db/schema.ts';
import { csrfTokenFor, newSessionToken } from '../../src/modules/platform/auth/session-tokens.ts';
import { scopeOf, type Actor } from '../../src/modules/platform/context.ts';
import { startJob } from '../../src/modules/platform/jobs/jobs.ts';
import { roleMayAttempt } from '../../src/modules/platform/policy.ts';
import { buildApp, type RegisteredRoute } from '../../src/server/app.ts';
import { ruleFor } from '../../src/server/access.ts';
import { buildAgency, buildUser, createTestEnv, type TestAgency, type TestEnv, type TestUser } from '../helpers/harness.ts';

/**
 * Calls every registered API route as anonymous, as each role of agency A, as a user whose MFA step is pending, and
 * as an administrator of agency B on A's objects, and checks the outcome against the route's declared access rule.
 * A route added later is enumerated here without any change; a path parameter of a resource without a fixture below
 * fails the test, so that nobody can add a route this harness does not call.
 */
interface Caller {
  name: string;
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
      callers.push({ name: role, roles: [role], stage: 'active', ...(await sessionFor(user)) });
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
  });
  after(() => env.close());

  const routesUnderTest = () => env.app.concordRoutes.filter((route) => !route.url.startsWith('/api/docs'));

  function urlFor(route: RegisteredRoute): string {
    return route.url.replace(/:([a-zA-Z]+)/g, (_match, name: string) => {
      const resource = route.access.kind === 'policy' ? route.access.policy.resource : 'none';
      const id = name === 'id' ? fixtures[resource] : undefined;
      if (!id) throw new Error(`${route.method} ${route.url}: no fixture for :${name} of resource "${resource}"; add one to this test`);
      return id;
    });
  }

  async function call(route: RegisteredRoute, caller?: Caller) {
    return env.app.inject({
      method: route.method as 'GET',
      url: urlFor(route),
      headers: caller?.cookie ? { cookie: caller.cookie, 'x-csrf-token': caller.csrf ?? '' } : {},
      ...(route.method === 'GET' ? {} : { payload: {} }),
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
        const body = response.json<{ code?: string; details?: { rule?: string } }>();
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
  });

  it('an administrator of agency B gets 404 or a role refusal on A’s objects, and never sees their ids', async () => {
    for (const route of routesUnderTest()) {
      if (route.access.kind === 'public' || route.url === '/api/auth/logout') continue;
      const response = await call(route, outsider);
      const label = `${route.method} ${route.url} as ${outsider.name}: ${response.statusCode} ${response.body.slice(0, 120)}`;
      if (route.url.includes(':')) {
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
