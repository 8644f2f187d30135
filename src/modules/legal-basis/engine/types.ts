/**
 * Plain data the legal-basis checker works on. The database rows (migration 0003) map onto these one to one; the
 * checker itself never touches the database.
 */

/** ISO 3166-1 alpha-2. */
export type StateCode = string;

export const instrumentKinds = [
  'bilateral_anticorruption', // bilateral anti-corruption cooperation agreement
  'mou', // memorandum of understanding between agencies or governments (not binding)
  'extradition_treaty',
  'mla_treaty', // mutual legal assistance in criminal matters
  'multilateral_convention', // UNCAC, the ASEAN MLA Treaty, …
] as const;
export type InstrumentKind = (typeof instrumentKinds)[number];

export const instrumentStatuses = ['proposed', 'negotiating', 'signed', 'ratified', 'in_force', 'suspended', 'terminated'] as const;
export type InstrumentStatus = (typeof instrumentStatuses)[number];

/**
 * Kinds of cooperation. The MLA kinds follow UNCAC article 46(3)(a)–(k).
 */
export const cooperationTypes = [
  'intelligence_exchange',
  'joint_investigation',
  'mla_evidence_statements', // 46(3)(a) taking evidence or statements
  'mla_service_of_documents', // (b) effecting service of judicial documents
  'mla_search_seizure_freezing', // (c) executing searches and seizures, and freezing
  'mla_examine_objects_sites', // (d) examining objects and sites
  'mla_information_expert_evaluations', // (e) providing information, evidentiary items and expert evaluations
  'mla_records', // (f) originals or certified copies of documents and records, incl. bank, financial, corporate or business records
  'mla_trace_proceeds', // (g) identifying or tracing proceeds of crime, property, instrumentalities
  'mla_voluntary_appearance', // (h) facilitating the voluntary appearance of persons
  'mla_other', // (i) any other type not contrary to domestic law
  'mla_identify_freeze_trace', // (j) identifying, freezing and tracing proceeds (Chapter V)
  'mla_asset_recovery', // (k) recovery of assets (Chapter V)
  'extradition',
  'provisional_arrest',
  'asset_freezing',
  'confiscation',
  'asset_return',
  'training',
] as const;
export type CooperationType = (typeof cooperationTypes)[number];

/** MLA measures that compel (search, seizure, freezing, records against a person's will): dual criminality bites here. */
export const coerciveCooperation: ReadonlySet<CooperationType> = new Set<CooperationType>([
  'mla_search_seizure_freezing',
  'mla_records',
  'mla_trace_proceeds',
  'mla_identify_freeze_trace',
  'mla_asset_recovery',
  'asset_freezing',
  'confiscation',
  'extradition',
  'provisional_arrest',
]);

