import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, buildAgency, buildUser, createTestEnv, signedIn, type TestEnv } from '../helpers/harness.ts';

describe('administration of agencies and users', () => {
  let env: TestEnv;
  let platform: Client;
  let platformAgencyId: string;

  before(async () => {
    env = await createTestEnv();
    const agency = await buildAgency(env, { state: 'ID' });
    platformAgencyId = agency.id;
    platform = await signedIn(env, await buildUser(env, { agency, roles: ['platform_admin'] }));
  });
  after(() => env.close());

  it('a platform administrator registers an agency and its first administrator, who then manages its users', async () => {
    const created = await platform.post('/api/agencies', {
      name: 'Anti-Corruption Commission of Timor-Leste',
      shortName: 'CAC-TL',
      state: 'TL',
    });
    assert.equal(created.statusCode, 201);
    const agencyId = created.json<{ id: string }>().id;
    assert.equal((await platform.post('/api/agencies', { name: 'Duplicate', shortName: 'cac-tl', state: 'TL' })).statusCode, 409);
    assert.equal((await platform.post('/api/agencies', { name: 'Bad state', shortName: 'BAD', state: 'Timor' })).statusCode, 400);
    const admin = await platform.post('/api/users', {
      agencyId,
      email: 'Admin@CAC-TL.test ',
      displayName: 'Agency Administrator',
      roles: ['agency_admin'],
      password: 'a first admin password',
    });
    assert.equal(admin.statusCode, 201);
    assert.equal(admin.json<{ email: string }>().email, 'admin@cac-tl.test');

    const agencyAdmin = new Client(env.app);
    assert.equal((await agencyAdmin.login('admin@cac-tl.test', 'a first admin password')).statusCode, 200);
    assert.deepEqual(agencyAdmin.lastSession?.grantableRoles, [
      'viewer',
      'analyst',
      'investigator',
      'liaison_officer',
      'approver',
      'agency_admin',
    ]);
    const analyst = await agencyAdmin.post('/api/users', {
      email: 'analyst@cac-tl.test',
      displayName: 'Analyst',
      roles: ['analyst'],
      password: 'an analyst password',
    });
    assert.equal(analyst.statusCode, 201);
    const refused = await agencyAdmin.post('/api/users', {
      email: 'boss@cac-tl.test',
      displayName: 'Boss',
      roles: ['platform_admin'],
      password: 'an analyst password',
    });
    assert.equal(refused.statusCode, 403);
    const promoted = await agencyAdmin.patch(`/api/users/${analyst.json<{ id: string }>().id}`, { roles: ['analyst', 'approver'] });
    assert.deepEqual(promoted.json<{ roles: string[] }>().roles, ['analyst', 'approver']);
    const clash = await agencyAdmin.post('/api/users', {
      email: 'admin@cac-tl.test',
      displayName: 'Again',
      roles: ['viewer'],
      password: 'an analyst password',
    });
    assert.equal(clash.statusCode, 409);
  });

  it('deactivating an agency ends its users’ sessions; a platform administrator cannot deactivate their own', async () => {
    const agency = await buildAgency(env);
    const member = await signedIn(env, await buildUser(env, { agency }));
    assert.equal((await member.get('/api/session')).statusCode, 200);
    const list = (await platform.get('/api/agencies')).json<{ items: { id: string; policies: { deactivate: boolean } }[] }>().items;
    assert.equal(list.find((a) => a.id === agency.id)?.policies.deactivate, true);
    assert.equal(list.find((a) => a.id === platformAgencyId)?.policies.deactivate, false);
    assert.equal((await platform.patch(`/api/agencies/${agency.id}`, { active: false })).statusCode, 200);
    assert.equal((await member.get('/api/session')).statusCode, 401);
    assert.equal((await platform.patch(`/api/agencies/${platformAgencyId}`, { active: false })).statusCode, 403);
  });

  it('an administrator cannot deactivate themselves or change their own roles', async () => {
    const agency = await buildAgency(env);
    const user = await buildUser(env, { agency, roles: ['agency_admin'] });
    const admin = await signedIn(env, user);
    assert.equal((await admin.patch(`/api/users/${user.id}`, { active: false })).statusCode, 403);
    const dropped = await admin.patch(`/api/users/${user.id}`, { roles: ['analyst'] });
    assert.equal(dropped.statusCode, 403);
    assert.equal(dropped.json<{ details: { rule: string } }>().details.rule, 'own-roles');
    // Saving one's own record with the same roles is no change of roles.
    assert.equal((await admin.patch(`/api/users/${user.id}`, { displayName: 'Still Admin', roles: ['agency_admin'] })).statusCode, 200);
  });

  it('an agency administrator cannot make itself a legal officer and rewrite the shared registry', async () => {
    const agency = await buildAgency(env);
    const user = await buildUser(env, { agency, roles: ['agency_admin'] });
    const admin = await signedIn(env, user);
    const grant = await admin.patch(`/api/users/${user.id}`, { roles: ['agency_admin', 'legal_officer'] });
    assert.equal(grant.statusCode, 403);
    const again = await signedIn(env, user);
    assert.deepEqual(again.lastSession?.grantableRoles, [
      'viewer',
      'analyst',
      'investigator',
      'liaison_officer',
      'approver',
      'agency_admin',
    ]);
    assert.equal((await again.post('/api/legal-basis/instruments', {})).statusCode, 403);
  });
});
