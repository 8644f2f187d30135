import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { ControlEndpoint } from '../db/data-folder-lock.ts';
import type { Services } from '../modules/platform/context.ts';
import type { ControlFrame } from './control-client.ts';
import { EXIT, runWithServices, type Operation, type OperationIO } from './operation.ts';

/**
 * The control endpoint of a server that holds an embedded data folder: the `concord` command, started while the
 * server runs, sends its operation here instead of opening the folder a second time (run-operation.ts). It listens on
 * the loopback interface only, and answers only requests bearing the token written in the folder's lock file, which
 * only the folder's owner can read: whoever may run commands on the folder may run them through the server, nobody
 * else. Operations run with the server's own services and stream their output back as JSON lines.
 */
const MAX_BODY_BYTES = 512 * 1024 * 1024;

export interface ControlServer {
  endpoint: ControlEndpoint;
  /** Stops taking operations, interrupts the running ones and waits for them to end. */
  close(): Promise<void>;
}

function readBody(request: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

const tokensMatch = (presented: string | undefined, token: string): boolean => {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(presented ?? '');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
};

export async function startControlServer(services: Services, operations: readonly Operation[]): Promise<ControlServer> {
  const token = crypto.randomBytes(32).toString('hex');
  const byName = new Map(operations.filter((operation) => operation.viaServer).map((operation) => [operation.name, operation]));
  const running = new Set<{ controller: AbortController; done: Promise<unknown> }>();
  let closing = false;

  const refuse = (response: http.ServerResponse, status: number, message: string) => {
    response.writeHead(status, { 'content-type': 'application/x-ndjson' });
    response.end(
      `${JSON.stringify({ t: 'err', text: `${message}\n` })}\n${JSON.stringify({ t: 'exit', code: status === 400 ? EXIT.usage : EXIT.failed })}\n`,
    );
  };

  const server = http.createServer((request, response) => {
    const name = /^\/operations\/([a-z-]+)$/.exec(request.url ?? '')?.[1];
    if (request.method !== 'POST' || !name) {
      response.writeHead(404).end();
      return;
    }
    if (!tokensMatch(request.headers.authorization, token)) {
      response.writeHead(401).end();
      return;
    }
    const operation = byName.get(name);
    if (!operation) {
      refuse(response, 404, `The server cannot run ${name}.`);
      return;
    }
    if (closing) {
      refuse(response, 503, 'The server is stopping; run the command again once it has stopped.');
      return;
    }
    const controller = new AbortController();
    const work = (async () => {
      const body = await readBody(request);
      if (body === null) {
        refuse(response, 413, 'The input is too large to send to the server.');
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        refuse(response, 400, 'The input is not JSON.');
        return;
      }
      const input = operation.input.safeParse(parsed);
      if (!input.success) {
        refuse(response, 400, input.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      // The command line closing the request means the operator interrupted it.
      response.on('close', () => {
        if (!response.writableFinished) controller.abort(new Error('interrupted'));
      });
      const send = (frame: ControlFrame) => response.write(`${JSON.stringify(frame)}\n`);
      const io: OperationIO = {
        signal: controller.signal,
        out: (text) => send({ t: 'out', text }),
        err: (text) => send({ t: 'err', text }),
        progress(label, done, total) {
          if (controller.signal.aborted) throw controller.signal.reason as Error;
          send({ t: 'progress', label, done, total });
        },
        output: () =>
          new Writable({
            write(chunk: Buffer, _encoding, callback) {
              if (send({ t: 'data', base64: chunk.toString('base64') })) callback();
              else
                response.once('drain', () => {
                  callback();
                });
            },
          }),
      };
      services.log.info({ operation: operation.name }, 'operation sent by the command line');
      const code = await runWithServices(services, operation, input.data, io);
      send({ t: 'exit', code });
      response.end();
    })().catch((error: unknown) => {
      services.log.error({ err: error, operation: name }, 'control endpoint failed');
      if (!response.headersSent) refuse(response, 500, 'The server could not run the operation.');
      else response.end();
    });
    const entry = { controller, done: work };
    running.add(entry);
    void work.finally(() => running.delete(entry));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  return {
    endpoint: { port: (server.address() as AddressInfo).port, token },
    async close() {
      closing = true;
      for (const entry of running) entry.controller.abort(new Error('the server is stopping'));
      await Promise.allSettled([...running].map((entry) => entry.done));
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
    },
  };
}
