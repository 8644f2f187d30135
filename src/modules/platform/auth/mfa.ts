import crypto from 'node:crypto';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { openSecret, sealSecret } from '../../../secrets.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx, SystemCtx } from '../context.ts';
import { readMfaRequired } from '../settings/platform-settings.ts';
import { assertOwnPassword } from './account.ts';
import { clearAfterSignIn, countFailedSignIn, runningDelay, throttledError, throttleKeys } from './login-throttle.ts';
import { newSessionToken } from './session-tokens.ts';
import type { Trx } from '../../../db/database.ts';

const RECOVERY_CODE_COUNT = 10;

function totpFor(email: string, base32Secret: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'Concord',
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(base32Secret),
  });
}

/**
 * The time step of a matching code: the current 30-second step or one step either side (clock drift); null when the
 * code matches none of them.
 */
export function totpStep(email: string, base32Secret: string, code: string, now: Date): number | null {
  const totp = totpFor(email, base32Secret);
  const delta = totp.validate({ token: code.replace(/\s+/g, ''), timestamp: now.getTime(), window: 1 });
  return delta === null ? null : totp.counter({ timestamp: now.getTime() }) + delta;
}

/**
 * Accepts a code once: only for a time step later than the last one accepted for this user, recorded by the same
 * conditional update, so that two concurrent requests with one code cannot both succeed (the second waits for the
 * first's row lock, then finds the step taken).
 */
