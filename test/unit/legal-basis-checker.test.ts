import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkLegalBasis, statusOn } from '../../src/modules/legal-basis/engine/check-legal-basis.ts';
import type { LegalBasisData } from '../../src/modules/legal-basis/engine/check-legal-basis.ts';
import type {
  CheckInput,
  CheckResult,
  CooperationType,
  Declaration,
  Instrument,
  InstrumentConditions,
  Offence,
  StateProfile,
  StatusEvent,
} from '../../src/modules/legal-basis/engine/types.ts';

// ---------------------------------------------------------------------------------------------------------------------
// Factories. The state profiles, dates, articles and declarations below are ILLUSTRATIVE: plausible enough to exercise
// the rules, not a statement of any state's law or of its notifications to the UN Secretary-General.
// ---------------------------------------------------------------------------------------------------------------------

const buildState = (code: string, overrides: Partial<StateProfile> = {}): StateProfile => ({
  code,
  name: code,
  extraditesNationals: false,
  reciprocity: true,
  deathPenalty: false,
  languages: [],
  ...overrides,
});

const buildConditions = (overrides: Partial<InstrumentConditions> = {}): InstrumentConditions => ({
  dualCriminality: 'required',
  nationals: 'allowed',
  politicalOffenceException: false,
  deathPenaltyAssurance: false,
  speciality: false,
  ...overrides,
});

type InstrumentOverrides = Partial<Omit<Instrument, 'conditions'>> & { conditions?: Partial<InstrumentConditions> };

const buildInstrument = (id: string, overrides: InstrumentOverrides = {}): Instrument => ({
  id,
  kind: 'mla_treaty',
  title: id,
  shortTitle: id,
  parties: ['CN', 'TH'],
  statusHistory: [{ status: 'in_force', date: '2000-01-01' }],
  coverage: [],
  offences: { mode: 'all' },
  languages: [],
  centralAuthority: null,
  articles: {},
  textReference: null,
  ...overrides,
  conditions: buildConditions(overrides.conditions),
});

const buildDeclaration = (state: string, kind: Declaration['kind'], value: Declaration['value'], article: string): Declaration => ({
  instrumentId: 'uncac',
  state,
  kind,
  value,
  article,
});

const buildOffence = (overrides: Partial<Offence> = {}): Offence => ({
  category: 'embezzlement_public_funds',
  maxPenaltyYears: 10,
  criminalInRequestedState: true,
  ...overrides,
});

const buildRequest = (overrides: Partial<CheckInput> = {}): CheckInput => ({
  requestingState: 'CN',
  requestedState: 'TH',
  cooperation: 'mla_records',
  offences: [buildOffence()],
  date: '2024-06-01',
  ...overrides,
});

// Illustrative profiles. China (Extradition Law art. 8), Viet Nam, Laos and Indonesia refuse their own nationals;
// Thailand is marked as refusing too (its Extradition Act 2008 s. 12 allows it only by treaty, consent or reciprocity);
// Malaysia, Singapore and the Philippines extradite their nationals. The Philippines has abolished the death penalty
// and is marked as extraditing only under a treaty (no reciprocity).
const buildStates = (): StateProfile[] => [
  buildState('CN', { name: 'China', deathPenalty: true, languages: ['zh'] }),
  buildState('TH', { name: 'Thailand', deathPenalty: true, languages: ['th'] }),
  buildState('MY', { name: 'Malaysia', extraditesNationals: true, deathPenalty: true, languages: ['ms'] }),
  buildState('SG', { name: 'Singapore', extraditesNationals: true, deathPenalty: true, languages: ['en', 'zh', 'ms', 'ta'] }),
  buildState('VN', { name: 'Viet Nam', deathPenalty: true, languages: ['vi'] }),
  buildState('LA', { name: 'Laos', deathPenalty: true, languages: ['lo'] }),
  buildState('ID', { name: 'Indonesia', deathPenalty: true, languages: ['id'] }),
  buildState('PH', { name: 'the Philippines', extraditesNationals: true, reciprocity: false, languages: ['en', 'fil'] }),
];

const asean = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN'];
const mlaTypes: CooperationType[] = [
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
];

