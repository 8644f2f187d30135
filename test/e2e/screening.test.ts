import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumSkip, startBrowserApp, type BrowserApp } from '../helpers/browser.ts';
import { DEMO_PASSWORD } from '../../src/modules/platform/demo/seed-demo.ts';
import { DEMO_WATCHLIST_NAME } from '../../src/modules/screening/demo/seed-screening-demo.ts';

/**
 * End-to-end: the name-screening pages of the built web UI, served by the real server on a fresh demo database (with
 * its watchlist of fictional wanted persons), driven in headless Chromium by an analyst of the MACC.
 * Run with `node --import tsx --test test/e2e/screening.test.ts`; builds web/dist first if missing.
 */

const HEADER = 'full_name,first_name,middle_name,last_name,gender,date_of_birth,place_of_birth,nationality';

/** Two people on the demo list under other spellings (张美玲 in Wade–Giles, Nguyễn Văn Hùng without diacritics), one not. */
const GOOD_CSV = [
  HEADER,
  'Chang Mei Ling,Mei Ling,,Chang,female,1979-05-09,,CN',
  'Nguyen Van Hung,Van Hung,,Nguyen,male,1967-06-12,Hai Phong,VN',
  'Margaret Olsen,Margaret,,Olsen,female,1990-01-01,Oslo,NO',
].join('\n');

/** Line 3 (the second person) has a date of birth that is no date. */
const BAD_CSV = [HEADER, 'Le Minh Tuan,,,,male,1971-11-19,,VN', 'Pham Quoc Bao,,,,male,31/02/1980,,VN'].join('\n');

const csvFile = (name: string, content: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });

