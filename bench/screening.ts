/**
 * `npm run bench:screening`: accuracy and speed of the name-screening engine (src/modules/screening/engine) on the
 * shared screening data (../shared/data/screening).
 *
 *   npm run bench:screening                          # full run
 *   npm run bench:screening -- --quick               # smaller run for iterating on the engine
 *   npm run bench:screening -- --verbose             # also list the worst misses and false positives on stderr
 *   npm run bench:screening -- --data /path/to/dir   # or CONCORD_SCREENING_DATA=/path/to/dir
 *
 * 1. Accuracy: watchlist = positives_un_untreated.csv (entry id = row index); queries = positives_un_treated.csv
 *    (row i must find watchlist row i) plus negatives_global.csv (none should match), limit 5, default threshold.
 * 2. Speed: a 100,000-entry watchlist (all untreated positives, all negatives, then synthetic persons recombined from
 *    the negatives' first/middle/last names within the same script and nationality, seeded PRNG), index build time,
 *    then 5,000 queries (40 % treated positives, 60 % negatives — here themselves watchlist entries) after 500 warm-up
 *    queries, sequentially on one thread; latency percentiles, queries/s and peak RSS.
 *
 * --quick: accuracy against the first 5,000 negatives only; speed with 20,000 entries (683 positives, 10,000
 * negatives, the rest synthetic) and 1,000 queries. Same seed, so every run of a mode sees the same data.
 *
 * Figures go to stdout, progress and --verbose listings to stderr. The last line of stdout is one JSON object:
 * {"recallAt1":…,"recallAt5":…,"falsePositiveRate":…,"queriesPerSec":…,"p99Ms":…,"indexBuildSeconds":…,"peakRssMb":…,…}
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { parse } from 'csv-parse/sync';
import { DEFAULT_THRESHOLD, ScreeningIndex } from '../src/modules/screening/engine/index.ts';
import type { MatchResult, ScreeningQuery, WatchlistEntry } from '../src/modules/screening/engine/index.ts';

const USAGE = `Usage: npm run bench:screening -- [--quick] [--verbose] [--data <dir>]

  --quick     accuracy on the first 5,000 negatives; speed with 20,000 entries and 1,000 queries
  --verbose   list the 20 worst missed positives and the 20 highest-scoring false positives on stderr
  --data DIR  directory with positives_un_untreated.csv, positives_un_treated.csv and negatives_global.csv
              (default: $CONCORD_SCREENING_DATA, else ../shared/data/screening from the repository root)
`;

const FILES = {
  untreated: 'positives_un_untreated.csv',
  treated: 'positives_un_treated.csv',
  negatives: 'negatives_global.csv',
} as const;
const COLUMNS = ['full_name', 'first_name', 'middle_name', 'last_name', 'gender', 'date_of_birth', 'place_of_birth', 'nationality'];
const LIMIT = 5;
const SEED = 20261127;
const POSITIVE_SHARE = 0.4;
const TARGETS = { recallAt5: 0.98, falsePositiveRate: 0.005, queriesPerSec: 2000, p99Ms: 20, indexBuildSeconds: 10, peakRssMb: 1024 };

interface Row {
  full_name: string;
  first_name: string;
  middle_name: string;
  last_name: string;
  gender: string;
  date_of_birth: string;
  place_of_birth: string;
  nationality: string;
}

const say = (line = '') => process.stdout.write(`${line}\n`);
const note = (line = '') => process.stderr.write(`${line}\n`);
const round = (value: number, digits = 0) => Number(value.toFixed(digits));
const int = (value: number) => Math.round(value).toLocaleString('en');
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
const elapsedSeconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

// ---------------------------------------------------------------------------------------------------------------
// Options and data

function options() {
  try {
    const { values } = parseArgs({
      options: {
        data: { type: 'string' },
        quick: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const envDir = process.env.CONCORD_SCREENING_DATA;
    const dataDir = path.resolve(
      values.data ?? (envDir !== undefined && envDir !== '' ? envDir : path.join(repoRoot, '..', 'shared', 'data', 'screening')),
    );
    return { dataDir, quick: values.quick, verbose: values.verbose };
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}

function readRows(dataDir: string, file: string): Row[] {
  const filePath = path.join(dataDir, file);
  if (!fs.existsSync(filePath)) {
    note(`bench:screening: ${filePath} not found.`);
    note(`The screening data (${Object.values(FILES).join(', ')}) is expected in ${dataDir};`);
    note('point to another directory with --data <dir> or CONCORD_SCREENING_DATA=<dir>.');
    process.exit(2);
  }
  const rows = parse<Record<string, string>>(fs.readFileSync(filePath), { columns: true, bom: true, skip_empty_lines: true });
  const header = rows[0] ? Object.keys(rows[0]) : [];
  const missing = COLUMNS.filter((column) => !header.includes(column));
  if (rows.length === 0 || missing.length > 0) {
    note(`bench:screening: ${filePath} ${rows.length === 0 ? 'has no rows' : `lacks the column(s) ${missing.join(', ')}`}.`);
    process.exit(2);
  }
  return rows as unknown as Row[];
}

/** The row as a query; empty strings are omitted, values passed through as given (the engine normalises them). */
function toQuery(row: Row): ScreeningQuery {
  const query: ScreeningQuery = { schema: 'Person', names: [row.full_name.trim()] };
  const birthDate = row.date_of_birth.trim();
  const nationality = row.nationality.trim();
  const gender = row.gender.trim();
  if (birthDate !== '') query.birthDates = [birthDate];
  if (nationality !== '') query.nationalities = [nationality];
  if (gender === 'male' || gender === 'female' || gender === 'other') query.gender = gender;
  return query;
}