const buildInstruments = (): Instrument[] => [
  buildInstrument('uncac', {
    kind: 'multilateral_convention',
    title: 'United Nations Convention against Corruption',
    shortTitle: 'UNCAC',
    // Abridged: UNCAC has more than 190 parties.
    parties: ['CN', ...asean, 'JP', 'KR', 'IN', 'AU', 'US', 'GB', 'FR', 'DE', 'RU', 'BR'],
    statusHistory: [
      { status: 'signed', date: '2003-12-09' },
      { status: 'in_force', date: '2005-12-14' },
    ],
    // Agency-to-agency intelligence exchange is left to MoUs in this dataset.
    coverage: [
      ...mlaTypes,
      'joint_investigation',
      'extradition',
      'provisional_arrest',
      'asset_freezing',
      'confiscation',
      'asset_return',
      'training',
    ],
    conditions: {
      dualCriminality: 'coercive_only',
      nationals: 'discretionary',
      politicalOffenceException: true,
      offencesNotPoliticalArticle: 'Art. 44(4)',
      nonCoerciveAssistanceArticle: 'Art. 46(9)(b)',
    },
    articles: {
      mla_records: 'Art. 46(3)(f)',
      mla_service_of_documents: 'Art. 46(3)(b)',
      extradition: 'Art. 44',
      provisional_arrest: 'Art. 44(10)',
      confiscation: 'Art. 55',
      joint_investigation: 'Art. 49',
      training: 'Art. 60',
    },
  }),
  buildInstrument('asean-mlat', {
    kind: 'multilateral_convention',
    title: 'Treaty on Mutual Legal Assistance in Criminal Matters among Like-Minded ASEAN Member Countries',
    shortTitle: 'ASEAN MLA Treaty',
    parties: asean,
    statusHistory: [
      { status: 'signed', date: '2004-11-29' },
      { status: 'in_force', date: '2005-06-01' },
    ],
    coverage: [...mlaTypes, 'asset_freezing', 'confiscation'],
    conditions: { dualCriminality: 'required', politicalOffenceException: true },
    languages: ['en'],
    articles: { mla_records: 'Art. 1(2)(f)', confiscation: 'Art. 1(2)(i)' },
  }),
  buildInstrument('cn-th-extradition', {
    kind: 'extradition_treaty',
    title: 'Extradition Treaty between the People’s Republic of China and the Kingdom of Thailand',
    shortTitle: 'China–Thailand extradition treaty',
    statusHistory: [
      { status: 'signed', date: '1993-08-26' },
      { status: 'in_force', date: '1999-03-07' },
    ],
    coverage: ['extradition', 'provisional_arrest'],
    offences: { mode: 'threshold', minPenaltyYears: 1 },
    conditions: { nationals: 'discretionary', politicalOffenceException: true, deathPenaltyAssurance: true, speciality: true },
    languages: ['zh', 'th', 'en'],
    articles: { extradition: 'Art. 2', provisional_arrest: 'Art. 9' },
  }),
  buildInstrument('cn-th-mla', {
    kind: 'mla_treaty',
    title: 'China–Thailand Treaty on Mutual Legal Assistance in Criminal Matters',
    shortTitle: 'China–Thailand MLA treaty',
    statusHistory: [
      { status: 'signed', date: '2003-06-21' },
      { status: 'in_force', date: '2003-12-01' },
    ],
    coverage: [...mlaTypes, 'asset_freezing', 'confiscation'],
    conditions: { dualCriminality: 'coercive_only', politicalOffenceException: true },
    languages: ['zh', 'th', 'en'],
    centralAuthority: 'Ministry of Justice (China); Office of the Attorney General (Thailand)',
    articles: { mla_records: 'Art. 1(2)(f)', mla_service_of_documents: 'Art. 1(2)(b)' },
  }),
  buildInstrument('cn-vn-anticorruption', {
    kind: 'bilateral_anticorruption',
    title: 'Agreement between China and Viet Nam on Cooperation in Preventing and Combating Corruption',
    shortTitle: 'China–Viet Nam anti-corruption agreement',
    parties: ['CN', 'VN'],
    statusHistory: [{ status: 'in_force', date: '2016-03-01' }],
    coverage: ['intelligence_exchange', 'joint_investigation', 'mla_records', 'mla_trace_proceeds', 'training'],
    offences: {
      mode: 'list',
      categories: ['bribery_domestic_official', 'bribery_foreign_official', 'embezzlement_public_funds', 'money_laundering'],
    },
    conditions: { dualCriminality: 'not_required' },
    languages: ['zh', 'vi'],
    articles: { mla_records: 'Art. 4' },
  }),
  buildInstrument('cn-my-extradition', {
    kind: 'extradition_treaty',
    title: 'Extradition Treaty between China and Malaysia (draft)',
    shortTitle: 'China–Malaysia extradition treaty',
    parties: ['CN', 'MY'],
    statusHistory: [{ status: 'negotiating', date: '2017-05-01' }],
    coverage: ['extradition', 'provisional_arrest'],
    offences: { mode: 'threshold', minPenaltyYears: 1 },
  }),
  buildInstrument('cn-la-mou', {
    kind: 'mou',
    title:
      'Memorandum of Understanding on Anti-Corruption Cooperation between the National Commission of Supervision of China and the State Inspection Authority of Laos',
    shortTitle: 'China–Laos anti-corruption MoU',
    parties: ['CN', 'LA'],
    statusHistory: [{ status: 'in_force', date: '2019-04-25' }],
    coverage: ['intelligence_exchange', 'training'],
    conditions: { dualCriminality: 'not_required' },
  }),
  buildInstrument('cn-ph-extradition', {
    kind: 'extradition_treaty',
    title: 'Extradition Treaty between the People’s Republic of China and the Republic of the Philippines',
    shortTitle: 'China–Philippines extradition treaty',
    parties: ['CN', 'PH'],
    statusHistory: [
      { status: 'signed', date: '2001-10-30' },
      { status: 'in_force', date: '2006-03-12' },
    ],
    coverage: ['extradition', 'provisional_arrest'],
    offences: { mode: 'threshold', minPenaltyYears: 1 },
    conditions: { nationals: 'discretionary', politicalOffenceException: true, deathPenaltyAssurance: true, speciality: true },
    languages: ['zh', 'en'],
    articles: { extradition: 'Art. 2' },
  }),
];

