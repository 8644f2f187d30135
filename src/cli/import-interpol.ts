import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { systemScope } from '../db/database.ts';
import { snapshotContradictions } from '../modules/fugitives/interpol/diff-notices.ts';
import { importInterpol, type ImportDocument } from '../modules/fugitives/interpol/import-interpol.ts';
import { parseInterpolDocument } from '../modules/fugitives/interpol/parse-interpol.ts';
import { z } from 'zod';
import { defineOperation, describeError, EXIT, UsageProblem } from './operation.ts';
import { exitWith, runOperation } from './run-operation.ts';

/**
 * `concord import interpol <file-or-folder> --agency <short-name> [--complete]`: reads saved documents of Interpol's
 * public notices API (docs/interpol-import.md), every `*.json` of a folder. Every file is parsed before anything is
 * written; one refused file ends the command with exit code 2, its problems listed with their JSON paths, and nothing
 * written. Otherwise the whole import is one transaction in the named agency's own database scope — in this
 * process, or in the server that holds the embedded data folder (run-operation.ts).
 */
const documentInput = z.object({ fileName: z.string().min(1).max(500), text: z.string(), fetchedAt: z.string() });
type DocumentInput = z.infer<typeof documentInput>;

function filesOf(target: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (error) {
    throw new UsageProblem(`Cannot read ${target}: ${describeError(error)}`);
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

function readDocuments(target: string): DocumentInput[] {
  return filesOf(target).map((file) => {
    try {
      // The file's modification time stands for the time it was fetched from Interpol.
      return { fileName: path.basename(file), text: fs.readFileSync(file, 'utf8'), fetchedAt: fs.statSync(file).mtime.toISOString() };
    } catch (error) {
      throw new UsageProblem(`Cannot read ${file}: ${describeError(error)}`);
    }
  });
}

const parsed = (documents: readonly DocumentInput[]): ImportDocument[] =>
  documents.map((document) => ({
    fileName: document.fileName,
    result: parseInterpolDocument(document.text, { fileName: document.fileName, fetchedAt: document.fetchedAt }),
  }));

/**
 * The files' own problems, then the notices that contradict each other across them (one entity id with two contents,
 * or as two kinds): both are known from the files alone, so they are reported before the database is opened. Those
 * against what the agency holds are found by the importer.
 */
function refusal(documents: readonly ImportDocument[]): UsageProblem | null {
  const rejected = documents.flatMap((document) =>
    document.result.ok ? [] : [{ file: document.fileName, errors: document.result.errors }],
  );
  const listed = (groups: readonly { file: string; errors: readonly { path: string; message: string }[] }[]) =>
    groups.flatMap(({ file, errors }) => [`${file}:`, ...errors.map((problem) => `  ${problem.path}: ${problem.message}`)]).join('\n');
  if (rejected.length > 0) {
    return new UsageProblem(`${rejected.length} of ${documents.length} files refused; nothing was imported:\n${listed(rejected)}`);
  }
  const contradictions = snapshotContradictions(
    documents.flatMap((document) =>
      document.result.ok ? [{ fileName: document.fileName, kind: document.result.kind, notices: document.result.notices }] : [],
    ),
  );
  if (contradictions.length === 0) return null;
  const files = [...new Set(contradictions.map((problem) => problem.fileName))].map((file) => ({
    file,
    errors: contradictions.filter((problem) => problem.fileName === file),
  }));
  return new UsageProblem(`${contradictions.length} notices contradict each other; nothing was imported:\n${listed(files)}`);
}

export const importInterpolOperation = defineOperation({
  name: 'import-interpol',
  input: z.object({ agency: z.string().min(1).max(20), complete: z.boolean(), documents: z.array(documentInput).min(1) }),
  viaServer: true,
  async run(services, input, io) {
    const documents = parsed(input.documents);
    const refused = refusal(documents);
    if (refused) throw refused;
    const agency = await services.db.inScope(systemScope, (trx) =>
      trx
        .selectFrom('agencies')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['short_name']), '=', input.agency.toLowerCase()))
        .executeTakeFirst(),
    );
    if (!agency) throw new UsageProblem(`No agency with short name ${input.agency}.`);
    // In the agency's own scope, as for its investigators: row-level security confines the import to the agency.
    const scope = { scope: 'agency', agencyId: agency.id, userId: null, roles: ['investigator'] } as const;
    const summary = await services.db.inScope(scope, (trx) =>
      importInterpol(
        { trx, services, requestId: 'cli', now: new Date(), agencyId: agency.id },
        {
          documents,
          complete: input.complete,
          onProgress: (done, total) => {
            io.progress('Importing notices', done, total);
          },
        },
      ),
    );
    io.out(
      `Imported ${documents.length} files: ${summary.new} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
        `${summary.noLongerPublic} no longer public, ${summary.unmatched} unmatched, 0 rejected.\n`,
    );
    return EXIT.ok;
  },
});

export function registerImportCommands(program: Command, config: () => Config): void {
  program
    .command('import')
    .description('Import data from files')
    .command('interpol <file-or-folder>')
    .description('Import saved Interpol public notice documents (a file, or every *.json of a folder); all or nothing')
    .requiredOption('--agency <shortName>', 'the importing agency, owner of new persons and of the snapshots, e.g. NSC')
    .option('--complete', 'the list pages are the whole public list of their kind: missing notices become no longer public')
    .action(
      exitWith((target: string, options: { agency: string; complete?: boolean }) => {
        const documents = readDocuments(target);
        // Checked here first, so that a bad file is reported without touching the database.
        const refused = refusal(parsed(documents));
        if (refused) throw refused;
        return runOperation(config(), importInterpolOperation, { agency: options.agency, complete: options.complete === true, documents });
      }),
    );
}
