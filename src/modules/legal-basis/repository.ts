import { sql } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type {
  CooperationType,
  Declaration,
  DeclarationKind,
  Instrument,
  InstrumentConditions,
  InstrumentKind,
  InstrumentStatus,
  OffenceScope,
  StateProfile,
} from './engine/types.ts';

/** What writing to the registry needs: a transaction, the time, and who writes (null for the demo seed). */
export interface RegistryWrite {
  trx: Trx;
  now: Date;
  userId: string | null;
}

export const registryWriteOf = (ctx: { trx: Trx; now: Date; actor: { userId: string } }): RegistryWrite => ({
  trx: ctx.trx,
  now: ctx.now,
  userId: ctx.actor.userId,
});

/** Reads the registry into the checker's plain types. Keys queries are plain SQL-shaped Kysely, ordered for stable output. */
export async function loadStates(trx: Trx): Promise<(StateProfile & { nameZh: string | null; notes: string | null; demo: boolean })[]> {
  const rows = await trx.selectFrom('legal_states').selectAll().orderBy('code').execute();
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    nameZh: row.name_zh,
    languages: row.languages,
    extraditesNationals: row.extradites_nationals,
    reciprocity: row.reciprocity,
    deathPenalty: row.death_penalty,
    notes: row.notes,
    demo: row.demo,
  }));
}

export interface StoredInstrument extends Instrument {
  demo: boolean;
}

export async function loadInstruments(trx: Trx, filter: { ids?: string[]; state?: string } = {}): Promise<StoredInstrument[]> {
  let query = trx.selectFrom('legal_instruments').selectAll().orderBy('title');
  if (filter.ids) query = query.where('id', 'in', filter.ids.length > 0 ? filter.ids : ['00000000-0000-0000-0000-000000000000']);
  if (filter.state) query = query.where(sql<boolean>`${filter.state} = any(parties)`);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const statuses = await trx
    .selectFrom('legal_instrument_status')
    .select(['instrument_id', 'status', sql<string>`effective_on::text`.as('date'), 'note'])
    .where(
      'instrument_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('effective_on')
    // Two events on one day (signed and in force the same day) keep their lifecycle order: the checker reads the
    // later one as the status of that day.
    .orderBy(sql`array_position(array['proposed', 'negotiating', 'signed', 'ratified', 'in_force', 'suspended', 'terminated'], status)`)
    .execute();
  const history = new Map<string, Instrument['statusHistory']>();
  for (const status of statuses) {
    const list = history.get(status.instrument_id) ?? [];
    list.push({ status: status.status as InstrumentStatus, date: status.date, ...(status.note ? { note: status.note } : {}) });
    history.set(status.instrument_id, list);
  }
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as InstrumentKind,
    title: row.title,
    shortTitle: row.short_title,
    parties: row.parties.map((party) => party.trim()),
    statusHistory: history.get(row.id) ?? [],
    coverage: row.coverage as CooperationType[],
    offences: row.offences as OffenceScope,
    conditions: row.conditions as InstrumentConditions,
    languages: row.languages,
    centralAuthority: row.central_authority,
    articles: row.articles as Instrument['articles'],
    textReference: row.text_reference,
    demo: row.demo,
  }));
}

export async function loadDeclarations(
  trx: Trx,
  filter: { instrumentId?: string; state?: string } = {},
): Promise<(Declaration & { id: string })[]> {
  let query = trx.selectFrom('legal_declarations').selectAll().orderBy('state').orderBy('article');
  if (filter.instrumentId) query = query.where('instrument_id', '=', filter.instrumentId);
  if (filter.state) query = query.where('state', '=', filter.state);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    instrumentId: row.instrument_id,
    state: row.state.trim(),
    kind: row.kind as DeclarationKind,
    article: row.article,
    value: row.value as Declaration['value'],
    ...(row.text ? { text: row.text } : {}),
  }));
}
