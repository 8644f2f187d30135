import { registerDashboardCard } from '../platform/dashboard/dashboard.ts';
import { statusOn } from './engine/check-legal-basis.ts';
import type { Trx } from '../../db/database.ts';
import { loadInstruments, type StoredInstrument } from './repository.ts';

/** The registry is read once per dashboard request (its transaction), not once per card. */
const instrumentsOfTransaction = new WeakMap<Trx, Promise<StoredInstrument[]>>();
function instrumentsFor(trx: Trx): Promise<StoredInstrument[]> {
  let instruments = instrumentsOfTransaction.get(trx);
  if (!instruments) {
    instruments = loadInstruments(trx);
    instrumentsOfTransaction.set(trx, instruments);
  }
  return instruments;
}

/** Home-dashboard figures of the legal-basis module (shared reference data: the same for every agency). */
export function registerLegalBasisCards(): void {
  const countWhere =
    (predicate: (status: string | null, kind: string) => boolean) =>
    async (ctx: Parameters<Parameters<typeof registerDashboardCard>[0]['load']>[0]) => {
      const date = ctx.now.toISOString().slice(0, 10);
      const instruments = await instrumentsFor(ctx.trx);
      return instruments.filter((instrument) => predicate(statusOn(instrument, date), instrument.kind)).length;
    };
  registerDashboardCard({
    id: 'legal-basis.extradition-in-force',
    module: 'legal-basis',
    titleKey: 'dashboard.cards.extraditionTreatiesInForce',
    href: '/legal-basis/coverage?kind=extradition_treaty',
    roles: 'any',
    load: countWhere((status, kind) => status === 'in_force' && kind === 'extradition_treaty'),
  });
  registerDashboardCard({
    id: 'legal-basis.mla-in-force',
    module: 'legal-basis',
    titleKey: 'dashboard.cards.mlaInstrumentsInForce',
    href: '/legal-basis/coverage?kind=mla_treaty',
    roles: 'any',
    load: countWhere((status, kind) => status === 'in_force' && (kind === 'mla_treaty' || kind === 'multilateral_convention')),
  });
  registerDashboardCard({
    id: 'legal-basis.agreements-in-force',
    module: 'legal-basis',
    titleKey: 'dashboard.cards.anticorruptionAgreementsInForce',
    href: '/legal-basis/coverage?kind=bilateral_anticorruption',
    roles: 'any',
    load: countWhere((status, kind) => status === 'in_force' && (kind === 'bilateral_anticorruption' || kind === 'mou')),
  });
  registerDashboardCard({
    id: 'legal-basis.under-negotiation',
    module: 'legal-basis',
    titleKey: 'dashboard.cards.instrumentsUnderNegotiation',
    href: '/legal-basis/instruments?status=negotiating',
    roles: 'any',
    load: countWhere((status) => status === 'proposed' || status === 'negotiating' || status === 'signed' || status === 'ratified'),
  });
}
