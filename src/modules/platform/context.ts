import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Database, DbScope, Trx } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { Secrets } from '../../secrets.ts';
import type { AuditSigner } from './audit/append-audit.ts';
import type { SessionCache } from './auth/session-cache.ts';
import type { JobQueue } from './jobs/job-queue.ts';

/** The signed-in user on whose behalf a use case runs. */
export interface Actor {
  userId: string;
  agencyId: string;
  email: string;
  displayName: string;
  roles: readonly Role[];
  sessionId: string;
}

export const isPlatformAdmin = (actor: Actor): boolean => actor.roles.includes('platform_admin');

/** The database scope an actor's transactions run under. */
export function scopeOf(actor: Actor): DbScope {
  return {
    scope: isPlatformAdmin(actor) ? 'platform' : 'agency',
    agencyId: actor.agencyId,
    userId: actor.userId,
    roles: actor.roles,
  };
}

/** What lives for the whole process. */
export interface Services {
  config: Config;
  db: Database;
  secrets: Secrets;
  /** Signs audit checkpoints and publishes them to the data folder's checkpoint file. */
  auditSigner: AuditSigner;
  jobs: JobQueue;
  sessionCache: SessionCache;
  log: Logger;
}

/** What a use case receives: who acts, in which transaction, for which request, at what time. */
export interface Ctx {
  actor: Actor;
  trx: Trx;
  requestId: string;
  now: Date;
  services: Services;
}

/** A context without a signed-in user (login, session look-up, workers): system scope. */
export interface SystemCtx {
  trx: Trx;
  requestId: string;
  now: Date;
  services: Services;
}
