import http from 'node:http';
import type { z } from 'zod';
import type { ControlEndpoint } from '../db/data-folder-lock.ts';
import type { Operation } from './operation.ts';
import { EXIT } from './operation.ts';
import { ProgressBar } from './progress.ts';

/** What the control endpoint streams back, one JSON object a line (control-server.ts). */
export type ControlFrame =
  | { t: 'out'; text: string }
  | { t: 'err'; text: string }
  | { t: 'progress'; label: string; done: number; total: number }
  | { t: 'data'; base64: string }
  | { t: 'exit'; code: number };

interface OutputSink {
  open(): NodeJS.WritableStream;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Sends an operation to the server that holds the data folder and plays its output back on this terminal: text,
 * progress bars, the output file's bytes (written aside, put in place on success) and the exit code. Ctrl-C closes the
 * request, which interrupts the operation in the server at its next safe point.
 */
export function runRemotely<I extends z.ZodType>(
  control: ControlEndpoint,
  operation: Operation<I>,
  input: z.infer<I>,
  options: { quiet?: boolean; file?: OutputSink },
): Promise<number> {
  const body = Buffer.from(JSON.stringify(input), 'utf8');
  const bars = new Map<string, ProgressBar>();
  const stopBars = () => {
    for (const bar of bars.values()) bar.stop();
  };
  return new Promise<number>((resolve) => {
    let code: number | undefined;
    let settled = false;
    const finish = (exitCode: number) => {
      if (settled) return;
      settled = true;
      stopBars();
      process.removeListener('SIGINT', interrupt);
      process.removeListener('SIGTERM', interrupt);
      const file = options.file;
      void (file ? (exitCode === EXIT.ok ? file.commit() : file.discard()) : Promise.resolve()).then(
        () => {
          resolve(exitCode);
        },
        (error: unknown) => {
          process.stderr.write(`Cannot write the output file: ${error instanceof Error ? error.message : String(error)}\n`);
          resolve(EXIT.failed);
        },
      );
    };
    const request = http.request({
      host: '127.0.0.1',
      port: control.port,
      method: 'POST',
      path: `/operations/${encodeURIComponent(operation.name)}`,
      headers: { authorization: `Bearer ${control.token}`, 'content-type': 'application/json', 'content-length': body.length },
    });
    const interrupt = () => {
      process.stderr.write('\nInterrupting… the server stops the operation at its next safe point.\n');
      request.destroy();
      finish(EXIT.interrupted);
    };
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
    request.on('error', (error) => {
      if (settled) return;
      process.stderr.write(
        `Cannot reach the Concord server that holds the data folder (${error.message}). If it has just stopped, run the command again.\n`,
      );
      finish(EXIT.busy);
    });
    request.on('response', (response) => {
      response.setEncoding('utf8');
      let pending = '';
      const handle = (frame: ControlFrame) => {
        switch (frame.t) {
          case 'out':
            process.stdout.write(frame.text);
            break;
          case 'err':
            stopBars();
            process.stderr.write(frame.text);
            break;
          case 'progress': {
            if (options.quiet) break;
            let bar = bars.get(frame.label);
            if (!bar) {
              stopBars();
              bar = new ProgressBar(frame.label);
              bars.set(frame.label, bar);
            }
            bar.update(frame.done, frame.total);
            break;
          }
          case 'data': {
            const stream = options.file?.open();
            if (stream && !stream.write(Buffer.from(frame.base64, 'base64'))) {
              response.pause();
              stream.once('drain', () => response.resume());
            }
            break;
          }
          case 'exit':
            code = frame.code;
            break;
        }
      };
      response.on('data', (chunk: string) => {
        pending += chunk;
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          if (line) handle(JSON.parse(line) as ControlFrame);
          newline = pending.indexOf('\n');
        }
      });
      response.on('end', () => {
        if (code === undefined) process.stderr.write('The server ended the operation without an outcome (it may have stopped).\n');
        finish(code ?? EXIT.failed);
      });
      response.on('error', () => {
        finish(code ?? EXIT.failed);
      });
    });
    request.end(body);
  });
}
