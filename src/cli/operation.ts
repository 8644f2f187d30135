import type { Writable } from 'node:stream';
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import type { Services } from '../modules/platform/context.ts';

/**
 * An operator's command that works on the database: what it needs (`input`, everything read from the operator's files
 * and terminal already in it) and what it does with the services of whichever process runs it. The command line runs
 * it in its own process when it can open the database, and otherwise sends it to the Concord server that holds the
 * embedded data folder (control-server.ts), which runs exactly the same function; the operator sees the same output,
 * progress bar and exit code either way (run-operation.ts).
 */
export interface OperationIO {
  /** Aborted when the operator interrupts (Ctrl-C): stop at the next safe point, writing nothing half. */
  signal: AbortSignal;
  out(text: string): void;
  err(text: string): void;
  progress(label: string, done: number, total: number): void;
  /**
   * The bytes of the file the operation writes (a backup, an export). The runner writes them aside and puts the file
   * in place only when the operation ends with exit code 0.
   */
  output(): Writable;
}

export interface Operation<I extends z.ZodType = z.ZodType> {
  name: string;
  input: I;
  /**
   * Whether the operation may run inside a server that holds the embedded data folder. Operations that replace the
   * database or its schema (restore, demo --reset, migrate) may not: the server would go on with a database that
   * changed under it.
   */
  viaServer: boolean;
  /** Whether it writes an output file (then the command line needs an output path). */
  writesFile?: boolean;
  /**
   * False for operations that only read the audit chain (`audit verify`, `audit anchor`): run in their own process,
   * they must not sign the head first, which would cover a tampered tail with a fresh signature.
   */
  signsAudit?: boolean;
  run(services: Services, input: z.infer<I>, io: OperationIO): Promise<number>;
}

/** Exit codes of the `concord` command. */
export const EXIT = {
  ok: 0,
  /** The operation ran and found or met a problem (a broken audit chain, a failed import): nothing was changed. */
  failed: 1,
  /** Bad arguments or a bad input file: nothing was done. */
  usage: 2,
  /** The embedded data folder is held by another process that cannot run this command. */
  busy: 3,
  interrupted: 130,
} as const;

/** A problem of the operator's input, reported as such (exit code 2), nothing written. */
export class UsageProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageProblem';
  }
}

export function defineOperation<I extends z.ZodType>(operation: Operation<I>): Operation<I> {
  return operation;
}

/** The located problems an INVALID_INPUT error carries, one line each. */
export function problemLines(details: unknown): string {
  const located = (problem: unknown): string => {
    const { path, line, message } = (problem ?? {}) as { path?: unknown; line?: unknown; message?: unknown };
    const where = [typeof line === 'number' ? `line ${String(line)}` : '', typeof path === 'string' ? path : ''].filter(Boolean).join(' ');
    return `\n  ${where ? `${where}: ` : ''}${String(message)}`;
  };
  if (Array.isArray(details)) return details.map(located).join('');
  const { files, errors } = (details ?? {}) as { files?: unknown; errors?: unknown };
  if (Array.isArray(files)) {
    return files
      .map(
        (file: { fileName?: string; problems?: unknown[] }) =>
          `\n${String(file.fileName)}:${(file.problems ?? []).map(located).join('').replace(/\n/g, '\n  ')}`,
      )
      .join('');
  }
  if (Array.isArray(errors)) return errors.map(located).join('');
  return '';
}

export const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs an operation with a process's services and turns its outcome into an exit code: a usage problem is exit 2,
 * an interruption 130, any other error exit 1 with "nothing was changed" (every operation writes in one transaction).
 */
export async function runWithServices<I extends z.ZodType>(
  services: Services,
  operation: Operation<I>,
  input: z.infer<I>,
  io: OperationIO,
): Promise<number> {
  try {
    return await operation.run(services, input, io);
  } catch (error) {
    if (io.signal.aborted) {
      io.err('Interrupted; nothing was changed.\n');
      return EXIT.interrupted;
    }
    if (error instanceof UsageProblem) {
      io.err(`${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof AppError && error.code === 'INVALID_INPUT') {
      const nothing = /nothing was/i.test(error.message) ? '' : ' (nothing was changed)';
      io.err(`${error.message}${nothing}${problemLines(error.details)}\n`);
      return EXIT.usage;
    }
    services.log.error({ err: error, operation: operation.name }, 'operation failed');
    io.err(`${operation.name} failed, nothing was changed: ${describeError(error)}\n`);
    return EXIT.failed;
  }
}
