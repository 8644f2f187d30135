import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { roles, type Role } from '../db/schema.ts';
import { createAgencyInput } from '../modules/platform/agencies/agencies.ts';
import { buildExport, writeImport } from '../modules/legal-basis/import-export.ts';
import { exportFileSchema } from '../modules/legal-basis/schemas.ts';
import { systemScope } from '../db/database.ts';
import { appendAudit } from '../modules/platform/audit/append-audit.ts';
import { hashPassword, passwordSchema } from '../modules/platform/auth/passwords.ts';
import { DEMO_PASSWORD, demoLogins, hasAnyAgency, seedDemo } from '../modules/platform/demo/seed-demo.ts';
import { buildApp } from '../server/app.ts';
import { resetDatabase, startServices } from '../runtime.ts';
import { registerAuditCommands } from './audit.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import { ProgressBar } from './progress.ts';
import { registerFugitiveExchangeCommands } from './fugitives.ts';
import { registerImportCommands } from './import-interpol.ts';
import { registerScreenCommands } from './screen.ts';

function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

const program = new Command()
  .name('concord')
  .description('Concord: anti-corruption cooperation platform of China and the ASEAN states')
  .showHelpAfterError()
  // A command's options are read before its subcommand's name only, so that `screen` and `screen pairs` both take --input.
  .enablePositionalOptions();

