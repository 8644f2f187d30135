import { sql } from 'kysely';
import { registerDashboardCard } from '../platform/dashboard/dashboard.ts';
import { SCREENERS } from './policies.ts';

const DECIDED_WINDOW_MS = 30 * 86_400_000;

const figure = async (query: Promise<{ n: number } | undefined>) => (await query)?.n ?? 0;

/**
 * The screening module's home-dashboard cards, for the roles that screen (policies.ts). Each figure is the actor's
 * agency's, read in the actor's transaction, so row-level security holds as for the hits and batches themselves.
 */
export function registerScreeningCards(): void {
  registerDashboardCard({
    id: 'screening.open-hits',
    module: 'screening',
    titleKey: 'dashboard.cards.screeningOpenHits',
    href: '/screening/review',
    roles: SCREENERS,
    load: (ctx) =>
      figure(
        ctx.trx
          .selectFrom('screening_hits')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('agency_id', '=', ctx.actor.agencyId)
          .where('status', '=', 'open')
          .executeTakeFirst(),
      ),
  });
  registerDashboardCard({
    id: 'screening.running-batches',
    module: 'screening',
    titleKey: 'dashboard.cards.screeningRunningBatches',
    href: '/screening/batches',
    roles: SCREENERS,
    // As the batch list shows it: a batch whose job failed or was cancelled without it (its server stopped) has ended.
    load: (ctx) =>
      figure(
        ctx.trx
          .selectFrom('screening_batches as b')
          .leftJoin('jobs as j', 'j.id', 'b.job_id')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('b.agency_id', '=', ctx.actor.agencyId)
          .where('b.status', 'in', ['queued', 'running'])
          .where((eb) => eb.or([eb('j.status', 'is', null), eb('j.status', 'not in', ['failed', 'cancelled'])]))
          .executeTakeFirst(),
      ),
  });
  registerDashboardCard({
    id: 'screening.hits-decided',
    module: 'screening',
    titleKey: 'dashboard.cards.screeningHitsDecided',
    href: '/screening/review',
    roles: SCREENERS,
    load: (ctx) =>
      figure(
        ctx.trx
          .selectFrom('screening_hits')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('agency_id', '=', ctx.actor.agencyId)
          .where('status', 'in', ['confirmed', 'dismissed'])
          .where('decided_at', '>=', new Date(ctx.now.getTime() - DECIDED_WINDOW_MS))
          .executeTakeFirst(),
      ),
  });
}
