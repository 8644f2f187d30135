import crypto from 'node:crypto';
import { systemScope, type Database } from '../../db/database.ts';
import type { CooperationType, InstrumentConditions, OffenceCategory } from './engine/types.ts';
import type { ExportFile } from './schemas.ts';
import { writeImport } from './import-export.ts';

/**
 * Demonstration data. Its shape mirrors public reporting — UNCAC and the ASEAN MLA Treaty; China with bilateral
 * anti-corruption agreements with four ASEAN states, extradition treaties with six, agreements under negotiation with
 * Thailand and Laos, extradition talks with Malaysia — but dates, articles, declarations and state profiles are
 * ILLUSTRATIVE and must not be relied on as legal information. Every row is flagged `demo`.
 */
type DemoInstrument = ExportFile['instruments'][number];

const MLA_TYPES: CooperationType[] = [
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
const UNCAC_OFFENCES: OffenceCategory[] = [
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
];
const ASEAN = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN'];

/** Stable ids, so that a demo export re-imports onto the same rows. */
const demoId = (key: string) => {
  const hex = crypto.createHash('sha256').update(`concord-demo:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const extraditionConditions: InstrumentConditions = {
  dualCriminality: 'required',
  nationals: 'refused',
  politicalOffenceException: true,
  deathPenaltyAssurance: true,
  speciality: true,
};
const mlaConditions: InstrumentConditions = {
  dualCriminality: 'coercive_only',
  nationals: 'allowed',
  politicalOffenceException: true,
  deathPenaltyAssurance: false,
  speciality: false,
};
const agreementConditions: InstrumentConditions = {
  dualCriminality: 'not_required',
  nationals: 'allowed',
  politicalOffenceException: false,
  deathPenaltyAssurance: false,
  speciality: false,
};

const states: ExportFile['states'] = [
  ['CN', 'China', '中国', ['zh', 'en'], false, true, true],
  ['BN', 'Brunei Darussalam', '文莱', ['ms', 'en'], false, true, true],
  ['KH', 'Cambodia', '柬埔寨', ['km', 'en'], false, true, false],
  ['ID', 'Indonesia', '印度尼西亚', ['id', 'en'], false, true, true],
  ['LA', "Lao People's Democratic Republic", '老挝', ['lo', 'en'], false, true, true],
  ['MY', 'Malaysia', '马来西亚', ['ms', 'en'], true, true, true],
  ['MM', 'Myanmar', '缅甸', ['my', 'en'], false, true, true],
  ['PH', 'Philippines', '菲律宾', ['en', 'fil'], true, true, false],
  ['SG', 'Singapore', '新加坡', ['en', 'zh', 'ms', 'ta'], true, true, true],
  ['TH', 'Thailand', '泰国', ['th', 'en'], false, true, true],
  ['VN', 'Viet Nam', '越南', ['vi', 'en'], false, true, true],
].map(([code, name, nameZh, languages, extraditesNationals, reciprocity, deathPenalty]) => ({
  code: code as string,
  name: name as string,
  nameZh: nameZh as string,
  languages: languages as string[],
  extraditesNationals: extraditesNationals as boolean,
  reciprocity: reciprocity as boolean,
  deathPenalty: deathPenalty as boolean,
  notes: 'Demonstration profile: illustrative, not legal information.',
  demo: true,
  authorities: [],
}));

const centralAuthorities: Record<string, { mla: string; extradition: string; anticorruption: string }> = {
  CN: { mla: 'Ministry of Justice', extradition: 'Ministry of Foreign Affairs', anticorruption: 'National Supervisory Commission' },
  BN: { mla: "Attorney General's Chambers", extradition: "Attorney General's Chambers", anticorruption: 'Anti-Corruption Bureau' },
  KH: { mla: 'Ministry of Justice', extradition: 'Ministry of Justice', anticorruption: 'Anti-Corruption Unit' },
  ID: {
    mla: 'Ministry of Law and Human Rights',
    extradition: 'Ministry of Law and Human Rights',
    anticorruption: 'Corruption Eradication Commission',
  },
  LA: {
    mla: "Office of the Supreme People's Prosecutor",
    extradition: 'Ministry of Public Security',
    anticorruption: 'State Inspection and Anti-Corruption Authority',
  },
  MY: {
    mla: "Attorney General's Chambers",
    extradition: 'Ministry of Home Affairs',
    anticorruption: 'Malaysian Anti-Corruption Commission',
  },
  MM: { mla: 'Ministry of Home Affairs', extradition: 'Ministry of Home Affairs', anticorruption: 'Anti-Corruption Commission' },
  PH: { mla: 'Department of Justice', extradition: 'Department of Justice', anticorruption: 'Office of the Ombudsman' },
  SG: { mla: "Attorney-General's Chambers", extradition: 'Ministry of Law', anticorruption: 'Corrupt Practices Investigation Bureau' },
  TH: {
    mla: 'Office of the Attorney General',
    extradition: 'Office of the Attorney General',
    anticorruption: 'National Anti-Corruption Commission',
  },
  VN: { mla: "Supreme People's Procuracy", extradition: 'Ministry of Public Security', anticorruption: 'Government Inspectorate' },
};
for (const state of states) {
  const authorities = centralAuthorities[state.code];
  if (!authorities) continue;
  state.authorities = [
    { kind: 'anti_corruption', name: authorities.anticorruption, agencyId: null, contact: null },
    { kind: 'central_mla', name: authorities.mla, agencyId: null, contact: null },
    { kind: 'central_extradition', name: authorities.extradition, agencyId: null, contact: null },
  ];
}

const bilateral = (
  key: string,
  kind: DemoInstrument['kind'],
  title: string,
  shortTitle: string,
  other: string,
  statusHistory: DemoInstrument['statusHistory'],
  extra: Partial<DemoInstrument> = {},
): DemoInstrument => {
  const base: DemoInstrument = {
    id: demoId(key),
    kind,
    title,
    shortTitle,
    parties: ['CN', other],
    coverage:
      kind === 'extradition_treaty'
        ? ['extradition', 'provisional_arrest']
        : kind === 'mla_treaty'
          ? [...MLA_TYPES, 'asset_freezing', 'confiscation']
          : ['intelligence_exchange', 'joint_investigation', 'training', 'asset_return'],
    offences: kind === 'extradition_treaty' ? { mode: 'threshold', minPenaltyYears: 1 } : { mode: 'all' },
    conditions: kind === 'extradition_treaty' ? extraditionConditions : kind === 'mla_treaty' ? mlaConditions : agreementConditions,
    languages: ['zh', 'en'],
    centralAuthority: null,
    articles:
      kind === 'extradition_treaty'
        ? { extradition: 'Art. 1–2', provisional_arrest: 'Art. 9' }
        : kind === 'mla_treaty'
          ? { mla_records: 'Art. 1(2)', mla_evidence_statements: 'Art. 1(2)', mla_search_seizure_freezing: 'Art. 1(2)' }
          : { intelligence_exchange: 'Art. 3', joint_investigation: 'Art. 4' },
    textReference: 'Demonstration entry — consult the official treaty series for the text.',
    demo: true,
    statusHistory,
  };
  return { ...base, ...extra };
};

const inForce = (signed: string, inForceOn: string) => [
  { status: 'signed' as const, date: signed },
  { status: 'in_force' as const, date: inForceOn },
];

export const legalBasisDemo: ExportFile = {
  format: 'concord-legal-basis',
  formatVersion: 1,
  states,
  instruments: [
    {
      id: demoId('uncac'),
      kind: 'multilateral_convention',
      title: 'United Nations Convention against Corruption',
      shortTitle: 'UNCAC',
      parties: ['CN', ...ASEAN],
      coverage: [
        ...MLA_TYPES,
        'extradition',
        'provisional_arrest',
        'asset_freezing',
        'confiscation',
        'asset_return',
        'joint_investigation',
        'intelligence_exchange',
        'training',
      ],
      offences: { mode: 'list', categories: UNCAC_OFFENCES },
      conditions: {
        dualCriminality: 'coercive_only',
        nationals: 'discretionary',
        politicalOffenceException: false,
        deathPenaltyAssurance: false,
        speciality: true,
        offencesNotPoliticalArticle: 'Art. 44(4)',
        nonCoerciveAssistanceArticle: 'Art. 46(9)(b)',
      },
      languages: ['en'],
      centralAuthority: null,
      articles: {
        mla_evidence_statements: 'Art. 46(3)(a)',
        mla_service_of_documents: 'Art. 46(3)(b)',
        mla_search_seizure_freezing: 'Art. 46(3)(c)',
        mla_examine_objects_sites: 'Art. 46(3)(d)',
        mla_information_expert_evaluations: 'Art. 46(3)(e)',
        mla_records: 'Art. 46(3)(f)',
        mla_trace_proceeds: 'Art. 46(3)(g)',
        mla_voluntary_appearance: 'Art. 46(3)(h)',
        mla_other: 'Art. 46(3)(i)',
        mla_identify_freeze_trace: 'Art. 46(3)(j)',
        mla_asset_recovery: 'Art. 46(3)(k)',
        extradition: 'Art. 44',
        provisional_arrest: 'Art. 44(10)',
        asset_freezing: 'Art. 54(2)',
        confiscation: 'Art. 55',
        asset_return: 'Art. 57',
        joint_investigation: 'Art. 49',
        intelligence_exchange: 'Art. 48',
        training: 'Art. 60',
      },
      textReference: 'UN Treaty Series vol. 2349, p. 41',
      demo: true,
      statusHistory: inForce('2003-12-09', '2005-12-14'),
    },
    {
      id: demoId('asean-mlat'),
      kind: 'multilateral_convention',
      title: 'Treaty on Mutual Legal Assistance in Criminal Matters (ASEAN)',
      shortTitle: 'ASEAN MLA Treaty',
      parties: ASEAN,
      coverage: [...MLA_TYPES, 'asset_freezing', 'confiscation'],
      offences: { mode: 'all' },
      conditions: mlaConditions,
      languages: ['en'],
      centralAuthority: null,
      articles: { mla_records: 'Art. 1(2)(c)', mla_evidence_statements: 'Art. 1(2)(a)', mla_search_seizure_freezing: 'Art. 1(2)(e)' },
      textReference: 'Signed at Kuala Lumpur, 29 November 2004',
      demo: true,
      statusHistory: inForce('2004-11-29', '2005-06-01'),
    },
    // Extradition treaties with six ASEAN states.
    bilateral(
      'ext-th',
      'extradition_treaty',
      'Extradition Treaty between China and Thailand',
      'China–Thailand Extradition Treaty',
      'TH',
      inForce('1993-08-26', '1999-03-07'),
    ),
    bilateral(
      'ext-kh',
      'extradition_treaty',
      'Extradition Treaty between China and Cambodia',
      'China–Cambodia Extradition Treaty',
      'KH',
      inForce('1999-02-09', '2000-12-13'),
    ),
    bilateral(
      'ext-la',
      'extradition_treaty',
      'Extradition Treaty between China and Laos',
      'China–Laos Extradition Treaty',
      'LA',
      inForce('2002-02-04', '2003-08-13'),
    ),
    bilateral(
      'ext-ph',
      'extradition_treaty',
      'Extradition Treaty between China and the Philippines',
      'China–Philippines Extradition Treaty',
      'PH',
      inForce('2001-10-30', '2006-03-12'),
    ),
    bilateral(
      'ext-id',
      'extradition_treaty',
      'Extradition Treaty between China and Indonesia',
      'China–Indonesia Extradition Treaty',
      'ID',
      inForce('2009-07-01', '2018-01-19'),
    ),
    bilateral(
      'ext-vn',
      'extradition_treaty',
      'Extradition Treaty between China and Viet Nam',
      'China–Viet Nam Extradition Treaty',
      'VN',
      inForce('2015-04-07', '2019-12-12'),
    ),
    bilateral(
      'ext-my',
      'extradition_treaty',
      'Extradition Treaty between China and Malaysia (talks)',
      'China–Malaysia Extradition Treaty',
      'MY',
      [{ status: 'proposed', date: '2025-11-01', note: 'Both sides agreed to start talks' }],
    ),
    // MLA treaties (illustrative selection).
    bilateral(
      'mla-th',
      'mla_treaty',
      'Treaty on Mutual Legal Assistance in Criminal Matters between China and Thailand',
      'China–Thailand MLA Treaty',
      'TH',
      inForce('2003-06-21', '2005-02-20'),
    ),
    bilateral(
      'mla-ph',
      'mla_treaty',
      'Treaty on Mutual Legal Assistance in Criminal Matters between China and the Philippines',
      'China–Philippines MLA Treaty',
      'PH',
      inForce('2000-10-16', '2012-11-17'),
    ),
    bilateral(
      'mla-id',
      'mla_treaty',
      'Treaty on Mutual Legal Assistance in Criminal Matters between China and Indonesia',
      'China–Indonesia MLA Treaty',
      'ID',
      inForce('2000-07-24', '2006-07-28'),
    ),
    bilateral(
      'mla-vn',
      'mla_treaty',
      'Treaty on Mutual Legal Assistance in Civil and Criminal Matters between China and Viet Nam',
      'China–Viet Nam MLA Treaty',
      'VN',
      inForce('1998-10-19', '1999-12-25'),
    ),
    bilateral(
      'mla-la',
      'mla_treaty',
      'Treaty on Mutual Legal Assistance in Civil and Criminal Matters between China and Laos',
      'China–Laos MLA Treaty',
      'LA',
      inForce('1999-01-25', '2001-12-15'),
    ),
    // Bilateral anti-corruption agreements with four ASEAN states; two in advanced negotiation.
    bilateral(
      'ac-vn',
      'bilateral_anticorruption',
      'Agreement on Anti-Corruption Cooperation between China and Viet Nam',
      'China–Viet Nam Anti-Corruption Agreement',
      'VN',
      inForce('2017-01-12', '2017-06-01'),
    ),
    bilateral(
      'ac-id',
      'bilateral_anticorruption',
      'Agreement on Anti-Corruption Cooperation between China and Indonesia',
      'China–Indonesia Anti-Corruption Agreement',
      'ID',
      inForce('2018-05-07', '2018-10-01'),
    ),
    bilateral(
      'ac-kh',
      'bilateral_anticorruption',
      'Agreement on Anti-Corruption Cooperation between China and Cambodia',
      'China–Cambodia Anti-Corruption Agreement',
      'KH',
      inForce('2019-04-28', '2019-09-01'),
    ),
    bilateral(
      'ac-ph',
      'bilateral_anticorruption',
      'Agreement on Anti-Corruption Cooperation between China and the Philippines',
      'China–Philippines Anti-Corruption Agreement',
      'PH',
      inForce('2023-01-04', '2023-06-01'),
    ),
    bilateral(
      'ac-th',
      'bilateral_anticorruption',
      'Agreement on Anti-Corruption Cooperation between China and Thailand (draft)',
      'China–Thailand Anti-Corruption Agreement',
      'TH',
      [
        { status: 'proposed', date: '2023-09-01' },
        { status: 'negotiating', date: '2024-03-15', note: 'Advanced negotiation' },
      ],
    ),
    bilateral(
      'ac-la',
      'bilateral_anticorruption',
      'Agreement on Anti-Corruption Cooperation between China and Laos (draft)',
      'China–Laos Anti-Corruption Agreement',
      'LA',
      [
        { status: 'proposed', date: '2023-11-01' },
        { status: 'negotiating', date: '2024-06-20', note: 'Advanced negotiation' },
      ],
    ),
    bilateral(
      'mou-my',
      'mou',
      'Memorandum of Understanding on Anti-Corruption Cooperation between the NSC and the MACC',
      'NSC–MACC MoU',
      'MY',
      inForce('2022-09-15', '2022-09-15'),
      {
        coverage: ['intelligence_exchange', 'training', 'joint_investigation'],
      },
    ),
  ],
  declarations: [],
};

const uncacId = demoId('uncac');
const declarationsFor = (code: string, extraditionBasis: boolean, confiscation: boolean, languages: string[]) => [
  {
    instrumentId: uncacId,
    state: code,
    kind: 'convention_as_extradition_basis' as const,
    article: '44(6)(a)',
    value: extraditionBasis,
    text: null,
  },
  {
    instrumentId: uncacId,
    state: code,
    kind: 'convention_sufficient_for_confiscation' as const,
    article: '55(6)',
    value: confiscation,
    text: null,
  },
  { instrumentId: uncacId, state: code, kind: 'accepted_languages' as const, article: '46(14)', value: languages, text: null },
  {
    instrumentId: uncacId,
    state: code,
    kind: 'central_authority' as const,
    article: '46(13)',
    value: centralAuthorities[code]?.mla ?? 'Ministry of Justice',
    text: null,
  },
];
legalBasisDemo.declarations = [
  ...declarationsFor('CN', false, false, ['zh', 'en']),
  ...declarationsFor('TH', false, false, ['th', 'en']),
  ...declarationsFor('MY', true, true, ['ms', 'en']),
  ...declarationsFor('SG', true, true, ['en']),
  ...declarationsFor('PH', true, false, ['en']),
  ...declarationsFor('ID', true, false, ['id', 'en']),
  ...declarationsFor('VN', false, false, ['vi', 'en']),
  ...declarationsFor('LA', false, false, ['lo', 'en']),
  ...declarationsFor('KH', false, false, ['km', 'en']),
  ...declarationsFor('BN', true, true, ['ms', 'en']),
  ...declarationsFor('MM', false, false, ['my', 'en']),
];

/** Loads the demonstration registry (system scope, part of `concord demo` and the first start). */
export async function seedLegalBasisDemo(db: Database): Promise<void> {
  await db.inScope(systemScope, async (trx) => {
    await writeImport({ trx, now: new Date(), userId: null }, legalBasisDemo);
  });
}
