import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { systemScope, type Trx } from '../db/database.ts';
import { roles, type Role } from '../db/schema.ts';
import { createAgencyInput } from '../modules/platform/agencies/agencies.ts';
import { appendAudit, type AuditWrite } from '../modules/platform/audit/append-audit.ts';
import { hashPassword, passwordSchema } from '../modules/platform/auth/passwords.ts';
import type { Services } from '../modules/platform/context.ts';
import { DEMO_PASSWORD, hasAnyAgency, seedDemo } from '../modules/platform/demo/seed-demo.ts';
import { buildExport, writeImport } from '../modules/legal-basis/import-export.ts';
import { exportFileSchema } from '../modules/legal-basis/schemas.ts';
import { resetDatabase } from '../runtime.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import { defineOperation, EXIT, UsageProblem, describeError } from './operation.ts';
import { exitWith, runOperation } from './run-operation.ts';

/**
 * The platform's operator commands: migrate, demo, agency and user creation, the legal-basis registry's export and
 * import, backup and restore. Each is an operation (operation.ts); those that may run inside a server holding the
 * embedded data folder say so with `viaServer`.
 */
const cliAudit = (services: Services, trx: Trx, agencyId: string | null, now: Date): AuditWrite => ({
  trx,
  signer: services.auditSigner,
  now,
  requestId: 'cli',
  agencyId,
  actorUserId: null,
});

export const migrateOperation = defineOperation({
  name: 'migrate',
  input: z.object({}),
  // A server runs its own migrations at start; a newer release's migrations must wait until the old server stops.
  viaServer: false,
  run(_services, _input, io) {
    io.out('Database is up to date.\n');
    return Promise.resolve(EXIT.ok);
  },
});

export const demoOperation = defineOperation({
  name: 'demo',
  input: z.object({ reset: z.boolean() }),
  viaServer: false,
  async run(services, input, io) {
    if (input.reset) {
      const replaced = await resetDatabase(services);
      if (replaced) io.out(`The audit checkpoint file of the deleted chain was moved to ${replaced}.\n`);
    } else if (await hasAnyAgency(services.db)) {
      io.err('The database already holds agencies; use --reset to replace everything with demo data.\n');
      return EXIT.failed;
    }
    const result = await seedDemo(services);
    io.out(`Demo data loaded: ${result.agencies} agencies, ${result.users} users. Password: ${DEMO_PASSWORD}\n`);
    return EXIT.ok;
  },
});

export const agencyCreateOperation = defineOperation({
  name: 'agency-create',
  input: createAgencyInput,
  viaServer: true,
  async run(services, input, io) {
    const now = new Date();
    const created = await services.db.inScope(systemScope, async (trx) => {
      const clash = await trx
        .selectFrom('agencies')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['short_name']), '=', input.shortName.toLowerCase()))
        .executeTakeFirst();
      if (clash) return null;
      const row = await trx
        .insertInto('agencies')
        .values({ name: input.name, short_name: input.shortName, state: input.state, created_by: null, updated_by: null })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(cliAudit(services, trx, row.id, now), {
        type: 'agency.created',
        version: 1,
        data: { agencyId: row.id, name: row.name, shortName: row.short_name, state: row.state },
      });
      return row;
    });
    if (!created) {
      io.err(`An agency with short name ${input.shortName} exists.\n`);
      return EXIT.failed;
    }
    io.out(`Created agency ${created.short_name} (${created.name}, ${created.state}).\n`);
    return EXIT.ok;
  },
});

const userCreateInput = z.object({
  agency: z.string().min(1).max(20),
  email: z.string().trim().toLowerCase().check(z.email()).max(320),
  displayName: z.string().trim().min(1).max(200),
  roles: z.array(z.enum(roles as [Role, ...Role[]])).min(1),
  password: passwordSchema,
});

