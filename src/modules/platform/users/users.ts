import { z } from 'zod';
import type { Selectable } from 'kysely';
import { roles, type Role, type UsersTable } from '../../../db/schema.ts';
import { AppError, notFound } from '../../../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { liftSignInDelay, usersWithSignInDelay } from '../auth/login-throttle.ts';
import { hashPassword, passwordSchema } from '../auth/passwords.ts';
import { isPlatformAdmin, type Actor, type Ctx } from '../context.ts';
import { authorize, definePolicy, presentPolicies, roleMayAttempt } from '../policy.ts';
import { mayGrantRole, roleChangeRefusal } from './role-grants.ts';

type UserRow = Selectable<UsersTable>;

const sameAgencyOrPlatform = (actor: Actor, user: { agency_id: string }) => isPlatformAdmin(actor) || user.agency_id === actor.agencyId;

/** Agency administrators manage their own agency's users; platform administrators manage every agency's. */
export const userPolicy = definePolicy<UserRow, 'read' | 'list' | 'create' | 'update' | 'deactivate'>('user', {
  read: { roles: ['agency_admin', 'platform_admin'], when: sameAgencyOrPlatform },
  list: { roles: ['agency_admin', 'platform_admin'] },
  create: { roles: ['agency_admin', 'platform_admin'], when: sameAgencyOrPlatform },
  update: { roles: ['agency_admin', 'platform_admin'], when: sameAgencyOrPlatform },
  deactivate: {
    roles: ['agency_admin', 'platform_admin'],
    when: (actor, user) => sameAgencyOrPlatform(actor, user) && user.id !== actor.userId && user.active,
  },
});

const roleSchema = z.enum(roles as [Role, ...Role[]]);

export const userSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  active: z.boolean(),
  mfaEnabled: z.boolean(),
  /** A per-account sign-in delay is running (repeated failures from any source); `unlock` lifts it. */
  locked: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  policies: z.object({ read: z.boolean(), list: z.boolean(), create: z.boolean(), update: z.boolean(), deactivate: z.boolean() }),
});
export type User = z.infer<typeof userSchema>;

export const listUsersQuery = z.object({ agencyId: z.uuid().optional() });
export const createUserInput = z.object({
  agencyId: z.uuid().optional(),
  // Normalised first, then checked: z.email() on its own would check the address before trimming it.
  email: z.string().trim().toLowerCase().check(z.email()).max(320),
  displayName: z.string().trim().min(1).max(200),
  roles: z.array(roleSchema).min(1),
  password: passwordSchema,
});
export const updateUserInput = z.object({
  displayName: z.string().trim().min(1).max(200).optional(),
  roles: z.array(roleSchema).min(1).optional(),
  active: z.boolean().optional(),
  unlock: z.literal(true).optional(),
});

