import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = migrationsDir): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      sql: fs.readFileSync(path.join(dir, file), 'utf8'),
    }));
}

/** Applies the SQL migrations not yet applied, each in its own transaction; forward-only. Returns their names. */
export async function migrate(database: Database): Promise<string[]> {
  const owner = database.unsafeOwner;
  await sql`create table if not exists schema_migrations (
    version integer primary key, name text not null, applied_at timestamptz not null default now())`.execute(owner);
  const applied: string[] = [];
  await owner.connection().execute(async (connection) => {
    // Two servers starting together must not both migrate.
    await sql`select pg_advisory_lock(hashtext('concord-migrate'))`.execute(connection);
    try {
      const done = await sql<{ version: number }>`select version from schema_migrations`.execute(connection);
      const doneVersions = new Set(done.rows.map((row) => row.version));
      for (const migration of listMigrations()) {
        if (doneVersions.has(migration.version)) continue;
        await connection.transaction().execute(async (trx) => {
          await sql.raw(migration.sql).execute(trx);
          await sql`insert into schema_migrations (version, name) values (${migration.version}, ${migration.name})`.execute(trx);
        });
        applied.push(migration.name);
      }
    } finally {
      await sql`select pg_advisory_unlock(hashtext('concord-migrate'))`.execute(connection);
    }
  });
  return applied;
}
