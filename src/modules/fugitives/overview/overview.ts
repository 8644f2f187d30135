import { z } from 'zod';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/policy.ts';
import { TIME_ON_RUN_BUCKETS, daysOnTheRun, median, timeOnRunBucket } from '../engine/lifecycle.ts';
import { deriveFigures, type PersonFacts } from '../persons/facts.ts';
import { visiblePersons, type PersonRow } from '../persons/persons.ts';
import { fugitivePolicy } from '../policies.ts';
import { today } from '../schemas.ts';

/**
 * The figures that answer "how is the hunt going, where are they, what works?" over a set of wanted persons — an
 * agency's own (the overview) or a campaign's members (campaign progress) — computed from their return steps and
 * the sightings the reader sees, at the moment of asking.
 */
const count = z.object({ count: z.number().int() });

export const summaryShape = {
  returned: z.number().int(),
  atLarge: z.number().int(),
  returnedByState: z.array(count.extend({ state: z.string() })),
  returnedByYear: z.array(count.extend({ year: z.number().int() })),
  returnedByMeans: z.array(count.extend({ means: z.string() })),
  /** Persons still at large by the state of their last known location; null: no known location. */
  atLargeByLastKnownState: z.array(count.extend({ state: z.string().nullable() })),
  /** Median days from flight to return over returned persons with a known flight date; null when there are none. */
  medianDaysToReturn: z.number().nullable(),
  /**
   * Time on the run in whole years (flight → return, or → today while at large), each bucket split into returned and
   * at large; persons without a flight date are not counted here.
   */
  timeOnRun: z.array(z.object({ bucket: z.enum(TIME_ON_RUN_BUCKETS), returned: z.number().int(), atLarge: z.number().int() })),
  asOf: z.string(),
};
export type Summary = z.infer<z.ZodObject<typeof summaryShape>>;

export const overviewSchema = z.object({
  /** The agency's wanted persons (its own, not those shared with it by other agencies' notices). */
  persons: z.number().int(),
  ...summaryShape,
});

function tally<K extends string | number | null>(keys: K[]): { key: K; count: number }[] {
  const counts = new Map<K, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts]
    .map(([key, n]) => ({ key, count: n }))
    .sort((a, b) => b.count - a.count || String(a.key ?? '~').localeCompare(String(b.key ?? '~')));
}

export function summarise(ctx: Pick<Ctx, 'now'>, persons: readonly { row: Pick<PersonRow, 'fled_on'>; facts: PersonFacts }[]): Summary {
  const asOf = today(ctx.now);
  const figures = persons.map(({ row, facts }) => ({ fledOn: row.fled_on, ...deriveFigures(ctx, row.fled_on, facts) }));
  const returned = figures.flatMap((figure) => (figure.returned ? [{ ...figure, returned: figure.returned }] : []));
  const atLarge = figures.filter((figure) => !figure.returned);
  const daysToReturn = returned.flatMap((figure) => {
    const days = daysOnTheRun(figure.fledOn, figure.returned, asOf);
    return days === null ? [] : [days];
  });
  const timeOnRun = TIME_ON_RUN_BUCKETS.map((bucket) => ({ bucket, returned: 0, atLarge: 0 }));
  for (const figure of figures) {
    if (!figure.fledOn) continue;
    const slot = timeOnRun[TIME_ON_RUN_BUCKETS.indexOf(timeOnRunBucket(figure.fledOn, figure.returned?.on ?? asOf))]!;
    if (figure.returned) slot.returned += 1;
    else slot.atLarge += 1;
  }
  return {
    returned: returned.length,
    atLarge: atLarge.length,
    returnedByState: tally(returned.map((figure) => figure.returned.from)).map(({ key, count: n }) => ({ state: key, count: n })),
    returnedByYear: tally(returned.map((figure) => Number(figure.returned.on.slice(0, 4))))
      .map(({ key, count: n }) => ({ year: key, count: n }))
      .sort((a, b) => a.year - b.year),
    returnedByMeans: tally(returned.map((figure) => figure.returned.means)).map(({ key, count: n }) => ({ means: key, count: n })),
    atLargeByLastKnownState: tally(atLarge.map((figure) => figure.lastKnownLocation?.state ?? null)).map(({ key, count: n }) => ({
      state: key,
      count: n,
    })),
    medianDaysToReturn: median(daysToReturn),
    timeOnRun,
    asOf,
  };
}

/** The overview of the actor's agency's own wanted persons. */
export async function agencyOverview(ctx: Ctx): Promise<z.infer<typeof overviewSchema>> {
  authorize(ctx.actor, fugitivePolicy, 'list');
  const persons = await visiblePersons(ctx, undefined, undefined, { ownOnly: true });
  await recordAudit(ctx, { type: 'fugitives.overview_viewed', version: 1, data: { persons: persons.length } });
  return { persons: persons.length, ...summarise(ctx, persons) };
}
