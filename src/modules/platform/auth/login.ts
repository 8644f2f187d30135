import { z } from 'zod';
import type { SessionStage } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { SystemCtx } from '../context.ts';
import { readMfaRequired } from '../settings/platform-settings.ts';
import { countFailedAttempt, lockedError } from './failed-attempts.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { newSessionToken } from './session-tokens.ts';

export const loginInput = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof loginInput>;

export type LoginOutcome = { ok: true; token: string; sessionId: string; stage: SessionStage } | { ok: false; error: AppError };

const MFA_PENDING_MINUTES = 5;

/**
 * Checks e-mail and password and opens a session. A user with MFA gets a short `mfa_pending` session that only
 * the code step accepts; a user without MFA where the platform requires it gets an `mfa_enrol` session.
 * Failures are counted and audited, and commit: the caller raises the returned error after the transaction.
 */
export async function login(
  ctx: SystemCtx,
  input: LoginInput,
  client: { ip: string | null; userAgent: string | null },
): Promise<LoginOutcome> {
  const { trx, now, services } = ctx;
  const invalid = new AppError('INVALID_CREDENTIALS', 'E-mail or password is not correct');
  const user = await trx
    .selectFrom('users as u')
    .innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .select([
      'u.agency_id',
      'u.id',
      'u.email',
      'u.password_hash',
      'u.active',
      'u.mfa_enabled',
      'u.failed_login_count',
      'u.locked_until',
      'a.active as agency_active',
    ])
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', input.email.toLowerCase()))
    .executeTakeFirst();

  if (!user) {
    await verifyAgainstDummy(input.password);
    await recordAudit(
      ctx,
      { type: 'auth.login_failed', version: 1, data: { email: input.email, userId: null, reason: 'unknown_user' } },
      { agencyId: null, actorUserId: null },
    );
    return { ok: false, error: invalid };
  }
  const on = { agencyId: user.agency_id, actorUserId: user.id };
  if (user.locked_until && new Date(user.locked_until) > now) {
    await recordAudit(ctx, { type: 'auth.login_failed', version: 1, data: { email: user.email, userId: user.id, reason: 'locked' } }, on);
    return { ok: false, error: lockedError(new Date(user.locked_until)) };
  }
  const passwordOk = await verifyPassword(user.password_hash, input.password);
  if (!passwordOk) {
    await recordAudit(
      ctx,
      { type: 'auth.login_failed', version: 1, data: { email: user.email, userId: user.id, reason: 'bad_password' } },
      on,
    );
    const locked = await countFailedAttempt(ctx, { agencyId: user.agency_id, userId: user.id, failedCount: user.failed_login_count });
    return { ok: false, error: locked ?? invalid };
  }
  if (!user.active || !user.agency_active) {
    const reason = user.active ? 'agency_inactive' : 'inactive';
    await recordAudit(ctx, { type: 'auth.login_failed', version: 1, data: { email: user.email, userId: user.id, reason } }, on);
    return { ok: false, error: invalid };
  }

  const stage: SessionStage = user.mfa_enabled ? 'mfa_pending' : (await readMfaRequired(trx)) ? 'mfa_enrol' : 'active';
  const lifetimeMs = stage === 'mfa_pending' ? MFA_PENDING_MINUTES * 60_000 : services.config.session.absoluteHours * 3_600_000;
  const { token, hash } = newSessionToken();
  const session = await trx
    .insertInto('sessions')
    .values({
      agency_id: user.agency_id,
      user_id: user.id,
      token_hash: hash,
      stage,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + lifetimeMs),
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('users')
    .set({ failed_login_count: 0, locked_until: null, ...(stage === 'mfa_pending' ? {} : { last_login_at: now }) })
    .where('agency_id', '=', user.agency_id)
    .where('id', '=', user.id)
    .execute();
  if (stage !== 'mfa_pending') {
    await recordAudit(ctx, { type: 'auth.login_succeeded', version: 1, data: { userId: user.id, email: user.email, mfa: false } }, on);
  }
  return { ok: true, token, sessionId: session.id, stage };
}