// Illustrative UNCAC declarations: only Indonesia and the Philippines take UNCAC as a basis for extradition, only the
// Philippines as a sufficient basis for confiscation.
const buildDeclarations = (): Declaration[] => [
  buildDeclaration('CN', 'convention_as_extradition_basis', false, 'Art. 44(6)'),
  buildDeclaration('CN', 'central_authority', 'Ministry of Justice of the People’s Republic of China', 'Art. 46(13)'),
  buildDeclaration('TH', 'convention_as_extradition_basis', false, 'Art. 44(6)'),
  buildDeclaration('TH', 'central_authority', 'the Office of the Attorney General of Thailand', 'Art. 46(13)'),
  buildDeclaration('TH', 'accepted_languages', ['th', 'en'], 'Art. 46(14)'),
  buildDeclaration('TH', 'convention_sufficient_for_confiscation', false, 'Art. 55(6)'),
  buildDeclaration('MY', 'convention_as_extradition_basis', false, 'Art. 44(6)'),
  buildDeclaration('VN', 'convention_as_extradition_basis', false, 'Art. 44(6)'),
  buildDeclaration('VN', 'accepted_languages', ['vi', 'en'], 'Art. 46(14)'),
  buildDeclaration('LA', 'convention_as_extradition_basis', false, 'Art. 44(6)'),
  buildDeclaration('SG', 'convention_as_extradition_basis', false, 'Art. 44(6)'),
  buildDeclaration('ID', 'convention_as_extradition_basis', true, 'Art. 44(6)'),
  buildDeclaration('ID', 'reservation', 'Not bound by art. 66(2)', 'Art. 66(2)'),
  buildDeclaration('PH', 'convention_as_extradition_basis', true, 'Art. 44(6)'),
  buildDeclaration('PH', 'convention_sufficient_for_confiscation', true, 'Art. 55(6)'),
];

interface DatasetOverrides {
  /** Replace parts of named instruments. */
  instruments?: Record<string, InstrumentOverrides>;
  /** Drop these instruments. */
  without?: string[];
  /** Add these instruments. */
  extra?: Instrument[];
  states?: Record<string, Partial<StateProfile>>;
}

const buildDataset = (overrides: DatasetOverrides = {}): LegalBasisData => ({
  instruments: [
    ...buildInstruments()
      .filter((instrument) => !(overrides.without ?? []).includes(instrument.id))
      .map((instrument) => {
        const patch = overrides.instruments?.[instrument.id];
        if (patch === undefined) return instrument;
        return { ...instrument, ...patch, conditions: { ...instrument.conditions, ...patch.conditions } };
      }),
    ...(overrides.extra ?? []),
  ],
  declarations: buildDeclarations(),
  states: buildStates().map((state) => ({ ...state, ...overrides.states?.[state.code] })),
});

const withStatus = (...events: StatusEvent[]): InstrumentOverrides => ({ statusHistory: events });

// ---------------------------------------------------------------------------------------------------------------------
// Situations
// ---------------------------------------------------------------------------------------------------------------------

interface Situation {
  name: string;
  request: Partial<CheckInput>;
  data?: DatasetOverrides;
  possible: boolean;
  /** instrumentIds of `bases`, in rank order. */
  bases: string[];
  /** "code:severity:instrumentId" ('-' for none), any order. */
  risks: string[];
  /** instrumentId of the fallback, 'reciprocity', or null. */
  fallback: string | null;
  then?: (result: CheckResult) => void;
}

const chineseNational = { cooperation: 'extradition', personNationality: 'CN' } as const;

const basis = (result: CheckResult, instrumentId: string) => {
  const found = result.bases.find((b) => b.instrumentId === instrumentId);
  assert.ok(found, `no basis ${instrumentId}`);
  return found;
};
const conditionCodes = (result: CheckResult, instrumentId: string) => basis(result, instrumentId).conditions.map((c) => c.code);
const conditionReason = (result: CheckResult, instrumentId: string, code: string) => {
  const found = basis(result, instrumentId).conditions.find((c) => c.code === code);
  assert.ok(found, `no condition ${code} on ${instrumentId}`);
  return found.reason;
};
const fallbackOf = (result: CheckResult) => {
  assert.ok(result.fallback, 'no fallback');
  return result.fallback;
};
const riskReason = (result: CheckResult, code: string, instrumentId: string | null) => {
  const found = result.risks.find((r) => r.code === code && r.instrumentId === instrumentId);
  assert.ok(found, `no risk ${code} on ${instrumentId ?? 'the request'}`);
  return found.reason;
};

