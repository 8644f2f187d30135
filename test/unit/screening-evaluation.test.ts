// Evaluates the name-matching engine on the labelled cross-script pair set (test/fixtures/screening/cross-script-pairs.csv;
// labelling rules and sources in the README next to it). Prints precision, recall and F1 per category and the worst
// errors, so that the engine can be tuned against it; the F1 bar is the acceptance criterion of issue 4.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { DEFAULT_THRESHOLD, scoreNamePair } from '../../src/modules/screening/engine/index.ts';

const CSV_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/screening/cross-script-pairs.csv');
const COLUMNS = ['name1', 'name2', 'label', 'category', 'note'] as const;
const CATEGORIES = ['public_figure', 'common_name', 'hard_negative', 'negative'] as const;
type Category = (typeof CATEGORIES)[number];

const MIN_PAIRS = 400;
const MIN_F1 = 0.9;
const WORST_ERRORS_SHOWN = 30;

interface Pair {
  line: number;
  name1: string;
  name2: string;
  label: 0 | 1;
  category: Category;
  note: string;
}

interface ScoredPair extends Pair {
  score: number;
  match: boolean;
}

const isCategory = (value: string): value is Category => (CATEGORIES as readonly string[]).includes(value);

/** Parses the CSV; returns the well-formed pairs and one message per malformed line. */
function loadPairs(): { pairs: Pair[]; problems: string[]; header: string[] } {
  const records = parse(fs.readFileSync(CSV_FILE, 'utf8'), { skip_empty_lines: true });
  const [header = [], ...body] = records;
  const pairs: Pair[] = [];
  const problems: string[] = [];
  body.forEach((record, index) => {
    const line = index + 2;
    const [name1 = '', name2 = '', label = '', category = '', note = ''] = record;
    if (record.length !== COLUMNS.length) problems.push(`line ${line}: ${record.length} fields, expected ${COLUMNS.length}`);
    if (name1.trim() === '' || name2.trim() === '') problems.push(`line ${line}: empty name`);
    if (label !== '0' && label !== '1') problems.push(`line ${line}: label ${JSON.stringify(label)} is not 0 or 1`);
    if (!isCategory(category)) problems.push(`line ${line}: unknown category ${JSON.stringify(category)}`);
    if (note.trim() === '') problems.push(`line ${line}: empty note`);
    if ((label === '0' || label === '1') && isCategory(category)) {
      pairs.push({ line, name1, name2, label: label === '1' ? 1 : 0, category, note });
    }
  });
  return { pairs, problems, header };
}

/** Case, spacing, punctuation and Latin-diacritic folding only: names equal under it differ only trivially. */
const trivialForm = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, '');

const pairKey = (pair: Pair): string =>
  [pair.name1, pair.name2]
    .map((name) => name.normalize('NFC').trim())
    .sort()
    .join('\u0000');

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

const count = (scored: readonly ScoredPair[]): Counts => {
  const counts: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const pair of scored) {
    if (pair.label === 1) counts[pair.match ? 'tp' : 'fn']++;
    else counts[pair.match ? 'fp' : 'tn']++;
  }
  return counts;
};

const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

const metrics = (counts: Counts) => {
  const precision = ratio(counts.tp, counts.tp + counts.fp);
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  const f1 = precision === null || recall === null || precision + recall === 0 ? null : (2 * precision * recall) / (precision + recall);
  const falsePositiveRate = ratio(counts.fp, counts.fp + counts.tn);
  const accuracy = ratio(counts.tp + counts.tn, counts.tp + counts.tn + counts.fp + counts.fn);
  return { precision, recall, f1, falsePositiveRate, accuracy };
};

const fmt = (value: number | null): string => (value === null ? '—' : value.toFixed(3));

let scoredCache: ScoredPair[] | undefined;
/** Scores every pair once at the engine's default threshold. */
function scoreAll(): ScoredPair[] {
  scoredCache ??= loadPairs().pairs.map((pair) => {
    const { score, match } = scoreNamePair(pair.name1, pair.name2);
    return { ...pair, score, match };
  });
  return scoredCache;
}

