import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/modules/platform/demo/seed-demo.ts';
import { chromiumSkip, startBrowserApp, type BrowserApp } from '../helpers/browser.ts';

/**
 * End-to-end: the Interpol page of the fugitives area on a fresh demo database, in headless Chromium. The NSC's
 * investigator uploads a saved list page through the file picker, sees the summary and the snapshot; a malformed
 * file is refused with the file and its problem named, and nothing is listed for it; the NSC's analyst sees the
 * snapshots but no import form. No page may break the server's CSP.
 * Run with `node --import tsx --test test/e2e/fugitives-interpol.test.ts`; builds web/dist first if missing.
 */
const FIXTURES = path.resolve('test/fixtures/interpol');
const file = (name: string, fixture = name) => ({
  name,
  mimeType: 'application/json',
  buffer: fs.readFileSync(path.join(FIXTURES, fixture)),
});

describe('web UI: Interpol notice import', { skip: chromiumSkip, timeout: 240_000 }, () => {
  let harness: BrowserApp;
  let page: Page;
  let baseUrl: string;
  const consoleProblems: string[] = [];

  before(async () => {
    harness = await startBrowserApp({ width: 1280, height: 900 });
    ({ page, baseUrl } = harness);
    page.on('console', (message) => {
      // A refused import answers 400, and the login page asks for the session after signing out (401); the browser
      // reports both as failed resource loads, which is expected here.
      if (/status of 40[01]/.test(message.text())) return;
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) consoleProblems.push(message.text());
    });
    page.on('pageerror', (error) => {
      consoleProblems.push(`${error.message} at ${page.url()}`);
    });
  });

  after(() => harness.close());

  const signIn = async (email: string) => {
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();
  };
  const signOut = async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-email').waitFor();
  };

  it('an investigator imports a saved list page and sees the summary and the snapshot', async () => {
    await signIn('investigator@nsc.demo');
    await page.goto(`${baseUrl}/fugitives`);
    await page.getByTestId('fugitives-tab-interpol').click();
    await page.waitForURL(/\/fugitives\/interpol$/);
    await page.getByTestId('interpol-snapshots-empty').waitFor();

    const form = page.getByTestId('interpol-import-form');
    await form.getByLabel('JSON files from Interpol').setInputFiles([file('list-red-page1.json')]);
    await form.getByTestId('interpol-chosen').waitFor();
    await form.getByTestId('interpol-import-submit').click();

    const summary = form.getByTestId('interpol-summary');
    await summary.waitFor();
    assert.equal(await summary.getByTestId('interpol-count-new').textContent(), '3');
    assert.equal(await summary.getByTestId('interpol-count-updated').textContent(), '0');
    const importId = (await summary.getByTestId('interpol-import-id').textContent()) ?? '';
    assert.match(importId, /^[0-9a-f-]{36}$/);

    const table = page.getByTestId('interpol-snapshots');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().getAttribute('data-import-id'), importId);
    assert.equal(await rows.first().getByTestId('snapshot-file').textContent(), 'list-red-page1.json');
    assert.match((await rows.first().textContent()) ?? '', /List page · Red/);
  });

  it('a malformed file is refused with the file and its problem named, and nothing is imported', async () => {
    const form = page.getByTestId('interpol-import-form');
    await form
      .getByLabel('JSON files from Interpol')
      .setInputFiles([file('detail-red-2099-00104.json'), file('broken-page.json', 'malformed.json.txt')]);
    await form.getByTestId('interpol-import-submit').click();

    const problems = form.getByTestId('interpol-problems');
    await problems.waitFor();
    const refused = problems.locator('li[data-file]');
    assert.equal(await refused.count(), 1);
    assert.equal(await refused.first().getAttribute('data-file'), 'broken-page.json');
    assert.match((await refused.first().textContent()) ?? '', /\$.*line \d+/i);
    assert.equal(await form.getByTestId('interpol-summary').count(), 0);
    // Still only the first import's snapshot: the valid detail of the refused upload was not written either.
    await page.reload();
    await page.getByTestId('interpol-snapshots').waitFor();
    assert.equal(await page.getByTestId('interpol-snapshots').locator('tbody tr').count(), 1);
    await signOut();
  });

  it('an analyst sees the snapshots but no import form', async () => {
    await signIn('analyst@nsc.demo');
    await page.goto(`${baseUrl}/fugitives/interpol`);
    await page.getByTestId('interpol-snapshots').waitFor();
    assert.equal(await page.getByTestId('interpol-snapshots').locator('tbody tr').count(), 1);
    assert.equal(await page.getByTestId('interpol-import-form').count(), 0);
    assert.equal(await page.getByTestId('interpol-files').count(), 0);
    assert.deepEqual(consoleProblems, []);
  });
});
