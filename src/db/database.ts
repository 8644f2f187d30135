import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { PGliteDialect } from './pglite-dialect.ts';
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
  /**
   * The owner connection. Only migrations, backup and restore use it: it bypasses row-level security.
   */
  readonly unsafeOwner: Kysely<DB>;
  /** Runs `work` in one transaction as the application role with the given scope. */
  inScope<T>(scope: DbScope, work: (trx: Trx) => Promise<T>): Promise<T>;
  /** The PGlite instance, for data-directory dumps; undefined on the PostgreSQL server. */
  readonly pglite: PGlite | undefined;
  /** The pg pool, for pg-boss; undefined on PGlite. */
  readonly pool: pg.Pool | undefined;
  close(): Promise<void>;
}

// int8 (e.g. the audit sequence) comes back as a string so it stays exact; count(*) is cast where numbers are wanted.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export async function openDatabase(database: Config['database']): Promise<Database> {
  if (database.kind === 'pglite') {
    if (database.dataDir !== 'memory://') fs.mkdirSync(database.dataDir, { recursive: true });
    const pglite = await PGlite.create(database.dataDir === 'memory://' ? undefined : database.dataDir);
    return makeDatabase('pglite', new Kysely<DB>({ dialect: new PGliteDialect(pglite) }), pglite, undefined, () =>
      pglite.close(),
    );
  }
  const pool = new pg.Pool({ connectionString: database.url, max: database.poolSize });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on the next checkout.
  });
  return makeDatabase('postgresql', new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), undefined, pool, () =>
    pool.end(),
  );
}

function makeDatabase(
  kind: Database['kind'],
  owner: Kysely<DB>,
  pglite: PGlite | undefined,
  pool: pg.Pool | undefined,
  closeDriver: () => Promise<void>,
): Database {
  return {
    kind,
    unsafeOwner: owner,
    pglite,
    pool,
    inScope(scope, work) {
      return owner.transaction().execute(async (trx) => {
        await sql`select set_config('role', ${APP_ROLE}, true),
                         set_config('app.scope', ${scope.scope}, true),
                         set_config('app.agency_id', ${scope.agencyId ?? ''}, true),
                         set_config('app.user_id', ${scope.userId ?? ''}, true)`.execute(trx);
        return work(trx);
      });
    },
    async close() {
      await owner.destroy();
      if (kind === 'pglite') await closeDriver();
    },
  };
}
