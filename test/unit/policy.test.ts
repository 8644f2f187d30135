import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '../../src/db/schema.ts';
import { agencyPolicy } from '../../src/modules/platform/agencies/agencies.ts';
import { auditPolicy } from '../../src/modules/platform/audit/list-audit.ts';
import type { Actor } from '../../src/modules/platform/context.ts';
import { jobPolicy } from '../../src/modules/platform/jobs/jobs.ts';
import { allows, authorize } from '../../src/modules/platform/policy.ts';
import { userPolicy } from '../../src/modules/platform/users/users.ts';
import { AppError } from '../../src/errors.ts';

const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const actor = (roles: Role[], agencyId = A, userId = 'u-actor'): Actor => ({
  userId,
  agencyId,
  roles,
  email: 'x@y',
  displayName: 'X',
  sessionId: 's',
});
const userRow = (agencyId: string, id = 'u-other', active = true) => ({ agency_id: agencyId, id, active }) as never;

describe('user policy', () => {
  it('lets an agency administrator manage users of their own agency only', () => {
    assert.equal(allows(actor(['agency_admin']), userPolicy, 'update', userRow(A)), true);
    assert.equal(allows(actor(['agency_admin']), userPolicy, 'update', userRow(B)), false);
  });
  it('lets a platform administrator manage users of any agency', () => {
    assert.equal(allows(actor(['platform_admin']), userPolicy, 'update', userRow(B)), true);
  });
  it('refuses analysts, investigators and viewers', () => {
    for (const role of ['analyst', 'investigator', 'viewer', 'liaison_officer', 'approver'] as Role[]) {
      assert.equal(allows(actor([role]), userPolicy, 'list'), false, role);
    }
  });
  it('never lets administrators deactivate themselves', () => {
    assert.equal(allows(actor(['agency_admin'], A, 'me'), userPolicy, 'deactivate', userRow(A, 'me')), false);
  });
  it('answers NOT_FOUND, not FORBIDDEN, for a user of another agency', () => {
    assert.throws(
      () => {
        authorize(actor(['agency_admin']), userPolicy, 'update', userRow(B));
      },
      (error: unknown) => error instanceof AppError && error.code === 'NOT_FOUND',
    );
  });
  it('answers FORBIDDEN for a visible object the actor may not change', () => {
    assert.throws(
      () => {
        authorize(actor(['agency_admin'], A, 'me'), userPolicy, 'deactivate', userRow(A, 'me'));
      },
      (error: unknown) => error instanceof AppError && error.code === 'FORBIDDEN',
    );
  });
});

describe('agency, audit and job policies', () => {
  it('only platform administrators create agencies', () => {
    assert.equal(allows(actor(['agency_admin']), agencyPolicy, 'create'), false);
    assert.equal(allows(actor(['platform_admin']), agencyPolicy, 'create'), true);
  });
  it('an agency is visible to its own members and to platform administrators', () => {
    const agencyB = { id: B } as never;
    assert.equal(allows(actor(['analyst']), agencyPolicy, 'read', agencyB), false);
    assert.equal(allows(actor(['platform_admin']), agencyPolicy, 'read', agencyB), true);
  });
  it('only platform administrators verify the audit chain', () => {
    assert.equal(allows(actor(['agency_admin']), auditPolicy, 'verify'), false);
    assert.equal(allows(actor(['platform_admin']), auditPolicy, 'verify'), true);
  });
  it('a job is visible to its creator and their agency administrator, not to colleagues', () => {
    const job = { agency_id: A, created_by: 'creator', status: 'running', cancel_requested: false } as never;
    assert.equal(allows(actor(['analyst'], A, 'creator'), jobPolicy, 'read', job), true);
    assert.equal(allows(actor(['analyst'], A, 'colleague'), jobPolicy, 'read', job), false);
    assert.equal(allows(actor(['agency_admin'], A, 'boss'), jobPolicy, 'cancel', job), true);
    assert.equal(allows(actor(['agency_admin'], B, 'boss'), jobPolicy, 'read', job), false);
  });
});

describe('grantable roles and agency deactivation', () => {
  it('offers platform_admin only to platform administrators, and nothing to non-administrators', async () => {
    const { grantableRoles } = await import('../../src/modules/platform/users/users.ts');
    assert.ok(!grantableRoles(actor(['agency_admin'])).includes('platform_admin'));
    assert.ok(grantableRoles(actor(['agency_admin'])).includes('analyst'));
    assert.ok(grantableRoles(actor(['platform_admin'])).includes('platform_admin'));
    assert.deepEqual(grantableRoles(actor(['analyst'])), []);
  });
  it('roles over shared data are granted and removed only by a platform administrator, and nobody changes their own', async () => {
    const { grantableRoles } = await import('../../src/modules/platform/users/users.ts');
    const { roleChangeRefusal } = await import('../../src/modules/platform/users/role-grants.ts');
    assert.ok(!grantableRoles(actor(['agency_admin'])).includes('legal_officer'));
    assert.ok(grantableRoles(actor(['platform_admin'])).includes('legal_officer'));
    const admin = { userId: 'admin', roles: ['agency_admin'] as const };
    assert.deepEqual(roleChangeRefusal(admin, { id: 'admin' }, ['agency_admin'], ['agency_admin', 'analyst']), { rule: 'own-roles' });
    assert.equal(roleChangeRefusal(admin, { id: 'admin' }, ['agency_admin'], ['agency_admin']), null);
    assert.equal(roleChangeRefusal(admin, { id: 'other' }, ['viewer'], ['viewer', 'analyst']), null);
    assert.deepEqual(roleChangeRefusal(admin, { id: 'other' }, ['viewer'], ['viewer', 'legal_officer']), {
      rule: 'grant',
      role: 'legal_officer',
      grantedBy: ['platform_admin'],
      change: 'grant',
    });
    assert.equal(roleChangeRefusal(admin, { id: 'other' }, ['viewer', 'legal_officer'], ['viewer'])?.rule, 'grant');
    const platform = { userId: 'root', roles: ['platform_admin'] as const };
    assert.equal(roleChangeRefusal(platform, { id: 'other' }, ['viewer'], ['legal_officer']), null);
    assert.deepEqual(roleChangeRefusal(platform, { id: 'root' }, ['platform_admin'], ['platform_admin', 'legal_officer']), {
      rule: 'own-roles',
    });
  });
  it('a platform administrator may deactivate other agencies but not their own', () => {
    assert.equal(allows(actor(['platform_admin']), agencyPolicy, 'deactivate', { id: B, active: true } as never), true);
    assert.equal(allows(actor(['platform_admin']), agencyPolicy, 'deactivate', { id: A, active: true } as never), false);
  });
});
