import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Trx } from '../../../db/database.ts';
import { AppError } from '../../../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { SystemCtx } from '../context.ts';

/**
 * Sign-in throttling (docs/security.md, Accounts and sessions). Every failed password or MFA code counts twice: for
 * the e-mail from this client address, and for the e-mail from every address. Past a threshold each further failure
 * delays the next sign-in by 1, 2, 4, 8 … minutes, up to CONCORD_LOGIN_LOCK_MINUTES. The per-source threshold is
 * CONCORD_LOGIN_MAX_FAILURES, so one source cannot delay the account for everyone else; the per-account threshold is
 * higher, against guessing spread over many addresses. Keys are hashes of the e-mail as typed (lower-cased), never
 * looked up against the users: an e-mail without an account is counted and delayed exactly like one with an account.
 *
 * Lock order: every transaction that writes throttle rows appends its audit entry first (which locks the audit head),
 * so that concurrent sign-ins cannot deadlock over the rows of one e-mail.
 */

/** The per-account threshold, in multiples of CONCORD_LOGIN_MAX_FAILURES. */
export const ACCOUNT_THRESHOLD_FACTOR = 4;
/** Throttle rows not written for this long (and whose delay is over) are pruned. */
const KEEP_ROWS_MS = 24 * 3_600_000;
/** The source key of the row that counts the account's failures from every source. */
const EVERY_SOURCE = Buffer.alloc(0);

export interface ThrottleKeys {
  /** SHA-256 of the lower-cased e-mail. */
  accountKey: Buffer;
  /** SHA-256 of the lower-cased e-mail and the client's IP address. */
  sourceKey: Buffer;
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest();

/**
 * The e-mail as sign-in compares it. The key of a stored e-mail is computed the same way in SQL
 * (`sha256(convert_to(lower(email), 'UTF8'))`, migration 0012); stored addresses are lower-cased when created.
 */
const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function throttleKeys(email: string, ip: string | null): ThrottleKeys {
  const normalised = normaliseEmail(email);
  return { accountKey: sha256(normalised), sourceKey: sha256(`${normalised}\n${ip ?? ''}`) };
}

/** Minutes of delay after `failures` consecutive failures: none below the threshold, then 1, 2, 4 … up to the cap. */
export function delayMinutesAfter(failures: number, threshold: number, capMinutes: number): number {
  if (failures < threshold) return 0;
  return Math.min(2 ** Math.min(failures - threshold, 20), capMinutes);
}

/** The answer while a delay runs: the same for every e-mail, whether it has an account or not. */
export function throttledError(until: Date, now: Date): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError('RATE_LIMITED', `Too many failed sign-ins; try again in ${String(retryAfterSeconds)} s`, { retryAfterSeconds });
}

/** When the delay now running for this e-mail from this source ends (the later of the two), or null. */
export async function runningDelay(ctx: SystemCtx, keys: ThrottleKeys): Promise<Date | null> {
  const rows = await ctx.trx
    .selectFrom('login_throttle')
    .select('delayed_until')
    .where('account_key', '=', keys.accountKey)
    .where('source_key', 'in', [EVERY_SOURCE, keys.sourceKey])
    .where('delayed_until', '>', ctx.now)
    .execute();
  return latest(rows.map((row) => row.delayed_until));
}

const latest = (dates: (Date | string | null)[]): Date | null =>
  dates.reduce<Date | null>((last, value) => {
    if (value === null) return last;
    const date = new Date(value);
    return last === null || date > last ? date : last;
  }, null);

/**
 * Counts one failed sign-in (wrong password, inactive account, wrong or missing MFA or recovery code) on both keys,
 * starts or lengthens a delay where a threshold is reached (audited), and prunes old rows. Returns when the delay now
 * running ends, or null.
 */
export async function countFailedSignIn(
  ctx: SystemCtx,
  keys: ThrottleKeys,
  subject: { email: string; userId: string | null; agencyId: string | null },
): Promise<Date | null> {
  const { trx, now } = ctx;
  const { maxFailures, lockMinutes } = ctx.services.config.login;
  await trx
    .deleteFrom('login_throttle')
    .where('updated_at', '<', new Date(now.getTime() - KEEP_ROWS_MS))
    .where((eb) => eb.or([eb('delayed_until', 'is', null), eb('delayed_until', '<', now)]))
    .execute();
  const counters = [
    { scope: 'account_source', sourceKey: keys.sourceKey, threshold: maxFailures },
    { scope: 'account', sourceKey: EVERY_SOURCE, threshold: maxFailures * ACCOUNT_THRESHOLD_FACTOR },
  ] as const;
  const delays: (Date | null)[] = [];
  for (const counter of counters) {
    const row = await trx
      .insertInto('login_throttle')
      .values({ account_key: keys.accountKey, source_key: counter.sourceKey, failures: 1, delayed_until: null, updated_at: now })
      .onConflict((oc) =>
        oc.columns(['account_key', 'source_key']).doUpdateSet({ failures: sql`login_throttle.failures + 1`, updated_at: now }),
      )
      .returning(['failures', 'delayed_until'])
      .executeTakeFirstOrThrow();
    const minutes = delayMinutesAfter(row.failures, counter.threshold, lockMinutes);
    const running = row.delayed_until === null ? null : new Date(row.delayed_until);
    if (minutes === 0) {
      delays.push(running);
      continue;
    }
    const until = new Date(now.getTime() + minutes * 60_000);
    if (running !== null && running >= until) {
      delays.push(running);
      continue;
    }
    await trx
      .updateTable('login_throttle')
      .set({ delayed_until: until })
      .where('account_key', '=', keys.accountKey)
      .where('source_key', '=', counter.sourceKey)
      .execute();
    await recordAudit(
      ctx,
      {
        type: 'auth.login_throttled',
        version: 1,
        data: {
          email: normaliseEmail(subject.email),
          userId: subject.userId,
          scope: counter.scope,
          failures: row.failures,
          delayMinutes: minutes,
          until: until.toISOString(),
        },
      },
      { agencyId: subject.agencyId, actorUserId: subject.userId },
    );
    delays.push(until);
  }
  const until = latest(delays);
  return until !== null && until > now ? until : null;
}

/** A successful sign-in forgets the failures of this e-mail from this source and from every source. */
export async function clearAfterSignIn(ctx: SystemCtx, keys: ThrottleKeys): Promise<void> {
  await ctx.trx
    .deleteFrom('login_throttle')
    .where('account_key', '=', keys.accountKey)
    .where('source_key', 'in', [EVERY_SOURCE, keys.sourceKey])
    .execute();
}

/**
 * Which of these users have a per-account delay running. Administrators' transactions cannot read the throttle
 * table; the database function answers for the users the transaction may see.
 */
export async function usersWithSignInDelay(trx: Trx, userIds: readonly string[], now: Date): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const result = await sql<{ id: string }>`select id from concord_login_delayed_users(${[...userIds]}::uuid[], ${now}) as id`.execute(trx);
  return new Set(result.rows.map((row) => row.id));
}

/** Forgets every counted failure of the user's e-mail, from every source: an administrator lifts the delay. */
export async function liftSignInDelay(trx: Trx, userId: string): Promise<void> {
  await sql`select concord_clear_login_throttle(${userId}::uuid)`.execute(trx);
}
