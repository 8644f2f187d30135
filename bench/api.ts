/**
 * HTTP API benchmark: GET /api/agencies as a signed-in analyst, on PGlite and on a PostgreSQL server.
 *
 *   npm run bench:api                      # 10 s per database, 50 connections
 *   BENCH_SECONDS=30 BENCH_CONNECTIONS=100 npm run bench:api
 *   BENCH_PG_URL=postgres://user@host:5432/postgres npm run bench:api   # server to create the bench database on
 *   BENCH_PATH=/api/health BENCH_DATABASES=postgresql npm run bench:api  # for comparison / profiling only
 *
 * Each run starts the real app in this process on 127.0.0.1, port 0 (migrated, demo data seeded, log level warn),
 * signs in once, warms up for 2 s and then measures. The load generator (autocannon) runs in a forked child process
 * (bench/load-generator.ts), not in this process and not in a worker thread of it: in-process it would share the
 * server's event loop and every request's client-side work would be counted as server latency; in a worker thread it
 * would have its own loop but still inflate this process's RSS and CPU figures. As a separate process the OS
 * schedules it like any external client, the server's figures (CPU, RSS) are its own, and the generator's CPU use
 * is reported so one can see how much of a small machine it took. Generator, server and PostgreSQL still share the
 * machine's cores, as they would in any loopback benchmark; the CPU lines (server process, PostgreSQL backends of the
 * bench database, generator, whole machine, and the machine's load just before the run) show where the cores went and
 * whether other processes skewed the figures.
 *
 * The last line of output is one JSON object: {"pglite":{"reqPerSec":…,"p99Ms":…},"postgresql":{…}|null}.
 * Exit code 1 when more than 1% of the measured requests failed (non-2xx, errors or timeouts) or a run crashed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/modules/platform/demo/seed-demo.ts';
import { startServices } from '../src/runtime.ts';
import { buildApp } from '../src/server/app.ts';
import type { LoadReply, LoadRequest, LoadSummary } from './load-generator.ts';

const ENDPOINT = process.env.BENCH_PATH ?? '/api/agencies';
const LOGIN = { email: 'analyst@macc.demo', password: DEMO_PASSWORD };
const SESSION_COOKIE = 'concord_session';
const WARMUP_SECONDS = 2;
const MAX_FAILURE_RATIO = 0.01;

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(`${name} must be an integer from ${String(min)} to ${String(max)}\n`);
    process.exit(2);
  }
  return value;
}

const seconds = intFromEnv('BENCH_SECONDS', 10, 1, 600);
const connections = intFromEnv('BENCH_CONNECTIONS', 50, 1, 1000);
const pgServerUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databases = new Set((process.env.BENCH_DATABASES ?? 'pglite,postgresql').split(',').map((name) => name.trim()));
const DRAIN_TIMEOUT_MS = 5000;
const generatorFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-generator.ts');

interface RunFigures extends LoadSummary {
  failures: number;
  /** Machine CPU use in the second before the warm-up, i.e. load from other processes. */
  backgroundCpuPercent: number;
  /** This process's own CPU use in that second (start-up work still running, e.g. pg-boss), % of one core. */
  ownIdleCpuPercent: number;
  startRssMb: number;
  peakRssMb: number;
  serverCpuPercent: number;
  serverCpuUsPerRequest: number;
  machineCpuPercent: number;
  dbTransactionsPerRequest: number | null;
  /** CPU of the PostgreSQL backends serving the bench database (local server only, read from /proc). */
  dbServerCpuPercent: number | null;
  dbServerCpuUsPerRequest: number | null;
}

const say = (line = '') => process.stdout.write(`${line}\n`);
const round = (value: number, digits = 0) => Number(value.toFixed(digits));

// Hard stop: whatever hangs, the benchmark ends (two runs of warm-up + measurement, plus generous set-up time).
const deadline = setTimeout(
  () => {
    process.stderr.write('bench:api: overall time limit exceeded; aborting\n');
    process.exit(1);
  },
  (2 * (WARMUP_SECONDS + seconds) + 240) * 1000,
);
deadline.unref();

async function signIn(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(LOGIN),
  });
  if (!response.ok) throw new Error(`login failed: HTTP ${String(response.status)} ${await response.text()}`);
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [name, ...value] = (pair ?? '').split('=');
    if (name?.trim() === SESSION_COOKIE) return `${SESSION_COOKIE}=${value.join('=')}`;
  }
  throw new Error(`login response set no ${SESSION_COOKIE} cookie`);
}

