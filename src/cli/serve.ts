import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { DEMO_PASSWORD, demoLogins, hasAnyAgency, seedDemo } from '../modules/platform/demo/seed-demo.ts';
import { DataFolderBusyError } from '../db/data-folder-lock.ts';
import { signAuditHead } from '../modules/platform/audit/audit-signer.ts';
import { startServices } from '../runtime.ts';
import { buildApp } from '../server/app.ts';
import { startControlServer, type ControlServer } from './control-server.ts';
import { EXIT } from './operation.ts';
import { operations } from './operations.ts';

/** How long a stop may take (draining requests, interrupting operations and jobs) before the process just exits. */
const STOP_TIMEOUT_MS = 20_000;

/**
 * `concord serve`: migrations, keys, demo data into an empty database, the HTTP server and, on the embedded database,
 * the control endpoint through which the command line reaches the data folder this process holds. SIGINT and SIGTERM
 * stop it cleanly: no new requests, running ones drained, command-line operations and jobs interrupted at a safe
 * point, the audit head signed, the database closed and the data folder's lock released. A second signal, or a stop
 * that takes longer than 20 s, ends the process at once (the lock is still released on exit).
 */
export async function serve(config: Config, options: { demo: boolean }): Promise<void> {
  let services: Awaited<ReturnType<typeof startServices>>;
  try {
    services = await startServices(config);
  } catch (error) {
    if (!(error instanceof DataFolderBusyError)) throw error;
    const where = error.holder.url ? ` at ${error.holder.url}` : '';
    process.stderr.write(
      `A Concord process (pid ${String(error.holder.pid)}, \`concord ${error.holder.command}\`) already holds the data folder ` +
        `${error.folder}${where}: open that one, or stop it first (Ctrl-C in its terminal, or kill ${String(error.holder.pid)}). ` +
        'For several servers on one database, use a PostgreSQL server (DATABASE_URL, docs/operations.md).\n',
    );
    process.exitCode = EXIT.busy;
    return;
  }
  let seeded = false;
  if (options.demo && !(await hasAnyAgency(services.db))) {
    await seedDemo(services);
    seeded = true;
    // Sign what the demo wrote at once, so that `concord audit anchor` has a checkpoint to print from the start.
    await signAuditHead(services);
  }
  const app = await buildApp(services);
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${String((app.server.address() as { port: number }).port)}`;
  let control: ControlServer | undefined;
  if (services.db.folderLock) {
    control = await startControlServer(services, operations);
    services.db.folderLock.update({ url, control: control.endpoint });
  }
  const lines = [
    '',
    `Concord is running at ${url}  (database: ${services.db.kind}${config.database.kind === 'pglite' ? `, data in ${config.database.dataDir}` : ''})`,
    `API documentation: ${url}/api/docs`,
  ];
  if (options.demo) {
    lines.push(`${seeded ? 'Demo data loaded.' : 'Demo data present.'} Demo logins (password: ${DEMO_PASSWORD}):`);
    for (const login of demoLogins) lines.push(`  ${login.email.padEnd(28)} ${login.what}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      services.log.warn({ signal }, 'second signal: stopping at once');
      process.exit(1);
    }
    stopping = true;
    services.log.info({ signal }, 'stopping');
    setTimeout(() => {
      services.log.error('stopping took too long: exiting');
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    void (async () => {
      await control?.close();
      await app.close();
      await services.stop();
      services.log.info('stopped');
      process.exit(0);
    })().catch((error: unknown) => {
      services.log.error({ err: error }, 'stopping failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
}

export function registerServeCommand(program: Command, config: () => Config): void {
  program
    .command('serve')
    .description('Start the server (migrates first); loads demo data into an empty database unless --no-demo')
    .option('--no-demo', 'do not load demo data into an empty database')
    .action((options: { demo: boolean }) => serve(config(), options));
}
