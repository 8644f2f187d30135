import { z } from 'zod';
import type { SessionStage } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import type { AuditEvent } from '../audit/audit-events.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { SystemCtx } from '../context.ts';
import { readMfaRequired } from '../settings/platform-settings.ts';
import { clearAfterSignIn, countFailedSignIn, runningDelay, throttledError, throttleKeys } from './login-throttle.ts';
import { useRecoveryCode } from './mfa.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { newSessionToken } from './session-tokens.ts';

export const loginInput = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(200),
  /** Password and MFA step in one request; the only way to sign in while a sign-in delay runs. */
  recoveryCode: z.string().trim().min(8).max(40).optional(),
});
export type LoginInput = z.infer<typeof loginInput>;

export type LoginOutcome = { ok: true; token: string; sessionId: string; stage: SessionStage } | { ok: false; error: AppError };

const MFA_PENDING_MINUTES = 5;

type LoginFailure = Extract<AuditEvent, { type: 'auth.login_failed' }>['data']['reason'];

/**
 * Checks e-mail and password and opens a session. A user with MFA gets a short `mfa_pending` session that only
 * the code step accepts, unless a recovery code came with the password; a user without MFA where the platform
 * requires it gets an `mfa_enrol` session.
 *
 * An e-mail without an account goes through the same steps as one with an account, at the same cost (a dummy argon2
 * verification where a real one would run) and to the same answers: 401 for a failure, 429 once a delay runs
 * (login-throttle.ts). While a delay runs the password is not checked, unless a recovery code comes with it: the right
 * password with an unused recovery code of the user signs in; anything else gets the same 429 and counts.
 * Failures are counted and audited, and commit: the caller raises the returned error after the transaction.
 */
export async function login(
  ctx: SystemCtx,
  input: LoginInput,
  client: { ip: string | null; userAgent: string | null },
): Promise<LoginOutcome> {
  const { trx, now, services } = ctx;
  const keys = throttleKeys(input.email, client.ip);
  const user = await trx
    .selectFrom('users as u')
    .innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .select(['u.agency_id', 'u.id', 'u.email', 'u.password_hash', 'u.active', 'u.mfa_enabled', 'a.active as agency_active'])
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', input.email.toLowerCase()))
    .executeTakeFirst();
  const on = { agencyId: user?.agency_id ?? null, actorUserId: user?.id ?? null };
  const subject = { email: user?.email ?? input.email, userId: user?.id ?? null, agencyId: user?.agency_id ?? null };
  const delayedUntil = await runningDelay(ctx, keys);

  const failed = (reason: LoginFailure): AuditEvent => ({
    type: 'auth.login_failed',
    version: 1,
    data: { email: subject.email, userId: subject.userId, reason },
  });
  if (delayedUntil && input.recoveryCode === undefined) {
    await recordAudit(ctx, failed('throttled'), on);
    return { ok: false, error: throttledError(delayedUntil, now) };
  }

  const refuse = async (event: AuditEvent, answer: AppError): Promise<LoginOutcome> => {
    await recordAudit(ctx, event, on);
    const until = await countFailedSignIn(ctx, keys, subject);
    return { ok: false, error: until === null ? answer : throttledError(until, now) };
  };
  const invalid = new AppError('INVALID_CREDENTIALS', 'E-mail or password is not correct');
  const passwordOk = user ? await verifyPassword(user.password_hash, input.password) : await verifyAgainstDummy(input.password);
  if (!user) return refuse(failed('unknown_user'), invalid);
  if (!passwordOk) return refuse(failed('bad_password'), invalid);
  if (!user.active) return refuse(failed('inactive'), invalid);
  if (!user.agency_active) return refuse(failed('agency_inactive'), invalid);
  const mfaDone = input.recoveryCode !== undefined;
  if (input.recoveryCode !== undefined) {
    const used = user.mfa_enabled && (await useRecoveryCode(ctx, { agencyId: user.agency_id, userId: user.id }, input.recoveryCode));
    if (!used) {
      return refuse(
        { type: 'auth.mfa_failed', version: 1, data: { userId: user.id } },
        new AppError('INVALID_MFA_CODE', 'The code is not correct'),
      );
    }
  }

  let stage: SessionStage = 'active';
  if (user.mfa_enabled && !mfaDone) stage = 'mfa_pending';
  else if (!user.mfa_enabled && (await readMfaRequired(trx))) stage = 'mfa_enrol';
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
  // The password alone does not end the delays of a user with MFA: otherwise a known password would reset the count
  // of wrong codes at will.
  if (stage !== 'mfa_pending') {
    await trx.updateTable('users').set({ last_login_at: now }).where('agency_id', '=', user.agency_id).where('id', '=', user.id).execute();
    await recordAudit(ctx, { type: 'auth.login_succeeded', version: 1, data: { userId: user.id, email: user.email, mfa: mfaDone } }, on);
    await clearAfterSignIn(ctx, keys);
  }
  return { ok: true, token, sessionId: session.id, stage };
}
