import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { readerView, type ReaderView } from '../persons/shared-view.ts';
import { findVisiblePerson } from '../persons/visibility.ts';
import { calendarDate, countryCode, dateText, iso, today } from '../schemas.ts';

/**
 * Sightings of a wanted person, reported by any agency that sees the person (the wanting agency, or one that sees it
 * through a published notice). A sighting is stored with the person (the wanting agency's id) and seen by the
 * wanting agency and by the reporter only, not by third agencies that also see the person.
 */
const confidences = ['low', 'medium', 'high'] as const;

export const sightingSchema = z.object({
  id: z.uuid(),
  fugitiveId: z.uuid(),
  reportedByAgencyId: z.uuid(),
  state: z.string(),
  city: z.string().nullable(),
  seenOn: z.string(),
  source: z.string(),
  confidence: z.enum(confidences),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
});
export type Sighting = z.infer<typeof sightingSchema>;

export const reportSightingInput = z.object({
  state: countryCode,
  city: z.string().trim().min(1).max(120).nullable().optional(),
  seenOn: calendarDate,
  source: z.string().trim().min(1).max(500).describe('who or what reported it, e.g. "immigration record", "informant"'),
  confidence: z.enum(confidences),
  note: z.string().trim().min(1).max(2000).nullable().optional(),
});

export const sightingColumns = [
  'id',
  'fugitive_id',
  'reported_by_agency_id',
  'state',
  'city',
  'source',
  'confidence',
  'note',
  'created_at',
  'created_by',
  dateText('seen_on', 'seen_on'),
] as const;

export function presentSighting(
  row: {
    id: string;
    fugitive_id: string;
    reported_by_agency_id: string;
    state: string;
    city: string | null;
    source: string;
    confidence: (typeof confidences)[number];
    note: string | null;
    created_at: Date;
    created_by: string | null;
    seen_on: string;
  },
  view: ReaderView,
): Sighting {
  return {
    id: row.id,
    fugitiveId: row.fugitive_id,
    reportedByAgencyId: row.reported_by_agency_id,
    state: row.state,
    city: row.city,
    seenOn: row.seen_on,
    source: row.source,
    confidence: row.confidence,
    note: row.note,
    createdAt: iso(row.created_at),
    // The reporter is a user of the reporting agency: the wanting agency sees which agency, not which user.
    createdBy: view.userId(row.reported_by_agency_id, row.created_by),
  };
}

export async function reportSighting(ctx: Ctx, personId: string, input: z.infer<typeof reportSightingInput>): Promise<Sighting> {
  const person = await findVisiblePerson(ctx, personId, 'report_sighting');
  if (input.seenOn > today(ctx.now)) throw new AppError('INVALID_INPUT', 'seenOn cannot be in the future', { field: 'seenOn' });
  const row = await ctx.trx
    .insertInto('fugitive_sightings')
    .values({
      agency_id: person.agency_id,
      fugitive_id: person.id,
      reported_by_agency_id: ctx.actor.agencyId,
      state: input.state,
      city: input.city ?? null,
      seen_on: input.seenOn,
      source: input.source,
      confidence: input.confidence,
      note: input.note ?? null,
      created_by: ctx.actor.userId,
    })
    .returning(sightingColumns)
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, {
    type: 'fugitives.sighting_reported',
    version: 1,
    data: { fugitiveId: person.id, ownerAgencyId: person.agency_id, sightingId: row.id, state: row.state },
  });
  return presentSighting(row, readerView(ctx, person.agency_id));
}
