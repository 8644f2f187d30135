import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { CsvFigure, stringifySpreadsheetCsv, type CsvCell } from '../modules/platform/csv-safe.ts';
import { DEFAULT_THRESHOLD, ScreeningIndex, scoreNamePair } from '../modules/screening/engine/index.ts';
import { parsePairsCsv, parsePeopleCsv, parseWatchlist, problemText, type FormatProblem } from '../modules/screening/formats.ts';
import { toScreeningQuery } from '../modules/screening/records.ts';
import { ProgressBar } from './progress.ts';

/**
 * `concord screen`: screening without a database, for files at hand and for evaluating the engine.
 *   concord screen --watchlist <list.csv|.jsonl> --input <people.csv> --output <hits.csv> [--threshold n] [--limit n]
 *   concord screen pairs --input <pairs.csv> --output <scored.csv> [--threshold n]
 * A bad file ends the command with exit code 2 and a message naming its line; the output file is written only when
 * everything succeeded (to a temporary file first, then renamed). Copied text cells that a spreadsheet would take for
 * a formula are neutralised (modules/platform/csv-safe.ts).
 */
const FTM_EXTENSIONS = new Set(['.json', '.jsonl', '.ftm', '.ndjson']);
const CHUNK = 200;

class UsageProblem extends Error {}

const parseThreshold = (value: string): number => {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || number > 1) throw new InvalidArgumentError('a number greater than 0 and at most 1');
  return number;
};
const parseLimit = (value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 100) throw new InvalidArgumentError('a whole number from 1 to 100');
  return number;
};

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageProblem(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function refuse(file: string, problems: readonly FormatProblem[]): never {
  const shown = problems.slice(0, 10).map((problem) => `  ${problemText(problem)}`);
  if (problems.length > 10) shown.push(`  … and ${problems.length - 10} more`);
  throw new UsageProblem(`${file} is not valid; nothing was written:\n${shown.join('\n')}`);
}

/** Writes the whole file next to its destination first, then renames it: a reader never sees half a file. */
function writeAtomically(file: string, text: string): void {
  const temporary = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new UsageProblem(`Cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof UsageProblem)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  }
}

interface ScreenOptions {
  watchlist?: string;
  input?: string;
  output?: string;
  threshold: number;
  limit: number;
}

async function screenFiles(options: ScreenOptions): Promise<void> {
  const { watchlist, input, output } = options;
  if (!watchlist || !input || !output) {
    throw new UsageProblem(
      'concord screen needs --watchlist <file>, --input <people.csv> and --output <hits.csv> (or: concord screen pairs)',
    );
  }
  const started = performance.now();
  const format = FTM_EXTENSIONS.has(path.extname(watchlist).toLowerCase()) ? 'ftm' : 'csv';
  const list = parseWatchlist(format, readText(watchlist));
  if (!list.ok) refuse(watchlist, list.problems);
  const people = parsePeopleCsv(readText(input));
  if (!people.ok) refuse(input, people.problems);

  // Entries are indexed under their position; the file's own id (or line) is what the output shows.
  const shownId = list.records.map((entry) => entry.sourceId ?? `line ${entry.line}`);
  const index = ScreeningIndex.build(list.records.map((entry, position) => ({ id: String(position), ...toScreeningQuery(entry) })));
  const lines: CsvCell[][] = [[...people.header, 'matched_id', 'matched_name', 'score', 'match']];
  const bar = new ProgressBar('Screening');
  let rowsWithHits = 0;
  let hits = 0;
  for (let start = 0; start < people.rows.length; start += CHUNK) {
    for (const row of people.rows.slice(start, start + CHUNK)) {
      const results = index
        .match(toScreeningQuery(row.record), { limit: options.limit, threshold: options.threshold, cutoff: options.threshold })
        .filter((result) => result.score >= options.threshold);
      if (results.length > 0) rowsWithHits += 1;
      for (const result of results) {
        hits += 1;
        lines.push([
          ...row.values,
          shownId[Number(result.id)] ?? result.id,
          result.matchedName,
          CsvFigure.fixed(result.score, 4),
          result.match,
        ]);
      }
    }
    bar.update(Math.min(start + CHUNK, people.rows.length), people.rows.length);
    await yieldToEventLoop();
  }
  bar.stop();
  writeAtomically(output, stringifySpreadsheetCsv(lines));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `Screened ${people.rows.length} people against ${index.size} watchlist entries: ${rowsWithHits} with hits, ${hits} hits at threshold ${options.threshold}; written to ${output} (${seconds} s).\n`,
  );
}

async function scorePairs(options: { input: string; output: string; threshold: number }): Promise<void> {
  const started = performance.now();
  const pairs = parsePairsCsv(readText(options.input));
  if (!pairs.ok) refuse(options.input, pairs.problems);
  const lines: CsvCell[][] = [[...pairs.header, 'score', 'match']];
  const bar = new ProgressBar('Scoring');
  let matches = 0;
  for (let start = 0; start < pairs.rows.length; start += CHUNK) {
    for (const row of pairs.rows.slice(start, start + CHUNK)) {
      const { score } = scoreNamePair(row.name1, row.name2, options.threshold);
      const match = score >= options.threshold;
      if (match) matches += 1;
      lines.push([...row.values, CsvFigure.fixed(score, 4), match]);
    }
    bar.update(Math.min(start + CHUNK, pairs.rows.length), pairs.rows.length);
    await yieldToEventLoop();
  }
  bar.stop();
  writeAtomically(options.output, stringifySpreadsheetCsv(lines));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `Scored ${pairs.rows.length} pairs: ${matches} match at threshold ${options.threshold}; written to ${options.output} (${seconds} s).\n`,
  );
}

export function registerScreenCommands(program: Command): void {
  const screen = program
    .command('screen')
    .description('Screen a CSV of people against a watchlist file, without a database; writes the hits as CSV')
    .option(
      '--watchlist <file>',
      'watchlist: CSV (full_name, … as in docs/screening.md) or FollowTheMoney JSON lines (.json, .jsonl, .ftm)',
    )
    .option('--input <file>', 'people to screen: CSV with a full_name column')
    .option('--output <file>', 'hits: the input columns, then matched_id, matched_name, score, match')
    .option('--threshold <n>', 'score from which a pair is a hit', parseThreshold, DEFAULT_THRESHOLD)
    .option('--limit <n>', 'hits per person at most', parseLimit, 5)
    .enablePositionalOptions()
    .action((options: ScreenOptions) => run(() => screenFiles(options)));
  screen
    .command('pairs')
    .description('Score name pairs: reads name1,name2 (further columns are copied) and adds score and match')
    .requiredOption('--input <file>', 'CSV with name1 and name2 columns')
    .requiredOption('--output <file>', 'the input columns, then score (4 decimals) and match (true/false at the threshold)')
    .option('--threshold <n>', 'score from which a pair matches', parseThreshold, DEFAULT_THRESHOLD)
    .action((options: { input: string; output: string; threshold: number }) => run(() => scorePairs(options)));
}
