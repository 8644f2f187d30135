import { CompiledQuery, sql } from 'kysely';
import type { Logger } from 'pino';
import PgBoss from 'pg-boss';
import { systemScope, type Database, type DbScope, type Trx } from '../../../db/database.ts';
import type { JobsTable } from '../../../db/schema.ts';
import type { Selectable } from 'kysely';

export type JobRow = Selectable<JobsTable>;

/** What a job handler receives. `progress` also reports whether the job was cancelled (then `signal` aborts). */
export interface JobRun {
  id: string;
  type: string;
  agencyId: string;
  createdBy: string;
  payload: Record<string, unknown>;
  signal: AbortSignal;
  progress(percent: number, message?: string): Promise<void>;
  /** The scope the job acts in: its creator's agency. */
  scope: DbScope;
}

export type JobHandler = (run: JobRun) => Promise<unknown>;

export interface NewJob {
  agencyId: string;
  createdBy: string;
  type: string;
  payload?: Record<string, unknown>;
}

/**
 * One job interface on both databases: pg-boss dispatches on the PostgreSQL server, an in-process poller on PGlite.
 * The `jobs` table (row-level secured per agency) holds status, progress and results for both.
 */
export interface JobQueue {
  readonly kind: 'pg-boss' | 'in-process';
  register(type: string, handler: JobHandler): void;
  registeredTypes(): string[];
  /** Records the job in the caller's transaction; it is dispatched once that transaction commits. */
  enqueue(trx: Trx, job: NewJob): Promise<JobRow>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when no job is queued or running (tests, CLI). */
  idle(): Promise<void>;
}

const PROGRESS_WRITE_INTERVAL_MS = 250;
const CANCEL_POLL_MS = 1000;

class JobExecutor {
  readonly handlers = new Map<string, JobHandler>();
  running = 0;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
  ) {}

  async run(jobId: string): Promise<void> {
    const claimed = await this.db.inScope(systemScope, (trx) =>
      trx
        .updateTable('jobs')
        .set({ status: 'running', started_at: new Date(), updated_at: new Date(), message: null })
        .where('id', '=', jobId)
        .where('status', '=', 'queued')
        .returningAll()
        .executeTakeFirst(),
    );
    if (!claimed) return; // cancelled before it started, or taken by another worker
    this.running += 1;
    const controller = new AbortController();
    const scope: DbScope = { scope: 'agency', agencyId: claimed.agency_id, userId: claimed.created_by };
    let lastWrite = 0;
    const checkCancel = setInterval(() => {
      void this.isCancelRequested(jobId).then((cancel) => {
        if (cancel) controller.abort();
      });
    }, CANCEL_POLL_MS);
    const run: JobRun = {
      id: claimed.id,
      type: claimed.type,
      agencyId: claimed.agency_id,
      createdBy: claimed.created_by,
      payload: claimed.payload,
      signal: controller.signal,
      scope,
      progress: async (percent, message) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_WRITE_INTERVAL_MS && percent < 100) return;
        lastWrite = now;
        const row = await this.db.inScope(systemScope, (trx) =>
          trx
            .updateTable('jobs')
            .set({ progress: Math.max(0, Math.min(100, Math.round(percent))), message: message ?? null, updated_at: new Date() })
            .where('id', '=', jobId)
            .returning('cancel_requested')
            .executeTakeFirst(),
        );
        if (row?.cancel_requested) controller.abort();
        controller.signal.throwIfAborted();
      },
    };
    try {
      const handler = this.handlers.get(claimed.type);
      if (!handler) throw new Error(`no handler for job type ${claimed.type}`);
      const result = await handler(run);
      controller.signal.throwIfAborted();
      await this.finish(jobId, { status: 'succeeded', progress: 100, result: JSON.stringify(result ?? null) });
    } catch (error) {
      if (controller.signal.aborted) {
        await this.finish(jobId, { status: 'cancelled', message: 'Cancelled' });
      } else {
        this.log.error({ err: error, jobId }, 'job failed');
        await this.finish(jobId, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
      }
    } finally {
      clearInterval(checkCancel);
      this.running -= 1;
    }
  }

  private async isCancelRequested(jobId: string): Promise<boolean> {
    const row = await this.db.inScope(systemScope, (trx) =>
      trx.selectFrom('jobs').select('cancel_requested').where('id', '=', jobId).executeTakeFirst(),
    );
    return row?.cancel_requested ?? false;
  }

  private async finish(
    jobId: string,
    update: { status: 'succeeded' | 'failed' | 'cancelled'; progress?: number; result?: string; error?: string; message?: string },
  ): Promise<void> {
    await this.db.inScope(systemScope, (trx) =>
      trx
        .updateTable('jobs')
        .set({ ...update, finished_at: new Date(), updated_at: new Date() })
        .where('id', '=', jobId)
        .execute(),
    );
  }
}

