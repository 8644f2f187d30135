import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { systemScope } from '../db/database.ts';
import { importInterpol, type ImportDocument } from '../modules/fugitives/interpol/import-interpol.ts';
import { parseInterpolDocument } from '../modules/fugitives/interpol/parse-interpol.ts';
import { startServices } from '../runtime.ts';
import { ProgressBar } from './progress.ts';

/**
 * `concord import interpol <file-or-folder> --agency <short-name> [--complete]`: reads saved documents of Interpol's
 * public notices API (docs/interpol-import.md), every `*.json` of a folder. Every file is parsed before anything is
 * written; one refused file ends the command with exit code 2, its problems listed with their JSON paths, and nothing
 * written. Otherwise the whole import is one transaction in the system scope on behalf of the named agency.
 */
class UsageProblem extends Error {}

function filesOf(target: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (error) {
    throw new UsageProblem(`Cannot read ${target}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!stat.isDirectory()) return [target];
  const files = fs
    .readdirSync(target)
    .filter((name) => name.toLowerCase().endsWith('.json'))
    .sort()
    .map((name) => path.join(target, name));
  if (files.length === 0) throw new UsageProblem(`${target} holds no .json file`);
  return files;
}

function readDocuments(target: string): ImportDocument[] {
  return filesOf(target).map((file) => {
    let text: string;
    let fetchedAt: string;
    try {
      text = fs.readFileSync(file, 'utf8');
      // The file's modification time stands for the time it was fetched from Interpol.
      fetchedAt = fs.statSync(file).mtime.toISOString();
    } catch (error) {
      throw new UsageProblem(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const fileName = path.basename(file);
    return { fileName, result: parseInterpolDocument(text, { fileName, fetchedAt }) };
  });
}

async function importFiles(config: () => Config, target: string, options: { agency: string; complete?: boolean }): Promise<void> {
  const documents = readDocuments(target);
  const rejected = documents.flatMap((document) =>
    document.result.ok ? [] : [{ file: document.fileName, errors: document.result.errors }],
  );
  if (rejected.length > 0) {
    const lines = rejected.flatMap(({ file, errors }) => [`${file}:`, ...errors.map((problem) => `  ${problem.path}: ${problem.message}`)]);
    throw new UsageProblem(`${rejected.length} of ${documents.length} files refused; nothing was imported:\n${lines.join('\n')}`);
  }
  const services = await startServices(config(), { workers: false });
  try {
    const bar = new ProgressBar('Importing notices');
    const summary = await services.db.inScope(systemScope, async (trx) => {
      const agency = await trx
        .selectFrom('agencies')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['short_name']), '=', options.agency.toLowerCase()))
        .executeTakeFirst();
      if (!agency) throw new UsageProblem(`No agency with short name ${options.agency}.`);
      return importInterpol(
        { trx, services, requestId: 'cli', now: new Date(), agencyId: agency.id },
        {
          documents,
          complete: options.complete === true,
          onProgress: (done, total) => {
            bar.update(done, total);
          },
        },
      );
    });
    bar.stop();
    process.stdout.write(
      `Imported ${documents.length} files: ${summary.new} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
        `${summary.noLongerPublic} no longer public, ${summary.unmatched} unmatched, 0 rejected.\n`,
    );
  } catch (error) {
    if (error instanceof UsageProblem) throw error;
    throw new UsageProblem(`Import failed, nothing was changed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await services.stop();
  }
}

export function registerImportCommands(program: Command, config: () => Config): void {
  program
    .command('import')
    .description('Import data from files')
    .command('interpol <file-or-folder>')
    .description('Import saved Interpol public notice documents (a file, or every *.json of a folder); all or nothing')
    .requiredOption('--agency <shortName>', 'the importing agency, owner of new persons and of the snapshots, e.g. NSC')
    .option('--complete', 'the list pages are the whole public list of their kind: missing notices become no longer public')
    .action(async (target: string, options: { agency: string; complete?: boolean }) => {
      try {
        await importFiles(config, target, options);
      } catch (error) {
        if (!(error instanceof UsageProblem)) throw error;
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 2;
      }
    });
}
