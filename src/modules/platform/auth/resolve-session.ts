import type { Trx } from '../../../db/database.ts';
import type { SessionStage } from '../../../db/schema.ts';
import type { Config } from '../../../config.ts';
import type { Actor } from '../context.ts';
import { hashToken } from './session-tokens.ts';

export interface ResolvedSession {
  actor: Actor;
  stage: SessionStage;
  mfaEnabled: boolean;
  locale: string;
  /** The session's absolute end and when it was last marked as used (for the idle limit). */
  expiresAt: Date;
  lastSeenAt: Date;
}

const LAST_SEEN_WRITE_SECONDS = 30;

/**
 * Finds the live session for a cookie token (system scope: the agency is not known yet). A session ends when it is
 * idle too long, past its absolute lifetime, or when its user or agency is deactivated.
 */
export async function resolveSession(trx: Trx, config: Config, token: string, now: Date): Promise<ResolvedSession | null> {
  const row = await trx
    .selectFrom('sessions as s')
    .innerJoin('users as u', (join) => join.onRef('u.agency_id', '=', 's.agency_id').onRef('u.id', '=', 's.user_id'))
    .innerJoin('agencies as a', 'a.id', 's.agency_id')
    .select([
      's.id as sessionId',
      's.agency_id as agencyId',
      's.user_id as userId',
      's.stage',
      's.last_seen_at as lastSeenAt',
      's.expires_at as expiresAt',
      'u.email',
      'u.display_name as displayName',
      'u.roles',
      'u.active as userActive',
      'u.mfa_enabled as mfaEnabled',
      'u.locale',
      'a.active as agencyActive',
    ])
    .where('s.token_hash', '=', hashToken(token))
    .where('s.ended_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const idleLimit = new Date(now.getTime() - config.session.idleMinutes * 60_000);
  const endReason =
    new Date(row.expiresAt) <= now
      ? 'expired'
      : new Date(row.lastSeenAt) <= idleLimit
        ? 'idle'
        : !row.userActive
          ? 'user_deactivated'
          : !row.agencyActive
            ? 'agency_deactivated'
            : null;
  if (endReason) {
    await trx
      .updateTable('sessions')
      .set({ ended_at: now, end_reason: endReason })
      .where('agency_id', '=', row.agencyId)
      .where('id', '=', row.sessionId)
      .execute();
    return null;
  }
  let lastSeenAt = new Date(row.lastSeenAt);
  if (now.getTime() - lastSeenAt.getTime() > LAST_SEEN_WRITE_SECONDS * 1000) {
    lastSeenAt = now;
    await trx
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('agency_id', '=', row.agencyId)
      .where('id', '=', row.sessionId)
      .execute();
  }
  return {
    actor: {
      userId: row.userId,
      agencyId: row.agencyId,
      email: row.email,
      displayName: row.displayName,
      roles: row.roles,
      sessionId: row.sessionId,
    },
    stage: row.stage,
    mfaEnabled: row.mfaEnabled,
    locale: row.locale,
    expiresAt: new Date(row.expiresAt),
    lastSeenAt,
  };
}
