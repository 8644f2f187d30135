import type { Role } from '../../../db/schema.ts';

/**
 * Who may grant (and take away) each role — the one place this is decided. A role that acts only inside its own
 * agency is granted by that agency's administrators; a role that acts on data every agency shares (the legal-basis
 * registry, platform-visible watchlists, the platform itself) is granted only by a platform administrator, because an
 * agency administrator granting it would give their agency power over the others. Nobody changes their own roles
 * (`assertRoleChangeAllowed`). Every later role is added here with its reach; the authorisation-matrix test checks
 * each role against self-escalation.
 */
export type RoleReach = 'agency' | 'shared';

export interface RoleGrantRule {
  reach: RoleReach;
  grantedBy: readonly Role[];
}

const agencyRole: RoleGrantRule = { reach: 'agency', grantedBy: ['agency_admin', 'platform_admin'] };
const sharedRole: RoleGrantRule = { reach: 'shared', grantedBy: ['platform_admin'] };

export const roleGrantRules: Readonly<Record<Role, RoleGrantRule>> = {
  viewer: agencyRole,
  analyst: agencyRole,
  investigator: agencyRole,
  liaison_officer: agencyRole,
  approver: agencyRole,
  // Edits the legal-basis registry that every agency's checker relies on.
  legal_officer: sharedRole,
  agency_admin: agencyRole,
  platform_admin: sharedRole,
};

/** Whether someone holding `actorRoles` may give `role` to another user, or take it away. */
export function mayGrantRole(actorRoles: readonly Role[], role: Role): boolean {
  return roleGrantRules[role].grantedBy.some((granter) => actorRoles.includes(granter));
}

export type RoleChangeRefusal =
  { rule: 'own-roles' } | { rule: 'grant'; role: Role; grantedBy: readonly Role[]; change: 'grant' | 'remove' };

/**
 * Why `actor` may not change `target`'s roles from `before` to `after`, or null if it may. Roles the user keeps are not
 * re-checked: an agency administrator may rename a legal officer of their agency, but not add or remove that role.
 */
export function roleChangeRefusal(
  actor: { userId: string; roles: readonly Role[] },
  target: { id: string },
  before: readonly Role[],
  after: readonly Role[],
): RoleChangeRefusal | null {
  const added = after.filter((role) => !before.includes(role));
  const removed = before.filter((role) => !after.includes(role));
  if (added.length === 0 && removed.length === 0) return null;
  if (target.id === actor.userId) return { rule: 'own-roles' };
  for (const [roles, change] of [
    [added, 'grant'],
    [removed, 'remove'],
  ] as const) {
    const refused = roles.find((role) => !mayGrantRole(actor.roles, role));
    if (refused) return { rule: 'grant', role: refused, grantedBy: roleGrantRules[refused].grantedBy, change };
  }
  return null;
}
