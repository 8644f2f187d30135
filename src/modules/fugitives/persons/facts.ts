import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { Ctx } from '../../platform/context.ts';
import {
  daysOnTheRun,
  lastKnownLocation,
  returnOf,
  stageOf,
  type KnownLocation,
  type ReturnFact,
  type SightingFact,
  type Stage,
  type StepFact,
} from '../engine/lifecycle.ts';
import { dateText, iso, today } from '../schemas.ts';
import { noticesVisibleToActor, sightingsVisibleToActor } from './visibility.ts';

/**
 * The facts recorded about a set of persons that their derived figures need — return steps (in recording order),
 * the sightings the actor sees, and the notices the actor sees — loaded in three queries for the whole set.
 */
export interface NoticeFact {
  agency_id: string;
  id: string;
  fugitive_id: string;
  kind: 'red' | 'yellow' | 'silver' | 'diffusion';
  reference: string | null;
  interpol_entity_id: string | null;
  target_states: string[];
  status: 'requested' | 'published' | 'withdrawn' | 'cancelled' | 'no_longer_public';
  status_on: string;
  created_at: Date;
}

export interface PersonFacts {
  steps: StepFact[];
  sightings: SightingFact[];
  notices: NoticeFact[];
}

export const noticeColumns = [
  'agency_id',
  'id',
  'fugitive_id',
  'kind',
  'reference',
  'interpol_entity_id',
  'target_states',
  'status',
  'created_at',
  dateText('status_on', 'status_on'),
] as const;

/** A return step that has not been retracted (table alias `s`). */
export const standingStep = (eb: ExpressionBuilder<DB & { s: DB['fugitive_return_steps'] }, 's'>) =>
  eb.not(
    eb.exists(
      eb
        .selectFrom('fugitive_step_retractions as r')
        .select('r.step_id')
        .whereRef('r.agency_id', '=', 's.agency_id')
        .whereRef('r.step_id', '=', 's.id'),
    ),
  );

/**
 * Each query names the persons' agencies as well as their ids: every index of these tables leads with the wanting
 * agency's id (the tenant key), so the database reads only the persons' rows instead of scanning the table.
 */
export async function loadFacts(ctx: Ctx, persons: readonly { agency_id: string; id: string }[]): Promise<Map<string, PersonFacts>> {
  const facts = new Map<string, PersonFacts>(persons.map((person) => [person.id, { steps: [], sightings: [], notices: [] }]));
  if (persons.length === 0) return facts;
  const ids = persons.map((person) => person.id);
  const agencies = [...new Set(persons.map((person) => person.agency_id))];
  const steps = await ctx.trx
    .selectFrom('fugitive_return_steps as s')
    .select(['s.fugitive_id', 's.kind', 's.state', 's.city', 's.means', dateText('s.occurred_on', 'occurred_on')])
    .where('s.agency_id', 'in', agencies)
    .where('s.fugitive_id', 'in', ids)
    .where(standingStep)
    .orderBy('s.fugitive_id')
    .orderBy('s.seq')
    .execute();
  const sightings = await ctx.trx
    .selectFrom('fugitive_sightings')
    .select(['fugitive_id', 'state', 'city', 'created_at', dateText('seen_on', 'seen_on')])
    .where('agency_id', 'in', agencies)
    .where('fugitive_id', 'in', ids)
    .where(sightingsVisibleToActor(ctx))
    .execute();
  const notices = await ctx.trx
    .selectFrom('fugitive_notices')
    .select(noticeColumns)
    .where('agency_id', 'in', agencies)
    .where('fugitive_id', 'in', ids)
    .where(noticesVisibleToActor(ctx))
    .orderBy('created_at')
    .execute();
  for (const step of steps) {
    facts
      .get(step.fugitive_id)
      ?.steps.push({ kind: step.kind, on: step.occurred_on, state: step.state, city: step.city, means: step.means });
  }
  for (const sighting of sightings) {
    facts.get(sighting.fugitive_id)?.sightings.push({
      on: sighting.seen_on,
      state: sighting.state,
      city: sighting.city,
      recordedAt: iso(sighting.created_at),
    });
  }
  for (const notice of notices) facts.get(notice.fugitive_id)?.notices.push(notice);
  return facts;
}

export interface DerivedFigures {
  stage: Stage;
  atLarge: boolean;
  returned: ReturnFact | null;
  daysOnTheRun: number | null;
  lastKnownLocation: KnownLocation | null;
}

export function deriveFigures(ctx: Pick<Ctx, 'now'>, fledOn: string | null, facts: PersonFacts): DerivedFigures {
  const returned = returnOf(facts.steps);
  return {
    stage: stageOf(facts.steps),
    atLarge: returned === null,
    returned,
    daysOnTheRun: daysOnTheRun(fledOn, returned, today(ctx.now)),
    lastKnownLocation: lastKnownLocation(facts.steps, facts.sightings),
  };
}
