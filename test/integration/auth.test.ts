import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as OTPAuth from 'otpauth';
import { systemScope } from '../../src/db/database.ts';
import { Client, buildAgency, buildUser, createTestEnv, signedIn, type TestAgency, type TestEnv } from '../helpers/harness.ts';

const totp = (secret: string, offsetSteps = 0) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

describe('accounts, sessions and MFA', () => {
  let env: TestEnv;
  let agency: TestAgency;

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

  it('rejects bad input with INVALID_INPUT and writes nothing', async () => {
    const response = await new Client(env.app).request('POST', '/api/auth/login', { email: 'x' });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json<{ code: string }>().code, 'INVALID_INPUT');
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    const user = await buildUser(env, { agency });
    for (let i = 0; i < 2; i += 1) assert.equal((await new Client(env.app).login(user.email, 'wrong password!')).statusCode, 401);
    const third = await new Client(env.app).login(user.email, 'wrong password!');
    assert.equal(third.statusCode, 423);
    const right = await new Client(env.app).login(user.email, user.password);
    assert.equal(right.statusCode, 423);
    assert.equal(right.json<{ code: string }>().code, 'ACCOUNT_LOCKED');
    const audit = await env.services.db.inScope(systemScope, (trx) =>
      trx.selectFrom('audit_log').select('event_type').where('actor_user_id', '=', user.id).execute(),
    );
    assert.ok(audit.some((row) => row.event_type === 'auth.account_locked'));
    // An administrator unlocks it.
    const admin = await signedIn(env, await buildUser(env, { agency, roles: ['agency_admin'] }));
    assert.equal((await admin.patch(`/api/users/${user.id}`, { unlock: true })).statusCode, 200);
    assert.equal((await new Client(env.app).login(user.email, user.password)).statusCode, 200);
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
    const done = await second.post('/api/auth/mfa', { code: totp(setup.secret) });
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

  it('wrong MFA codes count towards the lockout and end the pending session', async () => {
    const user = await buildUser(env, { agency });
    const client = await signedIn(env, user);
    const setup = (await client.post('/api/me/mfa/setup')).json<{ secret: string }>();
    assert.equal((await client.post('/api/me/mfa/confirm', { code: totp(setup.secret) })).statusCode, 200);
    const wrong = totp(setup.secret, 10);
    const attempt = new Client(env.app);
    await attempt.login(user.email, user.password);
    assert.equal((await attempt.post('/api/auth/mfa', { code: wrong })).statusCode, 401);
    assert.equal((await attempt.post('/api/auth/mfa', { code: wrong })).statusCode, 401);
    const third = await attempt.post('/api/auth/mfa', { code: wrong });
    assert.equal(third.statusCode, 423);
    assert.equal((await attempt.post('/api/auth/mfa', { code: totp(setup.secret) })).statusCode, 401, 'the pending session has ended');
    assert.equal((await new Client(env.app).login(user.email, user.password)).statusCode, 423);
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
