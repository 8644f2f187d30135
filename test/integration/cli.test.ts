import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { BACKUP_TABLES, NOT_BACKED_UP } from '../../src/cli/backup.ts';
import { demoAgencies } from '../../src/modules/platform/demo/seed-demo.ts';
import { runConcord } from '../helpers/concord-command.ts';
import { createTestEnv } from '../helpers/harness.ts';

const demoUserCount = demoAgencies.reduce((sum, agency) => sum + agency.users.length, 0);

/** The `concord` command as an operator runs it, on PGlite or (with DATABASE_URL) on a fresh server database. */
interface Target {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function makeTarget(): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-cli-'));
  const server = process.env.DATABASE_URL;
  if (!server) return { env: { CONCORD_DATA_DIR: dataDir }, cleanup: () => fs.promises.rm(dataDir, { recursive: true, force: true }) };
  const name = `concord_cli_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    env: { CONCORD_DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    async cleanup() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const concord = (target: Target, args: string[], extraEnv: Record<string, string> = {}) => runConcord(args, { ...target.env, ...extraEnv });

async function asOwner(target: Target, work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>) {
  const config = loadConfig(target.env);
  const db = await openDatabase(config.database);
  try {
    await work(db);
  } finally {
    await db.close();
  }
}

describe('backup coverage', () => {
  it('backs up every table that migrations create', async () => {
    const env = await createTestEnv();
    try {
      const tables = await sql<{
        name: string;
      }>`select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'schema_migrations'`.execute(
        env.services.db.unsafeOwner,
      );
      const covered: readonly string[] = [...BACKUP_TABLES, ...NOT_BACKED_UP];
      const missing = tables.rows.map((row) => row.name).filter((name) => !covered.includes(name));
      assert.deepEqual(missing, [], 'add new tables to BACKUP_TABLES in src/cli/backup.ts, parents before children');
    } finally {
      await env.close();
    }
  });
});

describe('concord CLI', () => {
  let source: Target;
  let restored: Target;
  const backupFile = path.join(os.tmpdir(), `concord-backup-${crypto.randomBytes(4).toString('hex')}.json.gz`);

  before(async () => {
    source = await makeTarget();
    restored = await makeTarget();
  });
  after(async () => {
    await source.cleanup();
    await restored.cleanup();
    fs.rmSync(backupFile, { force: true });
  });

  it('loads demo data, refuses to load it twice, and verifies an intact chain', async () => {
    const demo = await concord(source, ['demo']);
    assert.equal(demo.code, 0, demo.stderr);
    assert.match(demo.stdout, /12 agencies/);
    const again = await concord(source, ['demo']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /--reset/);
    const verify = await concord(source, ['audit', 'verify']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /intact/);
  });

  it('audit anchor prints the newest signed checkpoint; verify --anchor holds the chain to it', async () => {
    const anchor = await concord(source, ['audit', 'anchor']);
    assert.equal(anchor.code, 0, anchor.stderr);
    const [line, when] = anchor.stdout.split('\n');
    assert.match(line ?? '', /^[1-9][0-9]*:[0-9a-f]{64}$/);
    // `demo` signed the head as it stopped: the newest checkpoint is the head.
    assert.match(
      when ?? '',
      new RegExp(`^Signed at \\d{4}-\\d\\d-\\d\\dT.*; the chain's head is entry ${(line ?? '').split(':')[0] ?? ''}\\. `),
    );
    const verify = await concord(source, ['audit', 'verify', '--quiet', '--anchor', line ?? '']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, new RegExp(`Anchors held: ${(line ?? '').split(':')[0] ?? ''} \\(--anchor`));
    const garbled = await concord(source, ['audit', 'verify', '--anchor', 'not-an-anchor']);
    assert.notEqual(garbled.code, 0);
    assert.match(garbled.stderr, /<seq>:<hash>/);
  });

  it('exports the legal-basis registry and imports it back; a bad file changes nothing', async () => {
    const file = `${backupFile}.legal.json`;
    try {
      const exported = await concord(source, ['legal', 'export', file]);
      assert.equal(exported.code, 0, exported.stderr);
      const document = JSON.parse(fs.readFileSync(file, 'utf8')) as { states: unknown[]; instruments: { parties: string[] }[] };
      assert.equal(document.states.length, 11);
      const imported = await concord(source, ['legal', 'import', file]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /Imported 11 states/);
      document.instruments[0]!.parties = ['CN', 'QQ'];
      fs.writeFileSync(file, JSON.stringify(document));
      const refused = await concord(source, ['legal', 'import', file]);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /nothing was changed/);
      fs.writeFileSync(file, '{"format":"something else"}');
      assert.equal((await concord(source, ['legal', 'import', file])).code, 2);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('creates a user; refuses unknown roles and short passwords', async () => {
    const ok = await concord(
      source,
      ['user', 'create', '--agency', 'MACC', '--email', 'ops@macc.demo', '--name', 'Ops Officer', '--roles', 'investigator,approver'],
      { CONCORD_NEW_PASSWORD: 'an operator password' },
    );
    assert.equal(ok.code, 0, ok.stderr);
    const badRole = await concord(
      source,
      ['user', 'create', '--agency', 'MACC', '--email', 'x@macc.demo', '--name', 'X', '--roles', 'superuser'],
      { CONCORD_NEW_PASSWORD: 'an operator password' },
    );
    assert.notEqual(badRole.code, 0);
    assert.match(badRole.stderr, /unknown role/);
    const shortPassword = await concord(
      source,
      ['user', 'create', '--agency', 'MACC', '--email', 'y@macc.demo', '--name', 'Y', '--roles', 'viewer'],
      { CONCORD_NEW_PASSWORD: 'short' },
    );
    assert.equal(shortPassword.code, 2);
  });

  it('registers an agency; refuses a duplicate short name and a bad state code', async () => {
    const ok = await concord(source, [
      'agency',
      'create',
      '--name',
      'Anti-Corruption Agency of Timor-Leste',
      '--short-name',
      'CAC-TL',
      '--state',
      'tl',
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /CAC-TL .*TL\)/);
    const duplicate = await concord(source, ['agency', 'create', '--name', 'Another', '--short-name', 'cac-tl', '--state', 'TL']);
    assert.equal(duplicate.code, 1);
    const badState = await concord(source, ['agency', 'create', '--name', 'Nowhere Agency', '--short-name', 'NOW', '--state', 'Timor']);
    assert.equal(badState.code, 2);
    assert.match(badState.stderr, /state/);
  });

  it('backs up, and restores into another database with the chain intact', async () => {
    const backup = await concord(source, ['backup', backupFile]);
    assert.equal(backup.code, 0, backup.stderr);
    assert.ok(fs.existsSync(backupFile));
    // The restored side needs the same audit key to check the signed checkpoints.
    fs.cpSync(path.join(source.env.CONCORD_DATA_DIR!, 'keys'), path.join(restored.env.CONCORD_DATA_DIR!, 'keys'), { recursive: true });
    assert.equal((await concord(restored, ['migrate'])).code, 0);
    const restore = await concord(restored, ['restore', backupFile]);
    assert.equal(restore.code, 0, restore.stderr);
    const verify = await concord(restored, ['audit', 'verify']);
    assert.equal(verify.code, 0, verify.stdout);
    await asOwner(restored, async (db) => {
      const users = await sql<{ n: number }>`select count(*)::int as n from users`.execute(db.unsafeOwner);
      assert.equal(users.rows[0]?.n, demoUserCount + 1, 'the demo users and the one created above');
    });
  });

  it('refuses a file that is not a backup and changes nothing', async () => {
    const junk = `${backupFile}.junk`;
    fs.writeFileSync(junk, 'not a backup');
    try {
      const restore = await concord(restored, ['restore', junk]);
      assert.equal(restore.code, 1);
      assert.match(restore.stderr, /nothing was changed/);
      await asOwner(restored, async (db) => {
        const users = await sql<{ n: number }>`select count(*)::int as n from users`.execute(db.unsafeOwner);
        assert.equal(users.rows[0]?.n, demoUserCount + 1, 'the demo users and the one created above');
      });
    } finally {
      fs.rmSync(junk, { force: true });
    }
  });

  it('demo --reset replaces everything with fresh demo data and a fresh chain, moving the old checkpoint file aside', async () => {
    const grown = await concord(restored, [
      'agency',
      'create',
      '--name',
      'Audit Office of Nowhere',
      '--short-name',
      'AON',
      '--state',
      'TL',
    ]);
    assert.equal(grown.code, 0, grown.stderr);
    const reset = await concord(restored, ['demo', '--reset']);
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /checkpoint file of the deleted chain was moved to .*checkpoints\.replaced-/);
    await asOwner(restored, async (db) => {
      const users = await sql<{ n: number }>`select count(*)::int as n from users`.execute(db.unsafeOwner);
      assert.equal(users.rows[0]?.n, demoUserCount, 'only the demo users remain');
      const head = await sql<{ seq: string }>`select seq::text as seq from audit_head`.execute(db.unsafeOwner);
      assert.equal(
        head.rows[0]?.seq,
        '4',
        'the chain starts again with the demo.seeded, cooperation.demo_seeded, screening.demo_seeded and fugitives.demo_seeded entries',
      );
    });
    assert.equal((await concord(restored, ['audit', 'verify'])).code, 0);
  });

  it('audit verify exits non-zero and names the first bad entry after a hand edit, and signs nothing', async () => {
    const countCheckpoints = async () => {
      let n = -1;
      await asOwner(source, async (db) => {
        n = (await sql<{ n: number }>`select count(*)::int as n from audit_checkpoints`.execute(db.unsafeOwner)).rows[0]?.n ?? -1;
      });
      return n;
    };
    await asOwner(source, async (db) => {
      await db.unsafeOwner.transaction().execute(async (trx) => {
        await sql`alter table audit_log disable trigger user`.execute(trx);
        await sql`alter table audit_checkpoints disable trigger user`.execute(trx);
        await sql`update audit_log set data = jsonb_set(data, '{email}', '"someone.else@macc.demo"') where seq = 2`.execute(trx);
        // The head left unsigned, as by a killed server: a command that signed would cover it.
        await sql`delete from audit_checkpoints where seq = (select max(seq) from audit_checkpoints)`.execute(trx);
        await sql`update audit_head set checkpoint_seq = coalesce((select max(seq) from audit_checkpoints), 0)`.execute(trx);
        await sql`alter table audit_log enable trigger user`.execute(trx);
        await sql`alter table audit_checkpoints enable trigger user`.execute(trx);
      });
    });
    const before = await countCheckpoints();
    const verify = await concord(source, ['audit', 'verify']);
    assert.equal(verify.code, 1);
    assert.match(verify.stdout, /BROKEN at entry 2/);
    assert.match(verify.stdout, /Also: checkpoint \d+ is in the checkpoint file but not in the database \(deleted\)/);
    assert.equal(await countCheckpoints(), before, 'audit verify signed nothing');
  });
});
