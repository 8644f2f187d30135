import fs from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { systemScope } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { exportCampaignCsv, exportCsv, exportFtm } from '../modules/fugitives/exchange/export-persons.ts';
import { parseFtmLines } from '../modules/fugitives/exchange/ftm.ts';
import { importPersons } from '../modules/fugitives/exchange/import-persons.ts';
import type { Actor, Ctx, Services } from '../modules/platform/context.ts';
import { startServices } from '../runtime.ts';
import { ProgressBar } from './progress.ts';

/**
 * `concord import fugitives <file.jsonl> --agency <short-name>` and
 * `concord export fugitives --agency <short-name> --format ftm|csv [--campaign <id>] [--query <name>] --output <file>`
 * (docs/fugitives-exchange.md). The agency is looked up by short name in the system scope; the work then runs in that
 * agency's own database scope, so that row-level security and the visibility rules apply exactly as for its users,
 * with no user recorded as author. An import reads and checks the whole file before opening the database: a bad line
 * ends the command with exit code 2, naming the line, and nothing is written.
 */
class UsageProblem extends Error {}

/** Roles the command line holds for the named agency: keeping its persons (import) or reading them (export). */
const IMPORT_ROLES: readonly Role[] = ['investigator'];
const EXPORT_ROLES: readonly Role[] = ['analyst'];

/**
 * The command line acting for an agency. It is no user: the use cases it calls take the author (null) explicitly and
 * never record `userId`, which is therefore empty.
 */
function commandLineActor(agencyId: string, roles: readonly Role[]): Actor {
  return { userId: '', agencyId, email: '', displayName: 'concord command line', roles, sessionId: '' };
}

async function asAgency<T>(services: Services, shortName: string, roles: readonly Role[], work: (ctx: Ctx) => Promise<T>): Promise<T> {
  const agency = await services.db.inScope(systemScope, (trx) =>
    trx
      .selectFrom('agencies')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['short_name']), '=', shortName.toLowerCase()))
      .executeTakeFirst(),
  );
  if (!agency) throw new UsageProblem(`No agency with short name ${shortName}.`);
  return services.db.inScope({ scope: 'agency', agencyId: agency.id, userId: null, roles }, (trx) =>
    work({ actor: commandLineActor(agency.id, roles), trx, requestId: 'cli', now: new Date(), services }),
  );
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function importFile(config: () => Config, file: string, options: { agency: string }): Promise<void> {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageProblem(`Cannot read ${file}: ${describe(error)}`);
  }
  const { persons, problems, problemCount } = parseFtmLines(content, new Date());
  if (problemCount > 0) {
    const more = problemCount > problems.length ? [`  … and ${problemCount - problems.length} more`] : [];
    throw new UsageProblem(
      `${problemCount} line${problemCount === 1 ? '' : 's'} of ${file} refused; nothing was imported:\n` +
        [...problems.map((problem) => `  line ${problem.line}: ${problem.message}`), ...more].join('\n'),
    );
  }
  const services = await startServices(config(), { workers: false });
  try {
    const bar = new ProgressBar('Importing persons');
    const summary = await asAgency(services, options.agency, IMPORT_ROLES, (ctx) =>
      importPersons(ctx, content, {
        author: null,
        onProgress: (done, total) => {
          bar.update(done, total);
        },
      }),
    );
    bar.stop();
    process.stdout.write(
      `Imported ${persons.length} persons: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged.\n`,
    );
  } catch (error) {
    if (error instanceof UsageProblem) throw error;
    const details = (error as { details?: { errors?: { line: number; message: string }[] } }).details;
    const lines = details?.errors?.map((problem) => `\n  line ${problem.line}: ${problem.message}`).join('') ?? '';
    throw new UsageProblem(`Import failed, nothing was changed: ${describe(error)}${lines}`);
  } finally {
    await services.stop();
  }
}

interface ExportOptions {
  agency: string;
  format: string;
  campaign?: string;
  query?: string;
  output: string;
}

async function exportFile(config: () => Config, options: ExportOptions): Promise<void> {
  if (options.format !== 'ftm' && options.format !== 'csv') throw new UsageProblem('--format is ftm or csv');
  if (options.campaign && options.format !== 'csv') throw new UsageProblem('A campaign is exported as CSV (--format csv)');
  if (options.campaign && options.query) throw new UsageProblem('--campaign and --query cannot be combined');
  const services = await startServices(config(), { workers: false });
  try {
    const result = await asAgency(services, options.agency, EXPORT_ROLES, async (ctx) => {
      const query = options.query ? { q: options.query } : {};
      if (options.campaign) {
        const campaign = await exportCampaignCsv(ctx, options.campaign, { author: null });
        return { text: campaign.csv, count: campaign.members, notVisible: campaign.notVisible };
      }
      const text = options.format === 'ftm' ? await exportFtm(ctx, query, { author: null }) : await exportCsv(ctx, query, { author: null });
      const count = options.format === 'ftm' ? text.split('\n').filter(Boolean).length : null;
      return { text, count, notVisible: 0 };
    });
    fs.writeFileSync(options.output, result.text);
    const what = result.count === null ? 'persons' : `${result.count} persons`;
    const hidden = result.notVisible > 0 ? ` (${result.notVisible} members not visible, not listed)` : '';
    process.stdout.write(`Exported ${what} as ${options.format === 'ftm' ? 'FtM JSON lines' : 'CSV'} to ${options.output}${hidden}.\n`);
  } catch (error) {
    if (error instanceof UsageProblem) throw error;
    throw new UsageProblem(`Export failed: ${describe(error)}`);
  } finally {
    await services.stop();
  }
}

const reportProblems = (work: () => Promise<void>) => async () => {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof UsageProblem)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  }
};

/** Adds `import fugitives` to the existing `import` command and `export fugitives` beside it. */
export function registerFugitiveExchangeCommands(program: Command, config: () => Config): void {
  const importCommand = program.commands.find((command) => command.name() === 'import') ?? program.command('import');
  importCommand
    .command('fugitives <file>')
    .description('Import wanted persons from FollowTheMoney JSON lines (Person entities); merges by entity id; all or nothing')
    .requiredOption('--agency <shortName>', 'the importing agency, owner of the persons, e.g. NSC')
    .action((file: string, options: { agency: string }) => reportProblems(() => importFile(config, file, options))());

  const exportCommand =
    program.commands.find((command) => command.name() === 'export') ?? program.command('export').description('Export data to files');
  exportCommand
    .command('fugitives')
    .description('Export the wanted persons an agency sees as FtM JSON lines or CSV, or a campaign’s members as CSV')
    .requiredOption('--agency <shortName>', 'the agency whose view is exported, e.g. NSC')
    .requiredOption('--output <file>', 'the file to write')
    .option('--format <format>', 'ftm (JSON lines) or csv', 'ftm')
    .option('--campaign <id>', 'only the members of this campaign of the agency (CSV)')
    .option('--query <name>', 'only the persons a name search finds, as the list does')
    .action((options: ExportOptions) => reportProblems(() => exportFile(config, options))());
}
