import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { scopeOf, type Actor } from '../../src/modules/platform/context.ts';
import { startJob } from '../../src/modules/platform/jobs/jobs.ts';
import { buildAgency, buildUser, createTestEnv, signedIn, type TestEnv, type TestUser } from '../helpers/harness.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background jobs', () => {
  let env: TestEnv;
  let analyst: TestUser;
  let colleague: TestUser;
  let adminA: TestUser;
  let adminB: TestUser;

  const actorOf = (user: TestUser): Actor => ({
    userId: user.id,
    agencyId: user.agencyId,
    roles: user.roles,
    email: user.email,
    displayName: 'x',
    sessionId: 's',
  });
  const start = (user: TestUser, type: string, payload: Record<string, unknown> = {}) =>
    env.services.db.inScope(scopeOf(actorOf(user)), (trx) =>
      startJob({ actor: actorOf(user), trx, requestId: 'test', now: new Date(), services: env.services }, { type, payload }),
    );
  async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let i = 0; i < 400; i += 1) {
      const value = await read();
      if (done(value)) return value;
      await sleep(50);
    }
    throw new Error('condition not reached');
  }

  before(async () => {
    env = await createTestEnv();
    const a = await buildAgency(env);
    const b = await buildAgency(env);
    analyst = await buildUser(env, { agency: a, roles: ['analyst'] });
    colleague = await buildUser(env, { agency: a, roles: ['analyst'] });
    adminA = await buildUser(env, { agency: a, roles: ['agency_admin'] });
    adminB = await buildUser(env, { agency: b, roles: ['agency_admin'] });
    env.services.jobs.register('test.steps', async (run) => {
      const steps = Number(run.payload.steps ?? 3);
      for (let i = 1; i <= steps; i += 1) {
        await sleep(Number(run.payload.stepMs ?? 10));
        await run.progress((i / steps) * 100, `step ${i} of ${steps}`);
      }
      return { steps };
    });
    env.services.jobs.register('test.fails', () => Promise.reject(new Error('the input file is not valid CSV')));
  });
  after(() => env.close());

  it('runs a job to completion with progress and a result', async () => {
    const job = await start(analyst, 'test.steps', { steps: 4 });
    const client = await signedIn(env, analyst);
    const finished = await waitFor(
      async () => (await client.get(`/api/jobs/${job.id}`)).json<{ status: string; progress: number; result: unknown; message: string }>(),
      (j) => j.status === 'succeeded',
    );
    assert.equal(finished.progress, 100);
    assert.deepEqual(finished.result, { steps: 4 });
    assert.ok((await client.get('/api/jobs')).json<{ items: { id: string }[] }>().items.some((j) => j.id === job.id));
  });

  it('records a failing job as failed with its error', async () => {
    const job = await start(analyst, 'test.fails');
    const client = await signedIn(env, analyst);
    const failed = await waitFor(
      async () => (await client.get(`/api/jobs/${job.id}`)).json<{ status: string; error: string }>(),
      (j) => j.status === 'failed',
    );
    assert.match(failed.error, /not valid CSV/);
  });

  it('cancels a running job at its next progress report', async () => {
    const job = await start(analyst, 'test.steps', { steps: 400, stepMs: 25 });
    const client = await signedIn(env, analyst);
    await waitFor(
      async () => (await client.get(`/api/jobs/${job.id}`)).json<{ status: string; progress: number }>(),
      (j) => j.status === 'running' && j.progress > 0,
    );
    const cancel = await client.post(`/api/jobs/${job.id}/cancel`);
    assert.equal(cancel.statusCode, 200);
    const cancelled = await waitFor(
      async () => (await client.get(`/api/jobs/${job.id}`)).json<{ status: string; progress: number }>(),
      (j) => j.status !== 'running',
    );
    assert.equal(cancelled.status, 'cancelled');
    assert.ok(cancelled.progress < 100);
    assert.equal((await client.post(`/api/jobs/${job.id}/cancel`)).statusCode, 403, 'a finished job cannot be cancelled');
  });

  it('shows a job to its creator and their agency administrator only', async () => {
    const job = await start(analyst, 'test.steps', { steps: 1 });
    await env.services.jobs.idle();
    const colleagueClient = await signedIn(env, colleague);
    assert.equal((await colleagueClient.get(`/api/jobs/${job.id}`)).statusCode, 404);
    assert.equal((await colleagueClient.post(`/api/jobs/${job.id}/cancel`)).statusCode, 404);
    assert.ok(!(await colleagueClient.get('/api/jobs')).json<{ items: { id: string }[] }>().items.some((j) => j.id === job.id));
    assert.equal((await (await signedIn(env, adminA)).get(`/api/jobs/${job.id}`)).statusCode, 200);
    assert.equal((await (await signedIn(env, adminB)).get(`/api/jobs/${job.id}`)).statusCode, 404);
  });

  it('uses pg-boss on the PostgreSQL server and the in-process runner on PGlite', () => {
    assert.equal(env.services.jobs.kind, env.services.db.kind === 'postgresql' ? 'pg-boss' : 'in-process');
  });
});
