import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_CAMPAIGN_NAME } from '../../src/modules/fugitives/demo/seed-fugitives-demo.ts';
import { DEMO_PASSWORD } from '../../src/modules/platform/demo/seed-demo.ts';
import { chromiumSkip, startBrowserApp, type BrowserApp } from '../helpers/browser.ts';

/**
 * End-to-end: the overview of wanted persons (figure tiles, ECharts canvases, the map of last known states) and the
 * campaign pages of the built web UI on a fresh demo database, driven in headless Chromium by the NSC's agency
 * administrator (the demo's wanting agency); a viewer is refused. No page may break the server's CSP.
 * Run with `node --import tsx --test test/e2e/fugitives-charts.test.ts`; builds web/dist first if missing.
 */

interface Summary {
  returned: number;
  atLarge: number;
  returnedByState: { state: string; count: number }[];
  returnedByYear: { year: number; count: number }[];
  atLargeByLastKnownState: { state: string | null; count: number }[];
  medianDaysToReturn: number | null;
}
interface Overview extends Summary {
  persons: number;
}
interface Progress extends Summary {
  members: number;
  notVisible: number;
}
interface Campaign {
  id: string;
  name: string;
  memberIds: string[];
}

const number = (value: number | null) => (value === null ? '—' : new Intl.NumberFormat('en-GB').format(value));

/** A person still at large, last seen in Singapore, so the map has a state too small to see. */
const SINGAPORE_PERSON = 'Lin Demo-Charts';

