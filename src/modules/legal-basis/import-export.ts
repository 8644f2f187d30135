import { recordAudit } from '../platform/audit/record-audit.ts';
import type { Trx } from '../../db/database.ts';
import type { Ctx } from '../platform/context.ts';
import { authorize } from '../platform/policy.ts';
import { saveDeclaration } from './declarations.ts';
import { saveInstrument } from './instruments.ts';
import { legalBasisPolicy } from './policies.ts';
import { loadDeclarations, loadInstruments, loadStates, registryWriteOf, type RegistryWrite } from './repository.ts';
import type { ExportFile } from './schemas.ts';
import { authoritiesOf, saveState } from './states.ts';

/** The whole registry as one JSON document (format in docs/legal-basis.md). */
export async function exportLegalBasis(ctx: Ctx): Promise<ExportFile> {
  authorize(ctx.actor, legalBasisPolicy, 'read');
  return buildExport(ctx);
}

/** The export document, read in the caller's transaction (the API use case and `concord legal export`). */
export async function buildExport(ctx: { trx: Trx; now: Date }): Promise<ExportFile> {
  const authorities = await authoritiesOf(ctx);
  const states = (await loadStates(ctx.trx)).map((state) => ({
    ...state,
    authorities: authorities.filter((authority) => authority.state === state.code),
  }));
  const instruments = await loadInstruments(ctx.trx);
  const declarations = await loadDeclarations(ctx.trx);
  return {
    format: 'concord-legal-basis',
    formatVersion: 1,
    exportedAt: ctx.now.toISOString(),
    states: states.map((state) => ({
      code: state.code,
      name: state.name,
      nameZh: state.nameZh,
      languages: state.languages,
      extraditesNationals: state.extraditesNationals,
      reciprocity: state.reciprocity,
      deathPenalty: state.deathPenalty,
      notes: state.notes,
      demo: state.demo,
      authorities: state.authorities.map((authority) => ({
        id: authority.id,
        kind: authority.kind,
        name: authority.name,
        agencyId: authority.agencyId,
        contact: authority.contact,
      })),
    })),
    instruments: instruments.map((instrument) => ({
      id: instrument.id,
      kind: instrument.kind,
      title: instrument.title,
      shortTitle: instrument.shortTitle,
      parties: instrument.parties,
      coverage: instrument.coverage,
      offences: instrument.offences,
      conditions: instrument.conditions,
      languages: instrument.languages,
      centralAuthority: instrument.centralAuthority,
      articles: instrument.articles,
      textReference: instrument.textReference,
      demo: instrument.demo,
      statusHistory: instrument.statusHistory,
    })),
    declarations: declarations.map((declaration) => ({
      id: declaration.id,
      instrumentId: declaration.instrumentId,
      state: declaration.state,
      kind: declaration.kind,
      article: declaration.article,
      value: declaration.value,
      text: declaration.text ?? null,
    })),
  };
}

/**
 * Adds or replaces states, instruments (by id) and declarations from an export file, in the caller's transaction:
 * a file with any invalid entry changes nothing (the schema is checked before, references while writing).
 */
export async function importLegalBasis(ctx: Ctx, file: ExportFile): Promise<ImportCounts> {
  authorize(ctx.actor, legalBasisPolicy, 'edit');
  const counts = await writeImport(registryWriteOf(ctx), file);
  await recordAudit(ctx, { type: 'legal.imported', version: 1, data: counts });
  return counts;
}

export interface ImportCounts {
  states: number;
  instruments: number;
  declarations: number;
}

/** Writes an export document (states, then instruments, then declarations) in the caller's transaction. */
export async function writeImport(write: RegistryWrite, file: ExportFile): Promise<ImportCounts> {
  for (const state of file.states) await saveState(write, state);
  for (const instrument of file.instruments) await saveInstrument(write, instrument);
  for (const declaration of file.declarations) await saveDeclaration(write, declaration);
  return { states: file.states.length, instruments: file.instruments.length, declarations: file.declarations.length };
}