const situations: Situation[] = [
  {
    name: 'China asks Thailand for bank records in an embezzlement case: the bilateral MLA treaty first, UNCAC 46(3)(f) too',
    request: {},
    possible: true,
    bases: ['cn-th-mla', 'uncac'],
    risks: ['language_requirement:medium:uncac'],
    fallback: null,
    then: (result) => {
      assert.equal(
        result.summary,
        'Yes: Thailand can be asked for bank, financial or business records on the basis of the China–Thailand Treaty on Mutual Legal Assistance in Criminal Matters (Art. 1(2)(f)), with UNCAC art. 46(3)(f) as a further basis.',
      );
      assert.deepEqual(
        result.bases.map((b) => [b.rank, b.strength, b.kind, b.articles]),
        [
          [1, 'binding_bilateral', 'mla_treaty', ['Art. 1(2)(f)']],
          [2, 'binding_multilateral', 'multilateral_convention', ['Art. 46(3)(f)']],
        ],
      );
      assert.deepEqual(conditionCodes(result, 'uncac'), ['languages', 'central_authority']);
      assert.match(conditionReason(result, 'uncac', 'languages'), /Thai or English.*UNCAC art\. 46\(14\)/);
      assert.match(conditionReason(result, 'uncac', 'central_authority'), /Office of the Attorney General of Thailand.*art\. 46\(13\)/);
      assert.match(conditionReason(result, 'cn-th-mla', 'central_authority'), /Office of the Attorney General \(Thailand\)/);
      assert.match(
        basis(result, 'cn-th-mla').reason,
        /China–Thailand MLA treaty, in force since 2003-12-01, and its art\. 1\(2\)\(f\) covers/,
      );
    },
  },
  {
    name: 'extradition of a Thai national from Thailand to China is barred whatever the basis',
    request: { cooperation: 'extradition', personNationality: 'TH' },
    possible: false,
    bases: ['cn-th-extradition'],
    risks: ['nationals_not_extradited:bar:-', 'death_penalty_assurance:medium:cn-th-extradition'],
    fallback: null,
    then: (result) => {
      const reason = riskReason(result, 'nationals_not_extradited', null);
      assert.match(reason, /aut dedere aut judicare/);
      assert.match(reason, /UNCAC art\. 44\(11\)/);
      assert.match(reason, /submit the case to its own prosecutors/);
      assert.match(result.summary, /^No: Thailand does not extradite its own nationals/);
    },
  },
  {
    name: 'the nationals bar holds even when only reciprocity is left',
    request: { cooperation: 'extradition', personNationality: 'TH', date: '1998-06-01' },
    possible: false,
    bases: [],
    risks: ['nationals_not_extradited:bar:-', 'not_in_force_on_date:medium:cn-th-extradition'],
    fallback: 'reciprocity',
  },
  {
    name: 'extradition of a Chinese national from Thailand: possible under the extradition treaty, with a death-penalty assurance',
    request: chineseNational,
    possible: true,
    bases: ['cn-th-extradition'],
    risks: ['death_penalty_assurance:medium:cn-th-extradition'],
    fallback: null,
    then: (result) => {
      assert.deepEqual(basis(result, 'cn-th-extradition').articles, ['Art. 2']);
      assert.deepEqual(conditionCodes(result, 'cn-th-extradition'), ['death_penalty_assurance', 'speciality', 'languages']);
      assert.match(
        conditionReason(result, 'cn-th-extradition', 'death_penalty_assurance'),
        /assurance that the death penalty will not be imposed or carried out/,
      );
      assert.match(result.summary, /^Yes: Thailand can be asked for extradition on the basis of the Extradition Treaty between/);
    },
  },
  {
    name: 'no death-penalty assurance when the requesting state has abolished the death penalty',
    request: chineseNational,
    data: { states: { CN: { deathPenalty: false } } },
    possible: true,
    bases: ['cn-th-extradition'],
    risks: [],
    fallback: null,
    then: (result) => {
      assert.deepEqual(conditionCodes(result, 'cn-th-extradition'), ['speciality', 'languages']);
    },
  },
  {
    name: 'provisional arrest cites the provisional-arrest article and carries no speciality condition',
    request: { ...chineseNational, cooperation: 'provisional_arrest' },
    possible: true,
    bases: ['cn-th-extradition'],
    risks: ['death_penalty_assurance:medium:cn-th-extradition'],
    fallback: null,
    then: (result) => {
      assert.deepEqual(basis(result, 'cn-th-extradition').articles, ['Art. 9']);
      assert.deepEqual(conditionCodes(result, 'cn-th-extradition'), ['death_penalty_assurance', 'languages']);
    },
  },
  {
    name: 'falls back to UNCAC when Indonesia, which takes UNCAC as an extradition basis, is asked to extradite',
    request: { ...chineseNational, requestedState: 'ID' },
    possible: true,
    bases: ['uncac'],
    risks: [],
    fallback: 'uncac',
    then: (result) => {
      assert.deepEqual(fallbackOf(result), basis(result, 'uncac'));
      assert.deepEqual(basis(result, 'uncac').articles, ['Art. 44']);
      assert.match(
        basis(result, 'uncac').reason,
        /Indonesia takes UNCAC as a legal basis for extradition \(declaration under art\. 44\(6\)\)/,
      );
      assert.equal(
        result.summary,
        'Yes: Indonesia can be asked for extradition on the basis of the United Nations Convention against Corruption (Art. 44).',
      );
    },
  },
  {
    name: 'falls back to reciprocity when the Malaysian treaty is only under negotiation and Malaysia does not take UNCAC for extradition',
    request: { ...chineseNational, requestedState: 'MY' },
    possible: true,
    bases: [],
    risks: ['not_in_force_on_date:medium:cn-my-extradition'],
    fallback: 'reciprocity',
    then: (result) => {
      assert.match(
        riskReason(result, 'not_in_force_on_date', 'cn-my-extradition'),
        /^The China–Malaysia extradition treaty is only under negotiation/,
      );
      const fallback = fallbackOf(result);
      assert.equal(fallback.strength, 'reciprocity');
      assert.equal(fallback.kind, 'reciprocity');
      assert.equal(fallback.rank, 1);
      assert.match(fallback.reason, /^No treaty applies; Malaysia may assist on the basis of reciprocity, at its discretion/);
      assert.match(fallback.reason, /Malaysia does not take UNCAC as a legal basis for extradition \(declaration under art\. 44\(6\)\)/);
      assert.match(result.summary, /^Yes: Malaysia can be asked for extradition on the basis of reciprocity/);
    },
  },
  {
    name: 'no basis at all: China–Philippines extradition in 2004, before both the treaty and UNCAC were in force',
    request: { ...chineseNational, requestedState: 'PH', date: '2004-06-01' },
    possible: false,
    bases: [],
    risks: ['not_in_force_on_date:medium:cn-ph-extradition', 'not_in_force_on_date:medium:uncac'],
    fallback: null,
    then: (result) => {
      assert.match(riskReason(result, 'not_in_force_on_date', 'uncac'), /has been signed but is not yet in force \(status on 2004-06-01\)/);
      assert.match(result.summary, /^No: there is no legal basis to ask the Philippines for extradition: /);
      assert.match(result.summary, /the Philippines does not cooperate on the basis of reciprocity/);
    },
  },
  {
    name: 'a date before the China–Thailand extradition treaty entered into force',
    request: { ...chineseNational, date: '1999-03-06' },
    possible: true,
    bases: [],
    // UNCAC did not exist yet: nothing is said about it.
    risks: ['not_in_force_on_date:medium:cn-th-extradition'],
    fallback: 'reciprocity',
    then: (result) => {
      assert.match(
        riskReason(result, 'not_in_force_on_date', 'cn-th-extradition'),
        /has been signed but is not yet in force \(status on 1999-03-06\)/,
      );
    },
  },
  {
    name: 'the day the China–Thailand extradition treaty entered into force',
    request: { ...chineseNational, date: '1999-03-07' },
    possible: true,
    bases: ['cn-th-extradition'],
    risks: ['death_penalty_assurance:medium:cn-th-extradition'],
    fallback: null,
  },
  {
    name: 'a suspended MLA treaty is no basis; UNCAC becomes the fallback',
    request: {},
    data: {
      instruments: {
        'cn-th-mla': withStatus({ status: 'in_force', date: '2003-12-01' }, { status: 'suspended', date: '2020-01-01' }),
      },
    },
    possible: true,
    bases: ['uncac'],
    risks: ['not_in_force_on_date:medium:cn-th-mla', 'language_requirement:medium:uncac'],
    fallback: 'uncac',
    then: (result) => {
      assert.match(riskReason(result, 'not_in_force_on_date', 'cn-th-mla'), /^The China–Thailand MLA treaty is suspended/);
    },
  },
  {
    name: 'the same treaty the day before its suspension still ranks first',
    request: { date: '2019-12-31' },
    data: {
      instruments: {
        'cn-th-mla': withStatus({ status: 'in_force', date: '2003-12-01' }, { status: 'suspended', date: '2020-01-01' }),
      },
    },
    possible: true,
    bases: ['cn-th-mla', 'uncac'],
    risks: ['language_requirement:medium:uncac'],
    fallback: null,
  },
  {
    name: 'a terminated treaty is reported as such',
    request: {},
    data: {
      instruments: {
        'cn-th-mla': withStatus({ status: 'in_force', date: '2003-12-01' }, { status: 'terminated', date: '2022-01-01' }),
      },
    },
    possible: true,
    bases: ['uncac'],
    risks: ['not_in_force_on_date:medium:cn-th-mla', 'language_requirement:medium:uncac'],
    fallback: 'uncac',
    then: (result) => {
      assert.match(riskReason(result, 'not_in_force_on_date', 'cn-th-mla'), /has been terminated/);
    },
  },
  {
    name: 'an offence outside the Viet Nam agreement’s list excludes it (medium while UNCAC remains)',
    request: { requestedState: 'VN', offences: [buildOffence({ category: 'abuse_of_functions' })] },
    possible: true,
    bases: ['uncac'],
    risks: ['offence_not_covered:medium:cn-vn-anticorruption', 'language_requirement:medium:uncac'],
    fallback: 'uncac',
    then: (result) => {
      assert.match(riskReason(result, 'offence_not_covered', 'cn-vn-anticorruption'), /covers only .*, not abuse of functions/);
    },
  },
  {
    name: 'an offence outside the list is a bar when it leaves no basis at all',
    request: { requestedState: 'VN', offences: [buildOffence({ category: 'abuse_of_functions' })] },
    data: { without: ['uncac'], states: { VN: { reciprocity: false } } },
    possible: false,
    bases: [],
    risks: ['offence_not_covered:bar:cn-vn-anticorruption'],
    fallback: null,
    then: (result) => {
      assert.match(
        result.summary,
        /^No: there is no legal basis to ask Viet Nam for bank, financial or business records: the China–Viet Nam/,
      );
    },
  },
  {
    name: 'an offence below the one-year threshold excludes the Philippine treaty (medium while UNCAC remains)',
    request: { ...chineseNational, requestedState: 'PH', offences: [buildOffence({ maxPenaltyYears: 0.5 })] },
    possible: true,
    bases: ['uncac'],
    risks: ['below_penalty_threshold:medium:cn-ph-extradition'],
    fallback: 'uncac',
  },
  {
    name: 'an offence punishable by exactly the one-year minimum is covered',
    request: { ...chineseNational, offences: [buildOffence({ maxPenaltyYears: 1 })] },
    possible: true,
    bases: ['cn-th-extradition'],
    risks: ['death_penalty_assurance:medium:cn-th-extradition'],
    fallback: null,
  },
  {
    name: 'an offence below the threshold is a bar when Thailand has neither UNCAC nor reciprocity to offer',
    request: { ...chineseNational, offences: [buildOffence({ maxPenaltyYears: 0.5 })] },
    data: { states: { TH: { reciprocity: false } } },
    possible: false,
    bases: [],
    risks: ['below_penalty_threshold:bar:cn-th-extradition'],
    fallback: null,
    then: (result) => {
      assert.match(result.summary, /at least 1 year/);
      assert.match(result.summary, /Thailand does not take UNCAC as a legal basis for extradition \(declaration under art\. 44\(6\)\)/);
    },
  },
  {
    name: 'no dual criminality for bank records excludes the MLA treaty and UNCAC; reciprocity remains, with a warning',
    request: { offences: [buildOffence({ criminalInRequestedState: false })] },
    possible: true,
    bases: [],
    risks: ['no_dual_criminality:bar:cn-th-mla', 'no_dual_criminality:bar:uncac'],
    fallback: 'reciprocity',
    then: (result) => {
      assert.deepEqual(
        fallbackOf(result).conditions.map((c) => c.code),
        ['reciprocity_undertaking', 'dual_criminality'],
      );
    },
  },
  {
    name: 'non-coercive service of documents needs no dual criminality (UNCAC art. 46(9)(b))',
    request: { cooperation: 'mla_service_of_documents', offences: [buildOffence({ criminalInRequestedState: false })] },
    possible: true,
    bases: ['cn-th-mla', 'uncac'],
    risks: ['language_requirement:medium:uncac'],
    fallback: null,
    then: (result) => {
      assert.match(conditionReason(result, 'uncac', 'dual_criminality'), /UNCAC art\. 46\(9\)\(b\)/);
      assert.match(conditionReason(result, 'cn-th-mla', 'dual_criminality'), /^Dual criminality is not needed/);
    },
  },
  {
    name: 'dual criminality unknown: both bases stay, each with a condition to show it',
    request: { offences: [buildOffence({ criminalInRequestedState: undefined })] },
    possible: true,
    bases: ['cn-th-mla', 'uncac'],
    risks: ['dual_criminality_unknown:medium:cn-th-mla', 'dual_criminality_unknown:medium:uncac', 'language_requirement:medium:uncac'],
    fallback: null,
    then: (result) => {
      assert.deepEqual(conditionCodes(result, 'cn-th-mla'), ['dual_criminality', 'languages', 'central_authority']);
      assert.match(conditionReason(result, 'uncac', 'dual_criminality'), /embezzlement of public funds\) is also an offence in Thailand/);
    },
  },
  {
    name: 'a Philippine national: the Philippines may refuse under the treaty and UNCAC (high), with a death-penalty assurance',
    request: { cooperation: 'extradition', requestedState: 'PH', personNationality: 'PH' },
    possible: true,
    bases: ['cn-ph-extradition', 'uncac'],
    risks: [
      'nationals_not_extradited:high:cn-ph-extradition',
      'nationals_not_extradited:high:uncac',
      'death_penalty_assurance:medium:cn-ph-extradition',
    ],
    fallback: null,
    then: (result) => {
      assert.match(riskReason(result, 'nationals_not_extradited', 'cn-ph-extradition'), /aut dedere aut judicare \(UNCAC art\. 44\(11\)\)/);
      assert.deepEqual(
        result.risks.map((r) => r.severity),
        ['high', 'high', 'medium'],
      );
    },
  },
  {
    name: 'a treaty that excludes nationals bars only itself: UNCAC remains',
    request: { cooperation: 'extradition', requestedState: 'PH', personNationality: 'PH' },
    data: { instruments: { 'cn-ph-extradition': { conditions: { nationals: 'refused' } } } },
    possible: true,
    bases: ['uncac'],
    risks: ['nationals_not_extradited:bar:cn-ph-extradition', 'nationals_not_extradited:high:uncac'],
    fallback: 'uncac',
  },
  {
    name: 'an offence of political character under the bilateral extradition treaty is a high risk',
    request: { ...chineseNational, offences: [buildOffence({ politicalCharacter: true })] },
    possible: true,
    bases: ['cn-th-extradition'],
    risks: ['political_offence:high:cn-th-extradition', 'death_penalty_assurance:medium:cn-th-extradition'],
    fallback: null,
    then: (result) => {
      assert.match(
        riskReason(result, 'political_offence', 'cn-th-extradition'),
        /may refuse if it regards embezzlement of public funds as a political offence/,
      );
    },
  },
  {
    name: 'the same offence under UNCAC is no risk (art. 44(4)) but a condition',
    request: { ...chineseNational, requestedState: 'ID', offences: [buildOffence({ politicalCharacter: true })] },
    possible: true,
    bases: ['uncac'],
    risks: [],
    fallback: 'uncac',
    then: (result) => {
      assert.deepEqual(conditionCodes(result, 'uncac'), ['political_offence']);
      assert.match(conditionReason(result, 'uncac', 'political_offence'), /UNCAC art\. 44\(4\)/);
    },
  },
  {
    name: 'an MoU as the only basis: non-binding, with reciprocity as fallback',
    request: { requestedState: 'LA', cooperation: 'intelligence_exchange' },
    possible: true,
    bases: ['cn-la-mou'],
    risks: ['non_binding_only:high:cn-la-mou'],
    fallback: 'reciprocity',
    then: (result) => {
      assert.equal(basis(result, 'cn-la-mou').strength, 'non_binding');
      assert.equal(fallbackOf(result).rank, 2);
      assert.match(result.summary, /^Yes, but only on a non-binding basis: Laos can be asked for an exchange of intelligence/);
    },
  },
  {
    name: 'ranking: a binding convention before an MoU',
    request: { requestedState: 'LA', cooperation: 'training' },
    possible: true,
    bases: ['uncac', 'cn-la-mou'],
    risks: [],
    fallback: 'uncac',
    then: (result) => {
      assert.deepEqual(
        result.bases.map((b) => [b.rank, b.strength]),
        [
          [1, 'binding_multilateral'],
          [2, 'non_binding'],
        ],
      );
    },
  },
  {
    name: 'ranking: the regional ASEAN MLA Treaty before UNCAC',
    request: { requestingState: 'TH', requestedState: 'VN' },
    possible: true,
    bases: ['asean-mlat', 'uncac'],
    risks: ['language_requirement:medium:asean-mlat', 'language_requirement:medium:uncac'],
    fallback: 'asean-mlat',
    then: (result) => {
      assert.match(result.summary, /ASEAN Member Countries \(Art\. 1\(2\)\(f\)\), with UNCAC art\. 46\(3\)\(f\) as a further basis\.$/);
    },
  },
  {
    name: 'ranking: an MLA treaty before an older-or-newer general agreement, both before UNCAC',
    request: { requestedState: 'VN' },
    data: {
      extra: [
        buildInstrument('cn-vn-mla', {
          parties: ['CN', 'VN'],
          statusHistory: [{ status: 'in_force', date: '2010-01-01' }],
          coverage: ['mla_records'],
          conditions: { dualCriminality: 'coercive_only' },
        }),
      ],
    },
    possible: true,
    bases: ['cn-vn-mla', 'cn-vn-anticorruption', 'uncac'],
    risks: ['language_requirement:medium:uncac'],
    fallback: null,
    then: (result) => {
      assert.deepEqual(
        result.bases.map((b) => b.rank),
        [1, 2, 3],
      );
    },
  },
  {
    name: 'ranking: for extradition the extradition treaty precedes a newer anti-corruption agreement',
    request: chineseNational,
    data: {
      extra: [
        buildInstrument('cn-th-anticorruption', {
          kind: 'bilateral_anticorruption',
          statusHistory: [{ status: 'in_force', date: '2015-01-01' }],
          coverage: ['extradition'],
          conditions: { dualCriminality: 'not_required' },
        }),
      ],
    },
    possible: true,
    bases: ['cn-th-extradition', 'cn-th-anticorruption'],
    risks: ['death_penalty_assurance:medium:cn-th-extradition'],
    fallback: null,
  },
  {
    name: 'ranking ties: the more recently in-force MoU first',
    request: { requestedState: 'LA', cooperation: 'intelligence_exchange' },
    data: {
      extra: [
        buildInstrument('cn-la-mou-2022', {
          kind: 'mou',
          parties: ['CN', 'LA'],
          statusHistory: [{ status: 'in_force', date: '2022-09-01' }],
          coverage: ['intelligence_exchange'],
          conditions: { dualCriminality: 'not_required' },
        }),
      ],
    },
    possible: true,
    bases: ['cn-la-mou-2022', 'cn-la-mou'],
    risks: ['non_binding_only:high:cn-la-mou-2022'],
    fallback: 'reciprocity',
  },
  {
    name: 'confiscation under UNCAC where the Philippines declared it a sufficient basis (art. 55(6))',
    request: { requestedState: 'PH', cooperation: 'confiscation' },
    possible: true,
    bases: ['uncac'],
    risks: [],
    fallback: 'uncac',
    then: (result) => {
      assert.match(basis(result, 'uncac').reason, /sufficient treaty basis for confiscation \(declaration under art\. 55\(6\)\)/);
    },
  },
  {
    name: 'confiscation from Malaysia: no UNCAC declaration, so reciprocity with the reason',
    request: { requestedState: 'MY', cooperation: 'confiscation' },
    possible: true,
    bases: [],
    risks: [],
    fallback: 'reciprocity',
    then: (result) => {
      assert.match(
        fallbackOf(result).reason,
        /Malaysia does not consider UNCAC a sufficient treaty basis for confiscation \(no declaration under art\. 55\(6\)\)/,
      );
    },
  },
  {
    name: 'confiscation between ASEAN states: the ASEAN MLA Treaty applies directly, UNCAC does not',
    request: { requestingState: 'TH', requestedState: 'VN', cooperation: 'confiscation' },
    possible: true,
    bases: ['asean-mlat'],
    risks: ['language_requirement:medium:asean-mlat'],
    fallback: 'asean-mlat',
    then: (result) => {
      assert.deepEqual(basis(result, 'asean-mlat').articles, ['Art. 1(2)(i)']);
    },
  },
];

