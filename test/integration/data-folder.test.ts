import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runConcord } from '../helpers/concord-command.ts';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import { DataFolderBusyError, lockPathOf, type LockHolder } from '../../src/db/data-folder-lock.ts';
import { openDatabase } from '../../src/db/database.ts';

/**
 * One writer per embedded data folder, and a clean stop of `npm start`: the server started as an operator starts it,
 * the command line run beside it on the same folder, and SIGTERM sent to npm as a service manager would. Only the
 * embedded database has a folder to protect: on a PostgreSQL server several processes may work at once (the CLI tests
 * run the command line beside a server there).
 */
const embedded = !process.env.DATABASE_URL;

const concord = (env: NodeJS.ProcessEnv, args: string[]) => runConcord(args, env);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: string, check: () => boolean, seconds = 30): Promise<void> {
  for (let waited = 0; waited < seconds * 10; waited += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe(
  'one process per embedded data folder, and a clean stop',
  { skip: embedded ? false : 'the lock protects the embedded database only' },
  () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-folder-'));
    const dataDir = path.join(dir, 'data');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CONCORD_DATA_DIR: dataDir,
      CONCORD_LOG_LEVEL: 'info',
      PORT: '0',
    };
    const config = loadConfig(env);
    const folder = config.database.kind === 'pglite' ? config.database.dataDir : '';
    let npm: ChildProcess;
    let output = '';
    let holder: LockHolder;

    before(async () => {
      npm = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await until('the server to start', () => /Concord is running at/.test(output), 180);
      holder = JSON.parse(fs.readFileSync(lockPathOf(folder), 'utf8')) as LockHolder;
    });
    after(() => {
      const held = holder as LockHolder | undefined;
      if (held && alive(held.pid)) process.kill(held.pid, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('the server holds the folder: another process cannot open it', async () => {
      assert.notEqual(holder.pid, npm.pid, 'the lock names the server process');
      assert.ok(holder.control, 'a server publishes its control endpoint in the lock');
      await assert.rejects(openDatabase(config.database), (error: unknown) => {
        assert.ok(error instanceof DataFolderBusyError);
        assert.equal(error.holder.pid, holder.pid);
        return true;
      });
    });

    it('commands that replace the database refuse at once, saying what to do', async () => {
      const backup = path.join(dir, 'never-read.gz');
      fs.writeFileSync(backup, 'x');
      for (const args of [['restore', backup], ['demo', '--reset'], ['migrate']]) {
        const refused = await concord(env, args);
        assert.equal(refused.code, 3, `${args.join(' ')}: ${refused.stderr}`);
        assert.match(refused.stderr, new RegExp(`in use by a Concord server .*pid ${String(holder.pid)}`));
        assert.match(refused.stderr, /stop that server first/);
      }
    });

    it('an import beside the server goes through it: everything lands once, and the chain stays one line', async () => {
      const file = path.join(dir, 'persons.jsonl');
      const persons = Array.from({ length: 50 }, (_, i) =>
        JSON.stringify({ id: `folder-${String(i)}`, schema: 'Person', properties: { name: [`Folder Person ${String(i)}`] } }),
      );
      fs.writeFileSync(file, `${persons.join('\n')}\n`);
      const imported = await concord(env, ['import', 'fugitives', file, '--agency', 'CPIB']);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /Imported 50 persons: 50 created/);
      assert.match(imported.stderr, /running `import fugitives` there/);
      const backup = path.join(dir, 'backup.json.gz');
      const backedUp = await concord(env, ['backup', backup]);
      assert.equal(backedUp.code, 0, backedUp.stderr);
      assert.ok(fs.statSync(backup).size > 1000);
      const verify = await concord(env, ['audit', 'verify', '--quiet']);
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    });

    it('SIGTERM to npm start stops the server cleanly: no process left, the folder free', async () => {
      const npmExited = new Promise((resolve) => npm.once('exit', resolve));
      npm.kill('SIGTERM');
      await npmExited;
      await until('the server process to end', () => !alive(holder.pid));
      assert.equal(fs.existsSync(lockPathOf(folder)), false, 'the lock is released');
      assert.match(output, /"msg":"stopped"/);
      const db = await openDatabase(config.database);
      try {
        const counts = await sql<{ persons: number; entries: number; seqs: number }>`
        select (select count(*)::int from fugitives where ftm_id like 'folder-%') as persons,
               (select count(*)::int from audit_log) as entries,
               (select count(distinct seq)::int from audit_log) as seqs`.execute(db.unsafeOwner);
        const row = counts.rows[0]!;
        assert.equal(row.persons, 50);
        assert.equal(row.entries, row.seqs, 'every audit entry has a sequence number of its own');
      } finally {
        await db.close();
      }
    });
  },
);
