import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One writer per embedded data folder. PGlite is PostgreSQL in one process: it keeps pages in memory and has no
 * locking between processes, so two processes on one folder corrupt it silently. The first process to open the folder
 * holds `<folder>.lock`, a JSON file naming the process (pid, its start time in the kernel's clock, the boot it
 * belongs to, host, command, start time) and, for a running server, how to reach its control endpoint. A second
 * process reads it and refuses at once, unless the holder is gone: a lock whose process no longer runs (crash, kill -9,
 * reboot, or a reused pid with another start time) is stale and taken over.
 *
 * The file is created atomically (written aside, then hard-linked into place, which fails if it exists), so a reader
 * never sees half a lock. Taking over a stale lock renames it aside first and checks that what was renamed is the stale
 * lock that was judged, putting it back otherwise, so that two processes recovering one stale lock at the same moment
 * cannot both win.
 */
export interface ControlEndpoint {
  /** Loopback port of the holder's control endpoint (src/cli/control-server.ts). */
  port: number;
  /** Bearer token: whoever can read the lock file (mode 0600) may run operations through the holder. */
  token: string;
}

export interface LockHolder {
  pid: number;
  /** Kernel start time of the process (Linux: field 22 of /proc/<pid>/stat), to tell a reused pid. */
  processStart: string | null;
  bootId: string | null;
  hostname: string;
  command: string;
  startedAt: string;
  nonce: string;
  /** The server's address, when the holder serves HTTP. */
  url?: string;
  control?: ControlEndpoint;
}

export class DataFolderBusyError extends Error {
  constructor(
    readonly folder: string,
    readonly holder: LockHolder,
  ) {
    super(`The data folder ${folder} is in use by another Concord process (pid ${holder.pid})`);
    this.name = 'DataFolderBusyError';
  }
}

const readText = (file: string): string | null => {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
};

const bootId = (): string | null => readText('/proc/sys/kernel/random/boot_id');

/** The kernel's start time of a process (clock ticks since boot), or null where /proc is not available. */
function processStartOf(pid: number): string | null {
  const stat = readText(`/proc/${String(pid)}/stat`);
  if (stat === null) return null;
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

function parseHolder(text: string | null): LockHolder | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.nonce !== 'string' || typeof value.hostname !== 'string') return null;
    return value as LockHolder;
  } catch {
    return null;
  }
}

/** Whether the process a lock names still runs. A lock of another host cannot be checked and counts as held. */
export function holderIsAlive(holder: LockHolder): boolean {
  if (holder.hostname !== os.hostname()) return true;
  const boot = bootId();
  if (holder.bootId && boot && holder.bootId !== boot) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (holder.processStart) {
    const now = processStartOf(holder.pid);
    if (now !== null && now !== holder.processStart) return false;
  }
  return true;
}

export const lockPathOf = (folder: string): string => `${folder.replace(/[\\/]+$/, '')}.lock`;

/** The live holder of a folder's lock, or null when the folder is free (no lock, or a stale one). */
export function currentHolder(folder: string): LockHolder | null {
  const holder = parseHolder(readText(lockPathOf(folder)));
  return holder && holderIsAlive(holder) ? holder : null;
}

const writeAtomically = (file: string, content: string): void => {
  const temporary = `${file}.${String(process.pid)}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600 });
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
};

export class DataFolderLock {
  private released = false;
  private readonly onExit = () => {
    this.release();
  };

  constructor(
    readonly folder: string,
    readonly path: string,
    private holder: LockHolder,
    /** A stale holder this process took the lock over from, for the log. */
    readonly recoveredFrom: LockHolder | null,
  ) {
    process.once('exit', this.onExit);
  }

  get info(): LockHolder {
    return this.holder;
  }

  /** Adds what others need to reach this process (its URL, its control endpoint). */
  update(extra: Pick<LockHolder, 'url' | 'control'>): void {
    if (this.released || !this.stillOurs()) return;
    this.holder = { ...this.holder, ...extra };
    writeAtomically(this.path, JSON.stringify(this.holder));
  }

  private stillOurs(): boolean {
    return parseHolder(readText(this.path))?.nonce === this.holder.nonce;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener('exit', this.onExit);
    if (this.stillOurs()) fs.rmSync(this.path, { force: true });
  }
}

/**
 * Takes the folder's lock, or throws DataFolderBusyError naming the live holder. The lock is released by `release()`,
 * and on any normal exit of the process; after a crash the next process finds it stale.
 */
export function acquireDataFolderLock(folder: string, command: string = process.argv.slice(2).join(' ')): DataFolderLock {
  const lockPath = lockPathOf(folder);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const holder: LockHolder = {
    pid: process.pid,
    processStart: processStartOf(process.pid),
    bootId: bootId(),
    hostname: os.hostname(),
    command: command.slice(0, 200),
    startedAt: new Date().toISOString(),
    nonce: crypto.randomBytes(16).toString('hex'),
  };
  let recoveredFrom: LockHolder | null = null;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const candidate = `${lockPath}.${String(process.pid)}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    fs.writeFileSync(candidate, JSON.stringify(holder), { mode: 0o600 });
    try {
      fs.linkSync(candidate, lockPath);
      return new DataFolderLock(folder, lockPath, holder, recoveredFrom);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(candidate, { force: true });
    }
    const text = readText(lockPath);
    if (text === null) continue;
    const existing = parseHolder(text);
    if (existing && holderIsAlive(existing)) throw new DataFolderBusyError(folder, existing);
    // Stale (or unreadable): move it aside, and make sure what moved is what was judged stale.
    const aside = `${lockPath}.stale.${String(process.pid)}.${crypto.randomBytes(6).toString('hex')}`;
    try {
      fs.renameSync(lockPath, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const moved = readText(aside);
    if (moved !== text) {
      // Another process took the lock over in between: give its lock back.
      try {
        fs.linkSync(aside, lockPath);
      } catch {
        // A third process holds it now; the one whose lock this was will find it gone on release.
      }
    } else {
      recoveredFrom = existing;
    }
    fs.rmSync(aside, { force: true });
  }
  const holderNow = parseHolder(readText(lockPath));
  if (holderNow) throw new DataFolderBusyError(folder, holderNow);
  throw new Error(`Could not take the lock ${lockPath}`);
}
