import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { notFound } from '../../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/policy.ts';
import { fugitivePolicy } from '../policies.ts';
import { nullableDateText } from '../schemas.ts';

/**
 * Which persons an actor sees, as a query filter: the actor's agency's own, and those a published notice shares with
 * it (`concord_fugitive_shared`, migration 0006: a red notice, or a diffusion to the agency's state). Row-level
 * security applies the same rule again in the database.
 */
export const sharedWithActor = sql<boolean>`concord_fugitive_shared(agency_id, id)`;

/**
 * The persons published notices share with the acting agency, as one set of (agency, person) that PostgreSQL builds
 * once per query — the same set the read policy of migration 0015 uses — rather than a question per row.
 */
const sharedSet = (eb: ExpressionBuilder<DB, 'fugitives'>) =>
  eb
    .selectFrom('fugitive_notices as n')
    .select(['n.agency_id', 'n.fugitive_id'])
    .where('n.status', '=', 'published')
    .where((notices) =>
      notices.or([
        notices('n.kind', '=', 'red'),
        notices.and([
          notices('n.kind', '=', 'diffusion'),
          notices(sql<boolean>`concord_acting_state() = any (n.target_states)`, '=', true),
        ]),
      ]),
    );

export function visibleToActor(ctx: Pick<Ctx, 'actor'>) {
  return (eb: ExpressionBuilder<DB, 'fugitives'>) =>
    eb.or([
      eb('agency_id', '=', ctx.actor.agencyId),
      eb(eb.refTuple('agency_id', 'id'), 'in', sharedSet(eb).$asTuple('agency_id', 'fugitive_id')),
    ]);
}

export type FugitiveAction = keyof typeof fugitivePolicy.actions;

export interface VisiblePerson {
  agency_id: string;
  id: string;
  shared: boolean;
  fled_on: string | null;
}

/**
 * A person the actor may read (else not found, whether or not it exists), authorised for `action`. With `lock`, the
 * person's row is then locked for the rest of the transaction (only after authorisation: row-level security lets
 * only the wanting agency lock it).
 */
export async function findVisiblePerson(ctx: Ctx, id: string, action: FugitiveAction = 'read', lock = false): Promise<VisiblePerson> {
  const row = await ctx.trx
    .selectFrom('fugitives')
    .select(['agency_id', 'id', sharedWithActor.as('shared'), nullableDateText('fled_on', 'fled_on')])
    .where('id', '=', id)
    .where(visibleToActor(ctx))
    .executeTakeFirst();
  if (!row) throw notFound('Wanted person');
  authorize(ctx.actor, fugitivePolicy, 'read', row);
  if (action !== 'read') authorize(ctx.actor, fugitivePolicy, action, row);
  if (lock) {
    await ctx.trx
      .selectFrom('fugitives')
      .select('id')
      .where('agency_id', '=', row.agency_id)
      .where('id', '=', row.id)
      .forUpdate()
      .execute();
  }
  return row;
}

/** The notices an actor sees: all of its own agency's; of others, the published ones that share the person with it. */
export function noticesVisibleToActor(ctx: Pick<Ctx, 'actor'>) {
  return (eb: ExpressionBuilder<DB, 'fugitive_notices'>) =>
    eb.or([
      eb('agency_id', '=', ctx.actor.agencyId),
      eb.and([
        eb('status', '=', 'published'),
        eb.or([
          eb('kind', '=', 'red'),
          eb.and([eb('kind', '=', 'diffusion'), eb(sql<boolean>`concord_acting_state() = any (target_states)`, '=', true)]),
        ]),
      ]),
    ]);
}

/** The sightings an actor sees: those of its own agency's persons, and those it reported itself. */
export function sightingsVisibleToActor(ctx: Pick<Ctx, 'actor'>) {
  return (eb: ExpressionBuilder<DB, 'fugitive_sightings'>) =>
    eb.or([eb('agency_id', '=', ctx.actor.agencyId), eb('reported_by_agency_id', '=', ctx.actor.agencyId)]);
}
