import { sql } from 'kysely';
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { createAuditSigner, signAuditHead } from './modules/platform/audit/audit-signer.ts';
import { registerAuditJobs } from './modules/platform/audit/audit-verification-job.ts';
import { setAsideCheckpointFile } from './modules/platform/audit/checkpoint-file.ts';
import type { Services } from './modules/platform/context.ts';
import { registerScreeningJobs } from './modules/screening/batches/run-batch.ts';
import { InProcessJobQueue, PgBossJobQueue, type JobQueue } from './modules/platform/jobs/job-queue.ts';
import { loadOrCreateSecrets } from './secrets.ts';
import { SessionCache } from './modules/platform/auth/session-cache.ts';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        '*.code',
        '*.recoveryCode',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  });
}

export interface StartOptions {
  log?: Logger;
  /** Start job workers (the server does; one-shot CLI commands mostly do not). */
  workers?: boolean;
  /**
   * Sign the audit head at start (entries an earlier process left unsigned), every M minutes, and at stop. Default
   * true; false for the commands that only read the chain (`audit verify`, `audit anchor`), which must see it as
   * they found it: signing first would cover a tampered tail with a fresh signature.
   */
  signAudit?: boolean;
}

/** Opens the database, applies migrations, loads or creates the keys, and starts the job queue. */
export async function startServices(config: Config, options: StartOptions = {}): Promise<Services & { stop(): Promise<void> }> {
  const log = options.log ?? createLogger(config);
  const db = await openDatabase(config.database);
  const recovered = db.folderLock?.recoveredFrom;
  if (recovered) {
    log.warn(
      { stalePid: recovered.pid, staleSince: recovered.startedAt },
      'took over the data folder from a process that no longer runs (it stopped without releasing it)',
    );
  }
  const secrets = loadOrCreateSecrets(config.dataDir);
  const applied = await migrate(db);
  if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
  await db.connectApplicationRole(secrets.databaseAppPassword, config.database.kind === 'postgresql' ? config.database.appUrl : undefined);
  const jobs: JobQueue =
    config.database.kind === 'postgresql' ? new PgBossJobQueue(db, config.database.url, log) : new InProcessJobQueue(db, log);
  const sessionCache = new SessionCache();
  await db.listen(
    'concord_session_change',
    () => {
      sessionCache.enable();
    },
    () => {
      log.warn('session-change notifications interrupted; session cache off until they resume');
      sessionCache.disable();
    },
  );
  const auditSigner = createAuditSigner(config, secrets, log);
  const services: Services = { config, db, secrets, auditSigner, jobs, sessionCache, log };
  registerAuditJobs(services);
  registerScreeningJobs(services);
  const signAudit = options.signAudit ?? true;
  // Entries a process left unsigned when it was killed: signed late, which verification reports as a warning. A
  // chain too broken to sign is logged, not fatal: `concord audit verify` says what is wrong with it.
  if (signAudit) {
    await signAuditHead(services).catch((error: unknown) => {
      log.error({ err: error }, 'audit checkpoint at start failed');
    });
  }
  const workers = options.workers ?? true;
  if (workers) await jobs.start();
  const checkpointTimer = signAudit
    ? setInterval(() => {
        void signAuditHead(services).catch((error: unknown) => {
          log.error({ err: error }, 'audit checkpoint failed');
        });
      }, config.audit.checkpointMinutes * 60_000)
    : undefined;
  checkpointTimer?.unref();
  return {
    ...services,
    async stop() {
      clearInterval(checkpointTimer);
      if (workers) await jobs.stop();
      if (signAudit) {
        await signAuditHead(services).catch((error: unknown) => {
          log.error({ err: error }, 'audit checkpoint at stop failed');
        });
      }
      await db.close();
    },
  };
}

/**
 * Drops every Concord table (and pg-boss's schema) so that migrations start afresh. Owner connection, by design.
 * The audit chain starts again, so the checkpoint file of the old one is moved aside (its new name is returned).
 */
export async function resetDatabase(services: Pick<Services, 'db' | 'config'>, now = new Date()): Promise<string | null> {
  await sql`drop schema if exists pgboss cascade`.execute(services.db.unsafeOwner);
  await sql`drop schema public cascade`.execute(services.db.unsafeOwner);
  await sql`create schema public`.execute(services.db.unsafeOwner);
  await sql`grant usage on schema public to public`.execute(services.db.unsafeOwner);
  await migrate(services.db);
  return setAsideCheckpointFile(services.config.dataDir, now);
}
