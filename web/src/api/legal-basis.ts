/** Shapes of the legal-basis API (src/modules/legal-basis: schemas.ts, engine/types.ts; docs/legal-basis.md). */

export const INSTRUMENT_KINDS = ['bilateral_anticorruption', 'mou', 'extradition_treaty', 'mla_treaty', 'multilateral_convention'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

export const INSTRUMENT_STATUSES = ['proposed', 'negotiating', 'signed', 'ratified', 'in_force', 'suspended', 'terminated'] as const;
export type InstrumentStatus = (typeof INSTRUMENT_STATUSES)[number];

/** Cooperation types in the groups the checker form offers them in. */
export const COOPERATION_GROUPS = [
  { key: 'intelligence', types: ['intelligence_exchange', 'joint_investigation'] },
  {
    key: 'mla',
    types: [
      'mla_evidence_statements',
      'mla_service_of_documents',
      'mla_search_seizure_freezing',
      'mla_examine_objects_sites',
      'mla_information_expert_evaluations',
      'mla_records',
      'mla_trace_proceeds',
      'mla_voluntary_appearance',
      'mla_other',
      'mla_identify_freeze_trace',
      'mla_asset_recovery',
    ],
  },
  { key: 'extradition', types: ['extradition', 'provisional_arrest'] },
  { key: 'assets', types: ['asset_freezing', 'confiscation', 'asset_return'] },
  { key: 'training', types: ['training'] },
] as const;
export type CooperationType = (typeof COOPERATION_GROUPS)[number]['types'][number];

export const OFFENCE_CATEGORIES = [
  'bribery_domestic_official',
  'bribery_foreign_official',
  'embezzlement_public_funds',
  'trading_in_influence',
  'abuse_of_functions',
  'illicit_enrichment',
  'bribery_private_sector',
  'embezzlement_private_sector',
  'money_laundering',
  'concealment',
  'obstruction_of_justice',
] as const;
export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];

export interface Authority {
  id: string;
  state: string;
  kind: 'anti_corruption' | 'central_mla' | 'central_extradition' | 'asset_recovery';
  name: string;
  agencyId: string | null;
  contact: string | null;
}

export interface LegalState {
  code: string;
  name: string;
  nameZh: string | null;
  languages: string[];
  extraditesNationals: boolean;
  reciprocity: boolean;
  deathPenalty: boolean;
  notes: string | null;
  demo: boolean;
  authorities: Authority[];
  policies: { read: boolean; edit: boolean };
}

export interface StatusEvent {
  status: InstrumentStatus;
  date: string;
  note?: string;
}

export interface Declaration {
  id: string;
  instrumentId: string;
  state: string;
  kind: string;
  article: string;
  value: boolean | string | string[];
  text?: string | null;
}

export interface Instrument {
  id: string;
  kind: InstrumentKind;
  title: string;
  shortTitle: string;
  parties: string[];
  statusHistory: StatusEvent[];
  coverage: CooperationType[];
  offences: { mode: 'list' | 'threshold' | 'all'; categories?: OffenceCategory[]; minPenaltyYears?: number };
  conditions: {
    dualCriminality: 'required' | 'coercive_only' | 'not_required';
    nationals: 'refused' | 'discretionary' | 'allowed';
    politicalOffenceException: boolean;
    deathPenaltyAssurance: boolean;
    speciality: boolean;
    offencesNotPoliticalArticle?: string;
    nonCoerciveAssistanceArticle?: string;
  };
  languages: string[];
  centralAuthority: string | null;
  articles: Partial<Record<string, string>>;
  textReference: string | null;
  demo: boolean;
  currentStatus: InstrumentStatus | null;
  inForceSince: string | null;
  policies: { read: boolean; edit: boolean };
}

export interface InstrumentDetail extends Instrument {
  declarations: Declaration[];
}

export interface StateProfileView extends LegalState {
  instruments: Instrument[];
  declarations: Declaration[];
}

export interface CoverageMatrix {
  kind: InstrumentKind;
  date: string;
  states: { code: string; name: string; nameZh: string | null }[];
  cells: { a: string; b: string; status: InstrumentStatus; instrumentId: string; shortTitle: string }[];
}

export interface OffenceInput {
  category: OffenceCategory;
  maxPenaltyYears: number;
  criminalInRequestedState?: boolean;
  politicalCharacter?: boolean;
}

export interface CheckInput {
  requestingState: string;
  requestedState: string;
  cooperation: CooperationType;
  offences: OffenceInput[];
  personNationality?: string;
  date: string;
}

export interface ApplicableBasis {
  instrumentId: string | null;
  title: string;
  kind: InstrumentKind | 'reciprocity';
  strength: 'binding_bilateral' | 'binding_multilateral' | 'non_binding' | 'reciprocity';
  rank: number;
  articles: string[];
  conditions: { code: string; reason: string }[];
  reason: string;
}

export interface RefusalRisk {
  code: string;
  severity: 'bar' | 'high' | 'medium';
  instrumentId: string | null;
  reason: string;
}

export interface CheckResult {
  input: CheckInput;
  bases: ApplicableBasis[];
  risks: RefusalRisk[];
  fallback: ApplicableBasis | null;
  summary: string;
  possible: boolean;
}

/** Status groups of the coverage heat map. */
export type CoverageTone = 'in-force' | 'signed' | 'negotiating' | 'ended' | 'none';
export function coverageTone(status: InstrumentStatus | null | undefined): CoverageTone {
  switch (status) {
    case 'in_force':
      return 'in-force';
    case 'signed':
    case 'ratified':
      return 'signed';
    case 'negotiating':
    case 'proposed':
      return 'negotiating';
    case 'suspended':
    case 'terminated':
      return 'ended';
    case null:
    case undefined:
      return 'none';
  }
}