export const userCreateOperation = defineOperation({
  name: 'user-create',
  input: userCreateInput,
  viaServer: true,
  async run(services, input, io) {
    const hash = await hashPassword(input.password);
    const now = new Date();
    const created = await services.db.inScope(systemScope, async (trx) => {
      const agency = await trx
        .selectFrom('agencies')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['short_name']), '=', input.agency.toLowerCase()))
        .executeTakeFirst();
      if (!agency) return null;
      const user = await trx
        .insertInto('users')
        .values({
          agency_id: agency.id,
          email: input.email,
          display_name: input.displayName,
          password_hash: hash,
          roles: [...new Set(input.roles)],
          created_by: null,
          updated_by: null,
        })
        .returning(['id', 'email', 'roles'])
        .executeTakeFirstOrThrow();
      await appendAudit(cliAudit(services, trx, agency.id, now), {
        type: 'user.created',
        version: 1,
        data: { userId: user.id, email: user.email, roles: user.roles },
      });
      return user;
    });
    if (!created) {
      io.err(`No agency with short name ${input.agency}.\n`);
      return EXIT.failed;
    }
    io.out(`Created ${created.email} (${created.roles.join(', ')}).\n`);
    return EXIT.ok;
  },
});

export const legalExportOperation = defineOperation({
  name: 'legal-export',
  input: z.object({ file: z.string() }),
  viaServer: true,
  writesFile: true,
  async run(services, input, io) {
    const document = await services.db.inScope(systemScope, (trx) => buildExport({ trx, now: new Date() }));
    io.output().write(`${JSON.stringify(document, null, 2)}\n`);
    io.out(
      `Exported ${document.states.length} states, ${document.instruments.length} instruments, ${document.declarations.length} declarations to ${input.file}.\n`,
    );
    return EXIT.ok;
  },
});

export const legalImportOperation = defineOperation({
  name: 'legal-import',
  input: z.object({ document: exportFileSchema }),
  viaServer: true,
  async run(services, input, io) {
    const now = new Date();
    const counts = await services.db.inScope(systemScope, async (trx) => {
      const result = await writeImport({ trx, now, userId: null }, input.document);
      await appendAudit(cliAudit(services, trx, null, now), { type: 'legal.imported', version: 1, data: result });
      return result;
    });
    io.out(`Imported ${counts.states} states, ${counts.instruments} instruments, ${counts.declarations} declarations.\n`);
    return EXIT.ok;
  },
});

export const backupOperation = defineOperation({
  name: 'backup',
  input: z.object({ file: z.string() }),
  viaServer: true,
  writesFile: true,
  async run(services, input, io) {
    const summary = await backupDatabase(services.db, io.output(), (done, total) => {
      io.progress('Backing up', done, total);
    });
    io.out(`Backup written to ${input.file}: ${summary.tables} tables, ${summary.rows} rows.\n`);
    return EXIT.ok;
  },
});

export const restoreOperation = defineOperation({
  name: 'restore',
  input: z.object({ file: z.string() }),
  // A restore replaces every row under a running server's feet: the server must be stopped.
  viaServer: false,
  async run(services, input, io) {
    try {
      const summary = await restoreDatabase(services, input.file, (done, total) => {
        io.progress('Restoring', done, total);
      });
      io.out(`Restored ${summary.rows} rows into ${summary.tables} tables from ${input.file}.\n`);
      if (summary.replacedCheckpointFile) {
        io.out(`The audit checkpoint file of the replaced chain was moved to ${summary.replacedCheckpointFile}.\n`);
      }
      return EXIT.ok;
    } catch (error) {
      if (io.signal.aborted) throw error;
      io.err(`Restore failed, nothing was changed: ${describeError(error)}\n`);
      return EXIT.failed;
    }
  },
});

const roleList = (value: string): Role[] => {
  const list = value.split(',').map((role) => role.trim());
  const unknown = list.filter((role) => !roles.includes(role as Role));
  if (unknown.length > 0 || list.length === 0)
    throw new InvalidArgumentError(`unknown role(s) ${unknown.join(', ')}; roles: ${roles.join(', ')}`);
  return list as Role[];
};

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const issuesText = (issues: readonly z.core.$ZodIssue[]): string =>
  issues
    .slice(0, 20)
    .map((issue) => `  ${issue.path.join('.') || 'value'}: ${issue.message}`)
    .join('\n');