describe('web UI: name screening', { skip: chromiumSkip, timeout: 240_000 }, () => {
  let harness: BrowserApp;
  let page: Page;
  let baseUrl: string;

  before(async () => {
    harness = await startBrowserApp({ width: 1280, height: 900 });
    ({ page, baseUrl } = harness);
  });

  after(() => harness.close());

  const shot = (name: string) => harness.shot(name);

  const signInAs = async (local: string) => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-email').fill(`${local}@macc.demo`);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-screening').waitFor();
  };

  const openQueueCount = async () => {
    await page.goto(`${baseUrl}/screening/review`);
    await page.getByTestId('hits').or(page.getByTestId('hits-empty')).first().waitFor();
    return page.locator('[data-hit-id]').count();
  };

  it('an analyst finds a wanted person written in Chinese characters by a romanised name, with the explanation', async (t) => {
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-email').fill('analyst@macc.demo');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-screening').click();
    await page.getByRole('heading', { level: 1, name: 'Name screening' }).waitFor();

    await page.getByLabel('Name (any script)').fill('Chang Mei Ling');
    await page.getByLabel('Date of birth').fill('1979-05-09');
    await page.getByRole('button', { name: 'Check name' }).click();

    const results = page.getByTestId('screening-results');
    await results.waitFor();
    assert.match((await page.getByTestId('screening-query').textContent()) ?? '', /Chang Mei Ling/, 'the query is shown as entered');
    const first = results.locator('tbody tr[data-result-id]').first();
    assert.equal(await first.getByTestId('result-caption').textContent(), '张美玲', 'the entry is shown in its original script');
    assert.equal(await first.getAttribute('data-match'), 'true');
    assert.match((await first.textContent()) ?? '', new RegExp(DEMO_WATCHLIST_NAME.replace(/[()]/g, '\\$&')));
    assert.match((await first.getByTestId('score-percent').textContent()) ?? '', /^\d+ %$/);

    await first.getByRole('button', { name: 'Explanation of the score for 张美玲' }).click();
    const explanation = results.getByTestId('explanation').first();
    await explanation.waitFor();
    const text = (await explanation.textContent()) ?? '';
    assert.ok((await explanation.locator('tbody tr').count()) >= 2, 'several features explain the score');
    assert.match(text, /Same date of birth/, 'the birth-date qualifier is named in words');
    assert.match(text, /张|Zhang|Chang/, 'the detail names what was compared');
    t.diagnostic(`single check screenshot: ${await shot('screening-check-en')}`);
  });

  it('screens a CSV as a batch with a progress bar, then shows the figures and the results file', async (t) => {
    await page.getByRole('link', { name: 'Batch' }).click();
    await page.getByLabel('CSV file').setInputFiles(csvFile('travellers.csv', GOOD_CSV));
    await page.getByRole('button', { name: 'Upload and screen' }).click();

    const current = page.getByTestId('current-batch');
    await current.waitFor();
    await current.getByRole('progressbar').waitFor();
    await page.locator('[data-testid="current-batch"][data-status="completed"]').waitFor({ timeout: 120_000 });
    assert.equal(await page.getByTestId('batch-rows').textContent(), '3');
    assert.ok(Number(await page.getByTestId('batch-hits').textContent()) >= 2, 'both listed people are hits');
    const download = page.getByTestId('batch-download');
    assert.match((await download.getAttribute('href')) ?? '', /^\/api\/screening\/batches\/[0-9a-f-]+\/results\.csv$/);
    const csv = await page.request.get(new URL((await download.getAttribute('href')) ?? '', baseUrl).toString());
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /张美玲|Nguyễn Văn Hùng/, 'the results name the matched entries');
    assert.equal(await page.getByTestId('batches-table').locator('tbody tr').count(), 1, 'the batch is listed');
    t.diagnostic(`batch screenshot: ${await shot('screening-batch-en')}`);
  });

  it('shows the hits of the batch side by side; a dismissed hit leaves the open queue', async (t) => {
    await page.getByRole('link', { name: 'Review the hits' }).click();
    const hits = page.getByTestId('hits');
    await hits.waitFor();
    const cards = hits.locator('[data-hit-id][data-status="open"]');
    const before = await cards.count();
    assert.ok(before >= 2, 'the open hits of the batch are listed');
    assert.equal(
      await page.getByTestId('pager-range').textContent(),
      `1–${String(before)} of ${String(before)}`,
      'the page says what it shows',
    );
    const hit = hits.locator('[data-hit-id]', { has: page.getByTestId('hit-query-name').getByText('Nguyen Van Hung', { exact: true }) });
    assert.equal(await hit.getByTestId('hit-matched-name').textContent(), 'Nguyễn Văn Hùng', 'the listed name keeps its diacritics');
    const hitId = await hit.getAttribute('data-hit-id');

    await hit.getByRole('button', { name: 'Dismiss' }).click();
    await hit.getByText('Give a reason of at least 3 characters.').waitFor();
    assert.equal(await hit.count(), 1, 'without a reason nothing is decided');

    await hit.getByLabel('Reason').fill('Different person: the passport photo does not match');
    await hit.getByRole('button', { name: 'Dismiss' }).click();
    await page.locator(`[data-hit-id="${hitId ?? ''}"]`).waitFor({ state: 'detached' });
    await page.getByText('The hit for Nguyen Van Hung was dismissed.').waitFor();
    assert.equal(await cards.count(), before - 1, 'the hit left the open queue');
    t.diagnostic(`review screenshot: ${await shot('screening-review-en')}`);

    await page.getByLabel('Status').selectOption('dismissed');
    const dismissed = page.locator(`[data-hit-id="${hitId ?? ''}"]`);
    await dismissed.waitFor();
    assert.match((await dismissed.textContent()) ?? '', /Dismissed.*by you.*passport photo/s, 'the decision and its reason are shown');
  });

  it('refuses a bad CSV with the line that is wrong, and changes nothing', async (t) => {
    const openBefore = await openQueueCount();
    await page.getByRole('link', { name: 'Batch' }).click();
    await page.getByTestId('batches-table').waitFor();
    const batchesBefore = await page.getByTestId('batches-table').locator('tbody tr').count();

    await page.getByLabel('CSV file').setInputFiles(csvFile('bad.csv', BAD_CSV));
    await page.getByRole('button', { name: 'Upload and screen' }).click();
    const error = page.getByTestId('file-error');
    await error.waitFor();
    const message = (await error.textContent()) ?? '';
    assert.match(message, /line 3/i, 'the error names the line');
    assert.match(message, /31\/02\/1980/, 'and the value');
    assert.equal(await page.getByTestId('current-batch').count(), 0, 'no batch was started');
    assert.equal(await page.getByTestId('batches-table').locator('tbody tr').count(), batchesBefore, 'no batch was added');
    t.diagnostic(`bad CSV screenshot: ${await shot('screening-bad-csv-en')}`);
    assert.equal(await openQueueCount(), openBefore, 'the review queue is unchanged');
  });

  it('shows an analyst the watchlists with their entry counts, without the forms to change them', async () => {
    await page.getByRole('link', { name: 'Watchlists' }).click();
    const table = page.getByTestId('watchlists-table');
    await table.waitFor();
    const demo = table.locator('tr', { hasText: DEMO_WATCHLIST_NAME });
    assert.equal(await demo.getByTestId('watchlist-entries').textContent(), '30');
    assert.match((await demo.textContent()) ?? '', /All agencies/);
    assert.equal(await page.getByRole('heading', { name: 'Import entries' }).count(), 0);
    assert.equal(await page.getByRole('heading', { name: 'New watchlist' }).count(), 0);
  });

  it('checks a name in Simplified Chinese', async (t) => {
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await page.getByTestId('nav-screening').click();
    await page.getByRole('heading', { level: 1, name: '名单筛查' }).waitFor();
    await page.getByLabel('姓名（任何文字）').fill('Wong Kwok Leung');
    await page.getByRole('button', { name: '核查姓名' }).click();
    const results = page.getByTestId('screening-results');
    await results.waitFor();
    const first = results.locator('tbody tr[data-result-id]').first();
    assert.equal(await first.getByTestId('result-caption').textContent(), '黄国梁');
    assert.match((await first.textContent()) ?? '', /匹配/);
    await first.getByRole('button', { name: '黄国梁 的得分依据' }).click();
    await results.getByTestId('explanation').first().waitFor();
    assert.match((await results.getByTestId('explanation').first().textContent()) ?? '', /特征/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    t.diagnostic(`single check (zh-CN) screenshot: ${await shot('screening-check-zh')}`);
  });

  it('an investigator creates an agency watchlist, imports a CSV and sees the counts; a bad file names its line', async (t) => {
    await page.getByTestId('lang-switch').selectOption('en');
    await signInAs('investigator');
    await page.getByTestId('nav-screening').click();
    await page.getByRole('link', { name: 'Watchlists' }).click();

    await page.getByLabel('Name', { exact: true }).fill('MACC persons of interest');
    await page.getByLabel('Shared with').selectOption('agency');
    await page.getByRole('button', { name: 'Create watchlist' }).click();
    await page.getByText('The watchlist MACC persons of interest was created.').waitFor();
    const row = page.getByTestId('watchlists-table').locator('tr', { hasText: 'MACC persons of interest' });
    await row.waitFor();
    assert.equal(await row.getByTestId('watchlist-entries').textContent(), '0');

    const entries = [
      `${HEADER},id,aliases,passport_number`,
      'Rahim bin Osman,Rahim,,Osman,male,1970-02-02,Ipoh,MY,poi-1,,',
      '郑国华,,,,male,1966,,CN,poi-2,Zheng Guohua;Cheng Kuo-hua,E12345678',
    ].join('\n');
    await page.getByLabel('Watchlist', { exact: true }).selectOption({ label: 'MACC persons of interest' });
    await page.getByLabel('File', { exact: true }).setInputFiles(csvFile('persons.csv', entries));
    await page.getByLabel('Format', { exact: true }).selectOption('csv');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const counts = page.getByTestId('import-counts');
    await counts.waitFor();
    assert.match((await counts.textContent()) ?? '', /Added\s*2/);
    await row.getByTestId('watchlist-entries').getByText('2', { exact: true }).waitFor();
    t.diagnostic(`watchlists screenshot: ${await shot('screening-watchlists-en')}`);

    await page.getByLabel('File', { exact: true }).setInputFiles(csvFile('broken.csv', [HEADER, ',,,,male,1970,,MY'].join('\n')));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const error = page.getByTestId('file-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /line 2: full_name is empty/);
    assert.equal(await row.getByTestId('watchlist-entries').textContent(), '2', 'nothing was imported');
  });

  it('the investigator finds an entry of the list by a romanised alias and removes another; the count drops', async (t) => {
    await page.getByRole('link', { name: 'MACC persons of interest' }).click();
    await page.getByRole('heading', { level: 1, name: 'MACC persons of interest' }).waitFor();
    assert.equal(await page.getByTestId('watchlist-entry-count').textContent(), '2');
    const revision = Number(await page.getByTestId('watchlist-revision').textContent());
    const table = page.getByTestId('entries-table');
    await table.waitFor();
    assert.equal(await page.getByTestId('pager-range').textContent(), '1–2 of 2');

    await page.getByLabel('Name (any script)').fill('zheng guohua');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('pager-range').getByText('1–1 of 1').waitFor();
    const found = table.locator('tbody tr');
    assert.equal(await found.getByTestId('entry-caption').textContent(), '郑国华', 'the entry is shown in its original script');
    const foundText = (await found.textContent()) ?? '';
    assert.match(foundText, /Zheng Guohua; Cheng Kuo-hua/, 'with its aliases');
    assert.match(foundText, /1966.*E12345678.*poi-2/s, 'its birth date, identifier and source id');

    await page.getByLabel('Name (any script)').fill('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('pager-range').getByText('1–2 of 2').waitFor();
    const rahim = table.locator('tbody tr', { hasText: 'Rahim bin Osman' });
    await rahim.getByRole('button', { name: 'Remove Rahim bin Osman' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove this entry?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await rahim.count(), 1, 'cancelling removes nothing');
    await rahim.getByRole('button', { name: 'Remove Rahim bin Osman' }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByText('Rahim bin Osman was removed from the watchlist.').waitFor();
    await rahim.waitFor({ state: 'detached' });
    await page.getByTestId('watchlist-entry-count').getByText('1', { exact: true }).waitFor();
    assert.equal(Number(await page.getByTestId('watchlist-revision').textContent()), revision + 1, 'the removal raised the revision');
    assert.equal(await page.getByTestId('pager-range').textContent(), '1–1 of 1');

    await page.getByLabel('Show removed entries').check();
    const removed = table.locator('tbody tr[data-removed="true"]');
    await removed.waitFor();
    assert.match((await removed.textContent()) ?? '', /Rahim bin Osman.*Removed/s, 'the removed entry is marked as such');
    assert.equal(await removed.getByRole('button', { name: /Remove/ }).count(), 0, 'and cannot be removed again');
    t.diagnostic(`watchlist entries screenshot: ${await shot('screening-entries-en')}`);

    await page.getByRole('link', { name: 'All watchlists' }).click();
    const row = page.getByTestId('watchlists-table').locator('tr', { hasText: 'MACC persons of interest' });
    await row.getByTestId('watchlist-entries').getByText('1', { exact: true }).waitFor();
  });

  it('an analyst sees the entries of a list but no Remove button', async () => {
    await signInAs('analyst');
    await page.goto(`${baseUrl}/screening/watchlists`);
    await page.getByRole('link', { name: 'MACC persons of interest' }).click();
    const table = page.getByTestId('entries-table');
    await table.locator('tbody tr').first().waitFor();
    assert.equal(await table.locator('tbody tr').count(), 1);
    assert.equal(await page.getByRole('button', { name: /^Remove/ }).count(), 0, 'no Remove button');
    assert.equal(await table.getByRole('columnheader', { name: 'Actions' }).count(), 0, 'no actions column');

    await page.getByRole('link', { name: 'All watchlists' }).click();
    await page.getByRole('link', { name: DEMO_WATCHLIST_NAME }).click();
    await page.getByTestId('pager-range').getByText('1–30 of 30').waitFor();
    assert.equal(await page.getByRole('button', { name: /^Remove/ }).count(), 0, 'nor on the platform list');
  });
});
