import fs from 'node:fs';
import readline from 'node:readline';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { listMigrations } from '../db/migrate.ts';
import { setAsideCheckpointFile } from '../modules/platform/audit/checkpoint-file.ts';
import type { Services } from '../modules/platform/context.ts';

/**
 * Logical backup of every Concord table as gzip JSON lines, written to a stream (the command line puts it in a file
 * once complete): one header line, then one line per row. It is made in
 * one REPEATABLE READ snapshot, and is the same on PGlite and on the PostgreSQL server, so a backup taken from the
 * embedded database restores into a server and back. Runs on the owner connection (it must see every agency).
 * pg-boss's queue is transient and not included.
 */
export const BACKUP_TABLES = [
  'agencies',
  'users',
  'sessions',
  'mfa_recovery_codes',
  'platform_settings',
  'audit_log',
  'audit_head',
  'audit_checkpoints',
  'jobs',
  'legal_states',
  'legal_authorities',
  'legal_instruments',
  'legal_instrument_status',
  'legal_declarations',
  'cooperation_events',
  'training_programmes',
  'training_sessions',
  'training_participants',
  'technical_support',
  'joint_operations',
  'screening_watchlists',
  'screening_entries',
  'screening_batches',
  'screening_hits',
  'screening_suppressions',
  'fugitives',
  'fugitive_notes',
  'fugitive_photos',
  'fugitive_notices',
  'fugitive_notice_events',
  'fugitive_sightings',
  'fugitive_return_steps',
  'fugitive_step_retractions',
  'fugitive_campaigns',
  'fugitive_campaign_members',
  'interpol_snapshots',
] as const;

/**
 * Tables a backup leaves out, with why: the search revision is a change counter, not data; it keeps counting across
 * a restore (whose truncate moves it), so that no server's kept search index survives the restore. Sign-in throttle
 * state is short-lived (a delay lasts minutes, rows go after a day) and says only that someone failed to sign in
 * recently: restored later, it would delay sign-ins for failures long past, or need its clock shifted; a restore
 * leaves the target's own throttle rows as they are, to expire.
 */
export const NOT_BACKED_UP = ['fugitive_search_revision', 'login_throttle'] as const;
const PAGE = 5000;
const FORMAT = 'concord-backup';

interface Header {
  format: typeof FORMAT;
  formatVersion: 1;
  schemaVersion: number;
  createdAt: string;
  database: string;
  tables: Record<string, number>;
}

const schemaVersion = () => Math.max(...listMigrations().map((migration) => migration.version));

export async function backupDatabase(
  db: Database,
  out: Writable,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ tables: number; rows: number }> {
  const gzip = zlib.createGzip();
  const written = pipeline(gzip, out);
  const write = (line: string) =>
    new Promise<void>((resolve) => {
      if (gzip.write(`${line}\n`)) resolve();
      else gzip.once('drain', resolve);
    });
  try {
    const rows = await db.unsafeOwner
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const counts: Record<string, number> = {};
        for (const table of BACKUP_TABLES) {
          const result = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(trx);
          counts[table] = Number(result.rows[0]?.n ?? 0);
        }
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        const header: Header = {
          format: FORMAT,
          formatVersion: 1,
          schemaVersion: schemaVersion(),
          createdAt: new Date().toISOString(),
          database: db.kind,
          tables: counts,
        };
        await write(JSON.stringify(header));
        let done = 0;
        for (const table of BACKUP_TABLES) {
          for (let offset = 0; offset < (counts[table] ?? 0); offset += PAGE) {
            const page = await sql<{
              row: string;
            }>`select row_to_json(t)::text as row from ${sql.table(table)} t order by t.ctid limit ${PAGE} offset ${offset}`.execute(trx);
            for (const { row } of page.rows) await write(`{"t":"${table}","r":${row}}`);
            done += page.rows.length;
            onProgress(done, total);
          }
        }
        return done;
      });
    gzip.end();
    await written;
    return { tables: BACKUP_TABLES.length, rows };
  } catch (error) {
    gzip.destroy(error instanceof Error ? error : new Error(String(error)));
    await written.catch(() => undefined);
    throw error;
  }
}

/**
 * Replaces all data with the backup's, in one transaction: if anything in the file is wrong, nothing changes.
 * Jobs that were queued or running when the backup was taken are marked failed (their workers are gone).
 * The restored audit chain replaces the old one, so the data folder's checkpoint file (the old chain's outside copy)
 * is moved aside after the commit: before it, a failed restore would leave the old chain without it.
 */
export async function restoreDatabase(
  services: Pick<Services, 'db' | 'config'>,
  file: string,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ tables: number; rows: number; replacedCheckpointFile: string | null }> {
  const { db } = services;
  if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  // Not yet known to be a Concord backup: its format is checked below.
  let header: Omit<Header, 'format'> & { format?: unknown };
  try {
    header = JSON.parse(String(first.value)) as Omit<Header, 'format'> & { format?: unknown };
  } catch {
    throw new Error('not a Concord backup (unreadable header)');
  }
  if (header.format !== FORMAT) throw new Error('not a Concord backup');
  if (header.schemaVersion !== schemaVersion()) {
    throw new Error(
      `backup schema version ${header.schemaVersion} differs from this Concord's ${schemaVersion()}; restore it with the matching release`,
    );
  }
  const total = Object.values(header.tables).reduce((a, b) => a + b, 0);
  let done = 0;
  await db.unsafeOwner.transaction().execute(async (trx) => {
    await sql`alter table audit_log disable trigger user`.execute(trx);
    await sql`alter table audit_checkpoints disable trigger user`.execute(trx);
    await sql.raw(`truncate ${[...BACKUP_TABLES].reverse().join(', ')} cascade`).execute(trx);
    let batchTable: string | undefined;
    let batch: string[] = [];
    const flush = async () => {
      if (!batchTable || batch.length === 0) return;
      await sql`insert into ${sql.table(batchTable)} select * from json_populate_recordset(null::${sql.table(batchTable)}, ${`[${batch.join(',')}]`}::json)`.execute(
        trx,
      );
      done += batch.length;
      onProgress(done, total);
      batch = [];
    };
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const line = next.value;
      if (!line) continue;
      const table = /^\{"t":"([a-z_]+)","r":/.exec(line)?.[1];
      if (!table || !(BACKUP_TABLES as readonly string[]).includes(table))
        throw new Error(`unexpected line in backup: ${line.slice(0, 60)}`);
      if (table !== batchTable) {
        await flush();
        batchTable = table;
      }
      batch.push(line.slice(line.indexOf(',"r":') + 5, -1));
      if (batch.length >= 1000) await flush();
    }
    await flush();
    if (done !== total) throw new Error(`backup is truncated: ${done} of ${total} rows present`);
    await sql`update jobs set status = 'failed', error = 'Interrupted: restored from a backup', finished_at = now() where status in ('queued', 'running')`.execute(
      trx,
    );
    await sql`alter table audit_log enable trigger user`.execute(trx);
    await sql`alter table audit_checkpoints enable trigger user`.execute(trx);
  });
  return { tables: BACKUP_TABLES.length, rows: done, replacedCheckpointFile: setAsideCheckpointFile(services.config.dataDir, new Date()) };
}