export const offenceCategories = [
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
export type OffenceCategory = (typeof offenceCategories)[number];

export interface StatusEvent {
  status: InstrumentStatus;
  /** ISO date (YYYY-MM-DD) from which the status holds. */
  date: string;
  note?: string;
}

export interface InstrumentConditions {
  /** Whether the conduct must be an offence in both states: always, only for coercive measures, or never. */
  dualCriminality: 'required' | 'coercive_only' | 'not_required';
  /** Extradition of the requested state's own nationals under this instrument. */
  nationals: 'refused' | 'discretionary' | 'allowed';
  politicalOffenceException: boolean;
  /** The requested state may refuse unless assured the death penalty will not be imposed or carried out. */
  deathPenaltyAssurance: boolean;
  /** The person may be tried only for the offences extradited for. */
  speciality: boolean;
  /**
   * Article by which the instrument's own offences may not be regarded as political offences (UNCAC: 'Art. 44(4)').
   * When set, politicalOffenceException does not apply to them.
   */
  offencesNotPoliticalArticle?: string;
  /**
   * Article obliging the requested state to give non-coercive assistance even without dual criminality (UNCAC:
   * 'Art. 46(9)(b)'); cited when dualCriminality is 'coercive_only' and the measure is not coercive.
   */
  nonCoerciveAssistanceArticle?: string;
}

export interface OffenceScope {
  /** 'list': only the listed categories; 'threshold': any offence punishable by at least minPenaltyYears in both states; 'all'. */
  mode: 'list' | 'threshold' | 'all';
  categories?: OffenceCategory[];
  minPenaltyYears?: number;
}

export interface Instrument {
  id: string;
  kind: InstrumentKind;
  title: string;
  shortTitle: string;
  /** Party states; for a multilateral convention, the states that are parties. */
  parties: StateCode[];
  statusHistory: StatusEvent[];
  coverage: CooperationType[];
  offences: OffenceScope;
  conditions: InstrumentConditions;
  languages: string[];
  centralAuthority: string | null;
  /** Article invoked per cooperation type, e.g. { mla_records: 'Art. 46(3)(f)' }. */
  articles: Partial<Record<CooperationType, string>>;
  textReference: string | null;
}

/** A state's declaration or reservation under a multilateral instrument, as data. */
export type DeclarationKind =
  | 'convention_as_extradition_basis' // UNCAC 44(6)(a): yes or no
  | 'central_authority' // UNCAC 46(13)
  | 'accepted_languages' // UNCAC 46(14)
  | 'convention_sufficient_for_confiscation' // UNCAC 55(6)
  | 'reservation'; // a reservation to an article (e.g. 66(2) dispute settlement)

export interface Declaration {
  instrumentId: string;
  state: StateCode;
  kind: DeclarationKind;
  article: string;
  /** convention_as_extradition_basis / convention_sufficient_for_confiscation: boolean; accepted_languages: string[]; central_authority: string; reservation: string. */
  value: boolean | string | string[];
  text?: string;
}

export interface StateProfile {
  code: StateCode;
  name: string;
  /** Whether the state extradites its own nationals at all (constitutional or statutory bar). */
  extraditesNationals: boolean;
  /** Whether it may cooperate on the basis of reciprocity without a treaty. */
  reciprocity: boolean;
  /** Whether it retains the death penalty for the offences in question (relevant to assurances). */
  deathPenalty: boolean;
  languages: string[];
}

export interface Offence {
  category: OffenceCategory;
  /** Maximum penalty in years under the requesting state's law. */
  maxPenaltyYears: number;
  /** Whether the conduct is also an offence in the requested state (dual criminality); unknown when omitted. */
  criminalInRequestedState?: boolean;
  /** Whether the offence could be regarded as political by the requested state. */
  politicalCharacter?: boolean;
}

export interface CheckInput {
  requestingState: StateCode;
  requestedState: StateCode;
  cooperation: CooperationType;
  offences: Offence[];
  /** Nationality of the person concerned (extradition, provisional arrest). */
  personNationality?: StateCode;
  /** ISO date the cooperation is sought; default today. */
  date: string;
}

export type Strength = 'binding_bilateral' | 'binding_multilateral' | 'non_binding' | 'reciprocity';

export interface ApplicableBasis {
  instrumentId: string | null;
  title: string;
  kind: InstrumentKind | 'reciprocity';
  strength: Strength;
  /** Rank 1 is the strongest basis. */
  rank: number;
  articles: string[];
  conditions: { code: string; reason: string }[];
  reason: string;
}

export type RiskCode =
  | 'nationals_not_extradited'
  | 'below_penalty_threshold'
  | 'offence_not_covered'
  | 'no_dual_criminality'
  | 'dual_criminality_unknown'
  | 'political_offence'
  | 'death_penalty_assurance'
  | 'language_requirement'
  | 'not_in_force_on_date'
  | 'non_binding_only';

export interface RefusalRisk {
  code: RiskCode;
  severity: 'bar' | 'high' | 'medium';
  instrumentId: string | null;
  reason: string;
}

export interface CheckResult {
  input: CheckInput;
  bases: ApplicableBasis[];
  risks: RefusalRisk[];
  /**
   * Set when no bilateral binding instrument applies: the best multilateral convention basis (which also stays in
   * `bases`), otherwise reciprocity if the requested state practises it.
   */
  fallback: ApplicableBasis | null;
  /** One-sentence answer. */
  summary: string;
  /** True when some basis (or the fallback) exists to which no 'bar' risk applies (see check-legal-basis.ts). */
  possible: boolean;
}
