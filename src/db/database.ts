import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { RoleGuardPlugin } from './role-guard.ts';
import type { DB } from './schema.ts';

export type Trx = Transaction<DB>;

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
  /** On the server, connects the application pool as `concord_app` (call after migrations). No-op on PGlite. */
  connectApplicationRole(password: string, appUrl?: string): Promise<void>;
  close(): Promise<void>;
}

// int8 (e.g. the audit sequence) comes back as a string so it stays exact; count(*) is cast where numbers are wanted.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

const roleGuard = new RoleGuardPlugin();

async function beginScoped<T>(app: Kysely<DB>, scope: DbScope, work: (trx: Trx) => Promise<T>): Promise<T> {
  return app.transaction().execute(async (trx) => {
    await sql`select set_config('role', ${APP_ROLE}, true),
                     set_config('app.scope', ${scope.scope}, true),
                     set_config('app.agency_id', ${scope.agencyId ?? ''}, true),
                     set_config('app.user_id', ${scope.userId ?? ''}, true)`.execute(trx);
    return work(trx.withPlugin(roleGuard));
  });
}

export async function openDatabase(database: Config['database']): Promise<Database> {
  if (database.kind === 'pglite') {
    if (database.dataDir !== 'memory://') fs.mkdirSync(database.dataDir, { recursive: true });
    const pglite = await PGlite.create(database.dataDir === 'memory://' ? undefined : database.dataDir);
    // PGlite is one superuser session: the application role is reached by SET LOCAL ROLE per transaction.
    const kysely = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      kind: 'pglite',
      unsafeOwner: kysely,
      pglite,
      inScope: (scope, work) => beginScoped(kysely, scope, work),
      connectApplicationRole: async () => {},
      async close() {
        await kysely.destroy();
        await pglite.close();
      },
    };
  }
  const ownerPool = new pg.Pool({ connectionString: database.url, max: 4 });
  ownerPool.on('error', () => {});
  const owner = new Kysely<DB>({ dialect: new PostgresDialect({ pool: ownerPool }) });
  let app: Kysely<DB> | undefined;
  return {
    kind: 'postgresql',
    unsafeOwner: owner,
    pglite: undefined,
    inScope(scope, work) {
      if (!app) throw new Error('application role not connected; call connectApplicationRole after migrating');
      return beginScoped(app, scope, work);
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
      const appPool = new pg.Pool({ connectionString: url, max: database.poolSize });
      appPool.on('error', () => {});
      app = new Kysely<DB>({ dialect: new PostgresDialect({ pool: appPool }) });
      await sql`select 1`.execute(app);
    },
    async close() {
      await app?.destroy();
      await owner.destroy();
    },
  };
}
