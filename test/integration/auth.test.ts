import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as OTPAuth from 'otpauth';
import { sql } from 'kysely';
import { systemScope } from '../../src/db/database.ts';
import {
  Client,
  buildAgency,
  buildUser,
  createTestEnv,
  signedIn,
  type TestAgency,
  type TestEnv,
  type TestUser,
} from '../helpers/harness.ts';

const totp = (secret: string, offsetSteps = 0) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

interface ErrorBody {
  code: string;
  message: string;
  details?: { retryAfterSeconds?: number };
}

/** The answer without the seconds to wait, which depend on when each request ran. */
const withoutWait = (body: ErrorBody) => ({ code: body.code, message: body.message.replace(/\d+/g, 'N') });

describe('accounts, sessions and MFA', () => {
  let env: TestEnv;
  let agency: TestAgency;

  /** Signs in, enrols TOTP and returns the secret and the recovery codes. */
  async function enrolMfa(user: TestUser): Promise<{ secret: string; recoveryCodes: string[]; enrolmentCode: string }> {
    const client = await signedIn(env, user);
    const { secret } = (await client.post('/api/me/mfa/setup')).json<{ secret: string }>();
    const enrolmentCode = totp(secret);
    const confirmed = await client.post('/api/me/mfa/confirm', { code: enrolmentCode });
    assert.equal(confirmed.statusCode, 200);
    return { secret, recoveryCodes: confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes, enrolmentCode };
  }

  const throttleRows = (email: string) =>
    env.services.db.inScope(systemScope, (trx) =>
      trx
        .selectFrom('login_throttle')
        .select(['source_key', 'failures', 'delayed_until'])
        .where('account_key', '=', crypto.createHash('sha256').update(email.toLowerCase()).digest())
        .execute(),
    );

  before(async () => {
    env = await createTestEnv({ CONCORD_LOGIN_MAX_FAILURES: '3', CONCORD_LOGIN_RATE_PER_MINUTE: '1000' });
    agency = await buildAgency(env);
  });
  after(() => env.close());

  it('signs in, sets an HttpOnly SameSite=Strict cookie holding a 128-bit token, and signs out', async () => {
    const user = await buildUser(env, { agency });
    const client = new Client(env.app);
    const response = await client.login(user.email, user.password);
    assert.equal(response.statusCode, 200);
    const cookie = response.cookies.find((c) => c.name === 'concord_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(Buffer.from(cookie.value, 'base64url').length, 16);
    assert.equal((await client.get('/api/session')).statusCode, 200);
    const stored = await env.services.db.inScope(systemScope, (trx) =>
      trx.selectFrom('sessions').select('token_hash').where('user_id', '=', user.id).execute(),
    );
    assert.ok(
      stored.every((row) => !Buffer.from(row.token_hash).equals(Buffer.from(cookie.value))),
      'only the token hash is stored',
    );
    assert.equal((await client.post('/api/auth/logout')).statusCode, 204);
    const again = new Client(env.app);
    again.cookie = `concord_session=${cookie.value}`;
    assert.equal((await again.get('/api/session')).statusCode, 401);
  });

  it('refuses a wrong password and an unknown e-mail with the same answer', async () => {
    const user = await buildUser(env, { agency });
    const wrong = await new Client(env.app).login(user.email, 'not the password');
    const unknown = await new Client(env.app).login('nobody@nowhere.test', 'whatever password');
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
    assert.equal(wrong.json<{ code: string }>().code, 'INVALID_CREDENTIALS');
  });

  it('after repeated failures answers a known, an inactive and an unknown e-mail alike: the same 429, byte for byte', async () => {
    const known = await buildUser(env, { agency });
    const inactive = await buildUser(env, { agency, active: false });
    const unknownEmail = `nobody.${crypto.randomBytes(4).toString('hex')}@${agency.shortName.toLowerCase()}.test`;
    // The wrong password of a known e-mail, the right password of a deactivated user, any password of an unknown one.
    const attempts = [
      () => new Client(env.app).login(known.email, 'not the password'),
      () => new Client(env.app).login(inactive.email, inactive.password),
      () => new Client(env.app).login(unknownEmail, 'not the password'),
    ];
    for (let round = 1; round <= 3; round += 1) {
      const answers = [];
      for (const attempt of attempts) answers.push(await attempt());
      const [first, ...others] = answers;
      assert.ok(first);
      // The third failure (CONCORD_LOGIN_MAX_FAILURES) starts the delay: its answer already says how long to wait.
      assert.equal(first.statusCode, round < 3 ? 401 : 429, `round ${String(round)}`);
      for (const other of others) {
        assert.equal(other.statusCode, first.statusCode);
        assert.equal(other.body, first.body, 'byte-identical bodies');
        assert.equal(other.headers['retry-after'], first.headers['retry-after']);
      }
    }
    // While the delay runs, the password is not checked: the right one is refused like any other.
    const right = await new Client(env.app).login(known.email, known.password);
    const anyPassword = await new Client(env.app).login(unknownEmail, 'not the password');
    for (const answer of [right, anyPassword]) {
      assert.equal(answer.statusCode, 429);
      const body = answer.json<ErrorBody>();
      assert.equal(body.code, 'RATE_LIMITED');
      const wait = body.details?.retryAfterSeconds ?? 0;
      assert.ok(wait > 0 && wait <= 60, 'a first delay of at most one minute');
      assert.equal(answer.headers['retry-after'], String(wait));
    }
    assert.deepEqual(withoutWait(right.json()), withoutWait(anyPassword.json()));

    // Both e-mails are counted under the SHA-256 of the address, never in clear; no lock column is left to read.
    for (const email of [known.email, unknownEmail]) {
      const rows = await throttleRows(email);
      assert.deepEqual(rows.map((row) => row.failures).sort(), [3, 3], `${email}: per source and per account`);
    }
    const columns = await env.services.db.inScope(systemScope, (trx) =>
      trx.selectFrom('users').selectAll().where('id', '=', known.id).executeTakeFirstOrThrow(),
    );
    assert.ok(!('locked_until' in columns) && !('failed_login_count' in columns));
    const throttled = await env.services.db.inScope(systemScope, (trx) =>
      trx.selectFrom('audit_log').select(['data']).where('event_type', '=', 'auth.login_throttled').execute(),
    );
    const throttledEmails = throttled.map((row) => (row.data as { email: string }).email);
    assert.ok(throttledEmails.includes(known.email) && throttledEmails.includes(unknownEmail), 'each delay start is audited');
  });

  it('failures from one source do not delay the account from another, until the per-account threshold', async () => {
    const user = await buildUser(env, { agency });
    const from = (address: string) => new Client(env.app, address);
    for (let i = 1; i <= 3; i += 1) {
      assert.equal((await from('192.0.2.1').login(user.email, 'not the password')).statusCode, i < 3 ? 401 : 429);
    }
    assert.equal((await from('192.0.2.1').login(user.email, user.password)).statusCode, 429, 'the guessing source waits');
    assert.equal((await from('192.0.2.2').login(user.email, user.password)).statusCode, 200, 'the holder elsewhere signs in');
    assert.equal((await from('192.0.2.1').login(user.email, user.password)).statusCode, 429, 'the guessing source still waits');

    // Guessing spread over sources, two failures each: the 12th failure (4 × 3) delays the account everywhere.
    const other = await buildUser(env, { agency });
    const statuses: number[] = [];
    for (let source = 1; source <= 6; source += 1) {
      for (let i = 0; i < 2; i += 1)
        statuses.push((await from(`198.51.100.${String(source)}`).login(other.email, 'not the password')).statusCode);
    }
    assert.deepEqual(statuses, [...Array<number>(11).fill(401), 429]);
    const fresh = await from('203.0.113.9').login(other.email, other.password);
    assert.equal(fresh.statusCode, 429, 'a source that never failed waits too');

    // The administrator sees the delay and lifts it.
    const admin = await signedIn(env, await buildUser(env, { agency, roles: ['agency_admin'] }));
    const listed = (await admin.get('/api/users')).json<{ items: { id: string; locked: boolean }[] }>().items;
    assert.equal(listed.find((item) => item.id === other.id)?.locked, true);
    assert.equal(listed.find((item) => item.id === user.id)?.locked, false, 'a per-source delay is not an account delay');
    const unlocked = await admin.patch(`/api/users/${other.id}`, { unlock: true });
    assert.equal(unlocked.statusCode, 200);
    assert.equal(unlocked.json<{ locked: boolean }>().locked, false);
    assert.deepEqual(await throttleRows(other.email), [], 'every source of the account is forgotten');
    assert.equal((await from('198.51.100.1').login(other.email, other.password)).statusCode, 200);
  });

  it('an administrator of another agency can neither see nor lift a delay', async () => {
    const user = await buildUser(env, { agency });
    for (let i = 0; i < 12; i += 1) await new Client(env.app, `198.51.100.${String(i)}`).login(user.email, 'not the password');
    const otherAgency = await buildAgency(env);
    const foreignAdmin = await signedIn(env, await buildUser(env, { agency: otherAgency, roles: ['agency_admin'] }));
    assert.equal((await foreignAdmin.patch(`/api/users/${user.id}`, { unlock: true })).statusCode, 404);
    // Nor can the database functions be used for it from another agency's transaction.
    const cleared = await env.services.db.inScope(
      { scope: 'agency', agencyId: otherAgency.id, userId: null, roles: ['agency_admin'] },
      (trx) => sql<{ n: number }>`select concord_clear_login_throttle(${user.id}::uuid) as n`.execute(trx),
    );
    assert.equal(cleared.rows[0]?.n, 0);
    await assert.rejects(
      env.services.db.inScope({ scope: 'agency', agencyId: agency.id, userId: null, roles: ['analyst'] }, (trx) =>
        sql`select concord_clear_login_throttle(${user.id}::uuid)`.execute(trx),
      ),
      /administrator/,
    );
    const direct = await env.services.db.inScope(
      { scope: 'platform', agencyId: agency.id, userId: null, roles: ['platform_admin'] },
      (trx) => trx.selectFrom('login_throttle').select('failures').execute(),
    );
    assert.deepEqual(direct, [], 'row-level security keeps the table to the system scope');
    assert.equal((await new Client(env.app, '203.0.113.10').login(user.email, user.password)).statusCode, 429);
  });

  it('rejects bad input with INVALID_INPUT and writes nothing', async () => {
    const response = await new Client(env.app).request('POST', '/api/auth/login', { email: 'x' });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json<{ code: string }>().code, 'INVALID_INPUT');
  });

  it('refuses writes without the CSRF token of the session', async () => {
    const user = await buildUser(env, { agency });
    const client = await signedIn(env, user);
    const missing = await client.request(
      'POST',
      '/api/me/password',
      { currentPassword: user.password, newPassword: 'another long password' },
      { 'x-csrf-token': '' },
    );
    assert.equal(missing.statusCode, 403);
    assert.equal(missing.json<{ code: string }>().code, 'CSRF_FAILED');
    const other = await signedIn(env, await buildUser(env, { agency }));
    const foreign = await client.request(
      'POST',
      '/api/me/password',
      { currentPassword: user.password, newPassword: 'another long password' },
      { 'x-csrf-token': other.csrfToken ?? '' },
    );
    assert.equal(foreign.statusCode, 403);
  });

  it('changes the password and ends the user’s other sessions', async () => {
    const user = await buildUser(env, { agency });
    const first = await signedIn(env, user);
    const second = await signedIn(env, user);
    assert.equal((await first.post('/api/me/password', { currentPassword: user.password, newPassword: 'short' })).statusCode, 400);
    assert.equal((await first.post('/api/me/password', { currentPassword: 'wrong', newPassword: 'a new long password' })).statusCode, 401);
    assert.equal(
      (await first.post('/api/me/password', { currentPassword: user.password, newPassword: 'a new long password' })).statusCode,
      204,
    );
    assert.equal((await first.get('/api/session')).statusCode, 200);
    assert.equal((await second.get('/api/session')).statusCode, 401);
    assert.equal((await new Client(env.app).login(user.email, user.password)).statusCode, 401);
    assert.equal((await new Client(env.app).login(user.email, 'a new long password')).statusCode, 200);
  });

  it('deactivating a user ends their sessions at once', async () => {
    const user = await buildUser(env, { agency });
    const session = await signedIn(env, user);
    const admin = await signedIn(env, await buildUser(env, { agency, roles: ['agency_admin'] }));
    assert.equal((await admin.patch(`/api/users/${user.id}`, { active: false })).statusCode, 200);
    assert.equal((await session.get('/api/session')).statusCode, 401);
    assert.equal((await new Client(env.app).login(user.email, user.password)).statusCode, 401);
  });

  it('ends idle sessions and sessions past their absolute lifetime', async () => {
    const user = await buildUser(env, { agency });
    const idle = await signedIn(env, user);
    const old = await signedIn(env, user);
    const ids = await env.services.db.inScope(systemScope, (trx) =>
      trx.selectFrom('sessions').select(['id', 'created_at']).where('user_id', '=', user.id).orderBy('created_at').execute(),
    );
    await env.services.db.inScope(systemScope, async (trx) => {
      await trx
        .updateTable('sessions')
        .set({ last_seen_at: new Date(Date.now() - (env.config.session.idleMinutes + 1) * 60_000) })
        .where('id', '=', ids[0]!.id)
        .execute();
      await trx
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', ids[1]!.id)
        .execute();
    });
    assert.equal((await idle.get('/api/session')).statusCode, 401);
    assert.equal((await old.get('/api/session')).statusCode, 401);
    const ended = await env.services.db.inScope(systemScope, (trx) =>
      trx.selectFrom('sessions').select('end_reason').where('user_id', '=', user.id).orderBy('created_at').execute(),
    );
    assert.deepEqual(
      ended.map((row) => row.end_reason),
      ['idle', 'expired'],
    );
  });

  it('enrols TOTP, then asks for the code at sign-in; a recovery code works once', async () => {
    const user = await buildUser(env, { agency });
    const client = await signedIn(env, user);
    const setup = (await client.post('/api/me/mfa/setup')).json<{ secret: string; otpauthUri: string; qrSvg: string }>();
    assert.match(setup.otpauthUri, /^otpauth:\/\/totp\//);
    assert.match(setup.qrSvg, /<svg/);
    assert.equal(
      (await client.post('/api/me/mfa/confirm', { code: '000000' === totp(setup.secret) ? '111111' : '000000' })).statusCode,
      401,
    );
    const confirmed = await client.post('/api/me/mfa/confirm', { code: totp(setup.secret) });
    assert.equal(confirmed.statusCode, 200);
    const { recoveryCodes } = confirmed.json<{ recoveryCodes: string[] }>();
    assert.equal(recoveryCodes.length, 10);
    const stored = await env.services.db.inScope(systemScope, (trx) =>
      trx.selectFrom('users').select(['mfa_secret_enc']).where('id', '=', user.id).executeTakeFirstOrThrow(),
    );
    assert.ok(stored.mfa_secret_enc && !stored.mfa_secret_enc.includes(setup.secret), 'the TOTP secret is sealed at rest');

    const second = new Client(env.app);
    const pending = await second.login(user.email, user.password);
    assert.equal(pending.json<{ stage: string }>().stage, 'mfa_pending');
    assert.equal((await second.get('/api/dashboard')).json<{ code: string }>().code, 'MFA_REQUIRED');
    const preMfaCookie = second.cookie;
    assert.equal((await second.post('/api/auth/mfa', { code: totp(setup.secret, 5) })).statusCode, 401);
    // The code of the enrolment's time step has been used; the next step's is accepted (one step of clock drift).
    const done = await second.post('/api/auth/mfa', { code: totp(setup.secret, 1) });
    assert.equal(done.statusCode, 200);
    assert.equal(done.json<{ stage: string }>().stage, 'active');
    assert.notEqual(second.cookie, preMfaCookie, 'the token is rotated after MFA');
    second.csrfToken = done.json<{ csrfToken: string }>().csrfToken;
    assert.equal((await second.get('/api/dashboard')).statusCode, 200);
    const stale = new Client(env.app);
    stale.cookie = preMfaCookie;
    assert.equal((await stale.get('/api/session')).statusCode, 401);

    const third = new Client(env.app);
    await third.login(user.email, user.password);
    assert.equal((await third.post('/api/auth/mfa', { recoveryCode: recoveryCodes[0] })).statusCode, 200);
    const fourth = new Client(env.app);
    await fourth.login(user.email, user.password);
    assert.equal((await fourth.post('/api/auth/mfa', { recoveryCode: recoveryCodes[0] })).statusCode, 401, 'a recovery code works once');
  });

  it('a TOTP code works once: not again at sign-in, nor after enrolment, nor in two requests at once', async () => {
    const user = await buildUser(env, { agency });
    const { secret, enrolmentCode } = await enrolMfa(user);
    const pending = async () => {
      const client = new Client(env.app);
      assert.equal((await client.login(user.email, user.password)).json<{ stage: string }>().stage, 'mfa_pending');
      return client;
    };
    // The very code that confirmed the enrolment (not one computed again now: the clock may have reached the next step).
    const afterEnrolment = await (await pending()).post('/api/auth/mfa', { code: enrolmentCode });
    assert.equal(afterEnrolment.statusCode, 401, 'the code that confirmed the enrolment');
    assert.equal(afterEnrolment.json<ErrorBody>().code, 'INVALID_MFA_CODE');
    // One code, computed once: computed again, it would be the next step's (still unused) if the clock moved on.
    const nextStepCode = totp(secret, 1);
    assert.equal((await (await pending()).post('/api/auth/mfa', { code: nextStepCode })).statusCode, 200);
    assert.equal((await (await pending()).post('/api/auth/mfa', { code: nextStepCode })).statusCode, 401, 'replayed');

    // Two sign-ins racing with one code: exactly one wins.
    const racer = await buildUser(env, { agency });
    const enrolment = await signedIn(env, racer);
    const racerSecret = (await enrolment.post('/api/me/mfa/setup')).json<{ secret: string }>().secret;
    assert.equal((await enrolment.post('/api/me/mfa/confirm', { code: totp(racerSecret, -1) })).statusCode, 200);
    const racers = [new Client(env.app), new Client(env.app)];
    for (const client of racers) await client.login(racer.email, racer.password);
    const code = totp(racerSecret);
    const answers = await Promise.all(racers.map((client) => client.post('/api/auth/mfa', { code })));
    assert.deepEqual(answers.map((answer) => answer.statusCode).sort(), [200, 401]);
  });

  it('wrong MFA codes count towards the delay, whose start ends the pending session', async () => {
    const user = await buildUser(env, { agency });
    const { secret } = await enrolMfa(user);
    const wrong = totp(secret, 10);
    const attempt = new Client(env.app);
    await attempt.login(user.email, user.password);
    assert.equal((await attempt.post('/api/auth/mfa', { code: wrong })).statusCode, 401);
    assert.equal((await attempt.post('/api/auth/mfa', { code: wrong })).statusCode, 401);
    const third = await attempt.post('/api/auth/mfa', { code: wrong });
    assert.equal(third.statusCode, 429);
    assert.equal(third.json<ErrorBody>().details?.retryAfterSeconds, 60);
    assert.equal((await attempt.post('/api/auth/mfa', { code: totp(secret, 1) })).statusCode, 401, 'the pending session has ended');
    assert.equal((await new Client(env.app).login(user.email, user.password)).statusCode, 429);
  });

  it('during a delay the holder signs in with password and recovery code, which is used up; other pairs get the same 429', async () => {
    const user = await buildUser(env, { agency });
    const { secret, recoveryCodes } = await enrolMfa(user);
    const [code, secondCode] = recoveryCodes;
    assert.ok(code && secondCode);
    // A session waiting for its code, from the source that is about to be delayed.
    const waiting = new Client(env.app, '192.0.2.50');
    await waiting.login(user.email, user.password);
    const guesser = () => new Client(env.app, '192.0.2.50');
    for (let i = 0; i < 3; i += 1) await guesser().login(user.email, 'not the password');
    const plain = await guesser().login(user.email, user.password);
    assert.equal(plain.statusCode, 429);

    // Right password with a wrong code, wrong password with the right code: refused alike, and counted (the 4th and
    // 5th failures delay for 2 and 4 minutes).
    const wrongCode = await guesser().login(user.email, user.password, { recoveryCode: 'aaaa-bbbb-cccc-dddd' });
    assert.equal(wrongCode.statusCode, 429);
    assert.deepEqual(withoutWait(wrongCode.json()), withoutWait(plain.json()));
    assert.equal(wrongCode.json<ErrorBody>().details?.retryAfterSeconds, 120);
    const wrongPassword = await guesser().login(user.email, 'not the password', { recoveryCode: code });
    assert.equal(wrongPassword.statusCode, 429);
    assert.equal(wrongPassword.json<ErrorBody>().details?.retryAfterSeconds, 240);
    const unknown = await guesser().login(`nobody.${crypto.randomBytes(4).toString('hex')}@x.test`, 'any password', { recoveryCode: code });
    assert.equal(unknown.statusCode, 401, 'an unknown e-mail of a source without a delay: a plain failure');

    // The waiting session's authenticator code is not checked during the delay either.
    assert.equal((await waiting.post('/api/auth/mfa', { code: totp(secret, 1) })).statusCode, 429);

    const holder = guesser();
    const signedInWithCode = await holder.login(user.email, user.password, { recoveryCode: code });
    assert.equal(signedInWithCode.statusCode, 200);
    assert.equal(signedInWithCode.json<{ stage: string }>().stage, 'active', 'the recovery code stands for the MFA step');
    assert.equal((await holder.get('/api/dashboard')).statusCode, 200);
    assert.deepEqual(await throttleRows(user.email), [], 'the sign-in forgets the failures');
    const audit = await env.services.db.inScope(systemScope, (trx) =>
      trx.selectFrom('audit_log').select(['event_type', 'data']).where('actor_user_id', '=', user.id).orderBy('seq').execute(),
    );
    assert.deepEqual(
      audit.slice(-2).map((row) => row.event_type),
      ['auth.recovery_code_used', 'auth.login_succeeded'],
    );
    assert.ok(!JSON.stringify(audit).includes(code), 'no code in the audit');

    // Used up: the same code fails, now as a plain wrong code (no delay runs); another one signs in in one request.
    const reused = await new Client(env.app).login(user.email, user.password, { recoveryCode: code });
    assert.equal(reused.statusCode, 401);
    assert.equal(reused.json<ErrorBody>().code, 'INVALID_MFA_CODE');
    assert.equal((await new Client(env.app).login(user.email, user.password, { recoveryCode: secondCode })).statusCode, 200);
  });

  it('when the platform requires MFA, a user without it can only enrol', async () => {
    const platformAgency = await buildAgency(env);
    const platformAdmin = await signedIn(env, await buildUser(env, { agency: platformAgency, roles: ['platform_admin'] }));
    const agencyAdmin = await signedIn(env, await buildUser(env, { agency, roles: ['agency_admin'] }));
    assert.equal((await agencyAdmin.patch('/api/settings', { mfaRequired: true })).statusCode, 403);
    assert.equal((await platformAdmin.patch('/api/settings', { mfaRequired: true })).statusCode, 200);
    try {
      const user = await buildUser(env, { agency });
      const client = new Client(env.app);
      const login = await client.login(user.email, user.password);
      assert.equal(login.json<{ stage: string }>().stage, 'mfa_enrol');
      const refused = await client.get('/api/dashboard');
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json<{ code: string }>().code, 'MFA_ENROLMENT_REQUIRED');
      const setup = (await client.post('/api/me/mfa/setup')).json<{ secret: string }>();
      assert.equal((await client.post('/api/me/mfa/confirm', { code: totp(setup.secret) })).statusCode, 200);
      assert.equal((await client.get('/api/dashboard')).statusCode, 200);
      const disable = await client.post('/api/me/mfa/disable', { password: user.password });
      assert.equal(disable.json<{ code: string }>().code, 'MFA_MANDATORY');
    } finally {
      await platformAdmin.patch('/api/settings', { mfaRequired: false });
    }
  });
});

describe('login rate limit', () => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv({ CONCORD_LOGIN_RATE_PER_MINUTE: '3' });
  });
  after(() => env.close());

  it('answers 429 RATE_LIMITED past the per-minute limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await new Client(env.app).login('nobody@x.test', 'some password')).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
  });
});