const riskKey = (risk: CheckResult['risks'][number]) => `${risk.code}:${risk.severity}:${risk.instrumentId ?? '-'}`;

describe('checkLegalBasis', () => {
  for (const situation of situations) {
    it(situation.name, () => {
      const result = checkLegalBasis(buildRequest(situation.request), buildDataset(situation.data));
      assert.deepEqual(
        result.bases.map((b) => b.instrumentId),
        situation.bases,
        'bases',
      );
      assert.deepEqual(
        result.bases.map((b) => b.rank),
        situation.bases.map((_, index) => index + 1),
        'ranks',
      );
      assert.deepEqual(result.risks.map(riskKey).sort(), [...situation.risks].sort(), 'risks');
      const fallback = result.fallback === null ? null : (result.fallback.instrumentId ?? 'reciprocity');
      assert.equal(fallback, situation.fallback, 'fallback');
      assert.equal(result.possible, situation.possible, 'possible');
      assert.match(result.summary, situation.possible ? /^Yes/ : /^No: /);
      for (const text of [...result.risks.map((r) => r.reason), ...result.bases.map((b) => b.reason), result.summary]) {
        assert.match(text, /^[A-Z].*\.$/, `not a sentence: ${text}`);
      }
      situation.then?.(result);
    });
  }

  it('covers every refusal-risk code across the situations', () => {
    const seen = new Set(
      situations.flatMap((s) => checkLegalBasis(buildRequest(s.request), buildDataset(s.data)).risks.map((r) => r.code)),
    );
    assert.deepEqual(
      [...seen].sort(),
      [
        'below_penalty_threshold',
        'death_penalty_assurance',
        'dual_criminality_unknown',
        'language_requirement',
        'no_dual_criminality',
        'non_binding_only',
        'not_in_force_on_date',
        'offence_not_covered',
        'political_offence',
        'nationals_not_extradited',
      ].sort(),
    );
  });

  it('does not depend on the order of the instruments', () => {
    const data = buildDataset();
    const forward = checkLegalBasis(buildRequest(), data);
    const backward = checkLegalBasis(buildRequest(), { ...data, instruments: [...data.instruments].reverse() });
    assert.deepEqual(backward.bases, forward.bases);
  });

  it('echoes the input', () => {
    const input = buildRequest({ requestedState: 'SG' });
    assert.equal(checkLegalBasis(input, buildDataset()).input, input);
  });
});

describe('statusOn', () => {
  const treaty = buildInstrument('t', {
    statusHistory: [
      { status: 'in_force', date: '1999-03-07' },
      { status: 'signed', date: '1993-08-26' },
      { status: 'suspended', date: '2020-01-01' },
      { status: 'in_force', date: '2021-06-01' },
    ],
  });
  const cases: [string, string | null][] = [
    ['1990-01-01', null],
    ['1993-08-26', 'signed'],
    ['1999-03-06', 'signed'],
    ['1999-03-07', 'in_force'],
    ['2020-05-01', 'suspended'],
    ['2024-06-01', 'in_force'],
  ];
  for (const [date, expected] of cases) {
    it(`is ${expected ?? 'null'} on ${date}, whatever the order of the history`, () => {
      assert.equal(statusOn(treaty, date), expected);
    });
  }
  it('takes the later of two events on the same day', () => {
    const sameDay = buildInstrument('t', {
      statusHistory: [
        { status: 'ratified', date: '2005-01-01' },
        { status: 'in_force', date: '2005-01-01' },
      ],
    });
    assert.equal(statusOn(sameDay, '2005-01-01'), 'in_force');
  });
});