const toEntry = (row: Row, id: string): WatchlistEntry => ({ id, ...toQuery(row) });

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: small seeded PRNG, uniform in [0, 1). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function shuffle<T>(random: () => number, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

// ---------------------------------------------------------------------------------------------------------------
// Progress on stderr: a bar on a terminal, percentage lines otherwise (stdout stays clean figures).

class Progress {
  private readonly bar: cliProgress.SingleBar | undefined;
  private nextPercent = 10;

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {
    if (process.stderr.isTTY) {
      this.bar = new cliProgress.SingleBar(
        { format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`, stream: process.stderr, fps: 5 },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, 0);
    }
  }

  update(done: number): void {
    if (this.bar) {
      this.bar.update(done);
      return;
    }
    const percent = (done / this.total) * 100;
    if (percent >= this.nextPercent) {
      note(`${this.label}: ${Math.floor(percent)}% (${int(done)}/${int(this.total)})`);
      this.nextPercent = (Math.floor(percent / 10) + 1) * 10;
    }
  }

  stop(): void {
    if (this.bar) {
      this.bar.update(this.total);
      this.bar.stop();
    } else {
      note(`${this.label}: 100% (${int(this.total)}/${int(this.total)})`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Memory

let sampledRss = 0;
const sampleRss = () => {
  sampledRss = Math.max(sampledRss, process.memoryUsage.rss());
};
const mb = (bytes: number) => bytes / 1048576;
/** resourceUsage().maxRSS is in kilobytes. */
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

// ---------------------------------------------------------------------------------------------------------------
// Accuracy run

interface Miss {
  index: number;
  twinScore: number | null;
  twinRank: number | null;
  best: MatchResult | undefined;
}

interface FalsePositive {
  index: number;
  hit: MatchResult;
}

function accuracyRun(untreated: Row[], treated: Row[], negatives: Row[], verbose: boolean) {
  if (treated.length !== untreated.length) {
    note(
      `bench:screening: ${FILES.treated} has ${treated.length} rows but ${FILES.untreated} has ${untreated.length}; row i must be the twin of row i.`,
    );
    process.exit(2);
  }
  const buildStart = process.hrtime.bigint();
  const index = ScreeningIndex.build(untreated.map((row, i) => toEntry(row, String(i))));
  const buildSeconds = elapsedSeconds(buildStart);
  sampleRss();

  const matchOptions = { limit: LIMIT, threshold: DEFAULT_THRESHOLD };
  const total = treated.length + negatives.length;
  const progress = new Progress('accuracy', total);
  const started = process.hrtime.bigint();
  let atOne = 0;
  let atFive = 0;
  let atThreshold = 0;
  let falsePositives = 0;
  const misses: Miss[] = [];
  const fps: FalsePositive[] = [];

  treated.forEach((row, i) => {
    const results = index.match(toQuery(row), matchOptions);
    const twin = String(i);
    const rank = results.findIndex((result) => result.id === twin);
    const twinResult = rank >= 0 ? results[rank] : undefined;
    if (rank === 0) atOne += 1;
    if (rank >= 0 && rank < LIMIT) atFive += 1;
    if (twinResult?.match) atThreshold += 1;
    else if (verbose)
      misses.push({ index: i, twinScore: twinResult?.score ?? null, twinRank: rank >= 0 ? rank + 1 : null, best: results[0] });
    if (i % 100 === 0) progress.update(i);
  });
  negatives.forEach((row, i) => {
    const results = index.match(toQuery(row), matchOptions);
    const hit = results.find((result) => result.match);
    if (hit) {
      falsePositives += 1;
      if (verbose) fps.push({ index: i, hit });
    }
    if (i % 100 === 0) progress.update(treated.length + i);
    if (i % 1000 === 0) sampleRss();
  });
  progress.stop();
  const seconds = elapsedSeconds(started);
  sampleRss();

  if (verbose) listAccuracyProblems(untreated, treated, negatives, misses, fps);

  const n = treated.length;
  return {
    watchlistSize: index.size,
    buildSeconds,
    seconds,
    queries: total,
    positives: n,
    negatives: negatives.length,
    atOne,
    atFive,
    atThreshold,
    falsePositives,
    recallAt1: atOne / n,
    recallAt5: atFive / n,
    recallAtThreshold: atThreshold / n,
    falsePositiveRate: negatives.length > 0 ? falsePositives / negatives.length : 0,
  };
}

const describe = (row: Row) => {
  const extras = [row.date_of_birth, row.nationality, row.gender].map((value) => value.trim()).filter((value) => value !== '');
  return `${row.full_name}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
};

function listAccuracyProblems(untreated: Row[], treated: Row[], negatives: Row[], misses: Miss[], fps: FalsePositive[]) {
  const entryRow = (id: string) => untreated[Number(id)];
  const shown = 20;
  misses.sort((a, b) => (a.twinScore ?? -1) - (b.twinScore ?? -1) || a.index - b.index);
  note();
  note(`Worst missed positives (twin not returned with match=true), ${Math.min(shown, misses.length)} of ${misses.length}:`);
  for (const miss of misses.slice(0, shown)) {
    const twin = miss.twinScore === null ? 'twin not returned' : `twin score ${miss.twinScore.toFixed(3)} rank ${miss.twinRank ?? '-'}`;
    note(`  #${miss.index}  ${twin}`);
    note(`      query      ${describe(treated[miss.index]!)}`);
    note(`      watchlist  ${describe(untreated[miss.index]!)}`);
    if (miss.best && miss.best.id !== String(miss.index)) {
      const bestRow = entryRow(miss.best.id);
      note(`      top result ${bestRow ? describe(bestRow) : miss.best.caption} score ${miss.best.score.toFixed(3)}`);
    }
  }
  fps.sort((a, b) => b.hit.score - a.hit.score || a.index - b.index);
  note();
  note(`Highest-scoring false positives (negative query with a result match=true), ${Math.min(shown, fps.length)} of ${fps.length}:`);
  for (const fp of fps.slice(0, shown)) {
    const hitRow = entryRow(fp.hit.id);
    note(`  negative #${fp.index}  score ${fp.hit.score.toFixed(3)}`);
    note(`      query      ${describe(negatives[fp.index]!)}`);
    note(`      watchlist  ${hitRow ? describe(hitRow) : fp.hit.caption} [id ${fp.hit.id}]`);
  }
  note();
}

// ---------------------------------------------------------------------------------------------------------------
// Speed run

const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Arabic',
  'Hebrew',
  'Thaana',
  'Syriac',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Thai',
  'Lao',
  'Khmer',
  'Myanmar',
  'Tibetan',
  'Mongolian',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Ethiopic',
].map((name) => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, 'u') }));

/** Script of the first letter of a name (Han for Chinese/Japanese kanji, Hangul for Korean, …). */
function scriptOf(name: string): string {
  for (const char of name) {
    if (!/\p{L}/u.test(char)) continue;
    return SCRIPTS.find((script) => script.pattern.test(char))?.name ?? 'Other';
  }
  return 'None';
}

function randomBirthDate(random: () => number): string {
  const from = Date.UTC(1940, 0, 1);
  const to = Date.UTC(2005, 11, 31);
  return new Date(from + Math.floor(random() * ((to - from) / 86400000 + 1)) * 86400000).toISOString().slice(0, 10);
}

/**
 * The speed watchlist, `size` entries in all: the untreated positives, then the first negatives up to half the size
 * (all 50,000 of them at 100,000 entries), then synthetic persons.
 * A synthetic person takes a seed negative's script and nationality and draws first, middle and last name from
 * (usually different) negatives of that group — of the same script alone when the group has fewer than 5 members —
 * with a random birth date; exact duplicates of names already present are skipped.
 */
function speedWatchlist(size: number, untreated: Row[], negatives: Row[], random: () => number, absentCount: number) {
  const entries: WatchlistEntry[] = [];
  const names = new Set<string>();
  for (const [i, row] of untreated.entries()) {
    if (entries.length >= size) break;
    entries.push(toEntry(row, `un-${i}`));
    names.add(row.full_name);
  }
  const included = negatives.slice(0, Math.min(negatives.length, Math.floor(size / 2), size - entries.length));
  for (const [i, row] of included.entries()) {
    entries.push(toEntry(row, `neg-${i}`));
    names.add(row.full_name);
  }
  const byGroup = new Map<string, Row[]>();
  const byScript = new Map<string, Row[]>();
  const scripts = new Map<Row, string>();
  for (const row of negatives) {
    const script = scriptOf(row.full_name);
    scripts.set(row, script);
    const group = `${script}|${row.nationality}`;
    const groupRows = byGroup.get(group) ?? [];
    if (groupRows.length === 0) byGroup.set(group, groupRows);
    groupRows.push(row);
    const scriptRows = byScript.get(script) ?? [];
    if (scriptRows.length === 0) byScript.set(script, scriptRows);
    scriptRows.push(row);
  }
  let synthetic = 0;
  let attempts = 0;
  // Persons made the same way but kept off the watchlist: the queries of the "absent" speed pass.
  const absent: Row[] = [];
  while (entries.length < size || absent.length < absentCount) {
    attempts += 1;
    if (attempts > (size + absentCount) * 20) throw new Error(`could not make ${size - entries.length} more distinct synthetic names`);
    const seed = pick(random, negatives);
    const script = scripts.get(seed)!;
    const group = byGroup.get(`${script}|${seed.nationality}`)!;
    const pool = group.length >= 5 ? group : byScript.get(script)!;
    const firstDonor = pick(random, pool);
    const parts = [firstDonor.first_name, pick(random, pool).middle_name, pick(random, pool).last_name].map((part) => part.trim());
    const fullName = parts.filter((part) => part !== '').join(' ');
    if (names.has(fullName)) continue;
    names.add(fullName);
    const row: Row = {
      full_name: fullName,
      first_name: parts[0]!,
      middle_name: parts[1]!,
      last_name: parts[2]!,
      gender: firstDonor.gender,
      date_of_birth: randomBirthDate(random),
      place_of_birth: '',
      nationality: seed.nationality,
    };
    if (entries.length >= size) {
      absent.push(row);
      continue;
    }
    entries.push(toEntry(row, `syn-${synthetic}`));
    synthetic += 1;
  }
  return { entries, included, absent, composition: { positives: Math.min(untreated.length, size), negatives: included.length, synthetic } };
}

/**
 * `count` queries, a share POSITIVE_SHARE of them treated positives and the rest negatives (those in the speed
 * watchlist, as at full size where it holds all of them), drawn with replacement, in shuffled order.
 */
function speedQueries(count: number, treated: Row[], negatives: Row[], random: () => number): ScreeningQuery[] {
  const positives = Math.round(count * POSITIVE_SHARE);
  const queries: ScreeningQuery[] = [];
  for (let i = 0; i < count; i += 1) queries.push(toQuery(i < positives ? pick(random, treated) : pick(random, negatives)));
  return shuffle(random, queries);
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function speedRun(size: number, queryCount: number, warmupCount: number, untreated: Row[], treated: Row[], negatives: Row[]) {
  const random = prng(SEED);
  const { entries, included, absent, composition } = speedWatchlist(size, untreated, negatives, random, queryCount);
  const queries = speedQueries(queryCount, treated, included, random);
  const warmup = speedQueries(warmupCount, treated, included, random);
  sampleRss();

  note(`speed: building the index of ${int(entries.length)} entries…`);
  const buildStart = process.hrtime.bigint();
  const index = ScreeningIndex.build(entries);
  const buildSeconds = elapsedSeconds(buildStart);
  sampleRss();
  const rssAfterBuildMb = mb(process.memoryUsage.rss());
  const heapAfterBuildMb = mb(process.memoryUsage().heapUsed);

  const matchOptions = { limit: LIMIT, threshold: DEFAULT_THRESHOLD };
  const warmupProgress = new Progress('speed warm-up', warmup.length);
  warmup.forEach((query, i) => {
    index.match(query, matchOptions);
    if (i % 50 === 0) warmupProgress.update(i);
  });
  warmupProgress.stop();

  const measure = (label: string, list: ScreeningQuery[]) => {
    const latencies = new Float64Array(list.length);
    let returned = 0;
    let matched = 0;
    const progress = new Progress(label, list.length);
    const started = process.hrtime.bigint();
    for (let i = 0; i < list.length; i += 1) {
      const t0 = process.hrtime.bigint();
      const results = index.match(list[i]!, matchOptions);
      latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
      returned += results.length;
      if (results[0]?.match) matched += 1;
      if (i % 50 === 0) {
        progress.update(i);
        sampleRss();
      }
    }
    const seconds = elapsedSeconds(started);
    progress.stop();
    sampleRss();
    latencies.sort();
    return {
      seconds,
      queriesPerSec: list.length / seconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: percentile(latencies, 100),
      meanResults: returned / list.length,
      matchedShare: matched / list.length,
    };
  };
  const mixed = measure('speed', queries);
  const off = measure('speed (absent)', absent.map(toQuery));
  return {
    watchlistSize: index.size,
    composition,
    queries: queries.length,
    warmup: warmup.length,
    buildSeconds,
    rssAfterBuildMb,
    heapAfterBuildMb,
    ...mixed,
    absent: { queries: absent.length, ...off },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Main

function main() {
  const { dataDir, quick, verbose } = options();
  const speedSize = quick ? 20_000 : 100_000;
  const speedQueryCount = quick ? 1_000 : 5_000;
  const warmupCount = 500;

  note(`bench:screening: reading ${dataDir}`);
  const untreated = readRows(dataDir, FILES.untreated);
  const treated = readRows(dataDir, FILES.treated);
  const allNegatives = readRows(dataDir, FILES.negatives);
  const accuracyNegatives = quick ? allNegatives.slice(0, 5_000) : allNegatives;
  sampleRss();

  say(`Screening engine benchmark${quick ? ' (--quick)' : ''}, data ${dataDir}`);
  const accuracy = accuracyRun(untreated, treated, accuracyNegatives, verbose);
  say();
  say(
    `Accuracy: watchlist ${int(accuracy.watchlistSize)} UN entries (untreated); queries ${int(accuracy.positives)} treated twins + ${int(accuracy.negatives)} negatives; limit ${LIMIT}, default threshold ${DEFAULT_THRESHOLD}`,
  );
  say(`  recall@1             ${accuracy.recallAt1.toFixed(4)}  (${accuracy.atOne} of ${accuracy.positives} twins ranked first)`);
  say(
    `  recall@5             ${accuracy.recallAt5.toFixed(4)}  (${accuracy.atFive} of ${accuracy.positives} in the top ${LIMIT})   target ≥ ${TARGETS.recallAt5}: ${verdict(accuracy.recallAt5 >= TARGETS.recallAt5)}`,
  );
  say(
    `  recall at threshold  ${accuracy.recallAtThreshold.toFixed(4)}  (${accuracy.atThreshold} of ${accuracy.positives} twins returned with match=true)`,
  );
  say(
    `  false-positive rate  ${accuracy.falsePositiveRate.toFixed(4)}  (${accuracy.falsePositives} of ${int(accuracy.negatives)} negatives with a match)   target ≤ ${TARGETS.falsePositiveRate}: ${verdict(accuracy.falsePositiveRate <= TARGETS.falsePositiveRate)}`,
  );
  say(
    `  time                 build ${accuracy.buildSeconds.toFixed(3)} s, ${int(accuracy.queries)} queries in ${accuracy.seconds.toFixed(1)} s`,
  );

  const speed = speedRun(speedSize, speedQueryCount, warmupCount, untreated, treated, allNegatives);
  const peakRssMb = Math.max(maxRssMb(), mb(sampledRss));
  say();
  say(
    `Speed: watchlist ${int(speed.watchlistSize)} entries (${int(speed.composition.negatives)} negatives, ${int(speed.composition.positives)} UN untreated, ${int(speed.composition.synthetic)} synthetic); ${int(speed.queries)} queries (${Math.round(POSITIVE_SHARE * 100)} % treated positives, ${Math.round((1 - POSITIVE_SHARE) * 100)} % negatives) after ${int(speed.warmup)} warm-up, sequential, one thread`,
  );
  say(
    `  index build          ${speed.buildSeconds.toFixed(2)} s   target < ${TARGETS.indexBuildSeconds} s: ${verdict(speed.buildSeconds < TARGETS.indexBuildSeconds)}`,
  );
  say(
    `  queries/s            ${int(speed.queriesPerSec)}   target ≥ ${int(TARGETS.queriesPerSec)}: ${verdict(speed.queriesPerSec >= TARGETS.queriesPerSec)}`,
  );
  say(
    `  latency ms           p50 ${speed.p50Ms.toFixed(2)}   p99 ${speed.p99Ms.toFixed(2)}   max ${speed.maxMs.toFixed(2)}   target p99 < ${TARGETS.p99Ms}: ${verdict(speed.p99Ms < TARGETS.p99Ms)}`,
  );
  say(
    `  results              ${speed.meanResults.toFixed(2)} per query on average; top result match=true for ${(speed.matchedShare * 100).toFixed(1)} % of queries`,
  );
  say(
    `  absent persons       ${int(speed.absent.queries)} queries of synthetic persons kept off the watchlist: ${int(speed.absent.queriesPerSec)} queries/s, p50 ${speed.absent.p50Ms.toFixed(2)}   p99 ${speed.absent.p99Ms.toFixed(2)}   max ${speed.absent.maxMs.toFixed(2)} ms; top result match=true for ${(speed.absent.matchedShare * 100).toFixed(1)} %`,
  );
  say(
    `  memory               peak RSS ${int(peakRssMb)} MB (whole process: data, both runs)   target < ${int(TARGETS.peakRssMb)} MB: ${verdict(peakRssMb < TARGETS.peakRssMb)}`,
  );
  say(`                       after build: RSS ${int(speed.rssAfterBuildMb)} MB, JS heap ${int(speed.heapAfterBuildMb)} MB`);

  say(
    JSON.stringify({
      recallAt1: round(accuracy.recallAt1, 4),
      recallAt5: round(accuracy.recallAt5, 4),
      falsePositiveRate: round(accuracy.falsePositiveRate, 5),
      queriesPerSec: round(speed.queriesPerSec),
      p99Ms: round(speed.p99Ms, 2),
      indexBuildSeconds: round(speed.buildSeconds, 2),
      peakRssMb: round(peakRssMb),
      recallAtThreshold: round(accuracy.recallAtThreshold, 4),
      p50Ms: round(speed.p50Ms, 2),
      watchlistSize: speed.watchlistSize,
      queries: speed.queries,
      accuracyNegatives: accuracy.negatives,
      absentQueriesPerSec: round(speed.absent.queriesPerSec),
      absentP99Ms: round(speed.absent.p99Ms, 2),
      quick,
    }),
  );
}

main();
