import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { systemScope } from '../../src/db/database.ts';
import { verifyAuditChain } from '../../src/modules/platform/audit/verify-audit-chain.ts';
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

describe('audit chain', () => {
  let env: TestEnv;
  let agency: TestAgency;
  let admin: TestUser;
  let client: Client;

  const verify = () => verifyAuditChain(env.services);
  /** Tampering as someone with the database owner's rights (the application role cannot do any of this). */
  const tamper = async (statement: ReturnType<typeof sql>) => {
    await env.services.db.unsafeOwner.transaction().execute(async (trx) => {
      await sql`alter table audit_log disable trigger user`.execute(trx);
      await statement.execute(trx);
      await sql`alter table audit_log enable trigger user`.execute(trx);
    });
  };

  beforeEach(async () => {
    env = await createTestEnv({ CONCORD_AUDIT_CHECKPOINT_EVERY: '5' });
    agency = await buildAgency(env);
    admin = await buildUser(env, { agency, roles: ['agency_admin'] });
    client = await signedIn(env, admin);
    for (let i = 0; i < 6; i += 1) await client.get('/api/users');
  });
  const closeEnv = () => env.close();

  it('records writes and reads of personal data, linked and checkpointed', async () => {
    try {
      const created = await client.post('/api/users', {
        email: 'new.analyst@x.test',
        displayName: 'New Analyst',
        roles: ['analyst'],
        password: 'a long password 123',
      });
      assert.equal(created.statusCode, 201);
      const id = created.json<{ id: string }>().id;
      await client.get(`/api/users/${id}`);
      const types = (await client.get('/api/audit?limit=20')).json<{ items: { type: string; actorUserId: string | null }[] }>().items;
      assert.ok(types.some((e) => e.type === 'user.created' && e.actorUserId === admin.id));
      assert.ok(types.some((e) => e.type === 'user.viewed'));
      assert.ok(types.some((e) => e.type === 'users.listed'));
      const result = await verify();
      assert.equal(result.ok, true, result.problem ?? '');
      assert.ok(result.checkpoints >= 2);
    } finally {
      await closeEnv();
    }
  });

  it('writes the entry in the same transaction as the change: a refused change leaves no entry', async () => {
    try {
      const before = await verify();
      const refused = await client.post('/api/users', {
        email: 'x@x.test',
        displayName: 'X',
        roles: ['platform_admin'],
        password: 'a long password 123',
      });
      assert.equal(refused.statusCode, 403);
      const afterwards = await env.services.db.inScope(systemScope, (trx) =>
        trx.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow(),
      );
      assert.equal(String(afterwards.seq), before.headSeq);
    } finally {
      await closeEnv();
    }
  });

  it('names an entry altered by hand', async () => {
    try {
      await tamper(sql`update audit_log set data = jsonb_set(data, '{count}', '999') where seq = 4`);
      const result = await verify();
      assert.equal(result.ok, false);
      assert.equal(result.firstBadSeq, '4');
      assert.match(result.problem ?? '', /altered/);
    } finally {
      await closeEnv();
    }
  });

  it('names a deleted entry', async () => {
    try {
      await tamper(sql`delete from audit_log where seq = 3`);
      const result = await verify();
      assert.equal(result.ok, false);
      assert.equal(result.firstBadSeq, '4');
      assert.match(result.problem ?? '', /entry 3 is missing/);
    } finally {
      await closeEnv();
    }
  });

  it('names reordered entries', async () => {
    try {
      await tamper(sql`update audit_log set seq = -2 where seq = 2`);
      await tamper(sql`update audit_log set seq = 2 where seq = 3`);
      await tamper(sql`update audit_log set seq = 3 where seq = -2`);
      const result = await verify();
      assert.equal(result.ok, false);
      assert.equal(result.firstBadSeq, '2');
    } finally {
      await closeEnv();
    }
  });

  it('catches deletion of the newest entries', async () => {
    try {
      const head = await verify();
      await tamper(sql`delete from audit_log where seq > ${Number(head.headSeq) - 2}`);
      const result = await verify();
      assert.equal(result.ok, false);
      assert.equal(result.firstBadSeq, String(Number(head.headSeq) - 1));
    } finally {
      await closeEnv();
    }
  });

  it('verifies as a background job with progress, for platform administrators only', async () => {
    try {
      const denied = await client.post('/api/audit/verify');
      assert.equal(denied.statusCode, 403);
      const platformAdmin = await signedIn(env, await buildUser(env, { agency: await buildAgency(env), roles: ['platform_admin'] }));
      const started = await platformAdmin.post('/api/audit/verify');
      assert.equal(started.statusCode, 202);
      const jobId = started.json<{ id: string }>().id;
      await env.services.jobs.idle();
      const job = (await platformAdmin.get(`/api/jobs/${jobId}`)).json<{
        status: string;
        progress: number;
        result: { ok: boolean; checked: number };
      }>();
      assert.equal(job.status, 'succeeded');
      assert.equal(job.progress, 100);
      assert.equal(job.result.ok, true);
      assert.ok(job.result.checked > 5);
    } finally {
      await closeEnv();
    }
  });
});
