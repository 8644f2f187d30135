import { sql } from 'kysely';
import { z } from 'zod';
import type { Role } from '../../../db/schema.ts';
import type { Ctx } from '../context.ts';
import { definePolicy } from '../policy.ts';

export const dashboardPolicy = definePolicy<null, 'read'>('dashboard', { read: { roles: 'any' } });

export const dashboardCardSchema = z.object({
  id: z.string(),
  module: z.string(),
  titleKey: z.string(),
  value: z.union([z.number(), z.string()]),
  href: z.string().nullable(),
});
export type DashboardCard = z.infer<typeof dashboardCardSchema>;

/**
 * A card on the home dashboard. Modules register theirs at start-up; each card names the roles it is for and loads
 * its figure in the actor's transaction, so row-level security applies to the figure as to everything else.
 */
export interface DashboardCardDefinition {
  id: string;
  module: string;
  titleKey: string;
  href: string | null;
  roles: readonly Role[] | 'any';
  load(ctx: Ctx): Promise<number | string>;
}

const cards: DashboardCardDefinition[] = [];

/** Every card registered so far (modules register theirs when their routes are registered). */
export function registeredDashboardCards(): readonly DashboardCardDefinition[] {
  return cards;
}

export function registerDashboardCard(card: DashboardCardDefinition): void {
  if (!cards.some((existing) => existing.id === card.id)) cards.push(card);
}

export async function loadDashboard(ctx: Ctx): Promise<DashboardCard[]> {
  const visible = cards.filter((card) => card.roles === 'any' || card.roles.some((role) => ctx.actor.roles.includes(role)));
  const result: DashboardCard[] = [];
  for (const card of visible) {
    result.push({ id: card.id, module: card.module, titleKey: card.titleKey, href: card.href, value: await card.load(ctx) });
  }
  return result;
}

const count = async (query: Promise<{ n: string | number } | undefined>) => Number((await query)?.n ?? 0);

registerDashboardCard({
  id: 'platform.my-jobs',
  module: 'platform',
  titleKey: 'dashboard.cards.runningJobs',
  href: '/jobs',
  roles: 'any',
  load: (ctx) =>
    count(
      ctx.trx
        .selectFrom('jobs')
        .select(sql<string>`count(*)`.as('n'))
        .where('agency_id', '=', ctx.actor.agencyId)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirst(),
    ),
});
registerDashboardCard({
  id: 'platform.agency-users',
  module: 'platform',
  titleKey: 'dashboard.cards.agencyUsers',
  href: '/admin/users',
  roles: ['agency_admin', 'platform_admin'],
  load: (ctx) =>
    count(
      ctx.trx
        .selectFrom('users')
        .select(sql<string>`count(*)`.as('n'))
        .where('agency_id', '=', ctx.actor.agencyId)
        .where('active', '=', true)
        .executeTakeFirst(),
    ),
});
registerDashboardCard({
  id: 'platform.active-sessions',
  module: 'platform',
  titleKey: 'dashboard.cards.activeSessions',
  href: null,
  roles: ['agency_admin', 'platform_admin'],
  load: (ctx) =>
    count(
      ctx.trx
        .selectFrom('sessions')
        .select(sql<string>`count(*)`.as('n'))
        .where('agency_id', '=', ctx.actor.agencyId)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', ctx.now)
        .executeTakeFirst(),
    ),
});
registerDashboardCard({
  id: 'platform.audit-today',
  module: 'platform',
  titleKey: 'dashboard.cards.auditToday',
  href: '/admin/audit',
  roles: ['agency_admin', 'platform_admin'],
  load: (ctx) =>
    count(
      ctx.trx
        .selectFrom('audit_log')
        .select(sql<string>`count(*)`.as('n'))
        .where('agency_id', '=', ctx.actor.agencyId)
        .where('occurred_at', '>=', new Date(ctx.now.getTime() - 86_400_000))
        .executeTakeFirst(),
    ),
});
registerDashboardCard({
  id: 'platform.agencies',
  module: 'platform',
  titleKey: 'dashboard.cards.agencies',
  href: '/admin/agencies',
  roles: ['platform_admin'],
  load: (ctx) =>
    count(
      ctx.trx
        .selectFrom('agencies')
        .select(sql<string>`count(*)`.as('n'))
        .where('active', '=', true)
        .executeTakeFirst(),
    ),
});
