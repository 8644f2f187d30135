import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_CAMPAIGN_NAME } from '../../src/modules/fugitives/demo/seed-fugitives-demo.ts';
import { DEMO_PASSWORD } from '../../src/modules/platform/demo/seed-demo.ts';
import { chromiumSkip, startBrowserApp, type BrowserApp } from '../helpers/browser.ts';

/**
 * End-to-end: the fugitives pages of the built web UI on a fresh demo database, driven in headless Chromium. The NSC
 * records a fictional wanted person (周建国), has a red notice published, follows the return from a sighting in
 * Singapore to the trial, and sees its campaign move; the CPIB then sees the published notice but not the NSC's
 * notes; a viewer has no access at all.
 * Run with `node --import tsx --test test/e2e/fugitives.test.ts`; builds web/dist first if missing.
 */

const NAME = '周建国';
/** A 1×1 transparent PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('web UI: fugitives', { skip: chromiumSkip, timeout: 300_000 }, () => {
  let harness: BrowserApp;
  let page: Page;
  let baseUrl: string;
  let personId = '';
  let campaignId = '';
  /** Members and returned members of the demo campaign before the new person joined it. */
  let campaignBefore = { members: 0, returned: 0 };
  /** Errors the pages logged or threw, and Content Security Policy refusals. */
  const pageProblems: string[] = [];

  before(async () => {
    harness = await startBrowserApp({ width: 1280, height: 900 });
    ({ page, baseUrl } = harness);
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) pageProblems.push(message.text());
    });
    page.on('pageerror', (error) => {
      pageProblems.push(`${error.message} at ${page.url()}`);
    });
  });

  after(() => harness.close());

  const shot = (name: string) => harness.shot(name);

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

  const stage = () => page.getByTestId('person-facts').getByTestId('stage').getAttribute('data-stage');

  /** Records a return step through the form and waits until the timeline shows it. */
  const recordStep = async (step: { kind: string; on: string; state?: string; city?: string; means?: string }) => {
    const form = page.getByTestId('step-form');
    const before = await page.locator('[data-testid="person-timeline"] [data-type="step"]').count();
    await form.locator('#step-kind').selectOption(step.kind);
    await form.locator('#step-on').fill(step.on);
    await form.locator('#step-state').fill(step.state ?? '');
    await form.locator('#step-city').fill(step.city ?? '');
    if (step.means) await form.locator('#step-means').selectOption(step.means);
    await form.getByRole('button', { name: 'Record the step' }).click();
    await page.locator('[data-testid="person-timeline"] [data-type="step"]').nth(before).waitFor();
    assert.equal(await form.getByTestId('conflict').count(), 0, `${step.kind} is accepted`);
  };

  const figure = async (testId: string) => Number((await page.getByTestId(testId).textContent())?.replace(/\D/g, ''));

  it('an NSC investigator records a wanted person with a Chinese name and the amount involved', async (t) => {
    await signIn('investigator@nsc.demo');
    await page.getByTestId('nav-fugitives').click();
    await page.getByTestId('fugitives-table').waitFor();
    assert.ok((await page.locator('[data-person-id]').count()) >= 4, 'the demo persons are listed');
    assert.equal(await page.getByTestId('export-csv').getAttribute('href'), '/api/fugitives/export.csv');
    assert.equal(await page.getByTestId('export-ftm').getAttribute('href'), '/api/fugitives/export.jsonl');

    await page.getByTestId('person-create-open').click();
    const form = page.getByTestId('person-create-form');
    // Nothing entered: the form says what is missing before anything is sent.
    await form.getByRole('button', { name: 'Record the person' }).click();
    assert.match((await form.getByTestId('form-hints').textContent()) ?? '', /at least one name/);

    await form.locator('#person-names').fill(`${NAME}\nZhou Jianguo`);
    await form.locator('#person-birth-dates').fill('1968-07-21');
    await form.locator('#person-nationalities').fill('CN');
    await form.locator('#person-gender').selectOption('male');
    await form.locator('#person-passport').fill('E00000000');
    await form.getByLabel('Embezzlement').check();
    await form.getByLabel('Abuse of office').check();
    await form.locator('#person-amount').fill('94000000.00');
    await form.locator('#person-currency').fill('CNY');
    await form.locator('#person-cases').fill('NSC-DEMO-2016-031');
    await form.locator('#person-fled-on').fill('2016-03-01');
    await form.locator('#person-fled-from').fill('CN');
    await form.getByRole('button', { name: 'Record the person' }).click();

    await page.getByTestId('person-page').waitFor();
    personId = (await page.getByTestId('person-page').getAttribute('data-person-id')) ?? '';
    assert.match(personId, /^[0-9a-f-]{36}$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), NAME, 'the caption is the original script');
    assert.equal(await page.getByTestId('person-amount').textContent(), '94,000,000.00 CNY', 'the amount is exact');
    assert.equal(await stage(), 'at_large');
    assert.match((await page.getByTestId('person-offences').textContent()) ?? '', /Embezzlement, Abuse of office/);
    t.diagnostic(`person screenshot: ${await shot('fugitives-person-new')}`);
  });

  it('refuses a return before the person is located, with the server’s reason in the form', async () => {
    const form = page.getByTestId('step-form');
    await form.locator('#step-kind').selectOption('returned');
    await form.locator('#step-on').fill('2020-01-01');
    await form.locator('#step-state').fill('SG');
    await form.locator('#step-means').selectOption('repatriation');
    await form.getByRole('button', { name: 'Record the step' }).click();
    const conflict = form.getByTestId('conflict');
    await conflict.waitFor();
    assert.match((await conflict.textContent()) ?? '', /No return before the person has been located/);
    assert.equal(await stage(), 'at_large', 'nothing was recorded');
    assert.equal(await page.locator('[data-testid="person-timeline"] [data-type="step"]').count(), 0);
  });

  it('requests a red notice and publishes it', async () => {
    const form = page.getByTestId('notice-request-form');
    await form.locator('#notice-kind').selectOption('red');
    await form.locator('#notice-requested-on').fill('2016-04-01');
    await form.getByRole('button', { name: 'Record the request' }).click();
    const row = page.locator('[data-testid="notices-table"] tr[data-kind="red"]');
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'requested');

    await row.getByTestId('notice-published').click();
    const dialog = page.getByTestId('notice-status-form');
    await dialog.locator('#notice-status-on').fill('2016-05-01');
    await dialog.locator('#notice-status-reference').fill('A-0000/5-2016');
    await dialog.getByTestId('notice-status-confirm').click();
    await page.locator('[data-testid="notices-table"] tr[data-kind="red"][data-status="published"]').waitFor();
    assert.match((await row.textContent()) ?? '', /Published/);
    assert.equal(await row.getByTestId('notice-published').count(), 0, 'a published notice is not published again');
    assert.equal(await row.getByTestId('notice-withdrawn').count(), 1, 'it may be withdrawn');
  });

  it('adds the person to the demo campaign from the campaign page', async () => {
    const campaigns = await page.request.get(`${baseUrl}/api/fugitives/campaigns`);
    assert.equal(campaigns.status(), 200);
    const { items } = (await campaigns.json()) as { items: { id: string; name: string }[] };
    campaignId = items.find((campaign) => campaign.name === DEMO_CAMPAIGN_NAME)?.id ?? '';
    assert.ok(campaignId, 'the demo campaign is there');

    await page.goto(`${baseUrl}/fugitives/campaigns/${campaignId}`);
    await page.getByTestId('campaign-members').waitFor();
    const members = await figure('campaign-members');
    const returned = await figure('campaign-returned');
    campaignBefore = { members, returned };
    assert.ok(members >= 4 && returned >= 1, 'the demo campaign has members, some returned');

    const add = page.getByTestId('campaign-add');
    await add.locator('#campaign-search').fill('Zhou Jianguo');
    await add.getByRole('button', { name: 'Search' }).click();
    await add.getByTestId('campaign-search-results').getByLabel(NAME).check();
    await add.getByRole('button', { name: /Add the selected/ }).click();
    await page.locator(`[data-testid="campaign-members"]:text-is("${String(members + 1)}")`).waitFor();
    assert.equal(await figure('campaign-returned'), returned, 'the new member is still at large');
    await page.locator(`[data-testid="campaign-members-table"] tr[data-member-id="${personId}"]`).waitFor();
  });

  it('follows the return from a sighting in Singapore to the trial', async (t) => {
    await page.goto(`${baseUrl}/fugitives/${personId}`);
    await page.getByTestId('person-page').waitFor();

    const sighting = page.getByTestId('sighting-form');
    await sighting.locator('#sighting-state').fill('SG');
    await sighting.locator('#sighting-city').fill('Singapore');
    await sighting.locator('#sighting-seen-on').fill('2023-02-01');
    await sighting.locator('#sighting-source').fill('immigration record');
    await sighting.locator('#sighting-confidence').selectOption('high');
    await sighting.getByRole('button', { name: 'Report the sighting' }).click();
    await page.locator('[data-testid="person-timeline"] [data-type="sighting"]').waitFor();
    await page.locator('[data-testid="person-lastKnown"]:has-text("Singapore (SG)")').waitFor();

    await recordStep({ kind: 'located', on: '2023-03-01', state: 'SG', city: 'Singapore' });
    await page.locator('[data-testid="person-facts"] [data-stage="located"]').waitFor();
    await recordStep({ kind: 'provisional_arrest', on: '2023-03-10', state: 'SG' });
    await recordStep({ kind: 'returned', on: '2024-01-15', state: 'SG', means: 'repatriation' });
    await page.locator('[data-testid="person-facts"] [data-stage="returned"]').waitFor();
    assert.match((await page.getByTestId('person-returned').textContent()) ?? '', /2024-01-15 from Singapore \(SG\) by Repatriation/);
    // 2016-03-01 to 2024-01-15: the time on the run stops at the return.
    assert.equal(await page.getByTestId('person-days').textContent(), '2,876');
    await recordStep({ kind: 'trial', on: '2024-06-01' });
    await page.locator('[data-testid="person-facts"] [data-stage="on_trial"]').waitFor();

    const timeline = page.getByTestId('person-timeline');
    const kinds = await timeline.locator('li').evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
    assert.deepEqual(
      kinds.filter((kind) => ['located', 'provisional_arrest', 'returned', 'trial'].includes(kind ?? '')),
      ['located', 'provisional_arrest', 'returned', 'trial'],
      'the steps in date order',
    );
    const dates = await timeline.locator('.fugitive-event-date').allTextContents();
    assert.deepEqual(dates, [...dates].sort(), 'the timeline is in date order');
    t.diagnostic(`timeline screenshot: ${await shot('fugitives-person-returned')}`);
  });

  it('retracts a step recorded in error: struck through with its reason, no longer counted', async () => {
    const latest = page.getByTestId('step-retract');
    assert.equal(await latest.count(), 1, 'only the latest standing step may be retracted');
    await latest.click();
    const dialog = page.getByTestId('retract-form');
    await dialog.getByTestId('retract-confirm').click();
    assert.match((await dialog.getByTestId('form-hints').textContent()) ?? '', /reason/, 'a reason is required');
    await dialog.getByLabel('Reason').fill('Recorded with the wrong date');
    await dialog.getByTestId('retract-confirm').click();
    const retracted = page.locator('[data-testid="person-timeline"] li[data-kind="trial"][data-retracted="true"]');
    await retracted.waitFor();
    assert.equal(await retracted.locator('s').count(), 1, 'struck through');
    assert.match((await retracted.getByTestId('retraction-reason').textContent()) ?? '', /Recorded with the wrong date/);
    await page.locator('[data-testid="person-facts"] [data-stage="returned"]').waitFor();

    await recordStep({ kind: 'trial', on: '2024-06-03' });
    await page.locator('[data-testid="person-facts"] [data-stage="on_trial"]').waitFor();
    assert.equal(await page.locator('[data-testid="person-timeline"] li[data-kind="trial"][data-retracted="false"]').count(), 1);
  });

  it('the campaign counts the return', async (t) => {
    await page.goto(`${baseUrl}/fugitives/campaigns/${campaignId}`);
    await page.getByTestId('campaign-returned').waitFor();
    assert.equal(await figure('campaign-returned'), campaignBefore.returned + 1, 'one more member returned');
    assert.equal(await figure('campaign-members'), campaignBefore.members + 1);
    const progress = await page.request.get(`${baseUrl}/api/fugitives/campaigns/${campaignId}/progress`);
    assert.equal(((await progress.json()) as { returned: number }).returned, campaignBefore.returned + 1, 'the API agrees');
    const row = page.locator(`[data-testid="campaign-members-table"] tr[data-member-id="${personId}"]`);
    assert.equal(await row.getByTestId('stage').getAttribute('data-stage'), 'on_trial', 'the member is counted as returned');
    t.diagnostic(`campaign screenshot: ${await shot('fugitives-campaign')}`);
  });

  it('finds the person by a romanised name in either order', async () => {
    for (const query of ['Zhou Jianguo', 'jian guo zhou']) {
      await page.goto(`${baseUrl}/fugitives`);
      await page.getByLabel('Name (any script or spelling)').fill(query);
      await page.getByTestId('fugitives-search-submit').click();
      await page.waitForURL(/\?q=/);
      const row = page.locator(`[data-testid="fugitives-table"] tr[data-person-id="${personId}"]`);
      await row.waitFor();
      assert.equal(await row.getByTestId('person-caption').textContent(), NAME, `found by “${query}”`);
      assert.match((await row.getByTestId('person-score').textContent()) ?? '', /^\d+ %$/);
      assert.equal(await row.getByTestId('stage').getAttribute('data-stage'), 'on_trial');
    }
    assert.match((await page.getByTestId('export-csv').getAttribute('href')) ?? '', /^\/api\/fugitives\/export\.csv\?q=jian/);
  });

  it('exports the persons as CSV and FtM, and imports FtM JSON lines (a bad line refuses the file)', async () => {
    const csv = await page.request.get(`${baseUrl}/api/fugitives/export.csv?q=${encodeURIComponent('Zhou Jianguo')}`);
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), new RegExp(NAME));
    const ftm = await page.request.get(`${baseUrl}/api/fugitives/export.jsonl`);
    assert.equal(ftm.status(), 200);
    const lines = (await ftm.text()).split('\n').filter((line) => line.trim());
    assert.ok(
      lines.some((line) => line.includes(NAME)),
      'the new person is exported',
    );

    const form = page.getByTestId('fugitives-import-form');
    await form.getByLabel('FtM JSON-lines file').setInputFiles({
      name: 'broken.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from('{"schema": "Person", "properties": \n', 'utf8'),
    });
    await form.getByRole('button', { name: 'Import' }).click();
    const errors = form.getByTestId('import-errors');
    await errors.waitFor();
    assert.match((await errors.textContent()) ?? '', /Line 1/);

    await form.getByLabel('FtM JSON-lines file').setInputFiles({
      name: 'persons.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(`${lines.join('\n')}\n`, 'utf8'),
    });
    await form.getByRole('button', { name: 'Import' }).click();
    await form.getByTestId('import-counts').waitFor();
    const count = async (key: string) => Number(await form.getByTestId(`import-${key}`).textContent());
    assert.equal(
      (await count('created')) + (await count('updated')) + (await count('unchanged')),
      lines.length,
      'every line is accounted for',
    );
    assert.equal(await count('created'), 0, 'the agency’s own persons are matched, not duplicated');
  });

  it('changes the person’s record: the form starts from what is recorded, and the change shows at once', async () => {
    await page.goto(`${baseUrl}/fugitives/${personId}`);
    await page.getByTestId('person-edit').click();
    const form = page.getByTestId('person-edit-form');
    await form.waitFor();
    assert.equal((await form.locator('#person-names').inputValue()).split('\n')[0], NAME, 'the original script first');
    assert.equal(await form.locator('#person-amount').inputValue(), '94000000.00');
    const aliases = await form.locator('#person-aliases').inputValue();
    await form.locator('#person-aliases').fill(`${aliases}\nChou Chien-kuo`.trim());
    await form.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByTestId('person-facts').waitFor();
    assert.match((await page.getByTestId('person-aliases').textContent()) ?? '', /Chou Chien-kuo/);
    assert.equal(await page.getByTestId('person-edit-form').count(), 0);
    // The amount was sent back unchanged and is still exact.
    assert.match((await page.getByTestId('person-amount').textContent()) ?? '', /94,000,000\.00/);
  });

  it('keeps an internal note and a photograph', async () => {
    await page.goto(`${baseUrl}/fugitives/${personId}`);
    const notes = page.getByTestId('notes-panel');
    await notes.waitFor();
    await notes.getByLabel('New note').fill('Family contact in Singapore cooperated (fictional).');
    await notes.getByRole('button', { name: 'Add the note' }).click();
    await notes.getByText('Family contact in Singapore cooperated (fictional).').waitFor();

    // A photograph (a 1×1 PNG) is uploaded as base64 and shown from its content address.
    await page
      .getByLabel(/^Photograph \(JPEG/)
      .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
    await page.getByRole('button', { name: 'Add the photograph' }).click();
    const image = page.locator('[data-testid="photos"] img');
    await image.waitFor();
    assert.match((await image.getAttribute('src')) ?? '', new RegExp(`^/api/fugitives/${personId}/photos/[0-9a-f]{64}$`));
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('[data-testid="photos"] img')?.naturalWidth === 1);
    await signOut();
  });

  it('another agency sees the published red notice, but not the notes', async (t) => {
    await signIn('analyst@cpib.demo');
    await page.goto(`${baseUrl}/fugitives/${personId}`);
    await page.getByTestId('person-page').waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), NAME);
    const rows = page.locator('[data-testid="notices-table"] tbody tr');
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().getAttribute('data-status'), 'published');
    assert.equal(await rows.first().getAttribute('data-kind'), 'red');
    assert.equal(await page.getByTestId('notes-panel').count(), 0, 'no notes panel');
    assert.equal(await page.getByTestId('step-form').count(), 0, 'only the wanting agency records steps');
    assert.equal(await page.getByTestId('notice-request-form').count(), 0);
    assert.equal(await page.getByTestId('sighting-form').count(), 1, 'another agency may report a sighting');
    const notes = await page.request.get(`${baseUrl}/api/fugitives/${personId}/notes`);
    assert.equal(notes.status(), 404);
    t.diagnostic(`other agency screenshot: ${await shot('fugitives-person-cpib')}`);
    await signOut();
  });

  it('a viewer has no fugitives entry and the page is not permitted', async () => {
    await signIn('viewer@macc.demo');
    await page.getByTestId('nav-dashboard').waitFor();
    assert.equal(await page.getByTestId('nav-fugitives').count(), 0);
    await page.goto(`${baseUrl}/fugitives`);
    await page.getByTestId('forbidden').waitFor();
    assert.equal(await page.getByTestId('fugitives-table').count(), 0);
  });

  it('broke no Content Security Policy rule and threw no error in the page', () => {
    // The refusals the test provokes are logged as failed resources: 401 (the session check before sign-in), 400 (the
    // bad import file), 409 (the return before the location).
    const problems = pageProblems.filter((text) => !/^Failed to load resource: the server responded with a status of 40[019]\b/.test(text));
    assert.deepEqual(problems, []);
  });
});