describe('web UI: fugitives overview and campaigns', { skip: chromiumSkip, timeout: 240_000 }, () => {
  let harness: BrowserApp;
  let page: Page;
  let baseUrl: string;
  const consoleProblems: string[] = [];

  before(async () => {
    harness = await startBrowserApp({ width: 1280, height: 900 });
    ({ page, baseUrl } = harness);
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) consoleProblems.push(message.text());
    });
    page.on('pageerror', (error) => {
      consoleProblems.push(`${error.message} at ${page.url()}: ${error.stack ?? ''}`);
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

  const getJson = async <T>(path: string): Promise<T> => {
    const response = await page.request.get(new URL(path, baseUrl).toString());
    assert.equal(response.status(), 200, `GET ${path}`);
    return (await response.json()) as T;
  };

  const postJson = async <T>(path: string, body: unknown): Promise<T> => {
    const { csrfToken } = await getJson<{ csrfToken: string }>('/api/session');
    const response = await page.request.post(new URL(path, baseUrl).toString(), { data: body, headers: { 'x-csrf-token': csrfToken } });
    assert.ok(response.status() < 300, `POST ${path}: ${String(response.status())} ${await response.text()}`);
    return (await response.json()) as T;
  };

  /** The row keys and figures of an accessible table of a chart. */
  const tableFigures = async (testId: string) => {
    const rows = page.getByTestId(testId).locator('tbody tr[data-key]');
    const figures = new Map<string, string[]>();
    for (const row of await rows.all()) {
      figures.set((await row.getAttribute('data-key')) ?? '', await row.getByTestId('figure').allTextContents());
    }
    return figures;
  };

  const assertCanvas = async (testId: string) => {
    const canvas = page.getByTestId(testId).locator('canvas').first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `${testId} draws on a canvas of real size`);
  };

  it('shows the agency’s figures, the charts and the map of those at large, as the API counts them', async (t) => {
    await signIn('admin@nsc.demo');
    const person = await postJson<{ id: string }>('/api/fugitives', {
      names: [SINGAPORE_PERSON],
      offences: ['bribery'],
      fledOn: '2024-02-01',
      fledFrom: 'CN',
    });
    await postJson(`/api/fugitives/${person.id}/sightings`, {
      state: 'SG',
      city: 'Singapore',
      seenOn: '2024-05-01',
      source: 'immigration record',
      confidence: 'high',
    });
    const overview = await getJson<Overview>('/api/fugitives/overview');
    assert.ok(overview.returned > 0 && overview.atLarge > 0, 'the demo has returned persons and persons at large');

    await page.getByTestId('nav-fugitives').click();
    await page.getByTestId('fugitives-tab-overview').click();
    await page.getByRole('heading', { level: 1, name: 'Wanted persons: overview' }).waitFor();
    await page.getByTestId('overview-figures').waitFor();
    assert.equal(await page.getByTestId('overview-persons').textContent(), number(overview.persons));
    assert.equal(await page.getByTestId('overview-at-large').textContent(), number(overview.atLarge));
    assert.equal(await page.getByTestId('overview-returned').textContent(), number(overview.returned));
    assert.equal(await page.getByTestId('overview-median-days').textContent(), number(overview.medianDaysToReturn));

    for (const chart of ['by-year', 'by-state', 'by-means', 'time-on-run', 'map']) await assertCanvas(`overview-chart-${chart}`);

    const byState = await tableFigures('overview-table-by-state');
    assert.deepEqual(
      [...byState].map(([state, [count]]) => [state, count]),
      overview.returnedByState.map((entry) => [entry.state, number(entry.count)]),
    );
    assert.match((await page.getByTestId('overview-table-by-state').textContent()) ?? '', /Singapore.*Thailand|Thailand.*Singapore/s);
    const byYear = await tableFigures('overview-table-by-year');
    for (const entry of overview.returnedByYear) assert.deepEqual(byYear.get(String(entry.year)), [number(entry.count)]);

    const map = await tableFigures('overview-table-map');
    assert.deepEqual(map.get('SG'), ['1'], 'the person last seen in Singapore is on the map');
    for (const entry of overview.atLargeByLastKnownState) {
      assert.deepEqual(map.get(entry.state ?? 'unknown'), [number(entry.count)], `at large, last known in ${entry.state ?? '?'}`);
    }
    assert.match((await page.getByTestId('overview-table-map').textContent()) ?? '', /Singapore/);
    t.diagnostic(`overview screenshot: ${await harness.shot('fugitives-overview-en')}`);
  });

  it('shows a campaign’s progress and members as the progress API counts them, and adds a member', async (t) => {
    const campaigns = await getJson<{ items: Campaign[] }>('/api/fugitives/campaigns');
    const demo = campaigns.items.find((campaign) => campaign.name === DEMO_CAMPAIGN_NAME);
    assert.ok(demo, 'the demo campaign exists');
    const progress = await getJson<Progress>(`/api/fugitives/campaigns/${demo.id}/progress`);

    await page.getByTestId('fugitives-tab-campaigns').click();
    await page.getByTestId('campaigns-table').getByRole('link', { name: DEMO_CAMPAIGN_NAME }).click();
    await page.getByRole('heading', { level: 1, name: DEMO_CAMPAIGN_NAME }).waitFor();
    await page.getByTestId('campaign-figures').waitFor();
    assert.equal(await page.getByTestId('campaign-members').textContent(), String(progress.members));
    assert.equal(await page.getByTestId('campaign-returned').textContent(), String(progress.returned));
    assert.equal(await page.getByTestId('campaign-not-visible').textContent(), String(progress.notVisible));
    await assertCanvas('campaign-chart-by-year');
    await assertCanvas('campaign-chart-map');

    const members = page.getByTestId('campaign-members-table').locator('tbody tr');
    assert.equal(await members.count(), demo.memberIds.length, 'every member is listed');
    assert.match((await members.first().getByRole('link').getAttribute('href')) ?? '', /^\/fugitives\/[0-9a-f-]{36}$/);
    assert.equal(
      await page.getByTestId('campaign-export').getAttribute('href'),
      `/api/fugitives/campaigns/${demo.id}/export.csv`,
      'the members can be exported as CSV',
    );

    await page.getByLabel('Search').fill(SINGAPORE_PERSON);
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByTestId('campaign-search-results');
    await results.getByText(SINGAPORE_PERSON).click();
    await page.getByRole('button', { name: 'Add the selected persons (1)' }).click();
    await page.getByText('The persons were added to the campaign.').waitFor();
    await page.locator('[data-testid="campaign-members"]', { hasText: String(progress.members + 1) }).waitFor();
    assert.equal(await page.getByTestId('campaign-members').textContent(), String(progress.members + 1), 'the new member is counted');
    await page.getByTestId('campaign-members-table').getByRole('link', { name: SINGAPORE_PERSON }).waitFor();
    const after = await getJson<Progress>(`/api/fugitives/campaigns/${demo.id}/progress`);
    assert.equal(after.members, progress.members + 1);
    assert.deepEqual(
      after.atLargeByLastKnownState.find((entry) => entry.state === 'SG'),
      { state: 'SG', count: 1 },
    );
    assert.deepEqual((await tableFigures('campaign-table-map')).get('SG'), ['1'], 'the campaign map shows Singapore');
    t.diagnostic(`campaign screenshot: ${await harness.shot('fugitives-campaign-en')}`);
  });

  it('creates a campaign through the form and lists it', async () => {
    await page.getByTestId('fugitives-tab-campaigns').click();
    await page.getByTestId('campaigns-table').waitFor();
    const before = await page.getByTestId('campaigns-table').locator('tbody tr').count();
    await page.getByLabel('Name').fill('Returns from Singapore 2026');
    await page.getByLabel('Description').fill('Persons last known to be in Singapore');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByText('Campaign “Returns from Singapore 2026” created.').waitFor();
    const row = page.getByTestId('campaigns-table').locator('tbody tr', { hasText: 'Returns from Singapore 2026' });
    await row.waitFor();
    assert.equal(await page.getByTestId('campaigns-table').locator('tbody tr').count(), before + 1);
    assert.equal(await row.locator('td.num').textContent(), '0', 'a new campaign has no members');

    await page.getByLabel('Name').fill('returns from singapore 2026');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByText('Your agency already has a campaign of that name.').waitFor();
    assert.equal(await page.getByTestId('campaigns-table').locator('tbody tr').count(), before + 1, 'a clashing name adds nothing');
  });

  it('shows zeros and no charts to an agency without wanted persons of its own', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await signIn('admin@macc.demo');
    const overview = await getJson<Overview>('/api/fugitives/overview');
    assert.equal(overview.persons, 0);
    await page.goto(`${baseUrl}/fugitives/overview`);
    await page.getByTestId('overview-figures').waitFor();
    assert.equal(await page.getByTestId('overview-persons').textContent(), '0');
    assert.equal(await page.getByTestId('overview-median-days').textContent(), '—', 'no median without returns');
    await page.getByText('Your agency has no wanted persons on record yet.').waitFor();
    assert.equal(await page.locator('canvas').count(), 0, 'no empty charts are drawn');
  });

  it('refuses the overview to a viewer', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await signIn('viewer@macc.demo');
    await page.goto(`${baseUrl}/fugitives/overview`);
    await page.getByTestId('forbidden').waitFor();
    assert.equal(await page.getByTestId('overview-figures').count(), 0, 'no figures are shown');
    const response = await page.request.get(new URL('/api/fugitives/overview', baseUrl).toString());
    assert.equal(response.status(), 403);
  });

  it('broke no Content Security Policy rule and threw no error in the page', () => {
    // Answers 401 (the session check before sign-in), 403 (the viewer) and 409 (the clashing name) are logged as failed
    // resources: no CSP problem.
    const problems = consoleProblems.filter(
      (text) => !/^Failed to load resource: the server responded with a status of 40[139]\b/.test(text),
    );
    assert.deepEqual(problems, []);
  });
});
