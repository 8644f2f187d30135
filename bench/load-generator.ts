/**
 * Load-generator child process for bench/api.ts: runs autocannon in its own process (own event loop, own CPU
 * accounting) so that the generator's work is not measured as server latency. Receives one LoadRequest over IPC, runs
 * a warm-up and then the measured phase, sends back a LoadReply, and exits.
 */
import autocannon from 'autocannon';

export interface LoadRequest {
  url: string;
  headers: Record<string, string>;
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface LoadSummary {
  reqPerSec: number;
  totalRequests: number;
  durationSeconds: number;
  latencyMs: { p50: number; p90: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU time the load generator itself used during the measured phase, in milliseconds. */
  generatorCpuMs: number;
}

export type LoadReply = { type: 'measuring' } | { type: 'done'; summary: LoadSummary } | { type: 'failed'; message: string };

function send(reply: LoadReply): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      reject(new Error('load-generator must be started with child_process.fork'));
      return;
    }
    process.send(reply, (error: Error | null) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

async function run(request: LoadRequest): Promise<LoadSummary> {
  const options = { url: request.url, headers: request.headers, connections: request.connections, pipelining: 1, timeout: 10 };
  if (request.warmupSeconds > 0) await autocannon({ ...options, duration: request.warmupSeconds });
  await send({ type: 'measuring' });
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({ ...options, duration: request.seconds });
  const cpu = process.cpuUsage(cpuBefore);
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats)) statusCodes[code] = stats.count;
  return {
    reqPerSec: result.requests.average,
    totalRequests: result.requests.total,
    durationSeconds: result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      average: result.latency.average,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    generatorCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

// The parent died or gave up: stop generating load at once.
process.once('disconnect', () => process.exit(1));

process.once('message', (message: LoadRequest) => {
  run(message)
    .then((summary) => send({ type: 'done', summary }))
    .catch((error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }))
    .finally(() => process.exit(0));
});
