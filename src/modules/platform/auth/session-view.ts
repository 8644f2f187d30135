import { z } from 'zod';
import { roles, type Role } from '../../../db/schema.ts';
import type { Ctx } from '../context.ts';
import { auditPolicy } from '../audit/list-audit.ts';
import { agencyPolicy } from '../agencies/agencies.ts';
import { settingsPolicy } from '../settings/platform-settings.ts';
import { grantableRoles, userPolicy } from '../users/users.ts';
import { roleMayAttempt, type ActionRule } from '../policy.ts';
import { watchlistPolicy } from '../../screening/policies.ts';
import { fugitivePolicy } from '../../fugitives/policies.ts';
import type { ResolvedSession } from './resolve-session.ts';
import { csrfTokenFor } from './session-tokens.ts';

export const sessionViewSchema = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(roles as [Role, ...Role[]])),
    agencyId: z.string(),
    mfaEnabled: z.boolean(),
    locale: z.string(),
  }),
  agency: z.object({ id: z.string(), name: z.string(), shortName: z.string(), state: z.string() }),
  stage: z.enum(['active', 'mfa_pending', 'mfa_enrol']),
  csrfToken: z.string(),
  navigation: z.array(z.string()),
  /** Roles the user may give to others (empty unless they administer users). */
  grantableRoles: z.array(z.enum(roles as [Role, ...Role[]])),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

/** The pages the actor may open, derived from the same policies the API enforces. */
export function navigationFor(userRoles: readonly Role[]): string[] {
  const may = (rule: ActionRule<never>) => roleMayAttempt(rule, userRoles);
  const nav = ['dashboard', 'legal-basis', 'cooperation'];
  if (may(watchlistPolicy.actions.list)) nav.push('screening');
  if (may(fugitivePolicy.actions.list)) nav.push('fugitives');
  nav.push('jobs', 'account');
  if (may(userPolicy.actions.list)) nav.push('admin.users');
  if (may(agencyPolicy.actions.create)) nav.push('admin.agencies');
  if (may(auditPolicy.actions.list)) nav.push('admin.audit');
  if (may(settingsPolicy.actions.update)) nav.push('admin.settings');
  return nav;
}

export async function presentSession(ctx: Pick<Ctx, 'trx' | 'services'>, session: ResolvedSession): Promise<SessionView> {
  const { actor } = session;
  const agency = await ctx.trx
    .selectFrom('agencies')
    .select(['id', 'name', 'short_name', 'state'])
    .where('id', '=', actor.agencyId)
    .executeTakeFirstOrThrow();
  return {
    user: {
      id: actor.userId,
      email: actor.email,
      displayName: actor.displayName,
      roles: [...actor.roles],
      agencyId: actor.agencyId,
      mfaEnabled: session.mfaEnabled,
      locale: session.locale,
    },
    agency: { id: agency.id, name: agency.name, shortName: agency.short_name, state: agency.state },
    stage: session.stage,
    csrfToken: csrfTokenFor(ctx.services.secrets.sessionKey, actor.sessionId),
    navigation: session.stage === 'active' ? navigationFor(actor.roles) : [],
    grantableRoles: session.stage === 'active' ? grantableRoles(actor) : [],
  };
}