export function registerPlatformCommands(program: Command, config: () => Config): void {
  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(exitWith(() => runOperation(config(), migrateOperation, {})));

  program
    .command('demo')
    .description('Load the demo agencies and users (into an empty database, or after --reset)')
    .option('--reset', 'delete ALL data first (asks for no confirmation)')
    .action(exitWith((options: { reset?: boolean }) => runOperation(config(), demoOperation, { reset: options.reset === true })));

  program
    .command('agency')
    .description('Manage agencies')
    .command('create')
    .description('Register an agency (the first one of a production installation, or any later one)')
    .requiredOption('--name <name>', 'full name, e.g. "Malaysian Anti-Corruption Commission"')
    .requiredOption('--short-name <shortName>', 'short name, e.g. MACC')
    .requiredOption('--state <code>', 'ISO 3166-1 alpha-2 code of its state, e.g. MY')
    .action(
      exitWith((options: { name: string; shortName: string; state: string }) => {
        const parsed = createAgencyInput.safeParse({
          name: options.name,
          shortName: options.shortName,
          state: options.state.toUpperCase(),
        });
        if (!parsed.success) throw new UsageProblem(issuesText(parsed.error.issues));
        return runOperation(config(), agencyCreateOperation, parsed.data);
      }),
    );

  program
    .command('user')
    .description('Manage users')
    .command('create')
    .description('Create a user (the password is read from CONCORD_NEW_PASSWORD or standard input)')
    .requiredOption('--agency <shortName>', 'agency short name, e.g. MACC')
    .requiredOption('--email <email>', 'e-mail address (the login)')
    .requiredOption('--name <displayName>', 'display name')
    .requiredOption('--roles <roles>', `comma-separated roles: ${roles.join(', ')}`, roleList)
    .action(
      exitWith(async (options: { agency: string; email: string; name: string; roles: Role[] }) => {
        const password = process.env.CONCORD_NEW_PASSWORD ?? (await readStdin()).trim();
        const valid = passwordSchema.safeParse(password);
        if (!valid.success) throw new UsageProblem(`Password: ${valid.error.issues.map((issue) => issue.message).join('; ')}`);
        const parsed = userCreateInput.safeParse({
          agency: options.agency,
          email: options.email,
          displayName: options.name,
          roles: options.roles,
          password,
        });
        if (!parsed.success) throw new UsageProblem(issuesText(parsed.error.issues));
        return runOperation(config(), userCreateOperation, parsed.data);
      }),
    );

  const legal = program.command('legal').description('Legal-basis registry');
  legal
    .command('export <file>')
    .description('Write the whole legal-basis registry as JSON (format in docs/legal-basis.md)')
    .action(exitWith((file: string) => runOperation(config(), legalExportOperation, { file }, { outputFile: file })));
  legal
    .command('import <file>')
    .description('Add or replace states, instruments and declarations from a JSON file; all or nothing')
    .action(
      exitWith((file: string) => {
        let parsed: ReturnType<typeof exportFileSchema.safeParse>;
        try {
          parsed = exportFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
        } catch (error) {
          throw new UsageProblem(`Cannot read ${file}: ${describeError(error)}`);
        }
        if (!parsed.success)
          throw new UsageProblem(`${file} is not a valid legal-basis file; nothing was imported:\n${issuesText(parsed.error.issues)}`);
        return runOperation(config(), legalImportOperation, { document: parsed.data });
      }),
    );

  program
    .command('backup <file>')
    .description('Write a consistent backup of all Concord data to <file> (gzip JSON; PGlite or PostgreSQL)')
    .action(exitWith((file: string) => runOperation(config(), backupOperation, { file }, { outputFile: file })));

  program
    .command('restore <file>')
    .description('Replace ALL data with a backup made by `concord backup` (same schema version); the server must be stopped')
    .action(
      exitWith((file: string) => {
        if (!fs.existsSync(file)) throw new UsageProblem(`No such file: ${file}`);
        return runOperation(config(), restoreOperation, { file });
      }),
    );
}
