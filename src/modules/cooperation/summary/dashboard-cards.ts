import { sql } from 'kysely';
import { registerDashboardCard } from '../../platform/dashboard/dashboard.ts';
import { today } from '../schemas.ts';
import { visibleTo } from '../sharing.ts';

/**
 * The cooperation module's home-dashboard cards. Figures cover what the actor may see (their agency's records and
 * those shared with it; everything for platform administrators), in the actor's transaction.
 */
const figure = async (query: Promise<{ n: number } | undefined>) => (await query)?.n ?? 0;

registerDashboardCard({
  id: 'cooperation.trainings-this-year',
  module: 'cooperation',
  titleKey: 'dashboard.cards.cooperationTrainingsThisYear',
  href: null,
  roles: 'any',
  load: (ctx) => {
    const year = ctx.now.getUTCFullYear();
    return figure(
      ctx.trx
        .selectFrom('training_sessions as s')
        .innerJoin('training_programmes as p', (join) => join.onRef('p.agency_id', '=', 's.agency_id').onRef('p.id', '=', 's.programme_id'))
        .select(sql<number>`count(*)::int`.as('n'))
        .where(visibleTo(ctx.actor, 'p.agency_id', 'p.participant_agency_ids', 'array'))
        .where('s.cancelled', '=', false)
        .where('p.cancelled', '=', false)
        .where('s.starts_on', '>=', `${year}-01-01`)
        .where('s.starts_on', '<', `${year + 1}-01-01`)
        .executeTakeFirst(),
    );
  },
});

registerDashboardCard({
  id: 'cooperation.active-joint-operations',
  module: 'cooperation',
  titleKey: 'dashboard.cards.cooperationActiveJointOperations',
  href: null,
  roles: 'any',
  load: (ctx) =>
    figure(
      ctx.trx
        .selectFrom('joint_operations')
        .select(sql<number>`count(*)::int`.as('n'))
        .where(visibleTo(ctx.actor, 'agency_id', 'participant_agency_ids', 'array'))
        .where('status', '=', 'active')
        .executeTakeFirst(),
    ),
});

registerDashboardCard({
  id: 'cooperation.upcoming-events',
  module: 'cooperation',
  titleKey: 'dashboard.cards.cooperationUpcomingEvents',
  href: null,
  roles: 'any',
  load: (ctx) =>
    figure(
      ctx.trx
        .selectFrom('cooperation_events')
        .select(sql<number>`count(*)::int`.as('n'))
        .where(visibleTo(ctx.actor, 'agency_id', 'participant_agency_ids', 'array'))
        .where('status', '=', 'planned')
        .where('starts_on', '>=', today(ctx.now))
        .executeTakeFirst(),
    ),
});
