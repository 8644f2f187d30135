import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { DbScope } from '../../src/db/database.ts';
import { buildAgency, buildUser, createTestEnv, signedIn, type TestAgency, type TestEnv, type TestUser } from '../helpers/harness.ts';

describe('agency isolation (row-level security and API)', () => {
  let env: TestEnv;
  let agencyA: TestAgency;
  let agencyB: TestAgency;
  let analystA: TestUser;
  let adminA: TestUser;
  let adminB: TestUser;
  let userB: TestUser;

  before(async () => {
    env = await createTestEnv();
    agencyA = await buildAgency(env, { state: 'MY' });
    agencyB = await buildAgency(env, { state: 'SG' });
    analystA = await buildUser(env, { agency: agencyA, roles: ['analyst'] });
    adminA = await buildUser(env, { agency: agencyA, roles: ['agency_admin'] });
    adminB = await buildUser(env, { agency: agencyB, roles: ['agency_admin'] });
    userB = await buildUser(env, { agency: agencyB, roles: ['investigator'] });
    // Give agency B sessions, a job and audit entries, so there is something to leak.
    const clientB = await signedIn(env, adminB);
    assert.equal((await clientB.get('/api/users')).statusCode, 200);
  });
  after(() => env.close());

  const asAgency = (agencyId: string): DbScope => ({ scope: 'agency', agencyId, userId: null });

  it('a raw query with no WHERE clause sees only the acting agency’s rows, on every tenant table', async () => {
    for (const table of ['users', 'sessions', 'jobs', 'audit_log', 'agencies', 'mfa_recovery_codes']) {
      const rows = await env.services.db.inScope(asAgency(agencyA.id), (trx) =>
        sql<{
          agency: string;
        }>`select ${sql.ref(table === 'agencies' ? 'id' : 'agency_id')}::text as agency from ${sql.table(table)}`.execute(trx),
      );
      for (const row of rows.rows) assert.equal(row.agency, agencyA.id, `${table} leaked a row of another agency`);
    }
    const usersOfB = await env.services.db.inScope(asAgency(agencyA.id), (trx) =>
      sql<{ n: number }>`select count(*)::int as n from users where agency_id = ${agencyB.id}`.execute(trx),
    );
    assert.equal(usersOfB.rows[0]?.n, 0);
    const sessionsOfB = await env.services.db.inScope(asAgency(agencyB.id), (trx) =>
      sql<{ n: number }>`select count(*)::int as n from sessions`.execute(trx),
    );
    assert.ok((sessionsOfB.rows[0]?.n ?? 0) > 0, 'agency B does have sessions');
  });

  it('the application role cannot write into another agency', async () => {
    await assert.rejects(
      env.services.db.inScope(asAgency(agencyA.id), (trx) =>
        sql`insert into users (agency_id, email, display_name, password_hash, roles) values (${agencyB.id}, 'x@b.test', 'X', 'h', array['viewer'])`.execute(
          trx,
        ),
      ),
      /row-level security/,
    );
    const updated = await env.services.db.inScope(asAgency(agencyA.id), (trx) =>
      sql`update users set display_name = 'pwned' where agency_id = ${agencyB.id}`.execute(trx),
    );
    assert.equal(Number(updated.numAffectedRows ?? 0), 0);
  });

  it('the application role owns nothing: it cannot switch RLS off, become the owner, or rewrite the audit', async () => {
    const attempts = [
      sql`alter table users disable row level security`,
      sql`set role postgres`,
      sql`drop policy users_by_agency on users`,
      sql`update audit_log set data = '{}'`,
      sql`delete from audit_log`,
    ];
    for (const attempt of attempts) {
      await assert.rejects(env.services.db.inScope(asAgency(agencyA.id), (trx) => attempt.execute(trx)));
    }
    const who = await env.services.db.inScope(asAgency(agencyA.id), (trx) =>
      sql<{ role: string }>`select current_user as role`.execute(trx),
    );
    assert.equal(who.rows[0]?.role, 'concord_app');
  });

  it(
    'on the PostgreSQL server, the application connects as concord_app and the server itself refuses a role switch',
    {
      skip: process.env.DATABASE_URL
        ? false
        : 'PGlite: one superuser session; the role guard refuses role switches instead (docs/security.md)',
    },
    async () => {
      const who = await env.services.db.inScope(asAgency(agencyA.id), (trx) =>
        sql<{
          session: string;
          super: boolean;
        }>`select session_user as session, (select rolsuper from pg_roles where rolname = session_user) as super`.execute(trx),
      );
      assert.equal(who.rows[0]?.session, 'concord_app');
      assert.equal(who.rows[0].super, false);
      const url = new URL(process.env.DATABASE_URL ?? '');
      url.username = 'concord_app';
      url.pathname = `/${env.config.database.kind === 'postgresql' ? new URL(env.config.database.url).pathname.slice(1) : ''}`;
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await assert.rejects(client.query('set role postgres'), /permission denied/);
        const rows = await client.query<{ n: number }>('select count(*)::int as n from users');
        assert.equal(rows.rows[0]?.n, 0, 'with no acting agency set, RLS shows nothing even to a direct connection');
      } finally {
        await client.end();
      }
    },
  );

  it('without an acting agency, nothing is visible', async () => {
    const rows = await env.services.db.inScope({ scope: 'agency', agencyId: null, userId: null }, (trx) =>
      sql<{ n: number }>`select count(*)::int as n from users`.execute(trx),
    );
    assert.equal(rows.rows[0]?.n, 0);
  });

  it('an analyst of A sees only agency A through the API', async () => {
    const client = await signedIn(env, analystA);
    const agencies = (await client.get('/api/agencies')).json<{ items: { id: string }[] }>();
    assert.deepEqual(
      agencies.items.map((a) => a.id),
      [agencyA.id],
    );
    assert.equal((await client.get(`/api/agencies/${agencyB.id}`)).statusCode, 404);
  });

  it('an administrator of A gets 404 for B’s users, exactly as for a user that does not exist', async () => {
    const client = await signedIn(env, adminA);
    const other = await client.get(`/api/users/${userB.id}`);
    const missing = await client.get('/api/users/00000000-0000-4000-8000-000000000000');
    assert.equal(other.statusCode, 404);
    assert.deepEqual(other.json(), missing.json());
    assert.equal((await client.patch(`/api/users/${userB.id}`, { active: false })).statusCode, 404);
    const list = (await client.get(`/api/users?agencyId=${agencyB.id}`)).json<{ items: { agencyId: string }[] }>();
    assert.ok(list.items.every((user) => user.agencyId === agencyA.id));
    assert.equal(
      (
        await client.post('/api/users', {
          agencyId: agencyB.id,
          email: 'new@b.test',
          displayName: 'N',
          roles: ['viewer'],
          password: 'long enough password',
        })
      ).statusCode,
      404,
    );
  });

  it('an administrator of A cannot read B’s audit entries', async () => {
    const client = await signedIn(env, adminA);
    const entries = (await client.get('/api/audit?limit=500')).json<{ items: { agencyId: string | null }[] }>();
    assert.ok(entries.items.length > 0);
    assert.ok(entries.items.every((entry) => entry.agencyId === agencyA.id));
    const filtered = (await client.get(`/api/audit?agencyId=${agencyB.id}`)).json<{ items: { agencyId: string | null }[] }>();
    assert.ok(filtered.items.every((entry) => entry.agencyId === agencyA.id));
  });
});
