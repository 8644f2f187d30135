import fs from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { systemScope } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { exportCampaignCsv, exportCsv, exportFtm } from '../modules/fugitives/exchange/export-persons.ts';
import { parseFtmLines } from '../modules/fugitives/exchange/ftm.ts';
import { importPersons } from '../modules/fugitives/exchange/import-persons.ts';
import type { Actor, Ctx, Services } from '../modules/platform/context.ts';
import { z } from 'zod';
import { defineOperation, describeError, EXIT, UsageProblem } from './operation.ts';
import { exitWith, runOperation } from './run-operation.ts';

/**
 * `concord import fugitives <file.jsonl> --agency <short-name>` and
 * `concord export fugitives --agency <short-name> --format ftm|csv [--campaign <id>] [--query <name>] --output <file>`
 * (docs/fugitives-exchange.md). The agency is looked up by short name in the system scope; the work then runs in that
 * agency's own database scope, so that row-level security and the visibility rules apply exactly as for its users,
 * with no user recorded as author. An import reads and checks the whole file before opening the database: a bad line
 * ends the command with exit code 2, naming the line, and nothing is written.
 */
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

export const importFugitivesOperation = defineOperation({
  name: 'import-fugitives',
  input: z.object({ agency: z.string().min(1).max(20), file: z.string(), content: z.string() }),
  viaServer: true,
  async run(services, input, io) {
    const { persons } = checkedLines(input.file, input.content);
    try {
      const summary = await asAgency(services, input.agency, IMPORT_ROLES, (ctx) =>
        importPersons(ctx, input.content, {
          author: null,
          onProgress: (done, total) => {
            io.progress('Importing persons', done, total);
          },
        }),
      );
      io.out(
        `Imported ${persons.length} persons: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged.\n`,
      );
      return EXIT.ok;
    } catch (error) {
      if (error instanceof UsageProblem || io.signal.aborted) throw error;
      const details = (error as { details?: { errors?: { line: number; message: string }[] } }).details;
      const lines = details?.errors?.map((problem) => `\n  line ${problem.line}: ${problem.message}`).join('') ?? '';
      throw new UsageProblem(`Import failed, nothing was changed: ${describeError(error)}${lines}`);
    }
  },
});

/** Reads and checks every line before anything is written: a bad line is a usage problem naming the line. */
function checkedLines(file: string, content: string) {
  const result = parseFtmLines(content, new Date());
  if (result.problemCount > 0) {
    const more = result.problemCount > result.problems.length ? [`  … and ${result.problemCount - result.problems.length} more`] : [];
    throw new UsageProblem(
      `${result.problemCount} line${result.problemCount === 1 ? '' : 's'} of ${file} refused; nothing was imported:\n` +
        [...result.problems.map((problem) => `  line ${problem.line}: ${problem.message}`), ...more].join('\n'),
    );
  }
  return result;
}

const exportInput = z.object({
  agency: z.string().min(1).max(20),
  format: z.enum(['ftm', 'csv']),
  campaign: z.string().optional(),
  query: z.string().optional(),
  file: z.string(),
});

export const exportFugitivesOperation = defineOperation({
  name: 'export-fugitives',
  input: exportInput,
  viaServer: true,
  writesFile: true,
  async run(services, input, io) {
    const result = await asAgency(services, input.agency, EXPORT_ROLES, async (ctx) => {
      const query = input.query ? { q: input.query } : {};
      if (input.campaign) {
        const campaign = await exportCampaignCsv(ctx, input.campaign, { author: null });
        return { text: campaign.csv, count: campaign.members, notVisible: campaign.notVisible };
      }
      const text = input.format === 'ftm' ? await exportFtm(ctx, query, { author: null }) : await exportCsv(ctx, query, { author: null });
      const count = input.format === 'ftm' ? text.split('\n').filter(Boolean).length : null;
      return { text, count, notVisible: 0 };
    });
    io.output().write(result.text);
    const what = result.count === null ? 'persons' : `${result.count} persons`;
    const hidden = result.notVisible > 0 ? ` (${result.notVisible} members not visible, not listed)` : '';
    io.out(`Exported ${what} as ${input.format === 'ftm' ? 'FtM JSON lines' : 'CSV'} to ${input.file}${hidden}.\n`);
    return EXIT.ok;
  },
});

interface ExportOptions {
  agency: string;
  format: string;
  campaign?: string;
  query?: string;
  output: string;
}

function exportFile(config: () => Config, options: ExportOptions): Promise<number> {
  if (options.format !== 'ftm' && options.format !== 'csv') throw new UsageProblem('--format is ftm or csv');
  if (options.campaign && options.format !== 'csv') throw new UsageProblem('A campaign is exported as CSV (--format csv)');
  if (options.campaign && options.query) throw new UsageProblem('--campaign and --query cannot be combined');
  return runOperation(
    config(),
    exportFugitivesOperation,
    { agency: options.agency, format: options.format, campaign: options.campaign, query: options.query, file: options.output },
    { outputFile: options.output },
  );
}

function importFile(config: () => Config, file: string, options: { agency: string }): Promise<number> {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageProblem(`Cannot read ${file}: ${describeError(error)}`);
  }
  checkedLines(file, content);
  return runOperation(config(), importFugitivesOperation, { agency: options.agency, file, content });
}

/** Adds `import fugitives` to the existing `import` command and `export fugitives` beside it. */
export function registerFugitiveExchangeCommands(program: Command, config: () => Config): void {
  const importCommand = program.commands.find((command) => command.name() === 'import') ?? program.command('import');
  importCommand
    .command('fugitives <file>')
    .description('Import wanted persons from FollowTheMoney JSON lines (Person entities); merges by entity id; all or nothing')
    .requiredOption('--agency <shortName>', 'the importing agency, owner of the persons, e.g. NSC')
    .action(exitWith((file: string, options: { agency: string }) => importFile(config, file, options)));

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
    .action(exitWith((options: ExportOptions) => exportFile(config, options)));
}