program
  .command('serve')
  .description('Start the server (migrates first); loads demo data into an empty database unless --no-demo')
  .option('--no-demo', 'do not load demo data into an empty database')
  .action(async (options: { demo: boolean }) => {
    const cfg = config();
    const services = await startServices(cfg);
    let seeded = false;
    if (options.demo && !(await hasAnyAgency(services.db))) {
      await seedDemo(services);
      seeded = true;
    }
    const app = await buildApp(services);
    await app.listen({ port: cfg.port, host: cfg.host });
    const url = `http://localhost:${String((app.server.address() as { port: number }).port)}`;
    const lines = [
      '',
      `Concord is running at ${url}  (database: ${services.db.kind}${cfg.database.kind === 'pglite' ? `, data in ${cfg.database.dataDir}` : ''})`,
      `API documentation: ${url}/api/docs`,
    ];
    if (options.demo) {
      lines.push(`${seeded ? 'Demo data loaded.' : 'Demo data present.'} Demo logins (password: ${DEMO_PASSWORD}):`);
      for (const login of demoLogins) lines.push(`  ${login.email.padEnd(28)} ${login.what}`);
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
    let closing = false;
    const shutdown = (signal: string) => {
      if (closing) return;
      closing = true;
      services.log.info({ signal }, 'shutting down');
      void app
        .close()
        .then(() => services.stop())
        .then(() => process.exit(0));
    };
    process.on('SIGINT', () => {
      shutdown('SIGINT');
    });
    process.on('SIGTERM', () => {
      shutdown('SIGTERM');
    });
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => {
    const services = await startServices(config(), { workers: false });
    process.stdout.write('Database is up to date.\n');
    await services.stop();
  });

program
  .command('demo')
  .description('Load the demo agencies and users (into an empty database, or after --reset)')
  .option('--reset', 'delete ALL data first (asks for no confirmation)')
  .action(async (options: { reset?: boolean }) => {
    const services = await startServices(config(), { workers: false });
    try {
      if (options.reset) {
        const replaced = await resetDatabase(services);
        if (replaced) process.stdout.write(`The audit checkpoint file of the deleted chain was moved to ${replaced}.\n`);
      } else if (await hasAnyAgency(services.db)) {
        process.stderr.write('The database already holds agencies; use --reset to replace everything with demo data.\n');
        process.exitCode = 1;
        return;
      }
      const result = await seedDemo(services);
      process.stdout.write(`Demo data loaded: ${result.agencies} agencies, ${result.users} users. Password: ${DEMO_PASSWORD}\n`);
    } finally {
      await services.stop();
    }
  });

program
  .command('agency')
  .description('Manage agencies')
  .command('create')
  .description('Register an agency (the first one of a production installation, or any later one)')
  .requiredOption('--name <name>', 'full name, e.g. "Malaysian Anti-Corruption Commission"')
  .requiredOption('--short-name <shortName>', 'short name, e.g. MACC')
  .requiredOption('--state <code>', 'ISO 3166-1 alpha-2 code of its state, e.g. MY')
  .action(async (options: { name: string; shortName: string; state: string }) => {
    const parsed = createAgencyInput.safeParse({ name: options.name, shortName: options.shortName, state: options.state.toUpperCase() });
    if (!parsed.success) {
      process.stderr.write(`${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n')}\n`);
      process.exit(2);
    }
    const cfg = config();
    const services = await startServices(cfg, { workers: false });
    try {
      const created = await services.db.inScope(systemScope, async (trx) => {
        const clash = await trx
          .selectFrom('agencies')
          .select('id')
          .where((eb) => eb(eb.fn('lower', ['short_name']), '=', parsed.data.shortName.toLowerCase()))
          .executeTakeFirst();
        if (clash) return null;
        const row = await trx
          .insertInto('agencies')
          .values({
            name: parsed.data.name,
            short_name: parsed.data.shortName,
            state: parsed.data.state,
            created_by: null,
            updated_by: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendAudit(
          {
            trx,
            signer: services.auditSigner,
            now: new Date(),
            requestId: 'cli',
            agencyId: row.id,
            actorUserId: null,
          },
          { type: 'agency.created', version: 1, data: { agencyId: row.id, name: row.name, shortName: row.short_name, state: row.state } },
        );
        return row;
      });
      if (!created) {
        process.stderr.write(`An agency with short name ${parsed.data.shortName} exists.\n`);
        process.exitCode = 1;
      } else process.stdout.write(`Created agency ${created.short_name} (${created.name}, ${created.state}).\n`);
    } finally {
      await services.stop();
    }
  });

const roleList = (value: string): Role[] => {
  const list = value.split(',').map((role) => role.trim());
  const unknown = list.filter((role) => !roles.includes(role as Role));
  if (unknown.length > 0 || list.length === 0)
    throw new InvalidArgumentError(`unknown role(s) ${unknown.join(', ')}; roles: ${roles.join(', ')}`);
  return list as Role[];
};

program
  .command('user')
  .description('Manage users')
  .command('create')
  .description('Create a user (the password is read from CONCORD_NEW_PASSWORD or standard input)')
  .requiredOption('--agency <shortName>', 'agency short name, e.g. MACC')
  .requiredOption('--email <email>', 'e-mail address (the login)')
  .requiredOption('--name <displayName>', 'display name')
  .requiredOption('--roles <roles>', `comma-separated roles: ${roles.join(', ')}`, roleList)
  .action(async (options: { agency: string; email: string; name: string; roles: Role[] }) => {
    const password = process.env.CONCORD_NEW_PASSWORD ?? (await readStdin()).trim();
    const valid = passwordSchema.safeParse(password);
    if (!valid.success) {
      process.stderr.write(`Password: ${valid.error.issues.map((issue) => issue.message).join('; ')}\n`);
      process.exit(2);
    }
    const cfg = config();
    const services = await startServices(cfg, { workers: false });
    try {
      const hash = await hashPassword(password);
      const created = await services.db.inScope(systemScope, async (trx) => {
        const agency = await trx
          .selectFrom('agencies')
          .select('id')
          .where((eb) => eb(eb.fn('lower', ['short_name']), '=', options.agency.toLowerCase()))
          .executeTakeFirst();
        if (!agency) return null;
        const user = await trx
          .insertInto('users')
          .values({
            agency_id: agency.id,
            email: options.email.toLowerCase(),
            display_name: options.name,
            password_hash: hash,
            roles: options.roles,
            created_by: null,
            updated_by: null,
          })
          .returning(['id', 'email', 'roles'])
          .executeTakeFirstOrThrow();
        await appendAudit(
          {
            trx,
            signer: services.auditSigner,
            now: new Date(),
            requestId: 'cli',
            agencyId: agency.id,
            actorUserId: null,
          },
          { type: 'user.created', version: 1, data: { userId: user.id, email: user.email, roles: user.roles } },
        );
        return user;
      });
      if (!created) {
        process.stderr.write(`No agency with short name ${options.agency}.\n`);
        process.exitCode = 1;
      } else process.stdout.write(`Created ${created.email} (${created.roles.join(', ')}).\n`);
    } finally {
      await services.stop();
    }
  });

const legal = program.command('legal').description('Legal-basis registry');

legal
  .command('export <file>')
  .description('Write the whole legal-basis registry as JSON (format in docs/legal-basis.md)')
  .action(async (file: string) => {
    const services = await startServices(config(), { workers: false });
    try {
      const document = await services.db.inScope(systemScope, (trx) => buildExport({ trx, now: new Date() }));
      fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
      process.stdout.write(
        `Exported ${document.states.length} states, ${document.instruments.length} instruments, ${document.declarations.length} declarations to ${file}.\n`,
      );
    } finally {
      await services.stop();
    }
  });

legal
  .command('import <file>')
  .description('Add or replace states, instruments and declarations from a JSON file; all or nothing')
  .action(async (file: string) => {
    let parsed: ReturnType<typeof exportFileSchema.safeParse>;
    try {
      parsed = exportFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      process.stderr.write(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    }
    if (!parsed.success) {
      const problems = parsed.error.issues.slice(0, 20).map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
      process.stderr.write(`${file} is not a valid legal-basis file; nothing was imported:\n${problems.join('\n')}\n`);
      process.exit(2);
    }
    const cfg = config();
    const services = await startServices(cfg, { workers: false });
    try {
      const counts = await services.db.inScope(systemScope, async (trx) => {
        const result = await writeImport({ trx, now: new Date(), userId: null }, parsed.data);
        await appendAudit(
          {
            trx,
            signer: services.auditSigner,
            now: new Date(),
            requestId: 'cli',
            agencyId: null,
            actorUserId: null,
          },
          { type: 'legal.imported', version: 1, data: result },
        );
        return result;
      });
      process.stdout.write(`Imported ${counts.states} states, ${counts.instruments} instruments, ${counts.declarations} declarations.\n`);
    } catch (error) {
      process.stderr.write(`Import failed, nothing was changed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    } finally {
      await services.stop();
    }
  });

program
  .command('backup <file>')
  .description('Write a consistent backup of all Concord data to <file> (gzip JSON; PGlite or PostgreSQL)')
  .action(async (file: string) => {
    const services = await startServices(config(), { workers: false });
    try {
      const bar = new ProgressBar('Backing up');
      const summary = await backupDatabase(services.db, file, (done, total) => {
        bar.update(done, total);
      });
      bar.stop();
      process.stdout.write(`Backup written to ${file}: ${summary.tables} tables, ${summary.rows} rows.\n`);
    } finally {
      await services.stop();
    }
  });

program
  .command('restore <file>')
  .description('Replace ALL data with a backup made by `concord backup` (same schema version)')
  .action(async (file: string) => {
    const services = await startServices(config(), { workers: false });
    try {
      const bar = new ProgressBar('Restoring');
      const summary = await restoreDatabase(services, file, (done, total) => {
        bar.update(done, total);
      });
      bar.stop();
      process.stdout.write(`Restored ${summary.rows} rows into ${summary.tables} tables from ${file}.\n`);
      if (summary.replacedCheckpointFile) {
        process.stdout.write(`The audit checkpoint file of the replaced chain was moved to ${summary.replacedCheckpointFile}.\n`);
      }
    } catch (error) {
      process.stderr.write(`Restore failed, nothing was changed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    } finally {
      await services.stop();
    }
  });

registerAuditCommands(program, config);
registerScreenCommands(program);
registerImportCommands(program, config);
registerFugitiveExchangeCommands(program, config);

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

await program.parseAsync(process.argv);
