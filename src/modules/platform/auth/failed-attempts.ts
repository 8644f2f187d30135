import { AppError } from '../../../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { SystemCtx } from '../context.ts';

/**
 * Counts one failed sign-in attempt (wrong password or wrong MFA code) against the user. At the configured maximum
 * the account locks for a while, the counter restarts, and the lock is audited; the error to answer with is returned.
 */
export async function countFailedAttempt(
  ctx: SystemCtx,
  user: { agencyId: string; userId: string; failedCount: number },
): Promise<AppError | null> {
  const { login } = ctx.services.config;
  const failures = user.failedCount + 1;
  if (failures < login.maxFailures) {
    await ctx.trx
      .updateTable('users')
      .set({ failed_login_count: failures })
      .where('agency_id', '=', user.agencyId)
      .where('id', '=', user.userId)
      .execute();
    return null;
  }
  const lockedUntil = new Date(ctx.now.getTime() + login.lockMinutes * 60_000);
  await ctx.trx
    .updateTable('users')
    .set({ failed_login_count: 0, locked_until: lockedUntil })
    .where('agency_id', '=', user.agencyId)
    .where('id', '=', user.userId)
    .execute();
  await recordAudit(
    ctx,
    { type: 'auth.account_locked', version: 1, data: { userId: user.userId, until: lockedUntil.toISOString() } },
    { agencyId: user.agencyId, actorUserId: user.userId },
  );
  return lockedError(lockedUntil);
}

export function lockedError(lockedUntil: Date): AppError {
  return new AppError('ACCOUNT_LOCKED', 'Too many failed attempts; the account is locked for a while', {
    lockedUntil: lockedUntil.toISOString(),
  });
}
