import { z } from 'zod';
import { calendarDate } from '../platform/schema-parts.ts';
import type { Ctx } from '../platform/context.ts';
import { authorize } from '../platform/policy.ts';
import { statusOn } from './engine/check-legal-basis.ts';
import { instrumentKinds, type InstrumentStatus } from './engine/types.ts';
import { legalBasisPolicy } from './policies.ts';
import { loadInstruments, loadStates } from './repository.ts';

export const coverageQuery = z.object({
  kind: z.enum(instrumentKinds).default('extradition_treaty'),
  date: calendarDate.optional(),
});

/** How far along an instrument is, for choosing the "best" one between two states. */
const progress: Record<InstrumentStatus, number> = {
  in_force: 6,
  ratified: 5,
  signed: 4,
  negotiating: 3,
  proposed: 2,
  suspended: 1,
  terminated: 0,
};

/**
 * The states × states matrix for one kind of instrument: for each pair, the most advanced instrument of that kind
 * between them on the date (bilateral instruments; for multilateral conventions, those both states are party to).
 */
export async function coverageMatrix(ctx: Ctx, query: z.infer<typeof coverageQuery>) {
  authorize(ctx.actor, legalBasisPolicy, 'read');
  const date = query.date ?? ctx.now.toISOString().slice(0, 10);
  const [states, instruments] = await Promise.all([loadStates(ctx.trx), loadInstruments(ctx.trx)]);
  const ofKind = instruments.filter((instrument) => instrument.kind === query.kind);
  const cells: { a: string; b: string; status: InstrumentStatus; instrumentId: string; shortTitle: string }[] = [];
  for (const [i, a] of states.entries()) {
    for (const b of states.slice(i + 1)) {
      let best: (typeof cells)[number] | undefined;
      for (const instrument of ofKind) {
        if (!instrument.parties.includes(a.code) || !instrument.parties.includes(b.code)) continue;
        const status = statusOn(instrument, date);
        if (!status) continue;
        if (!best || progress[status] > progress[best.status]) {
          best = { a: a.code, b: b.code, status, instrumentId: instrument.id, shortTitle: instrument.shortTitle };
        }
      }
      if (best) cells.push(best);
    }
  }
  return { kind: query.kind, date, states: states.map((state) => ({ code: state.code, name: state.name, nameZh: state.nameZh })), cells };
}
