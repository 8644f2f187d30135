import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const i18nDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/src/i18n');
const languages = ['en', 'zh-CN'] as const;

/** Flattens nested resources into dotted keys, as i18next reads them. */
function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      for (const [childKey, leaf] of flatten(child, prefix ? `${prefix}.${key}` : key)) entries.set(childKey, leaf);
    }
  } else {
    entries.set(prefix, value);
  }
  return entries;
}

const load = (language: string) => flatten(JSON.parse(fs.readFileSync(path.join(i18nDir, `${language}.json`), 'utf8')));
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();

describe('web UI translations', () => {
  const resources = new Map(languages.map((language) => [language, load(language)]));
  const english = resources.get('en')!;

  it('has a resource file for every interface language, with keys', () => {
    for (const language of languages) assert.ok((resources.get(language)?.size ?? 0) > 50, `${language}.json has keys`);
  });

  for (const language of languages.filter((other) => other !== 'en')) {
    it(`${language} has exactly the keys of en`, () => {
      const keys = resources.get(language)!;
      const missing = [...english.keys()].filter((key) => !keys.has(key));
      const extra = [...keys.keys()].filter((key) => !english.has(key));
      assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
    });

    it(`${language} uses the same {{placeholders}} as en`, () => {
      const keys = resources.get(language)!;
      const mismatched = [...english.entries()]
        .filter(
          ([key, text]) =>
            keys.has(key) && JSON.stringify(placeholders(String(text))) !== JSON.stringify(placeholders(String(keys.get(key)))),
        )
        .map(([key]) => key);
      assert.deepEqual(mismatched, []);
    });
  }

  it('has no empty or non-text value in any language', () => {
    for (const [language, keys] of resources) {
      const bad = [...keys.entries()].filter(([, text]) => typeof text !== 'string' || text.trim() === '').map(([key]) => key);
      assert.deepEqual(bad, [], `${language}.json`);
    }
  });

  it('defines every dashboard card title the server registers and every role name', async () => {
    // Importing the modules' route files registers their dashboard cards, as the server does at start-up.
    const { registeredDashboardCards } = await import('../../src/modules/platform/dashboard/dashboard.ts');
    await import('../../src/modules/cooperation/routes.ts');
    const { registerLegalBasisCards } = await import('../../src/modules/legal-basis/dashboard-cards.ts');
    registerLegalBasisCards();
    const { registerScreeningCards } = await import('../../src/modules/screening/dashboard-cards.ts');
    registerScreeningCards();
    const { registerFugitiveCards } = await import('../../src/modules/fugitives/dashboard-cards.ts');
    registerFugitiveCards();
    const { roles } = await import('../../src/db/schema.ts');
    const required = [...registeredDashboardCards().map((card) => card.titleKey), ...roles.map((role) => `roles.${role}`)];
    assert.ok(required.includes('dashboard.cards.extraditionTreatiesInForce'));
    assert.ok(required.includes('dashboard.cards.screeningOpenHits'));
    assert.ok(required.includes('dashboard.cards.fugitivesAtLarge'));
    for (const [language, keys] of resources) {
      assert.deepEqual(
        required.filter((key) => !keys.has(key)),
        [],
        `${language}.json`,
      );
    }
  });
});
