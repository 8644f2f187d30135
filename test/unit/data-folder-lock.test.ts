import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { acquireDataFolderLock, currentHolder, DataFolderBusyError, lockPathOf, type LockHolder } from '../../src/db/data-folder-lock.ts';

describe('data folder lock', () => {
  let dir: string;
  let folder: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-lock-'));
    folder = path.join(dir, 'pglite');
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const writeLock = (holder: Partial<LockHolder>) => {
    const existing: LockHolder = {
      pid: process.pid,
      processStart: null,
      bootId: null,
      hostname: os.hostname(),
      command: 'serve',
      startedAt: '2026-01-01T00:00:00.000Z',
      nonce: 'stale',
      ...holder,
    };
    fs.writeFileSync(lockPathOf(folder), JSON.stringify(existing));
  };

  it('is held by one opener at a time and released for the next', () => {
    const first = acquireDataFolderLock(folder, 'serve');
    assert.equal(fs.statSync(lockPathOf(folder)).mode & 0o777, 0o600);
    assert.throws(
      () => acquireDataFolderLock(folder, 'import'),
      (error: unknown) => error instanceof DataFolderBusyError && error.holder.pid === process.pid && error.holder.command === 'serve',
    );
    assert.equal(currentHolder(folder)?.nonce, first.info.nonce);
    first.release();
    assert.equal(currentHolder(folder), null);
    const second = acquireDataFolderLock(folder, 'import');
    assert.equal(second.recoveredFrom, null);
    second.release();
    assert.equal(fs.existsSync(lockPathOf(folder)), false);
  });

  it('takes over the lock of a process that no longer runs', () => {
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeLock({ pid: Number(exited.stdout.toString()) });
    assert.equal(currentHolder(folder), null);
    const lock = acquireDataFolderLock(folder);
    assert.equal(lock.recoveredFrom?.nonce, 'stale');
    lock.release();
  });

  it('takes over the lock of a reused process id (another start time) and of another boot', () => {
    writeLock({ processStart: '1' });
    const afterReuse = acquireDataFolderLock(folder);
    assert.equal(afterReuse.recoveredFrom?.nonce, 'stale');
    afterReuse.release();
    writeLock({ bootId: 'another-boot' });
    const afterReboot = acquireDataFolderLock(folder);
    assert.equal(afterReboot.recoveredFrom?.nonce, 'stale');
    afterReboot.release();
  });

  it('counts an unreadable lock as stale, and a lock of another host as held', () => {
    fs.writeFileSync(lockPathOf(folder), 'not json');
    acquireDataFolderLock(folder).release();
    writeLock({ hostname: 'another-host', pid: 1 });
    assert.throws(() => acquireDataFolderLock(folder), DataFolderBusyError);
  });

  it('adds the control endpoint without giving up the lock, and does not remove a lock it no longer holds', () => {
    const lock = acquireDataFolderLock(folder, 'serve');
    lock.update({ url: 'http://localhost:1', control: { port: 1, token: 'secret' } });
    assert.deepEqual(currentHolder(folder)?.control, { port: 1, token: 'secret' });
    assert.equal(fs.statSync(lockPathOf(folder)).mode & 0o777, 0o600);
    // Someone removed the lock by hand and another process took it: releasing must leave theirs alone.
    fs.rmSync(lockPathOf(folder));
    writeLock({ nonce: 'theirs' });
    lock.release();
    assert.equal((JSON.parse(fs.readFileSync(lockPathOf(folder), 'utf8')) as LockHolder).nonce, 'theirs');
  });
});