function report(t: TestContext, scored: readonly ScoredPair[]): void {
  const head = ['category', 'pairs', 'pos', 'TP', 'FN', 'FP', 'TN', 'precision', 'recall', 'F1', 'FP rate', 'accuracy'];
  const widths = [14, 6, 5, 5, 5, 5, 5, 10, 8, 7, 8, 9];
  const row = (cells: readonly (string | number)[]) => cells.map((cell, i) => String(cell).padEnd(widths[i] ?? 8)).join(' ');
  t.diagnostic(`name screening at DEFAULT_THRESHOLD = ${DEFAULT_THRESHOLD} on ${scored.length} pairs`);
  t.diagnostic(row(head));
  for (const category of [...CATEGORIES, 'overall'] as const) {
    const subset = category === 'overall' ? scored : scored.filter((pair) => pair.category === category);
    const counts = count(subset);
    const m = metrics(counts);
    const positives = subset.filter((pair) => pair.label === 1).length;
    t.diagnostic(
      row([
        category,
        subset.length,
        positives,
        counts.tp,
        counts.fn,
        counts.fp,
        counts.tn,
        fmt(m.precision),
        fmt(m.recall),
        fmt(m.f1),
        fmt(m.falsePositiveRate),
        fmt(m.accuracy),
      ]),
    );
  }

  // Worst errors: false negatives with the lowest scores and false positives with the highest. Half of the list goes to
  // each kind (the other kind fills up when one runs short), so that both directions of tuning stay visible.
  const byDistance = (a: ScoredPair, b: ScoredPair) =>
    Math.abs(b.score - DEFAULT_THRESHOLD) - Math.abs(a.score - DEFAULT_THRESHOLD) || a.line - b.line;
  const falseNegatives = scored.filter((pair) => pair.label === 1 && !pair.match).sort(byDistance);
  const falsePositives = scored.filter((pair) => pair.label === 0 && pair.match).sort(byDistance);
  const half = Math.ceil(WORST_ERRORS_SHOWN / 2);
  const fnShown = Math.min(falseNegatives.length, Math.max(half, WORST_ERRORS_SHOWN - falsePositives.length));
  const fpShown = Math.min(falsePositives.length, WORST_ERRORS_SHOWN - fnShown);
  const errors = [...falseNegatives.slice(0, fnShown), ...falsePositives.slice(0, fpShown)];
  t.diagnostic(
    `worst ${errors.length} errors of ${falseNegatives.length} FN + ${falsePositives.length} FP ` +
      '(FN = same person not matched, FP = different people matched):',
  );
  for (const pair of errors) {
    const kind = pair.label === 1 ? 'FN' : 'FP';
    const why = (pair.note.split(' | ')[0] ?? '').slice(0, 90);
    t.diagnostic(`${kind} ${pair.score.toFixed(3)} line ${pair.line} [${pair.category}] ${pair.name1} ↔ ${pair.name2} — ${why}`);
  }
}

describe('cross-script name-screening evaluation set', () => {
  it('is a well-formed CSV: expected columns, 0/1 labels, known categories, notes, no duplicate pairs', () => {
    const { pairs, problems, header } = loadPairs();
    assert.deepEqual(header, [...COLUMNS]);
    assert.deepEqual(problems, []);
    assert.ok(pairs.length >= MIN_PAIRS, `${pairs.length} pairs, expected at least ${MIN_PAIRS}`);

    const seen = new Map<string, number>();
    const duplicates: string[] = [];
    for (const pair of pairs) {
      const key = pairKey(pair);
      const first = seen.get(key);
      if (first !== undefined) duplicates.push(`line ${pair.line} repeats line ${first}: ${pair.name1} | ${pair.name2}`);
      else seen.set(key, pair.line);
      if (pair.name1.normalize('NFC').trim() === pair.name2.normalize('NFC').trim()) {
        duplicates.push(`line ${pair.line} pairs a name with itself`);
      }
    }
    assert.deepEqual(duplicates, []);

    // Labelling conventions of the README.
    for (const pair of pairs) {
      if (pair.category === 'hard_negative' || pair.category === 'negative') {
        assert.equal(pair.label, 0, `line ${pair.line}: ${pair.category} pairs are different people`);
      }
      if (pair.category === 'public_figure') {
        assert.match(pair.note, /https?:\/\//, `line ${pair.line}: public-figure pairs cite their source`);
      }
    }
    for (const category of CATEGORIES) {
      assert.ok(
        pairs.some((pair) => pair.category === category),
        `no ${category} pairs`,
      );
    }
    const positiveShare = pairs.filter((pair) => pair.label === 1).length / pairs.length;
    assert.ok(positiveShare > 0.5 && positiveShare < 0.6, `positive share ${positiveShare.toFixed(3)}, expected about 55%`);
  });

  it(`reaches F1 ≥ ${MIN_F1} at the default threshold (per-category table and worst errors in the diagnostics)`, (t) => {
    const scored = scoreAll();
    for (const pair of scored) {
      assert.ok(Number.isFinite(pair.score) && pair.score >= 0 && pair.score <= 1, `line ${pair.line}: score ${pair.score} outside 0–1`);
    }
    report(t, scored);
    const { f1 } = metrics(count(scored));
    assert.ok(f1 !== null && f1 >= MIN_F1, `overall F1 ${fmt(f1)} < ${MIN_F1}`);
  });

  it('matches every public-figure pair whose names differ only in case, spacing, punctuation or diacritics', () => {
    const trivial = scoreAll().filter(
      (pair) => pair.category === 'public_figure' && pair.label === 1 && trivialForm(pair.name1) === trivialForm(pair.name2),
    );
    assert.ok(trivial.length >= 10, `only ${trivial.length} trivially different public-figure pairs in the set`);
    const missed = trivial.filter((pair) => !pair.match).map((pair) => `line ${pair.line}: ${pair.name1} ↔ ${pair.name2} (${pair.score})`);
    assert.deepEqual(missed, []);
  });
});