async function acceptTotpCode(
  trx: Trx,
  user: { agencyId: string; userId: string; email: string },
  base32Secret: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const step = totpStep(user.email, base32Secret, code, now);
  if (step === null) return false;
  const taken = await trx
    .updateTable('users')
    .set({ mfa_last_step: String(step) })
    .where('agency_id', '=', user.agencyId)
    .where('id', '=', user.userId)
    .where('mfa_last_step', '<', String(step))
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

export const mfaCodeInput = z
  .object({
    code: z
      .string()
      .regex(/^\d{6}$/, 'six digits')
      .optional(),
    recoveryCode: z.string().trim().min(8).max(40).optional(),
  })
  .refine((value) => (value.code === undefined) !== (value.recoveryCode === undefined), 'give either code or recoveryCode');
export const confirmEnrolmentInput = z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') });
export const disableMfaInput = z.object({ password: z.string().min(1).max(200) });

const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');
const hashRecoveryCode = (code: string) => crypto.createHash('sha256').update(normaliseRecoveryCode(code)).digest();

/** Starts enrolment: a new secret is held, sealed, until a code from it is confirmed. */
export async function startMfaEnrolment(ctx: Ctx): Promise<{ secret: string; otpauthUri: string; qrSvg: string }> {
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await ctx.trx
    .updateTable('users')
    .set({ mfa_pending_secret_enc: sealSecret(ctx.services.secrets.sessionKey, secret), updated_at: ctx.now })
    .where('agency_id', '=', ctx.actor.agencyId)
    .where('id', '=', ctx.actor.userId)
    .execute();
  const otpauthUri = totpFor(ctx.actor.email, secret).toString();
  return { secret, otpauthUri, qrSvg: await QRCode.toString(otpauthUri, { type: 'svg', margin: 1 }) };
}

/** Confirms enrolment with a code from the new secret; returns one-time recovery codes, shown once. */
export async function confirmMfaEnrolment(ctx: Ctx, input: z.infer<typeof confirmEnrolmentInput>): Promise<{ recoveryCodes: string[] }> {
  const user = await ctx.trx
    .selectFrom('users')
    .select(['mfa_pending_secret_enc'])
    .where('agency_id', '=', ctx.actor.agencyId)
    .where('id', '=', ctx.actor.userId)
    .executeTakeFirstOrThrow();
  if (!user.mfa_pending_secret_enc) throw new AppError('CONFLICT', 'Start enrolment first');
  const secret = openSecret(ctx.services.secrets.sessionKey, user.mfa_pending_secret_enc);
  if (!(await acceptTotpCode(ctx.trx, ctx.actor, secret, input.code, ctx.now))) {
    throw new AppError(
      'INVALID_MFA_CODE',
      'The code does not match or has been used; check the time on your device, or wait for the next code',
    );
  }
  await ctx.trx
    .updateTable('users')
    .set({ mfa_enabled: true, mfa_secret_enc: user.mfa_pending_secret_enc, mfa_pending_secret_enc: null, updated_at: ctx.now })
    .where('agency_id', '=', ctx.actor.agencyId)
    .where('id', '=', ctx.actor.userId)
    .execute();
  const recoveryCodes = await replaceRecoveryCodes(ctx.trx, ctx.actor.agencyId, ctx.actor.userId, ctx.now);
  // An enrolment-only session becomes a full one.
  await ctx.trx
    .updateTable('sessions')
    .set({ stage: 'active' })
    .where('agency_id', '=', ctx.actor.agencyId)
    .where('id', '=', ctx.actor.sessionId)
    .where('stage', '=', 'mfa_enrol')
    .execute();
  await recordAudit(ctx, { type: 'auth.mfa_enrolled', version: 1, data: { userId: ctx.actor.userId } });
  return { recoveryCodes };
}

async function replaceRecoveryCodes(trx: Trx, agencyId: string, userId: string, now: Date): Promise<string[]> {
  await trx.deleteFrom('mfa_recovery_codes').where('agency_id', '=', agencyId).where('user_id', '=', userId).execute();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = crypto.randomBytes(8).toString('hex');
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12)}`;
  });
  await trx
    .insertInto('mfa_recovery_codes')
    .values(codes.map((code) => ({ agency_id: agencyId, user_id: userId, code_hash: hashRecoveryCode(code), created_at: now })))
    .execute();
  return codes;
}

export async function disableMfa(ctx: Ctx, input: z.infer<typeof disableMfaInput>): Promise<void> {
  if (await readMfaRequired(ctx.trx)) throw new AppError('MFA_MANDATORY', 'The platform requires MFA for every user');
  await assertOwnPassword(ctx, input.password);
  await ctx.trx
    .updateTable('users')
    .set({ mfa_enabled: false, mfa_secret_enc: null, mfa_pending_secret_enc: null, updated_at: ctx.now })
    .where('agency_id', '=', ctx.actor.agencyId)
    .where('id', '=', ctx.actor.userId)
    .execute();
  await ctx.trx
    .deleteFrom('mfa_recovery_codes')
    .where('agency_id', '=', ctx.actor.agencyId)
    .where('user_id', '=', ctx.actor.userId)
    .execute();
  await recordAudit(ctx, { type: 'auth.mfa_disabled', version: 1, data: { userId: ctx.actor.userId } });
}

/**
 * Uses one of the user's unused recovery codes (marks it used and audits how many remain); false when the code is
 * not one of them.
 */
export async function useRecoveryCode(ctx: SystemCtx, user: { agencyId: string; userId: string }, recoveryCode: string): Promise<boolean> {
  const { trx, now } = ctx;
  const used = await trx
    .updateTable('mfa_recovery_codes')
    .set({ used_at: now })
    .where('agency_id', '=', user.agencyId)
    .where('user_id', '=', user.userId)
    .where('code_hash', '=', hashRecoveryCode(recoveryCode))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) return false;
  const remaining = await trx
    .selectFrom('mfa_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('agency_id', '=', user.agencyId)
    .where('user_id', '=', user.userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx,
    { type: 'auth.recovery_code_used', version: 1, data: { userId: user.userId, remaining: Number(remaining.n) } },
    { agencyId: user.agencyId, actorUserId: user.userId },
  );
  return true;
}

export type MfaStepOutcome = { ok: true; token: string } | { ok: false; error: AppError };

/**
 * The second sign-in step: a TOTP code or an unused recovery code upgrades the pending session, under a new token
 * (the pre-MFA token stops working). Wrong codes count towards the sign-in delays like wrong passwords. While a delay
 * runs for this e-mail and source, a TOTP code is not checked (the same 429 as at the password step); a recovery code
 * still is, since the pending session proves the password (the recovery path of docs/security.md). A failure that
 * starts a delay ends the pending session.
 */
export async function completeMfaLogin(
  ctx: SystemCtx,
  session: { agencyId: string; userId: string; sessionId: string; email: string },
  input: z.infer<typeof mfaCodeInput>,
  client: { ip: string | null },
): Promise<MfaStepOutcome> {
  const { trx, now, services } = ctx;
  const on = { agencyId: session.agencyId, actorUserId: session.userId };
  const keys = throttleKeys(session.email, client.ip);
  const delayedUntil = await runningDelay(ctx, keys);
  if (delayedUntil && input.recoveryCode === undefined) {
    await recordAudit(
      ctx,
      { type: 'auth.login_failed', version: 1, data: { email: session.email, userId: session.userId, reason: 'throttled' } },
      on,
    );
    return { ok: false, error: throttledError(delayedUntil, now) };
  }

  const user = await trx
    .selectFrom('users')
    .select(['mfa_secret_enc'])
    .where('agency_id', '=', session.agencyId)
    .where('id', '=', session.userId)
    .executeTakeFirstOrThrow();
  let ok = false;
  if (input.code !== undefined && user.mfa_secret_enc) {
    ok = await acceptTotpCode(trx, session, openSecret(services.secrets.sessionKey, user.mfa_secret_enc), input.code, now);
  } else if (input.recoveryCode !== undefined) {
    ok = await useRecoveryCode(ctx, session, input.recoveryCode);
  }
  if (!ok) {
    await recordAudit(ctx, { type: 'auth.mfa_failed', version: 1, data: { userId: session.userId } }, on);
    const until = await countFailedSignIn(ctx, keys, { email: session.email, userId: session.userId, agencyId: session.agencyId });
    if (until === null) return { ok: false, error: new AppError('INVALID_MFA_CODE', 'The code is not correct') };
    await trx
      .updateTable('sessions')
      .set({ ended_at: now, end_reason: 'throttled' })
      .where('agency_id', '=', session.agencyId)
      .where('id', '=', session.sessionId)
      .execute();
    return { ok: false, error: throttledError(until, now) };
  }
  const { token, hash } = newSessionToken();
  await trx
    .updateTable('sessions')
    .set({
      token_hash: hash,
      stage: 'active',
      expires_at: new Date(now.getTime() + services.config.session.absoluteHours * 3_600_000),
      last_seen_at: now,
    })
    .where('agency_id', '=', session.agencyId)
    .where('id', '=', session.sessionId)
    .execute();
  await trx
    .updateTable('users')
    .set({ last_login_at: now })
    .where('agency_id', '=', session.agencyId)
    .where('id', '=', session.userId)
    .execute();
  await recordAudit(
    ctx,
    { type: 'auth.login_succeeded', version: 1, data: { userId: session.userId, email: session.email, mfa: true } },
    on,
  );
  await clearAfterSignIn(ctx, keys);
  return { ok: true, token };
}
