import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { backupDatabase, restoreDatabase } from '../../src/cli/backup.ts';
import { systemScope } from '../../src/db/database.ts';
import { newestAuditAnchor } from '../../src/modules/platform/audit/audit-anchor.ts';
import { signAuditHead } from '../../src/modules/platform/audit/audit-signer.ts';
import { checkpointFilePath, readCheckpointFile } from '../../src/modules/platform/audit/checkpoint-file.ts';
import { GENESIS_HASH, hashEntry, parseAnchor } from '../../src/modules/platform/audit/engine/chain.ts';
import { chainEntryFromRow, verifyAuditChain, type VerifyOptions } from '../../src/modules/platform/audit/verify-audit-chain.ts';
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

  const verify = (options: VerifyOptions = {}) => verifyAuditChain(env.services, options);
  /** Tampering as someone with the database owner's rights (the application role cannot do any of this). */
  const tamper = async (statement: ReturnType<typeof sql>) => {
    await env.services.db.unsafeOwner.transaction().execute(async (trx) => {
      await sql`alter table audit_log disable trigger user`.execute(trx);
      await sql`alter table audit_checkpoints disable trigger user`.execute(trx);
      await statement.execute(trx);
      await sql`alter table audit_log enable trigger user`.execute(trx);
      await sql`alter table audit_checkpoints enable trigger user`.execute(trx);
    });
  };
  /** Rewrites entry `seq`, then recomputes its hash, every later link and hash, and the head: a careful forgery. */
  const rewrite = async (seq: number) => {
    await tamper(sql`update audit_log set data = jsonb_set(data, '{forged}', 'true') where seq = ${seq}`);
    const owner = env.services.db.unsafeOwner;
    const before = await owner
      .selectFrom('audit_log')
      .select('entry_hash')
      .where('seq', '=', String(seq - 1))
      .executeTakeFirst();
    let prevHash = before?.entry_hash ?? GENESIS_HASH;
    const rows = await owner.selectFrom('audit_log').selectAll().where('seq', '>=', String(seq)).orderBy('seq').execute();
    for (const row of rows) {
      const entryHash = hashEntry({ ...chainEntryFromRow(row), prevHash });
      await tamper(sql`update audit_log set prev_hash = ${prevHash}, entry_hash = ${entryHash} where seq = ${String(row.seq)}`);
      prevHash = entryHash;
    }
    await tamper(sql`update audit_head set entry_hash = ${prevHash}`);
  };
  const headSeq = async () =>
    Number((await env.services.db.unsafeOwner.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
  const checkpointSeqs = async () =>
    (await env.services.db.unsafeOwner.selectFrom('audit_checkpoints').select('seq').orderBy('seq').execute()).map((row) =>
      Number(row.seq),
    );
  /** Audited reads, to grow the chain. */
  const listUsers = async (times: number) => {
    for (let i = 0; i < times; i += 1) await client.get('/api/users');
  };
  const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);
  const checkpointFile = () => checkpointFilePath(env.config.dataDir);

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
      // The same finding as data, for the web UI to word in the reader's language.
      assert.deepEqual(result.findings.problems[0], { kind: 'hash', seq: '4' });
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

  it("passes an intact chain with no warnings; each signed checkpoint is also in the data folder's file", async () => {
    try {
      await listUsers(5);
      const result = await verify();
      assert.equal(result.ok, true, result.problem ?? '');
      assert.deepEqual(result.warnings, []);
      const inFile = readCheckpointFile(checkpointFile());
      assert.deepEqual(inFile.unreadableLines, []);
      assert.deepEqual(
        inFile.checkpoints.map((c) => Number(c.checkpoint.seq)),
        await checkpointSeqs(),
      );
      assert.equal(fs.statSync(checkpointFile()).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.dirname(checkpointFile())).mode & 0o777, 0o700);
      const newest = inFile.checkpoints.at(-1)!.checkpoint.seq;
      assert.deepEqual(result.anchors, [`${newest} (the newest checkpoint of ${checkpointFile()})`]);
    } finally {
      await closeEnv();
    }
  });

  it('(a) a tail cut back to a checkpoint, head rewritten: caught by the file anchor and by --anchor', async () => {
    try {
      await listUsers(10);
      const anchor = await newestAuditAnchor(env.services);
      assert.ok(anchor && anchor.signatureValid && Number(anchor.seq) >= 15);
      const kept = await env.services.db.unsafeOwner
        .selectFrom('audit_log')
        .select('entry_hash')
        .where('seq', '=', '5')
        .executeTakeFirstOrThrow();
      await tamper(sql`delete from audit_log where seq > 5`);
      await tamper(sql`delete from audit_checkpoints where seq > 5`);
      await tamper(sql`update audit_head set seq = 5, entry_hash = ${kept.entry_hash}, checkpoint_seq = 5`);
      const cutMessage = new RegExp(`chain cut: anchor names entry ${anchor.seq}, the chain ends at 5`);

      const byFile = await verify();
      assert.equal(byFile.ok, false);
      assert.equal(byFile.firstBadSeq, '6');
      assert.match(byFile.problem ?? '', cutMessage);
      assert.match(byFile.problem ?? '', /the newest checkpoint of/);

      fs.rmSync(checkpointFile());
      // Nothing left in the database betrays the cut: that is what an outside anchor is for.
      assert.equal((await verify()).ok, true);
      const given = parseAnchor(`${anchor.seq}:${anchor.entryHash}`, '--anchor');
      assert.ok(given);
      const byAnchor = await verify({ anchors: [given] });
      assert.equal(byAnchor.ok, false);
      assert.equal(byAnchor.firstBadSeq, '6');
      assert.match(byAnchor.problem ?? '', cutMessage);
      assert.match(byAnchor.problem ?? '', /--anchor/);
    } finally {
      await closeEnv();
    }
  });

  it('(b) an entry rewritten after the last checkpoint, re-hashed with the head: caught once the tail is older than M', async () => {
    try {
      await listUsers(1);
      const head = await headSeq();
      const lastCheckpoint = Math.max(...(await checkpointSeqs()));
      assert.ok(head > lastCheckpoint, 'entries after the last checkpoint');
      await rewrite(head);
      // Within the M-minute window the forgery cannot be told from the truth (docs/security.md).
      assert.equal((await verify()).ok, true);
      const later = await verify({ now: minutesFromNow(env.config.audit.checkpointMinutes + 3) });
      assert.equal(later.ok, false);
      assert.equal(later.firstBadSeq, String(lastCheckpoint + 1));
      assert.match(later.problem ?? '', /not covered by a signed checkpoint/);
    } finally {
      await closeEnv();
    }
  });

  it('(c) an entry rewritten and every checkpoint deleted: named through the file, else the first uncovered entry', async () => {
    try {
      await listUsers(5);
      assert.ok((await checkpointSeqs()).includes(10));
      await rewrite(7);
      await tamper(sql`delete from audit_checkpoints`);
      await tamper(sql`update audit_head set checkpoint_seq = 0, checkpoint_every = null`);

      const withFile = await verify();
      assert.equal(withFile.ok, false);
      assert.equal(withFile.firstBadSeq, '7');
      assert.match(withFile.problem ?? '', /entry 7 was altered: its hash differs from the one signed in checkpoint 10/);
      assert.ok(withFile.problems.includes('checkpoint 5 is in the checkpoint file but not in the database (deleted)'));

      fs.rmSync(checkpointFile());
      const withoutFile = await verify();
      assert.equal(withoutFile.ok, false);
      assert.equal(withoutFile.firstBadSeq, '1');
      assert.match(withoutFile.problem ?? '', /checkpoint required at or before entry 5 is missing/);
    } finally {
      await closeEnv();
    }
  });

  it('(d) an entry rewritten before a checkpoint, re-hashed: names the entry, not the checkpoint', async () => {
    try {
      await rewrite(3);
      const result = await verify();
      assert.equal(result.ok, false);
      assert.equal(result.firstBadSeq, '3');
      assert.match(result.problem ?? '', /entry 3 was altered: its hash differs from the one signed in checkpoint 5/);
    } finally {
      await closeEnv();
    }
  });

  it('a crash leaves the tail unsigned (a failure once older than M); signing it late is a warning, not a failure', async () => {
    try {
      await listUsers(1);
      const lastCheckpoint = Math.max(...(await checkpointSeqs()));
      assert.ok((await headSeq()) > lastCheckpoint);
      const restart = minutesFromNow(40);
      const crashed = await verify({ now: restart });
      assert.equal(crashed.ok, false);
      assert.equal(crashed.firstBadSeq, String(lastCheckpoint + 1));
      // What the next start does: sign the head, late.
      const late = await signAuditHead(env.services, restart);
      assert.ok(late);
      const result = await verify({ now: minutesFromNow(41) });
      assert.equal(result.ok, true, result.problem ?? '');
      assert.equal(result.warnings.length, 1);
      assert.match(
        result.warnings[0] ?? '',
        new RegExp(`checkpoint ${late.seq} was signed at .*after the oldest of entries ${String(lastCheckpoint + 1)} to ${late.seq}`),
      );
    } finally {
      await closeEnv();
    }
  });

  it('a restore moves the checkpoint file aside, and the restored chain verifies', async () => {
    const backupFile = path.join(os.tmpdir(), `concord-audit-${crypto.randomBytes(4).toString('hex')}.json.gz`);
    try {
      await backupDatabase(env.services.db, fs.createWriteStream(backupFile));
      await listUsers(10);
      const restored = await restoreDatabase(env.services, backupFile);
      assert.ok(restored.replacedCheckpointFile);
      assert.match(path.basename(restored.replacedCheckpointFile), /^checkpoints\.replaced-.*\.jsonl$/);
      assert.equal(fs.existsSync(checkpointFile()), false);
      const result = await verify();
      assert.equal(result.ok, true, result.problem ?? '');
      // Held to the replaced chain's file, the restored chain would look cut.
      fs.copyFileSync(restored.replacedCheckpointFile, checkpointFile());
      assert.match((await verify()).problem ?? '', /chain cut/);
    } finally {
      fs.rmSync(backupFile, { force: true });
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
