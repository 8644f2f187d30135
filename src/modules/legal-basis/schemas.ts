import { z } from 'zod';
import { findUnsafeText } from '../../lib/safe-text.ts';
import { calendarDate } from '../platform/schema-parts.ts';
import { cooperationTypes, instrumentKinds, instrumentStatuses, offenceCategories } from './engine/types.ts';

/**
 * The legal-basis data as the API, the import/export file and the UI see it. The export format is these schemas
 * (docs/legal-basis.md); `formatVersion` changes when they change incompatibly.
 */
export const stateCode = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, e.g. TH');
const isoDate = calendarDate;

export const authorityKinds = ['anti_corruption', 'central_mla', 'central_extradition', 'asset_recovery'] as const;

export const authoritySchema = z.object({
  id: z.uuid().optional(),
  kind: z.enum(authorityKinds),
  name: z.string().trim().min(2).max(300),
  agencyId: z.uuid().nullable().default(null),
  contact: z.string().trim().max(500).nullable().default(null),
});

export const stateSchema = z.object({
  code: stateCode,
  name: z.string().trim().min(2).max(200),
  nameZh: z.string().trim().max(200).nullable().default(null),
  languages: z.array(z.string().trim().min(2).max(40)).max(20).default([]),
  extraditesNationals: z.boolean().default(false),
  reciprocity: z.boolean().default(true),
  deathPenalty: z.boolean().default(false),
  notes: z.string().max(4000).nullable().default(null),
  demo: z.boolean().default(false),
  authorities: z.array(authoritySchema).max(50).default([]),
});
export type StateInput = z.infer<typeof stateSchema>;

export const conditionsSchema = z.object({
  dualCriminality: z.enum(['required', 'coercive_only', 'not_required']),
  nationals: z.enum(['refused', 'discretionary', 'allowed']),
  politicalOffenceException: z.boolean(),
  deathPenaltyAssurance: z.boolean(),
  speciality: z.boolean(),
  /** Article by which the instrument's offences are not political offences (UNCAC: 'Art. 44(4)'). */
  offencesNotPoliticalArticle: z.string().trim().max(60).optional(),
  /** Article obliging non-coercive assistance even without dual criminality (UNCAC: 'Art. 46(9)(b)'). */
  nonCoerciveAssistanceArticle: z.string().trim().max(60).optional(),
});

export const offenceScopeSchema = z
  .object({
    mode: z.enum(['list', 'threshold', 'all']),
    categories: z.array(z.enum(offenceCategories)).optional(),
    minPenaltyYears: z.number().min(0).max(100).optional(),
  })
  .refine((scope) => scope.mode !== 'list' || (scope.categories?.length ?? 0) > 0, 'a list needs at least one offence category')
  .refine((scope) => scope.mode !== 'threshold' || scope.minPenaltyYears !== undefined, 'a threshold needs minPenaltyYears');

export const statusEventSchema = z.object({
  status: z.enum(instrumentStatuses),
  date: isoDate,
  note: z.string().trim().max(1000).optional(),
});

export const instrumentInputSchema = z
  .object({
    id: z.uuid().optional(),
    kind: z.enum(instrumentKinds),
    title: z.string().trim().min(3).max(400),
    shortTitle: z.string().trim().min(2).max(120),
    parties: z.array(stateCode).min(2).max(250),
    coverage: z.array(z.enum(cooperationTypes)).min(1),
    offences: offenceScopeSchema.default({ mode: 'all' }),
    conditions: conditionsSchema,
    languages: z.array(z.string().trim().min(2).max(40)).max(20).default([]),
    centralAuthority: z.string().trim().max(300).nullable().default(null),
    articles: z.partialRecord(z.enum(cooperationTypes), z.string().trim().max(200)).default({}),
    textReference: z.string().trim().max(1000).nullable().default(null),
    demo: z.boolean().default(false),
    statusHistory: z.array(statusEventSchema).max(50).default([]),
  })
  .refine((instrument) => new Set(instrument.parties).size === instrument.parties.length, 'parties must be distinct')
  .refine(
    (instrument) => instrument.kind === 'multilateral_convention' || instrument.parties.length === 2,
    'bilateral instruments have exactly two parties',
  );
export type InstrumentInput = z.infer<typeof instrumentInputSchema>;

