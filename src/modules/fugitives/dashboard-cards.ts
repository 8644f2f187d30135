import { sql } from 'kysely';
import { registerDashboardCard } from '../platform/dashboard/dashboard.ts';
import type { Ctx } from '../platform/context.ts';
import { standingStep } from './persons/facts.ts';
import { FUGITIVE_READERS } from './policies.ts';
import { today } from './schemas.ts';

const figure = async (query: Promise<{ n: number } | undefined>) => (await query)?.n ?? 0;

/** The agency's own wanted persons with (or without) a standing `returned` step, optionally returned on or after a date. */
const ownPersons = (ctx: Ctx, returned: boolean, since?: string) =>
  figure(
    ctx.trx
      .selectFrom('fugitives as f')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('f.agency_id', '=', ctx.actor.agencyId)
      .where((eb) => {
        const returns = eb
          .selectFrom('fugitive_return_steps as s')
          .select('s.id')
          .whereRef('s.agency_id', '=', 'f.agency_id')
          .whereRef('s.fugitive_id', '=', 'f.id')
          .where('s.kind', '=', 'returned')
          .where(standingStep)
          .$if(since !== undefined, (query) => query.where('s.occurred_on', '>=', since!));
        return returned ? eb.exists(returns) : eb.not(eb.exists(returns));
      })
      .executeTakeFirst(),
  );

/**
 * The fugitives module's home-dashboard cards, for the roles that read wanted persons (policies.ts): the agency's own
 * persons still at large, those returned since 1 January, and its red notices now published. Read in the actor's
 * transaction, so row-level security holds as for the persons themselves.
 */
export function registerFugitiveCards(): void {
  registerDashboardCard({
    id: 'fugitives.at-large',
    module: 'fugitives',
    titleKey: 'dashboard.cards.fugitivesAtLarge',
    href: '/fugitives/overview',
    roles: FUGITIVE_READERS,
    load: (ctx) => ownPersons(ctx, false),
  });
  registerDashboardCard({
    id: 'fugitives.returned-this-year',
    module: 'fugitives',
    titleKey: 'dashboard.cards.fugitivesReturnedThisYear',
    href: '/fugitives/overview',
    roles: FUGITIVE_READERS,
    load: (ctx) => ownPersons(ctx, true, `${today(ctx.now).slice(0, 4)}-01-01`),
  });
  registerDashboardCard({
    id: 'fugitives.published-red-notices',
    module: 'fugitives',
    titleKey: 'dashboard.cards.fugitivesPublishedRedNotices',
    href: '/fugitives',
    roles: FUGITIVE_READERS,
    load: (ctx) =>
      figure(
        ctx.trx
          .selectFrom('fugitive_notices')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('agency_id', '=', ctx.actor.agencyId)
          .where('kind', '=', 'red')
          .where('status', '=', 'published')
          .executeTakeFirst(),
      ),
  });
}