/** One request before the load: the endpoint must answer 200 (and, for the agencies list, list something). */
async function checkEndpoint(baseUrl: string, cookie: string): Promise<string> {
  const response = await fetch(`${baseUrl}${ENDPOINT}`, { headers: { cookie } });
  const body = (await response.json()) as { items?: unknown[] };
  const listsNothing = ENDPOINT === '/api/agencies' && (!Array.isArray(body.items) || body.items.length === 0);
  if (response.status !== 200 || listsNothing) {
    throw new Error(`GET ${ENDPOINT} as ${LOGIN.email}: HTTP ${String(response.status)} ${JSON.stringify(body)}`);
  }
  return Array.isArray(body.items) ? `returns ${String(body.items.length)} item(s)` : 'returns 200';
}

/**
 * Counts requests the server has received but not yet answered. When the load generator stops it drops its sockets;
 * requests still queued for a database connection keep running, and closing the database under them would only log
 * errors. The bench waits (bounded) for them before closing.
 */
function trackInFlight(app: FastifyInstance): () => Promise<void> {
  const open = new Set<object>();
  app.server.prependListener('request', (raw: object) => open.add(raw));
  app.addHook('onSend', (request, _reply, payload, done) => {
    open.delete(request.raw);
    done(null, payload);
  });
  return async () => {
    const until = Date.now() + DRAIN_TIMEOUT_MS;
    while (open.size > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  };
}

function cpuTotals(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

/** Forks the load generator, runs warm-up + measurement; `onMeasuring` fires when the measured phase starts. */
function generateLoad(request: LoadRequest, onMeasuring: () => void | Promise<void>): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(generatorFile, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    const finish = (error: Error | null, summary?: LoadSummary) => {
      if (settled) return;
      settled = true;
      if (error) {
        if (child.exitCode === null) child.kill();
        reject(error);
      } else resolve(summary as LoadSummary);
    };
    child.on('message', (reply: LoadReply) => {
      if (reply.type === 'measuring')
        void Promise.resolve(onMeasuring()).catch((error: unknown) => {
          finish(error as Error);
        });
      else if (reply.type === 'done') finish(null, reply.summary);
      else finish(new Error(`load generator: ${reply.message}`));
    });
    child.on('error', (error) => {
      finish(error);
    });
    child.on('exit', (code) => {
      finish(new Error(`load generator exited (code ${String(code)}) without a result`));
    });
    child.send(request);
  });
}

async function xactCommits(admin: pg.Client, database: string): Promise<number> {
  await admin.query('select pg_stat_clear_snapshot()');
  const result = await admin.query<{ n: string }>('select xact_commit::text as n from pg_stat_database where datname = $1', [database]);
  return Number(result.rows[0]?.n ?? 0);
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * CPU time (ms) so far of each PostgreSQL backend connected to `database`, from /proc/<pid>/stat; null when the
 * server is not on this machine (or not Linux). Backends that start or end during the run are counted from their start.
 */
async function backendCpu(admin: pg.Client, database: string): Promise<Map<number, number> | null> {
  const result = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [
    database,
  ]);
  const cpu = new Map<number, number>();
  for (const { pid } of result.rows) {
    let stat: string;
    try {
      stat = await fs.readFile(`/proc/${String(pid)}/stat`, 'utf8');
    } catch {
      if (cpu.size === 0) return null;
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    cpu.set(pid, ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND) * 1000);
  }
  return cpu.size > 0 ? cpu : null;
}