export const instrumentUpdateSchema = z.object({
  title: z.string().trim().min(3).max(400).optional(),
  shortTitle: z.string().trim().min(2).max(120).optional(),
  parties: z.array(stateCode).min(2).max(250).optional(),
  coverage: z.array(z.enum(cooperationTypes)).min(1).optional(),
  offences: offenceScopeSchema.optional(),
  conditions: conditionsSchema.optional(),
  languages: z.array(z.string().trim().min(2).max(40)).max(20).optional(),
  centralAuthority: z.string().trim().max(300).nullable().optional(),
  articles: z.partialRecord(z.enum(cooperationTypes), z.string().trim().max(200)).optional(),
  textReference: z.string().trim().max(1000).nullable().optional(),
});

export const declarationKinds = [
  'convention_as_extradition_basis',
  'central_authority',
  'accepted_languages',
  'convention_sufficient_for_confiscation',
  'reservation',
] as const;

export const declarationInputSchema = z
  .object({
    id: z.uuid().optional(),
    instrumentId: z.uuid(),
    state: stateCode,
    kind: z.enum(declarationKinds),
    article: z.string().trim().min(1).max(40),
    value: z.union([z.boolean(), z.string().max(1000), z.array(z.string().max(60)).max(20)]),
    text: z.string().trim().max(4000).nullable().default(null),
  })
  .refine((d) => {
    switch (d.kind) {
      case 'convention_as_extradition_basis':
      case 'convention_sufficient_for_confiscation':
        return typeof d.value === 'boolean';
      case 'accepted_languages':
        return Array.isArray(d.value);
      case 'central_authority':
      case 'reservation':
        return typeof d.value === 'string';
    }
  }, 'the value does not fit the declaration kind (yes/no, a list of languages, or a text)');
export type DeclarationInput = z.infer<typeof declarationInputSchema>;

/**
 * Each state, id and declaration once in a file: the import writes them in order, so a second one would silently
 * replace the first (or collide with it). The second is refused, naming where the first is.
 */
function refuseRepeats(
  entries: readonly { key: string | undefined; path: (string | number)[]; what: string }[],
  context: z.core.$RefinementCtx,
): void {
  const first = new Map<string, string>();
  for (const { key, path, what } of entries) {
    if (key === undefined) continue;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, `/${path.join('/')}`);
    else context.addIssue({ code: 'custom', path, message: `${what} appears again (first at ${earlier})` });
  }
}

export const exportFileSchema = z
  .object({
    format: z.literal('concord-legal-basis'),
    formatVersion: z.literal(1),
    exportedAt: z.iso.datetime({ offset: true }).optional(),
    states: z.array(stateSchema).max(300),
    instruments: z.array(instrumentInputSchema.and(z.object({ id: z.uuid() }))).max(5000),
    declarations: z.array(declarationInputSchema).max(20000),
  })
  .superRefine((file, context) => {
    // The API refuses such text before any schema; a file given to `concord legal import` meets it here.
    const unsafe = findUnsafeText(file);
    if (unsafe) {
      const path = unsafe.path
        .split('/')
        .slice(1)
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
      context.addIssue({ code: 'custom', path, message: unsafe.message });
    }
    refuseRepeats(
      file.states.map((state, index) => ({ key: state.code, path: ['states', index, 'code'], what: `state ${state.code}` })),
      context,
    );
    refuseRepeats(
      file.states.flatMap((state, index) =>
        state.authorities.map((authority, at) => ({
          key: authority.id,
          path: ['states', index, 'authorities', at, 'id'],
          what: `authority id ${String(authority.id)}`,
        })),
      ),
      context,
    );
    refuseRepeats(
      file.instruments.map((instrument, index) => ({
        key: instrument.id,
        path: ['instruments', index, 'id'],
        what: `instrument id ${instrument.id}`,
      })),
      context,
    );
    refuseRepeats(
      file.declarations.map((declaration, index) => ({
        key: declaration.id,
        path: ['declarations', index, 'id'],
        what: `declaration id ${String(declaration.id)}`,
      })),
      context,
    );
    refuseRepeats(
      file.declarations.map((declaration, index) => ({
        key: [declaration.instrumentId, declaration.state, declaration.kind, declaration.article].join(' '),
        path: ['declarations', index],
        what: `the ${declaration.kind} declaration of ${declaration.state} on ${declaration.article} of instrument ${declaration.instrumentId}`,
      })),
      context,
    );
  });
export type ExportFile = z.infer<typeof exportFileSchema>;