export function presentUser(actor: Actor, row: UserRow, signInDelayed: boolean): User {
  return {
    id: row.id,
    agencyId: row.agency_id,
    email: row.email,
    displayName: row.display_name,
    roles: row.roles,
    active: row.active,
    mfaEnabled: row.mfa_enabled,
    locked: signInDelayed,
    lastLoginAt: row.last_login_at ? new Date(row.last_login_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
    policies: presentPolicies(actor, userPolicy, row),
  };
}

const signInDelayed = async (ctx: Ctx, userId: string) => (await usersWithSignInDelay(ctx.trx, [userId], ctx.now)).has(userId);

/** The roles the actor may give to users (sent with the session, so the UI offers exactly these). */
export function grantableRoles(actor: Pick<Actor, 'roles'>): Role[] {
  if (!roleMayAttempt(userPolicy.actions.create, actor.roles)) return [];
  return roles.filter((role) => mayGrantRole(actor.roles, role));
}

const roleNames: Record<Role, string> = {
  viewer: 'viewer',
  analyst: 'analyst',
  investigator: 'investigator',
  liaison_officer: 'liaison officer',
  approver: 'approver',
  legal_officer: 'legal officer',
  agency_admin: 'agency administrator',
  platform_admin: 'platform administrator',
};

/** Refuses a change of roles that the grant rules (role-grants.ts) do not allow this actor. */
function assertRoleChangeAllowed(actor: Actor, target: { id: string }, before: readonly Role[], after: readonly Role[]): void {
  const refusal = roleChangeRefusal(actor, target, before, after);
  if (!refusal) return;
  if (refusal.rule === 'own-roles') {
    throw new AppError('FORBIDDEN', 'You cannot change your own roles; ask another administrator', { rule: 'own-roles' });
  }
  const who = refusal.grantedBy.includes('agency_admin') ? 'an administrator' : 'a platform administrator';
  throw new AppError(
    'FORBIDDEN',
    `Only ${who} can ${refusal.change === 'grant' ? 'grant' : 'remove'} the ${roleNames[refusal.role]} role`,
    { rule: 'grant', role: refusal.role },
  );
}

export async function listUsers(ctx: Ctx, query: z.infer<typeof listUsersQuery>): Promise<User[]> {
  authorize(ctx.actor, userPolicy, 'list');
  let select = ctx.trx.selectFrom('users').selectAll().orderBy('display_name');
  // An agency administrator sees their own agency only, whatever the query asks for (RLS enforces it as well).
  const agencyId = isPlatformAdmin(ctx.actor) ? query.agencyId : ctx.actor.agencyId;
  if (agencyId) select = select.where('agency_id', '=', agencyId);
  const rows = await select.execute();
  await recordAudit(ctx, { type: 'users.listed', version: 1, data: { count: rows.length, agencyId: agencyId ?? null } });
  const delayed = await usersWithSignInDelay(
    ctx.trx,
    rows.map((row) => row.id),
    ctx.now,
  );
  return rows.map((row) => presentUser(ctx.actor, row, delayed.has(row.id)));
}

async function findUser(ctx: Ctx, id: string): Promise<UserRow> {
  const row = await ctx.trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('User');
  authorize(ctx.actor, userPolicy, 'read', row);
  return row;
}

export async function getUser(ctx: Ctx, id: string): Promise<User> {
  const row = await findUser(ctx, id);
  await recordAudit(ctx, { type: 'user.viewed', version: 1, data: { userId: id } }, { agencyId: row.agency_id });
  return presentUser(ctx.actor, row, await signInDelayed(ctx, id));
}

export async function createUser(ctx: Ctx, input: z.infer<typeof createUserInput>): Promise<User> {
  const agencyId = input.agencyId ?? ctx.actor.agencyId;
  authorize(ctx.actor, userPolicy, 'create', { agency_id: agencyId } as UserRow);
  assertRoleChangeAllowed(ctx.actor, { id: '' }, [], input.roles);
  const agency = await ctx.trx.selectFrom('agencies').select('id').where('id', '=', agencyId).executeTakeFirst();
  if (!agency) throw notFound('Agency');
  const clash = await createUserEmailClash(ctx, input.email);
  if (clash) throw new AppError('CONFLICT', 'A user with this e-mail address exists', { field: 'email' });
  const row = await ctx.trx
    .insertInto('users')
    .values({
      agency_id: agencyId,
      email: input.email,
      display_name: input.displayName,
      password_hash: await hashPassword(input.password),
      roles: [...new Set(input.roles)],
      created_by: ctx.actor.userId,
      updated_by: ctx.actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, { type: 'user.created', version: 1, data: { userId: row.id, email: row.email, roles: row.roles } }, { agencyId });
  return presentUser(ctx.actor, row, await signInDelayed(ctx, row.id));
}

/**
 * E-mail addresses are unique across the platform, but an agency administrator may not learn which addresses other
 * agencies use; the unique index still refuses the duplicate, reported as a conflict without details.
 */
async function createUserEmailClash(ctx: Ctx, email: string): Promise<boolean> {
  const row = await ctx.trx
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateUser(ctx: Ctx, id: string, input: z.infer<typeof updateUserInput>): Promise<User> {
  const existing = await findUser(ctx, id);
  authorize(ctx.actor, userPolicy, 'update', existing);
  if (input.roles) assertRoleChangeAllowed(ctx.actor, existing, existing.roles, input.roles);
  if (input.active === false) authorize(ctx.actor, userPolicy, 'deactivate', existing);
  const row = await ctx.trx
    .updateTable('users')
    .set({
      ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
      ...(input.roles !== undefined ? { roles: [...new Set(input.roles)] } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updated_at: ctx.now,
      updated_by: ctx.actor.userId,
    })
    .where('agency_id', '=', existing.agency_id)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const { active, ...otherChanges } = input;
  if (Object.keys(otherChanges).length > 0) {
    await recordAudit(
      ctx,
      { type: 'user.updated', version: 1, data: { userId: id, changes: otherChanges } },
      { agencyId: existing.agency_id },
    );
  }
  // After the audit entry, as every writer of throttle rows does (login-throttle.ts).
  if (input.unlock) await liftSignInDelay(ctx.trx, id);
  if (active === false && existing.active) {
    // Deactivation ends every session at once; resolveSession also refuses sessions of inactive users.
    const ended = await ctx.trx
      .updateTable('sessions')
      .set({ ended_at: ctx.now, end_reason: 'user_deactivated' })
      .where('agency_id', '=', existing.agency_id)
      .where('user_id', '=', id)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    await recordAudit(
      ctx,
      { type: 'user.deactivated', version: 1, data: { userId: id, sessionsEnded: Number(ended.numUpdatedRows) } },
      { agencyId: existing.agency_id },
    );
  } else if (active === true && !existing.active) {
    await recordAudit(
      ctx,
      { type: 'user.updated', version: 1, data: { userId: id, changes: { active: true } } },
      { agencyId: existing.agency_id },
    );
  }
  return presentUser(ctx.actor, row, await signInDelayed(ctx, id));
}
