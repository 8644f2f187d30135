import type { Ctx } from '../../platform/context.ts';

/**
 * What an agency sees of a wanted person another agency keeps, once a published notice shares the person with it
 * (docs/security.md, "Shared persons"). It sees the person as the notice presents them — identity, documents,
 * offences, the amount, the flight, the photographs, the published notices — and the standing return steps as facts
 * (kind, date, state, city, means). It never sees what the keeping agency wrote for itself — internal notes, notes on
 * return steps, retracted steps and why, notice histories, campaigns — nor who at another agency recorded anything:
 * user ids are shown only to the recorder's own agency. Every presenter of a person's records asks this one place.
 */
export interface ReaderView {
  /** The reader's agency keeps the person. */
  keeper: boolean;
  /** A user id recorded by `recordedByAgency`, or null when that agency is not the reader's. */
  userId(recordedByAgency: string, userId: string | null): string | null;
}

export function readerView(ctx: Pick<Ctx, 'actor'>, keepingAgencyId: string): ReaderView {
  const reader = ctx.actor.agencyId;
  return {
    keeper: keepingAgencyId === reader,
    userId: (recordedByAgency, userId) => (recordedByAgency === reader ? userId : null),
  };
}
