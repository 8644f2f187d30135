import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import type { Services } from '../../src/modules/platform/context.ts';
import { seedDemo } from '../../src/modules/platform/demo/seed-demo.ts';
import { startServices } from '../../src/runtime.ts';
import { buildApp } from '../../src/server/app.ts';

/**
 * End-to-end harness: the built web UI served by the real server on a fresh demo database (PGlite), driven by Debian's
 * Chromium through playwright-core. Builds web/dist first if it is missing.
 */
export const CHROMIUM = '/usr/bin/chromium';

/** node:test `skip` option: the browser tier needs Debian's chromium (`.ci/run` installs it). */
export const chromiumSkip: string | false = fs.existsSync(CHROMIUM) ? false : 'Chromium not installed (apt-get install chromium)';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface BrowserApp {
  page: Page;
  baseUrl: string;
  services: Services & { stop(): Promise<void> };
  /** Saves a full-page screenshot and returns its path. */
  shot(name: string): Promise<string>;
  screenshotDir: string;
  close(): Promise<void>;
}

export async function startBrowserApp(viewport: { width: number; height: number }): Promise<BrowserApp> {
  if (!fs.existsSync(path.join(repoRoot, 'web/dist/index.html'))) {
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { cwd: repoRoot, stdio: 'inherit' });
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-e2e-'));
  const screenshotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-e2e-shots-'));
  const config = loadConfig({
    ...process.env,
    CONCORD_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    CONCORD_LOG_LEVEL: 'error',
    DATABASE_URL: undefined,
  });
  const services = await startServices(config);
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  try {
    await seedDemo(services);
    app = await buildApp(services);
    await app.listen({ port: 0, host: '127.0.0.1' });
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
  } catch (error) {
    await app?.close();
    await services.stop();
    throw error;
  }
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  const page = await context.newPage();
  const openBrowser = browser;
  const openApp = app;
  return {
    page,
    baseUrl: `http://127.0.0.1:${String((app.server.address() as { port: number }).port)}`,
    services,
    screenshotDir,
    async shot(name) {
      const file = path.join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await openBrowser.close();
      await openApp.close();
      await services.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