async function insertJob(trx: Trx, job: NewJob): Promise<JobRow> {
  return trx
    .insertInto('jobs')
    .values({
      agency_id: job.agencyId,
      created_by: job.createdBy,
      type: job.type,
      status: 'queued',
      payload: JSON.stringify(job.payload ?? {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function countActive(db: Database): Promise<number> {
  const row = await db.inScope(systemScope, (trx) =>
    trx
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow(),
  );
  return Number(row.n);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** PGlite: one process owns the database, so a poller over the jobs table is the queue. */
export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process';
  private readonly executor: JobExecutor;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = true;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    log: Logger,
    private readonly pollMs = 200,
    private readonly concurrency = 2,
  ) {
    this.executor = new JobExecutor(db, log);
  }

  register(type: string, handler: JobHandler): void {
    this.executor.handlers.set(type, handler);
  }
  registeredTypes(): string[] {
    return [...this.executor.handlers.keys()];
  }
  enqueue(trx: Trx, job: NewJob): Promise<JobRow> {
    return insertJob(trx, job);
  }

  async start(): Promise<void> {
    this.stopped = false;
    // A job that was running when the process stopped cannot be resumed in place.
    await this.db.inScope(systemScope, (trx) =>
      trx
        .updateTable('jobs')
        .set({ status: 'failed', error: 'Interrupted by a server restart', finished_at: new Date(), updated_at: new Date() })
        .where('status', '=', 'running')
        .execute(),
    );
    this.timer = setInterval(() => void this.poll(), this.pollMs);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.stopped || this.inFlight.size >= this.concurrency) return;
    this.polling = true;
    try {
      const queued = await this.db.inScope(systemScope, (trx) =>
        trx
          .selectFrom('jobs')
          .select('id')
          .where('status', '=', 'queued')
          .where('cancel_requested', '=', false)
          .orderBy('created_at')
          .limit(this.concurrency - this.inFlight.size)
          .execute(),
      );
      for (const { id } of queued) {
        const work = this.executor.run(id).finally(() => this.inFlight.delete(work));
        this.inFlight.add(work);
      }
    } finally {
      this.polling = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  async idle(): Promise<void> {
    while ((await countActive(this.db)) > 0) await sleep(50);
  }
}

const BOSS_QUEUE = 'concord-jobs';

/** PostgreSQL server: pg-boss (in its own schema) carries job ids to workers in any Concord process. */
export class PgBossJobQueue implements JobQueue {
  readonly kind = 'pg-boss';
  private readonly executor: JobExecutor;
  private readonly boss: PgBoss;

  constructor(
    private readonly db: Database,
    connectionString: string,
    log: Logger,
  ) {
    this.executor = new JobExecutor(db, log);
    this.boss = new PgBoss({ connectionString, max: 4, schema: 'pgboss' });
    this.boss.on('error', (error) => {
      log.error({ err: error }, 'pg-boss error');
    });
  }

  register(type: string, handler: JobHandler): void {
    this.executor.handlers.set(type, handler);
  }
  registeredTypes(): string[] {
    return [...this.executor.handlers.keys()];
  }

  async enqueue(trx: Trx, job: NewJob): Promise<JobRow> {
    const row = await insertJob(trx, job);
    // Sent through the caller's transaction: the message exists exactly when the job row does.
    await this.boss.send(
      BOSS_QUEUE,
      { jobId: row.id },
      {
        db: {
          executeSql: async (text: string, values: unknown[]) => {
            const result = await trx.executeQuery(CompiledQuery.raw(text, values));
            return { rows: result.rows };
          },
        },
      },
    );
    return row;
  }

  async start(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(BOSS_QUEUE);
    // The application role may add messages (inside its own transactions) and read back their ids, nothing else in pg-boss's schema.
    await sql`grant usage on schema pgboss to concord_app`.execute(this.db.unsafeOwner);
    await sql`grant select on pgboss.queue to concord_app`.execute(this.db.unsafeOwner);
    await sql`grant insert, select (id) on pgboss.job to concord_app`.execute(this.db.unsafeOwner);
    await this.boss.work<{ jobId: string }>(BOSS_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) await this.executor.run(job.data.jobId);
    });
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 5000, wait: true });
  }

  async idle(): Promise<void> {
    while ((await countActive(this.db)) > 0) await sleep(50);
  }
}
