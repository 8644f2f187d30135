import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { chromiumSkip, startBrowserApp, type BrowserApp } from '../helpers/browser.ts';
import { systemScope } from '../../src/db/database.ts';
import { DEMO_PASSWORD } from '../../src/modules/platform/demo/seed-demo.ts';

/**
 * End-to-end: the built web UI, served by the real server on a fresh demo database, driven in headless Chromium.
 * Run with `node --import tsx --test test/e2e/web-shell.test.ts`; builds web/dist first if it is missing.
 */

/** The code of the current 30-second step, or of a later one (the server accepts one step of drift). */
const totpNow = (secret: string, stepsAhead = 0) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: Date.now() + stepsAhead * 30_000,
  });

describe('web UI shell', { skip: chromiumSkip, timeout: 180_000 }, () => {
  let harness: BrowserApp;
  let page: Page;
  let baseUrl: string;
  let recoveryCodes: string[] = [];

  before(async () => {
    harness = await startBrowserApp({ width: 1280, height: 800 });
    ({ page, baseUrl } = harness);
  });

  after(() => harness.close());

  async function signIn(email: string) {
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
  }

  async function signOut() {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-email').waitFor();
  }

  it('an agency administrator enrols in two-factor authentication and then signs in with a code', async (t) => {
    await signIn('admin@macc.demo');
    await page.getByTestId('dashboard-cards').waitFor();

    await page.getByTestId('nav-account').click();
    await page.getByTestId('mfa-setup-start').click();
    const secret = (await page.getByTestId('mfa-secret').textContent())?.trim() ?? '';
    assert.match(secret, /^[A-Z2-7]{16,}$/, 'the secret is shown as base32 text');
    assert.ok(await page.locator('img.qr[src^="data:image/svg+xml"]').isVisible(), 'the QR code is shown as an image');
    await page.getByTestId('mfa-enrol-code').fill(totpNow(secret));
    await page.getByTestId('mfa-enrol-confirm').click();
    const codes = page.getByTestId('recovery-codes').locator('li');
    await codes.first().waitFor();
    assert.equal(await codes.count(), 10, 'ten recovery codes are shown once');
    recoveryCodes = (await codes.allTextContents()).map((code) => code.trim());
    await page.getByTestId('mfa-enrol-done').click();

    await signOut();
    await signIn('admin@macc.demo');
    // The enrolment used this time step's code, and a code works once: the next step's.
    await page.getByTestId('mfa-code').fill(totpNow(secret, 1));
    await page.getByTestId('mfa-submit').click();
    const cards = page.getByTestId('dashboard-cards');
    await cards.waitFor();
    assert.ok((await cards.locator('li').count()) >= 1, 'the dashboard shows cards');
    assert.match((await cards.textContent()) ?? '', /Jobs queued or running/);
    assert.ok(await page.getByTestId('nav-admin-users').isVisible(), 'an agency administrator sees the users page in the navigation');

    t.diagnostic(`dashboard screenshot: ${await harness.shot('dashboard')}`);
  });

  it('switches the interface to Simplified Chinese and remembers the choice', async () => {
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: '仪表板' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await page.getByTestId('nav-jobs').textContent(), '作业');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: '仪表板' }).waitFor();
    await harness.shot('dashboard-zh-CN');

    // The preference is stored on the server too, so that it follows the user to another browser.
    let stored: string | undefined;
    for (let attempt = 0; attempt < 50 && stored !== 'zh-CN'; attempt++) {
      const row = await harness.services.db.inScope(systemScope, (trx) =>
        trx.selectFrom('users').select('locale').where('email', '=', 'admin@macc.demo').executeTakeFirst(),
      );
      stored = row?.locale;
      if (stored !== 'zh-CN') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(stored, 'zh-CN');
  });

  it('an analyst sees no administration pages and is refused when opening one directly', async () => {
    await signOut();
    await signIn('analyst@macc.demo');
    await page.getByTestId('dashboard-cards').waitFor();
    // The analyst's own language preference (English) applies, not the previous user's.
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.ok(await page.getByTestId('nav-dashboard').isVisible());
    assert.ok(await page.getByTestId('nav-jobs').isVisible());
    for (const item of ['nav-admin-users', 'nav-admin-agencies', 'nav-admin-audit', 'nav-admin-settings']) {
      assert.equal(await page.getByTestId(item).count(), 0, `${item} is not offered to an analyst`);
    }

    await page.goto(`${baseUrl}/admin/users`);
    await page.getByTestId('forbidden').waitFor();
    assert.match((await page.getByTestId('forbidden').textContent()) ?? '', /You do not have access to this page/);
    assert.equal(await page.getByTestId('users-table').count(), 0);

    await page.goto(`${baseUrl}/no/such/page`);
    await page.getByTestId('not-found').waitFor();
  });

  it('sends a user whose session has ended back to sign in, then to the page they asked for', async () => {
    await page.context().clearCookies();
    await page.getByTestId('nav-jobs').click();
    await page.getByTestId('login-email').waitFor();
    assert.match((await page.locator('.auth-card').textContent()) ?? '', /Your session has ended/);
    await page.getByTestId('login-email').fill('analyst@macc.demo');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/jobs');
  });

  it('while sign-in is delayed, the holder signs in from the login page with a recovery code', async (t) => {
    await page.context().clearCookies();
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-email').waitFor();
    t.diagnostic(`login: ${await harness.shot('login-en')}`);
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    t.diagnostic(`login, Chinese: ${await harness.shot('login-zh-CN')}`);
    await page.getByTestId('lang-switch').selectOption('en');

    // Four wrong passwords from this address, the fifth typed on the page: the delay starts.
    for (let i = 0; i < 4; i += 1) {
      const response = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@macc.demo', password: 'not the password' }),
      });
      assert.equal(response.status, 401);
    }
    await page.getByTestId('login-email').fill('admin@macc.demo');
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    const notice = page.getByRole('alert');
    await notice.getByText('Try again in 1 minute').waitFor();
    t.diagnostic(`login, delayed: ${await harness.shot('login-delayed-en')}`);

    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await notice.getByText('请在1分钟后重试').waitFor();
    await page.getByTestId('login-toggle-recovery').click();
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    const code = recoveryCodes[0] ?? '';
    await page.getByTestId('login-recovery-code').fill(code);
    t.diagnostic(`login, delayed, Chinese, recovery code: ${await harness.shot('login-delayed-zh-CN')}`);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('dashboard-cards').waitFor();

    const used = await harness.services.db.inScope(systemScope, (trx) =>
      trx.selectFrom('mfa_recovery_codes').select('used_at').where('used_at', 'is not', null).execute(),
    );
    assert.equal(used.length, 1, 'the recovery code is used up');
    await page.getByTestId('lang-switch').selectOption('en');
  });
});