async function benchmark(
  label: string,
  databaseUrl: string | undefined,
  admin: pg.Client | undefined,
  database: string | undefined,
): Promise<RunFigures> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'concord-bench-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, CONCORD_DATA_DIR: dataDir, CONCORD_LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1' };
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    else delete env.DATABASE_URL;
    const config = loadConfig(env);
    const services = await startServices(config);
    try {
      const seeded = await seedDemo(services);
      const app = await buildApp(services);
      try {
        const drained = trackInFlight(app);
        await app.listen({ port: 0, host: '127.0.0.1' });
        const baseUrl = `http://127.0.0.1:${String((app.server.address() as { port: number }).port)}`;
        const cookie = await signIn(baseUrl);
        const check = await checkEndpoint(baseUrl, cookie);
        say(
          `[${label}] ${services.db.kind}${config.database.kind === 'postgresql' ? `, pool ${String(config.database.poolSize)}` : ''}; ` +
            `${String(seeded.agencies)} agencies, ${String(seeded.users)} users seeded; GET ${ENDPOINT} ${check}; ` +
            `warming up ${String(WARMUP_SECONDS)} s, then measuring ${String(seconds)} s with ${String(connections)} connections…`,
        );

        // One quiet second before the load: how busy is the machine anyway, and how much of that is this process?
        const idleBefore = cpuTotals();
        const ownBefore = process.cpuUsage();
        const idleStartedAt = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const idleAfter = cpuTotals();
        const ownIdle = process.cpuUsage(ownBefore);
        const backgroundCpuPercent = ((idleAfter.busy - idleBefore.busy) / Math.max(1, idleAfter.total - idleBefore.total)) * 100;
        const ownIdleCpuPercent = ((ownIdle.user + ownIdle.system) / 1000 / (performance.now() - idleStartedAt)) * 100;
        let startRss = process.memoryUsage.rss();
        let peakRss = startRss;
        const sampler = setInterval(() => {
          peakRss = Math.max(peakRss, process.memoryUsage.rss());
        }, 50);
        let cpuAtStart = process.cpuUsage();
        let machineAtStart = cpuTotals();
        let startedAt = performance.now();
        let xactAtStart: number | null = null;
        let backendsAtStart: Map<number, number> | null = null;
        let summary: LoadSummary;
        let elapsedMs: number;
        let cpu: NodeJS.CpuUsage;
        let machine: { busy: number; total: number };
        try {
          summary = await generateLoad(
            { url: `${baseUrl}${ENDPOINT}`, headers: { cookie }, connections, warmupSeconds: WARMUP_SECONDS, seconds },
            async () => {
              startRss = process.memoryUsage.rss();
              peakRss = startRss;
              cpuAtStart = process.cpuUsage();
              machineAtStart = cpuTotals();
              startedAt = performance.now();
              if (admin && database) {
                xactAtStart = await xactCommits(admin, database);
                backendsAtStart = await backendCpu(admin, database);
              }
            },
          );
          elapsedMs = performance.now() - startedAt;
          cpu = process.cpuUsage(cpuAtStart);
          machine = cpuTotals();
        } finally {
          clearInterval(sampler);
          await drained();
        }
        const xactAtEnd = admin && database ? await xactCommits(admin, database) : null;
        const backendsAtEnd = admin && database ? await backendCpu(admin, database) : null;
        let dbServerCpuMs: number | null = null;
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- assigned in the sampler callback, which TS does not see
        if (backendsAtStart && backendsAtEnd) {
          dbServerCpuMs = 0;
          for (const [pid, ms] of backendsAtEnd) dbServerCpuMs += ms - ((backendsAtStart as Map<number, number>).get(pid) ?? 0);
        }
        const cpuMs = (cpu.user + cpu.system) / 1000;
        const failures = summary.non2xx + summary.errors + summary.timeouts;
        return {
          ...summary,
          failures,
          backgroundCpuPercent,
          ownIdleCpuPercent,
          startRssMb: startRss / (1024 * 1024),
          peakRssMb: peakRss / (1024 * 1024),
          serverCpuPercent: (cpuMs / elapsedMs) * 100,
          serverCpuUsPerRequest: summary.totalRequests > 0 ? (cpuMs * 1000) / summary.totalRequests : 0,
          machineCpuPercent: ((machine.busy - machineAtStart.busy) / Math.max(1, machine.total - machineAtStart.total)) * 100,
          dbServerCpuPercent: dbServerCpuMs === null ? null : (dbServerCpuMs / elapsedMs) * 100,
          dbServerCpuUsPerRequest:
            dbServerCpuMs === null || summary.totalRequests === 0 ? null : (dbServerCpuMs * 1000) / summary.totalRequests,
          dbTransactionsPerRequest:
            // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- assigned in a callback, which TS does not see
            xactAtStart !== null && xactAtEnd !== null && summary.totalRequests > 0
              ? (xactAtEnd - xactAtStart) / summary.totalRequests
              : null,
        };
      } finally {
        await app.close();
      }
    } finally {
      await services.stop();
    }
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

