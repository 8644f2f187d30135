import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumSkip, startBrowserApp, type BrowserApp } from '../helpers/browser.ts';
import { DEMO_PASSWORD } from '../../src/modules/platform/demo/seed-demo.ts';

/**
 * End-to-end: the legal-basis pages of the built web UI, served by the real server on a fresh demo database, driven in
 * headless Chromium. Run with `node --import tsx --test test/e2e/legal-basis.test.ts`; builds web/dist first if missing.
 */

describe('web UI: legal basis', { skip: chromiumSkip, timeout: 180_000 }, () => {
  let harness: BrowserApp;
  let page: Page;
  let baseUrl: string;

  before(async () => {
    harness = await startBrowserApp({ width: 1280, height: 900 });
    ({ page, baseUrl } = harness);
  });

  after(() => harness.close());

  const shot = (name: string) => harness.shot(name);

  it('an analyst checks the legal basis for records from Thailand in an embezzlement case', async (t) => {
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-email').fill('analyst@macc.demo');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-legal-basis').click();

    await page.getByTestId('check-requesting').locator('option[value="CN"]').waitFor({ state: 'attached' });
    await page.getByTestId('check-requesting').selectOption('CN');
    await page.getByTestId('check-requested').selectOption('TH');
    await page.getByTestId('check-cooperation').selectOption('mla_records');
    await page.getByTestId('check-offence-category').selectOption('embezzlement_public_funds');
    await page.getByTestId('check-offence-penalty').fill('10');
    await page.getByTestId('check-submit').click();

    const verdict = page.getByTestId('check-verdict');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-possible'), 'true', 'the verdict is positive');
    const firstBasis = page.getByTestId('check-bases').locator('li.basis').first();
    const firstTitle = (await firstBasis.locator('h3').textContent()) ?? '';
    assert.match(firstTitle, /Mutual Legal Assistance.*China and Thailand/, 'the China–Thailand MLA treaty is the first basis');
    t.diagnostic(`checker screenshot: ${await shot('checker-en')}`);
  });

  it('shows the coverage matrix of extradition treaties', async (t) => {
    await page.getByTestId('legal-tab-coverage').click();
    await page.getByTestId('coverage-kind').selectOption('extradition_treaty');
    const matrix = page.getByTestId('coverage-matrix');
    await matrix.waitFor();
    assert.ok((await matrix.locator('td.cov-cell').count()) > 0, 'the grid has cells');
    assert.ok((await matrix.locator('td[data-status="in_force"]').count()) > 0, 'some pairs have a treaty in force');
    t.diagnostic(`coverage screenshot: ${await shot('coverage-en')}`);
  });

  it('shows the checker heading in Simplified Chinese', async (t) => {
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await page.getByTestId('nav-legal-basis').click();
    await page.getByRole('heading', { level: 1, name: '法律依据核查' }).waitFor();
    assert.equal(await page.locator('h1').textContent(), '法律依据核查');
    t.diagnostic(`checker (zh-CN) screenshot: ${await shot('checker-zh')}`);
  });

  it('shows the coverage matrix, a state profile and an instrument with its timeline in Simplified Chinese', async (t) => {
    await page.getByTestId('legal-tab-coverage').click();
    await page.getByTestId('coverage-kind').selectOption('extradition_treaty');
    const matrix = page.getByTestId('coverage-matrix');
    await matrix.waitFor();
    assert.ok((await matrix.locator('td[data-status="in_force"]').count()) > 0);
    assert.match((await matrix.textContent()) ?? '', /泰国/, 'state names in Chinese');
    await page.goto(`${baseUrl}/legal-basis/states/TH`);
    const profile = page.getByTestId('state-profile');
    await profile.waitFor();
    assert.match((await profile.textContent()) ?? '', /国家概况|泰国/);
    await profile
      .getByRole('link', { name: /China–Thailand Extradition Treaty|Extradition Treaty between China and Thailand/ })
      .first()
      .click();
    const timeline = page.getByTestId('instrument-timeline');
    await timeline.waitFor();
    assert.match((await page.getByTestId('instrument-page').textContent()) ?? '', /状态时间线/);
    assert.ok((await timeline.locator('li').count()) >= 2, 'signed and in force');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    t.diagnostic(`instrument (zh-CN) screenshot: ${await shot('instrument-zh')}`);
  });
});
