import crypto from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { acquireDataFolderLock, type DataFolderLock } from './data-folder-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { SCOPE_SETUP_PREFIX } from './role-guard.ts';
import { roles, type DB, type Role } from './schema.ts';

/** A connection inside one scoped transaction. */
export type Trx = Kysely<DB>;

/**
 * Whom a transaction acts for. Row-level security reads these from the transaction's settings:
 * - agency: an ordinary user of `agencyId`;
 * - platform: a platform administrator (platform tables of every agency, never later modules' business data);
 * - system: the server itself (session look-up, login, audit verification, job dispatch).
 */
export interface DbScope {
  scope: 'agency' | 'platform' | 'system';
  agencyId: string | null;
  userId: string | null;
  /** The acting user's roles, for row-level policies that depend on a role (e.g. legal officers). */
  roles?: readonly Role[];
}

export const systemScope: DbScope = { scope: 'system', agencyId: null, userId: null };

export const APP_ROLE = 'concord_app';

export interface Database {
  readonly kind: 'pglite' | 'postgresql';
  /** The owner connection. Only migrations, backup and restore use it: it bypasses row-level security. */
  readonly unsafeOwner: Kysely<DB>;
  /** Runs `work` in one transaction as the application role with the given scope. */
  inScope<T>(scope: DbScope, work: (trx: Trx) => Promise<T>): Promise<T>;
  /** The PGlite instance; undefined on the PostgreSQL server. */
  readonly pglite: PGlite | undefined;
  /** This process's lock on the embedded data folder (data-folder-lock.ts); undefined in memory and on the server. */
  readonly folderLock: DataFolderLock | undefined;
  /** On the server, connects the application pool as `concord_app` (call after migrations). No-op on PGlite. */
  connectApplicationRole(password: string, appUrl?: string): Promise<void>;
  /**
   * Calls `onNotify` for each NOTIFY on `channel` (from any server of this database). `onLost` is called when the
   * listening connection drops; listening resumes by itself, and `onNotify` is called once on resumption.
   */
  listen(channel: string, onNotify: () => void, onLost: () => void): Promise<void>;
  close(): Promise<void>;
}

// int8 (e.g. the audit sequence) comes back as a string so it stays exact; count(*) is cast where numbers are wanted.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCOPES = new Set<DbScope['scope']>(['agency', 'platform', 'system']);

/**
 * BEGIN and the scope settings in one round trip (simple protocol, several statements): the values are inlined, so
 * they are checked first — a scope from a fixed set, ids that are UUIDs.
 */
function scopeSetupStatement(scope: DbScope): string {
  if (!SCOPES.has(scope.scope)) throw new Error('invalid scope');
  for (const id of [scope.agencyId, scope.userId]) {
    if (id !== null && !UUID.test(id)) throw new Error('invalid id in database scope');
  }
  const scopeRoles = scope.roles ?? [];
  if (scopeRoles.some((role) => !roles.includes(role))) throw new Error('invalid role in database scope');
  return (
    `${SCOPE_SETUP_PREFIX}, set_config('app.scope', '${scope.scope}', true), ` +
    `set_config('app.agency_id', '${scope.agencyId ?? ''}', true), set_config('app.user_id', '${scope.userId ?? ''}', true), ` +
    `set_config('app.roles', '${scopeRoles.join(',')}', true)`
  );
}

const commitCallbacks = new WeakMap<Trx, (() => void)[]>();

/**
 * Runs `callback` once the scoped transaction `trx` (from `Database.inScope`) has committed, before `inScope`
 * returns; never if it rolls back. The callback must not throw: the transaction is already committed.
 */
export function afterCommit(trx: Trx, callback: () => void): void {
  const callbacks = commitCallbacks.get(trx);
  if (!callbacks) throw new Error('afterCommit needs a transaction opened by Database.inScope');
  callbacks.push(callback);
}

async function runScoped<T>(app: Kysely<DB>, scope: DbScope, work: (trx: Trx) => Promise<T>): Promise<T> {
  const setup = scopeSetupStatement(scope);
  return app.connection().execute(async (connection) => {
    let result: T;
    const callbacks: (() => void)[] = [];
    commitCallbacks.set(connection, callbacks);
    try {
      await sql.raw(setup).execute(connection);
      result = await work(connection);
    } catch (error) {
      await sql.raw('rollback').execute(connection);
      throw error;
    } finally {
      commitCallbacks.delete(connection);
    }
    await sql.raw('commit').execute(connection);
    for (const callback of callbacks) callback();
    return result;
  });
}