function report(label: string, figures: RunFigures): void {
  const total = figures.totalRequests + figures.errors + figures.timeouts;
  const codes = Object.entries(figures.statusCodes)
    .map(([code, count]) => `${code}×${String(count)}`)
    .join(', ');
  say(`[${label}] results over ${String(figures.durationSeconds)} s:`);
  say(
    `  requests/s (average)  ${round(figures.reqPerSec).toLocaleString('en')}   (${figures.totalRequests.toLocaleString('en')} responses)`,
  );
  say(
    `  latency ms            p50 ${String(figures.latencyMs.p50)}   p90 ${String(figures.latencyMs.p90)}   p99 ${String(figures.latencyMs.p99)}   avg ${String(round(figures.latencyMs.average, 2))}   max ${String(figures.latencyMs.max)}`,
  );
  say(`  non-2xx               ${String(figures.non2xx)}${codes ? `   (status codes: ${codes})` : ''}`);
  say(
    `  errors / timeouts     ${String(figures.errors)} / ${String(figures.timeouts)}   (failed ${String(round(total > 0 ? (figures.failures / total) * 100 : 0, 3))}%)`,
  );
  say(
    `  peak RSS (process)    ${String(round(figures.peakRssMb))} MB   (${String(round(figures.startRssMb))} MB when measuring began; sampled every 50 ms)`,
  );
  say(
    `  CPU                   server process ${String(round(figures.serverCpuPercent))}% of a core (${String(round(figures.serverCpuUsPerRequest))} µs/request), ` +
      `load generator ${String(round((figures.generatorCpuMs / (figures.durationSeconds * 1000)) * 100))}% of a core, ` +
      `machine ${String(round(figures.machineCpuPercent))}% of ${String(os.cpus().length)} cores`,
  );
  say(
    `  before the run        machine ${String(round(figures.backgroundCpuPercent))}% busy in the idle second before the warm-up ` +
      `(this process ${String(round(figures.ownIdleCpuPercent))}% of a core)` +
      (figures.backgroundCpuPercent > 10 ? '  — WARNING: the machine was not idle; figures may be pessimistic' : ''),
  );
  if (figures.dbServerCpuPercent !== null && figures.dbServerCpuUsPerRequest !== null) {
    say(
      `  PostgreSQL backends   ${String(round(figures.dbServerCpuPercent))}% of a core (${String(round(figures.dbServerCpuUsPerRequest))} µs/request)`,
    );
  }
  if (figures.dbTransactionsPerRequest !== null)
    say(`  DB transactions/req   ${String(round(figures.dbTransactionsPerRequest, 2))}   (pg_stat_database xact_commit, approximate)`);
}

function failedTooOften(figures: RunFigures): boolean {
  const total = figures.totalRequests + figures.errors + figures.timeouts;
  return total === 0 || figures.failures / total > MAX_FAILURE_RATIO;
}

async function runPostgresql(): Promise<RunFigures | null> {
  const admin = new pg.Client({ connectionString: pgServerUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    say(
      `[postgresql] NOTE: the PostgreSQL server at ${pgServerUrl.replace(/\/\/[^@/]*@/, '//…@')} is not reachable ` +
        `(${error instanceof Error ? error.message : String(error)}); skipped, reported as null. Set BENCH_PG_URL to use another server.`,
    );
    return null;
  }
  const database = `concord_bench_${crypto.randomBytes(6).toString('hex')}`;
  const databaseUrl = new URL(pgServerUrl);
  databaseUrl.pathname = `/${database}`;
  try {
    await admin.query(`create database ${database}`);
    return await benchmark('postgresql', databaseUrl.toString(), admin, database);
  } finally {
    try {
      await admin.query(`drop database if exists ${database} with (force)`);
    } catch (error) {
      process.stderr.write(`[postgresql] could not drop database ${database}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    await admin.end();
  }
}

async function main(): Promise<number> {
  let exitCode = 0;
  say(
    `Concord API benchmark: GET ${ENDPOINT} as ${LOGIN.email}; ${String(seconds)} s per run after ${String(WARMUP_SECONDS)} s warm-up, ` +
      `${String(connections)} connections, 127.0.0.1; ${String(os.cpus().length)} CPU cores, Node ${process.version}`,
  );
  say();
  const results: { pglite: RunFigures | null; postgresql: RunFigures | null } = { pglite: null, postgresql: null };
  // PostgreSQL runs first: PGlite's WebAssembly heap stays in this process's RSS after it closes, so measured second
  // the PostgreSQL run would report PGlite's memory as its own. The pg pool leaves next to nothing behind.
  const runs: { label: 'postgresql' | 'pglite'; run: () => Promise<RunFigures | null> }[] = [
    { label: 'postgresql', run: runPostgresql },
    { label: 'pglite', run: () => benchmark('pglite', undefined, undefined, undefined) },
  ];
  for (const { label, run } of runs) {
    if (!databases.has(label)) continue;
    try {
      const figures = await run();
      results[label] = figures;
      if (figures) report(label, figures);
    } catch (error) {
      process.stderr.write(`[${label}] benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      exitCode = 1;
    }
    say();
  }

  for (const [label, figures] of Object.entries(results)) {
    if (figures && failedTooOften(figures)) {
      say(
        `[${label}] FAILED: ${String(figures.failures)} measured requests were non-2xx, errors or timeouts ` +
          `(more than ${String(MAX_FAILURE_RATIO * 100)}%); these figures are not valid.`,
      );
      exitCode = 1;
    }
  }
  const brief = (figures: RunFigures | null) =>
    figures ? { reqPerSec: round(figures.reqPerSec), p99Ms: round(figures.latencyMs.p99, 1) } : null;
  say(JSON.stringify({ pglite: brief(results.pglite), postgresql: brief(results.postgresql) }));
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:api failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
