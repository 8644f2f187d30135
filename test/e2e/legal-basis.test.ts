import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/modules/platform/demo/seed-demo.ts';
import type { Services } from '../../src/modules/platform/context.ts';
import { startServices } from '../../src/runtime.ts';
import { buildApp } from '../../src/server/app.ts';

/**
 * End-to-end: the legal-basis pages of the built web UI, served by the real server on a fresh demo database, driven in
 * headless Chromium. Run with `node --import tsx --test test/e2e/legal-basis.test.ts`; builds web/dist first if missing.
 */

const CHROMIUM = '/usr/bin/chromium';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webIndex = path.join(repoRoot, 'web/dist/index.html');

describe(
  'web UI: legal basis',
  { skip: fs.existsSync(CHROMIUM) ? false : 'Chromium not installed (apt-get install chromium)', timeout: 180_000 },
  () => {
    let dataDir: string;
    let screenshotDir: string;
    let services: (Services & { stop(): Promise<void> }) | undefined;
    let app: FastifyInstance | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let baseUrl: string;

    before(async () => {
      if (!fs.existsSync(webIndex)) {
        execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { cwd: repoRoot, stdio: 'inherit' });
      }
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-e2e-'));
      screenshotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-e2e-shots-'));
      const config = loadConfig({
        ...process.env,
        CONCORD_DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        CONCORD_LOG_LEVEL: 'error',
        DATABASE_URL: undefined,
      });
      services = await startServices(config);
      await seedDemo(services);
      app = await buildApp(services);
      await app.listen({ port: 0, host: '127.0.0.1' });
      baseUrl = `http://127.0.0.1:${String((app.server.address() as { port: number }).port)}`;

      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
      page = await context.newPage();
    });

    after(async () => {
      await browser?.close();
      await app?.close();
      await services?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    async function shot(name: string): Promise<string> {
      const file = path.join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    }

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
  },
);