/**
 * A pg pool whose clients send parameterised queries as named prepared statements (named by a hash of their text):
 * PostgreSQL then parses and plans each distinct query once per connection instead of on every request.
 */
class PreparingPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<pg.PoolClient> | void {
    if (callback) {
      super.connect(callback);
      return;
    }
    return super.connect().then((client) => {
      const marked = client as pg.PoolClient & { concordPreparing?: boolean };
      if (!marked.concordPreparing) {
        marked.concordPreparing = true;
        const original = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as unknown as { query: (...args: unknown[]) => unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
          if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && text.length < 8000) {
            const name = `k${crypto.createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
            return original({ name, text, values }, ...rest);
          }
          return original(text, values, ...rest);
        };
      }
      return client;
    });
  }
}

export async function openDatabase(database: Config['database']): Promise<Database> {
  if (database.kind === 'pglite') {
    const inMemory = database.dataDir === 'memory://';
    // Before anything touches the folder: a second process must not even read pages another one is writing.
    const folderLock = inMemory ? undefined : acquireDataFolderLock(database.dataDir);
    let pglite: PGlite;
    try {
      if (!inMemory) fs.mkdirSync(database.dataDir, { recursive: true });
      pglite = await PGlite.create(inMemory ? undefined : database.dataDir);
    } catch (error) {
      folderLock?.release();
      throw error;
    }
    // PGlite is one superuser session: the application role is reached by SET LOCAL ROLE per transaction.
    const kysely = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      kind: 'pglite',
      unsafeOwner: kysely,
      pglite,
      folderLock,
      inScope: (scope, work) => runScoped(kysely, scope, work),
      connectApplicationRole: async () => {},
      async listen(channel, onNotify) {
        // Before any transaction runs: LISTEN inside someone else's transaction would share its fate.
        await pglite.listen(channel, () => {
          onNotify();
        });
        onNotify();
      },
      async close() {
        try {
          await kysely.destroy();
          await pglite.close();
        } finally {
          folderLock?.release();
        }
      },
    };
  }
  const ownerPool = new pg.Pool({ connectionString: database.url, max: 4 });
  ownerPool.on('error', () => {});
  const owner = new Kysely<DB>({ dialect: new PostgresDialect({ pool: ownerPool }) });
  let app: Kysely<DB> | undefined;
  let listener: pg.Client | undefined;
  let closed = false;
  return {
    kind: 'postgresql',
    unsafeOwner: owner,
    pglite: undefined,
    folderLock: undefined,
    inScope(scope, work) {
      if (!app) throw new Error('application role not connected; call connectApplicationRole after migrating');
      return runScoped(app, scope, work);
    },
    async connectApplicationRole(password, appUrl) {
      let url = appUrl;
      if (!url) {
        // The owner gives the application role its login; all Concord servers of one database share the data
        // directory's keys, so they agree on this password.
        await sql`select set_config('concord.app_password', ${password}, false)`.execute(owner);
        await sql
          .raw(
            `do $$ begin execute format('alter role ${APP_ROLE} with login password %L', current_setting('concord.app_password')); end $$`,
          )
          .execute(owner);
        await sql`select set_config('concord.app_password', '', false)`.execute(owner);
        const parsed = new URL(database.url);
        parsed.username = APP_ROLE;
        parsed.password = password;
        url = parsed.toString();
      }
      const appPool = new PreparingPool({ connectionString: url, max: database.poolSize });
      appPool.on('error', () => {});
      app = new Kysely<DB>({ dialect: new PostgresDialect({ pool: appPool }) });
      await sql`select 1`.execute(app);
    },
    async listen(channel, onNotify, onLost) {
      const retry = (): void => {
        if (!closed) setTimeout(() => void connect().catch(retry), 1000).unref();
      };
      const connect = async (): Promise<void> => {
        const client = new pg.Client({ connectionString: database.url });
        client.on('notification', (message) => {
          if (message.channel === channel) onNotify();
        });
        client.on('error', () => {
          onLost();
          void client.end().catch(() => undefined);
          retry();
        });
        await client.connect();
        await client.query(`listen ${channel}`);
        listener = client;
        onNotify();
      };
      await connect();
    },
    async close() {
      closed = true;
      await listener?.end().catch(() => undefined);
      await app?.destroy();
      await owner.destroy();
    },
  };
}
