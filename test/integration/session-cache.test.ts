import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildAgency, buildUser, createTestEnv, signedIn, type TestEnv } from '../helpers/harness.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('session cache and revocation', () => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv();
  });
  after(() => env.close());

  it('serves a signed-in request from the cache (one transaction), with the security headers', async () => {
    const client = await signedIn(env, await buildUser(env, { agency: await buildAgency(env) }));
    const first = await client.get('/api/session');
    assert.equal(first.statusCode, 200);
    assert.match(String(first.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(first.headers['x-content-type-options'], 'nosniff');
    assert.equal(first.headers['cache-control'], 'no-store');
    const generation = env.services.sessionCache.generation;
    assert.equal((await client.get('/api/session')).statusCode, 200);
    assert.equal(env.services.sessionCache.generation, generation);
  });

  it('a change made outside this server (another server, or by hand) revokes cached sessions through the notification', async () => {
    const agency = await buildAgency(env);
    const user = await buildUser(env, { agency });
    const client = await signedIn(env, user);
    assert.equal((await client.get('/api/dashboard')).statusCode, 200);
    assert.equal((await client.get('/api/dashboard')).statusCode, 200, 'now cached');
    // Not through this server's API: as another Concord server (or an operator) would, on the owner connection.
    await sql`update users set active = false where id = ${user.id}`.execute(env.services.db.unsafeOwner);
    let status = 200;
    for (let attempt = 0; attempt < 50 && status === 200; attempt += 1) {
      status = (await client.get('/api/dashboard')).statusCode;
      if (status === 200) await sleep(20);
    }
    assert.equal(status, 401, 'the deactivated user is refused once the notification arrives');
  });
});
