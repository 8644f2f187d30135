import { z } from 'zod';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { noticeColumns } from '../persons/facts.ts';
import { findVisiblePerson, noticesVisibleToActor, sightingsVisibleToActor } from '../persons/visibility.ts';
import { dateText, iso } from '../schemas.ts';
import { readerView } from '../persons/shared-view.ts';
import { presentSighting, sightingColumns } from './sightings.ts';
import { readSteps, stepsFor } from './steps.ts';

/**
 * One person's timeline: the flight, every notice status (the wanting agency sees each notice's history; another
 * agency the current status of the notices shared with it), the sightings the actor sees and the return steps,
 * merged in date order. On one date the flight comes first, then notices, return steps (in recording order) and
 * sightings. Reading it is a view of the person and is audited.
 */
const entryTypes = ['fled', 'notice', 'step', 'sighting'] as const;

export const timelineEntrySchema = z.object({
  on: z.string(),
  type: z.enum(entryTypes),
  /** The notice, step or sighting; null for the flight. */
  id: z.uuid().nullable(),
  /** Notice kind (red, diffusion…), step kind (located, returned…), or the sighting's confidence. */
  kind: z.string(),
  /** Notices: the status reached on this date. */
  status: z.string().nullable(),
  state: z.string().nullable(),
  city: z.string().nullable(),
  means: z.string().nullable(),
  source: z.string().nullable(),
  targetStates: z.array(z.string()),
  note: z.string().nullable(),
  /** Steps: retracted by the wanting agency as recorded in error (shown, but no longer counted), and why. */
  retracted: z.boolean(),
  retractionReason: z.string().nullable(),
});
export const timelineSchema = z.object({ fugitiveId: z.uuid(), entries: z.array(timelineEntrySchema) });
type Entry = z.infer<typeof timelineEntrySchema> & { order: string };

const blank = {
  id: null,
  status: null,
  state: null,
  city: null,
  means: null,
  source: null,
  targetStates: [],
  note: null,
  retracted: false,
  retractionReason: null,
};

export async function personTimeline(ctx: Ctx, personId: string): Promise<z.infer<typeof timelineSchema>> {
  const person = await findVisiblePerson(ctx, personId);
  const owner = person.agency_id === ctx.actor.agencyId;
  const entries: Entry[] = [];
  const fled = await ctx.trx
    .selectFrom('fugitives')
    .select(['fled_from', dateText('fled_on', 'fled_on')])
    .where('agency_id', '=', person.agency_id)
    .where('id', '=', person.id)
    .executeTakeFirstOrThrow();
  if (person.fled_on) entries.push({ ...blank, on: person.fled_on, type: 'fled', kind: 'fled', state: fled.fled_from, order: '0' });

  const notices = await ctx.trx
    .selectFrom('fugitive_notices')
    .select(noticeColumns)
    .where('agency_id', '=', person.agency_id)
    .where('fugitive_id', '=', person.id)
    .where(noticesVisibleToActor(ctx))
    .execute();
  const noticeById = new Map(notices.map((notice) => [notice.id, notice]));
  if (owner) {
    const events = await ctx.trx
      .selectFrom('fugitive_notice_events')
      .select(['notice_id', 'status', 'note', 'created_at', dateText('occurred_on', 'occurred_on')])
      .where('agency_id', '=', person.agency_id)
      .where('fugitive_id', '=', person.id)
      .execute();
    for (const event of events) {
      const notice = noticeById.get(event.notice_id);
      if (!notice) continue;
      entries.push({
        ...blank,
        on: event.occurred_on,
        type: 'notice',
        id: notice.id,
        kind: notice.kind,
        status: event.status,
        targetStates: notice.target_states,
        note: event.note,
        order: `1${iso(event.created_at)}`,
      });
    }
  } else {
    for (const notice of notices) {
      entries.push({
        ...blank,
        on: notice.status_on,
        type: 'notice',
        id: notice.id,
        kind: notice.kind,
        status: notice.status,
        targetStates: notice.target_states,
        order: `1${iso(notice.created_at)}`,
      });
    }
  }

  const view = readerView(ctx, person.agency_id);
  for (const step of stepsFor(await readSteps(ctx, person), view)) {
    entries.push({
      ...blank,
      on: step.on,
      type: 'step',
      id: step.id,
      kind: step.kind,
      state: step.state,
      city: step.city,
      means: step.means,
      note: step.note,
      retracted: step.retractedAt !== null,
      retractionReason: step.retractionReason,
      order: `2${String(step.seq).padStart(8, '0')}`,
    });
  }

  const sightings = await ctx.trx
    .selectFrom('fugitive_sightings')
    .select(sightingColumns)
    .where('agency_id', '=', person.agency_id)
    .where('fugitive_id', '=', person.id)
    .where(sightingsVisibleToActor(ctx))
    .execute();
  for (const row of sightings) {
    const sighting = presentSighting(row, view);
    entries.push({
      ...blank,
      on: sighting.seenOn,
      type: 'sighting',
      id: sighting.id,
      kind: sighting.confidence,
      state: sighting.state,
      city: sighting.city,
      source: sighting.source,
      note: sighting.note,
      order: `3${sighting.createdAt}`,
    });
  }

  entries.sort((a, b) => (a.on === b.on ? (a.order < b.order ? -1 : a.order > b.order ? 1 : 0) : a.on < b.on ? -1 : 1));
  await recordAudit(ctx, {
    type: 'fugitives.person_viewed',
    version: 1,
    data: { fugitiveId: person.id, ownerAgencyId: person.agency_id, view: 'timeline' },
  });
  return { fugitiveId: person.id, entries: entries.map((entry) => timelineEntrySchema.parse(entry)) };
}
