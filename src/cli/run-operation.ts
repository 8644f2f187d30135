import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import { currentHolder, DataFolderBusyError, type LockHolder } from '../db/data-folder-lock.ts';
import { startServices } from '../runtime.ts';
import { runRemotely } from './control-client.ts';
import { EXIT, runWithServices, UsageProblem, type Operation, type OperationIO } from './operation.ts';
import { ProgressBar } from './progress.ts';

/**
 * Runs an operation for the command line (operation.ts): in this process when it can open the database; through the
 * running server when that server holds the embedded data folder and the operation may run there; otherwise it refuses
 * with exit code 3 and says what to do. On PostgreSQL several processes may work at once, so it always runs here.
 */
export interface RunOptions {
  /** Where the operation's output file goes (operations that write one). */
  outputFile?: string;
  /** No progress bar. */
  quiet?: boolean;
}

/** An output file written aside and put in place only on success, so that a failed run leaves no half file. */
export class OutputFile {
  private readonly temporary: string;
  private stream: fs.WriteStream | undefined;

  constructor(readonly target: string) {
    this.temporary = path.join(
      path.dirname(path.resolve(target)),
      `.${path.basename(target)}.${crypto.randomBytes(4).toString('hex')}.partial`,
    );
  }

  open(): Writable {
    this.stream ??= fs.createWriteStream(this.temporary, { mode: 0o600 });
    return this.stream;
  }

  private async closed(): Promise<void> {
    const stream = this.stream;
    if (!stream || stream.closed) return;
    await new Promise<void>((resolve, reject) => {
      stream.once('close', resolve);
      stream.once('error', reject);
      stream.end();
    });
  }

  async commit(): Promise<void> {
    if (!this.stream) this.open();
    await this.closed();
    fs.renameSync(this.temporary, this.target);
  }

  async discard(): Promise<void> {
    await this.closed().catch(() => undefined);
    fs.rmSync(this.temporary, { force: true });
  }
}

/** Output, errors and progress bars on the operator's terminal. */
export function terminalIO(signal: AbortSignal, options: RunOptions, file: OutputFile | undefined): OperationIO & { finish(): void } {
  const bars = new Map<string, ProgressBar>();
  return {
    signal,
    out: (text) => process.stdout.write(text),
    err: (text) => {
      for (const bar of bars.values()) bar.stop();
      process.stderr.write(text);
    },
    progress(label, done, total) {
      if (signal.aborted) throw signal.reason as Error;
      if (options.quiet) return;
      let bar = bars.get(label);
      if (!bar) {
        for (const other of bars.values()) other.stop();
        bar = new ProgressBar(label);
        bars.set(label, bar);
      }
      bar.update(done, total);
    },
    output: () => {
      if (!file) throw new Error('this operation writes no file');
      return file.open();
    },
    finish() {
      for (const bar of bars.values()) bar.stop();
    },
  };
}

/** Ctrl-C aborts the operation at its next safe point; a second Ctrl-C ends the process at once. */
function interruptible(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write('\nInterrupting… (Ctrl-C again to stop at once)\n');
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

export function busyMessage(folder: string, holder: LockHolder, operation?: Operation): string {
  const what = holder.url ? `a Concord server (${holder.url})` : `another Concord process (\`concord ${holder.command}\`)`;
  const lines = [
    `The data folder ${folder} is in use by ${what}, pid ${String(holder.pid)}${holder.hostname ? ` on ${holder.hostname}` : ''}, since ${holder.startedAt}.`,
    'Two processes on one embedded database would corrupt it, so this one stops here.',
  ];
  if (operation && !operation.viaServer) {
    lines.push(
      `\`${operation.name.replace('-', ' ')}\` replaces what a running server works on: stop that server first (Ctrl-C in its terminal, or kill ${String(holder.pid)}), then run it again.`,
    );
  } else {
    lines.push(
      `Stop that process first (Ctrl-C in its terminal, or kill ${String(holder.pid)}), or wait for it to finish;`,
      'while a server runs, imports, exports, backups, audit checks and user or agency creation are sent to it automatically.',
    );
  }
  lines.push('For several processes at once, run Concord on a PostgreSQL server (DATABASE_URL, docs/operations.md).');
  return `${lines.join('\n')}\n`;
}

async function runLocally<I extends z.ZodType>(
  config: Config,
  operation: Operation<I>,
  input: z.infer<I>,
  options: RunOptions,
): Promise<number> {
  const file = operation.writesFile && options.outputFile ? new OutputFile(options.outputFile) : undefined;
  const interrupt = interruptible();
  const io = terminalIO(interrupt.signal, options, file);
  // The command line's own log goes to standard error, warnings and worse only, so that output stays readable.
  const log = pino({ level: config.logLevel === 'silent' ? 'silent' : 'warn' }, pino.destination(2));
  const services = await startServices(config, { workers: false, log, signAudit: operation.signsAudit ?? true });
  let code: number = EXIT.failed;
  try {
    code = await runWithServices(services, operation, input, io);
  } finally {
    io.finish();
    interrupt.dispose();
    await services.stop();
    if (file) await (code === EXIT.ok ? file.commit() : file.discard());
  }
  return code;
}

/**
 * Runs `operation` for the command line and returns its exit code. Messages for a busy data folder are written here;
 * everything else is the operation's own output.
 */
export async function runOperation<I extends z.ZodType>(
  config: Config,
  operation: Operation<I>,
  input: z.infer<I>,
  options: RunOptions = {},
): Promise<number> {
  const viaHolder = (holder: LockHolder): Promise<number> | null => {
    if (!operation.viaServer || !holder.control) return null;
    process.stderr.write(
      `(The data folder is held by the Concord server pid ${String(holder.pid)}: running \`${operation.name.replace('-', ' ')}\` there.)\n`,
    );
    return runRemotely(holder.control, operation, input, {
      ...options,
      file: operation.writesFile && options.outputFile ? new OutputFile(options.outputFile) : undefined,
    });
  };
  if (config.database.kind === 'pglite') {
    const holder = currentHolder(config.database.dataDir);
    if (holder) {
      const remote = viaHolder(holder);
      if (remote) return remote;
      process.stderr.write(busyMessage(config.database.dataDir, holder, operation));
      return EXIT.busy;
    }
  }
  try {
    return await runLocally(config, operation, input, options);
  } catch (error) {
    if (!(error instanceof DataFolderBusyError)) throw error;
    // Another process took the folder between the look and the open.
    const remote = viaHolder(error.holder);
    if (remote) return remote;
    process.stderr.write(busyMessage(error.folder, error.holder, operation));
    return EXIT.busy;
  }
}

/** Sets the exit code of an action from its operation (or exit 2 for a usage problem found before it). */
export const exitWith =
  <A extends unknown[]>(action: (...args: A) => Promise<number>) =>
  async (...args: A): Promise<void> => {
    try {
      process.exitCode = await action(...args);
    } catch (error) {
      if (!(error instanceof UsageProblem)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exitCode = EXIT.usage;
    }
  };
