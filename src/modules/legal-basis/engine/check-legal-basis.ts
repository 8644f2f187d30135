/**
 * The legal-basis checker: on what legal basis can the requesting state ask the requested state for a kind of
 * cooperation, on a given date, about given offences — and what could make the requested state refuse?
 *
 * Pure: plain data in, plain data out. No database, no clock (the date is part of the input), no I/O.
 *
 * How a "bar" is read (rule 11 of the design):
 * - A bar tied to one instrument (risk.instrumentId set: offence outside its scope, no dual criminality, the treaty
 *   itself excluding nationals) excludes only that instrument; it never appears in `bases`, and the request may
 *   still rest on another instrument or on reciprocity.
 * - A bar tied to the request (risk.instrumentId null: the requested state never extradites its own nationals) holds
 *   whatever the basis, reciprocity included. The instruments stay listed in `bases` so the officer sees them, but
 *   `possible` is false.
 * - Offence-scope risks (offence_not_covered, below_penalty_threshold) are 'bar' only when nothing at all is left
 *   (no basis and no fallback), 'medium' otherwise.
 * So `possible` is true when some basis or the fallback exists to which no bar applies.
 */
import { coerciveCooperation } from './types.ts';
import type {
  ApplicableBasis,
  CheckInput,
  CheckResult,
  CooperationType,
  Declaration,
  DeclarationKind,
  Instrument,
  InstrumentKind,
  InstrumentStatus,
  Offence,
  OffenceCategory,
  RefusalRisk,
  StateProfile,
  Strength,
} from './types.ts';

export interface LegalBasisData {
  instruments: Instrument[];
  declarations: Declaration[];
  states: StateProfile[];
}

/** The instrument's status on `date` (ISO): the latest event dated on or before it; null before the first event. */
export function statusOn(instrument: Instrument, date: string): InstrumentStatus | null {
  let status: InstrumentStatus | null = null;
  let since = '';
  for (const event of instrument.statusHistory) {
    // `>=` so that of two events on the same day the later one in the history wins.
    if (event.date <= date && event.date >= since) {
      status = event.status;
      since = event.date;
    }
  }
  return status;
}

/** Date from which the instrument has been continuously in force on `date` (the latest 'in_force' event). */
function inForceSince(instrument: Instrument, date: string): string {
  let since = '';
  for (const event of instrument.statusHistory) {
    if (event.status === 'in_force' && event.date <= date && event.date >= since) since = event.date;
  }
  return since;
}

const cooperationPhrases: Record<CooperationType, string> = {
  intelligence_exchange: 'an exchange of intelligence',
  joint_investigation: 'a joint investigation',
  mla_evidence_statements: 'evidence or statements',
  mla_service_of_documents: 'service of judicial documents',
  mla_search_seizure_freezing: 'a search, seizure or freezing',
  mla_examine_objects_sites: 'an examination of objects and sites',
  mla_information_expert_evaluations: 'information, evidentiary items and expert evaluations',
  mla_records: 'bank, financial or business records',
  mla_trace_proceeds: 'the tracing of proceeds of crime',
  mla_voluntary_appearance: 'help with the voluntary appearance of a person',
  mla_other: 'other legal assistance',
  mla_identify_freeze_trace: 'the identification, freezing and tracing of proceeds of crime',
  mla_asset_recovery: 'the recovery of assets',
  extradition: 'extradition',
  provisional_arrest: 'a provisional arrest',
  asset_freezing: 'the freezing of assets',
  confiscation: 'confiscation',
  asset_return: 'the return of assets',
  training: 'training',
};

const offencePhrases: Record<OffenceCategory, string> = {
  bribery_domestic_official: 'bribery of national public officials',
  bribery_foreign_official: 'bribery of foreign public officials',
  embezzlement_public_funds: 'embezzlement of public funds',
  trading_in_influence: 'trading in influence',
  abuse_of_functions: 'abuse of functions',
  illicit_enrichment: 'illicit enrichment',
  bribery_private_sector: 'bribery in the private sector',
  embezzlement_private_sector: 'embezzlement in the private sector',
  money_laundering: 'laundering of proceeds of crime',
  concealment: 'concealment',
  obstruction_of_justice: 'obstruction of justice',
};

const statusPhrases: Record<InstrumentStatus, string> = {
  proposed: 'has only been proposed',
  negotiating: 'is only under negotiation',
  signed: 'has been signed but is not yet in force',
  ratified: 'has been ratified but is not yet in force',
  in_force: 'is in force',
  suspended: 'is suspended',
  terminated: 'has been terminated',
};

const strengthOrder: Record<Strength, number> = { binding_bilateral: 0, binding_multilateral: 1, non_binding: 2, reciprocity: 3 };
const severityOrder: Record<RefusalRisk['severity'], number> = { bar: 0, high: 1, medium: 2 };

function strengthOf(kind: InstrumentKind): Strength {
  switch (kind) {
    case 'extradition_treaty':
    case 'mla_treaty':
    case 'bilateral_anticorruption':
      return 'binding_bilateral';
    case 'multilateral_convention':
      return 'binding_multilateral';
    case 'mou':
      return 'non_binding';
  }
}

const extraditionTypes: ReadonlySet<CooperationType> = new Set<CooperationType>(['extradition', 'provisional_arrest']);
const confiscationTypes: ReadonlySet<CooperationType> = new Set<CooperationType>(['confiscation', 'asset_return']);

/**
 * The bilateral treaty made for this kind of cooperation, ranked before a general agreement. Asset freezing,
 * confiscation and return are executed through MLA channels, so an MLA treaty is the specific one for them too; for
 * intelligence exchange, joint investigations and training the anti-corruption agreement is.
 */
function specificKindFor(cooperation: CooperationType): InstrumentKind {
  if (extraditionTypes.has(cooperation)) return 'extradition_treaty';
  if (cooperation.startsWith('mla_') || cooperation === 'asset_freezing' || confiscationTypes.has(cooperation)) return 'mla_treaty';
  return 'bilateral_anticorruption';
}

// Intl carries the CLDR names; no hand-written table of language or country names.
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const orList = new Intl.ListFormat('en', { type: 'disjunction' });
const andList = new Intl.ListFormat('en', { type: 'conjunction' });

function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

function regionName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "UNCAC" stays bare; "China–Thailand extradition treaty" becomes "the China–Thailand extradition treaty". */
function named(instrument: Instrument): string {
  return /^[A-Z0-9]+$/.test(instrument.shortTitle) ? instrument.shortTitle : `the ${instrument.shortTitle}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A sentence made into a clause of a longer sentence: no final full stop, a leading "The" lower-cased. */
function clause(sentence: string): string {
  return sentence.replace(/\.$/, '').replace(/^The /, 'the ');
}

/** 'Art. 46(3)(f)' → 'art. 46(3)(f)' inside a sentence; '44(6)' → 'art. 44(6)'. */
function inlineArticle(article: string): string {
  return `art. ${article.replace(/^art(icle)?\.?\s*/i, '')}`;
}

/** How a basis is cited as a further basis: "UNCAC art. 46(3)(f)", "the ASEAN MLA Treaty (art. 1(2)(f))". */
function cite(instrument: Instrument, articles: string[]): string {
  const article = articles[0];
  if (article === undefined) return named(instrument);
  return named(instrument) === instrument.shortTitle
    ? `${instrument.shortTitle} ${inlineArticle(article)}`
    : `${named(instrument)} (${inlineArticle(article)})`;
}

function offenceList(offences: Offence[]): string {
  return andList.format([...new Set(offences.map((offence) => offencePhrases[offence.category]))]);
}

interface Context {
  input: CheckInput;
  declarations: Declaration[];
  requesting: string;
  requested: string;
  requestingProfile: StateProfile | undefined;
  requestedProfile: StateProfile | undefined;
  phrase: string;
  isExtradition: boolean;
  isCoercive: boolean;
  /** The person is a national of the requested state and that state never extradites its nationals. */
  personBarred: boolean;
}

function declarationOf(ctx: Context, instrument: Instrument, kind: DeclarationKind): Declaration | undefined {
  return ctx.declarations.findLast((d) => d.instrumentId === instrument.id && d.state === ctx.input.requestedState && d.kind === kind);
}

interface Candidate {
  instrument: Instrument;
  since: string;
  basis: ApplicableBasis;
}

type Evaluation =
  | { outcome: 'not_in_force'; risk: RefusalRisk; obstacle: string }
  /** A convention the requested state has not accepted for this cooperation (declaration): no risk code, a note. */
  | { outcome: 'not_a_basis'; note: string }
  | { outcome: 'excluded'; risks: RefusalRisk[] }
  | { outcome: 'basis'; candidate: Candidate; risks: RefusalRisk[] };

/**
 * UNCAC art. 44(6)(a) and 55(6): a convention is a basis for extradition, or for confiscation and asset return, only
 * if the requested state declared it so. Returns the explanation when it did not, and the supporting note when it did.
 *
 * The rule holds only for a convention that works through such declarations, recognised by at least one declaration
 * of that kind recorded for it (UNCAC: every party notifies under art. 44(6)(a)). A convention without any (the ASEAN
 * MLA Treaty, which provides for confiscation in its own art. 1(2)) applies directly.
 */
function conventionDeclaration(instrument: Instrument, ctx: Context): { accepted: boolean; note: string } | null {
  const cooperation = ctx.input.cooperation;
  const usesDeclarations = (kind: DeclarationKind) => ctx.declarations.some((d) => d.instrumentId === instrument.id && d.kind === kind);
  if (extraditionTypes.has(cooperation) && usesDeclarations('convention_as_extradition_basis')) {
    const declaration = declarationOf(ctx, instrument, 'convention_as_extradition_basis');
    const article = inlineArticle(declaration?.article ?? '44(6)');
    return declaration?.value === true
      ? {
          accepted: true,
          note: `${ctx.requested} takes ${instrument.shortTitle} as a legal basis for extradition (declaration under ${article})`,
        }
      : {
          accepted: false,
          note: `${ctx.requested} does not take ${instrument.shortTitle} as a legal basis for extradition (${declaration ? 'declaration' : 'no declaration'} under ${article})`,
        };
  }
  if (confiscationTypes.has(cooperation) && usesDeclarations('convention_sufficient_for_confiscation')) {
    const declaration = declarationOf(ctx, instrument, 'convention_sufficient_for_confiscation');
    const article = inlineArticle(declaration?.article ?? '55(6)');
    return declaration?.value === true
      ? {
          accepted: true,
          note: `${ctx.requested} considers ${instrument.shortTitle} a sufficient treaty basis for confiscation (declaration under ${article})`,
        }
      : {
          accepted: false,
          note: `${ctx.requested} does not consider ${instrument.shortTitle} a sufficient treaty basis for confiscation (${declaration ? 'declaration' : 'no declaration'} under ${article})`,
        };
  }
  return null;
}

/** Offence scope (rule 3). The severity is provisional: 'medium' until the end shows whether anything is left. */
function offenceScopeRisks(instrument: Instrument, ctx: Context): RefusalRisk[] {
  const scope = instrument.offences;
  switch (scope.mode) {
    case 'all':
      return [];
    case 'list': {
      const categories = new Set(scope.categories ?? []);
      const outside = ctx.input.offences.filter((offence) => !categories.has(offence.category));
      if (outside.length === 0) return [];
      return [
        {
          code: 'offence_not_covered',
          severity: 'medium',
          instrumentId: instrument.id,
          reason: `${capitalize(named(instrument))} covers only ${andList.format((scope.categories ?? []).map((c) => offencePhrases[c]))}, not ${offenceList(outside)}, so it cannot be used.`,
        },
      ];
    }
    case 'threshold': {
      const minimum = scope.minPenaltyYears ?? 0;
      const below = ctx.input.offences.filter((offence) => offence.maxPenaltyYears < minimum);
      if (below.length === 0) return [];
      return [
        {
          code: 'below_penalty_threshold',
          severity: 'medium',
          instrumentId: instrument.id,
          reason: `${capitalize(named(instrument))} applies only to offences punishable by at least ${minimum} year${minimum === 1 ? '' : 's'}, and ${offenceList(below)} carries less, so it cannot be used.`,
        },
      ];
    }
  }
}

interface Findings {
  bars: RefusalRisk[];
  risks: RefusalRisk[];
  conditions: ApplicableBasis['conditions'];
}

/** Dual criminality (rule 4). */
function dualCriminality(instrument: Instrument, ctx: Context): Findings {
  const findings: Findings = { bars: [], risks: [], conditions: [] };
  const rule = instrument.conditions.dualCriminality;
  const notCriminal = ctx.input.offences.filter((offence) => offence.criminalInRequestedState === false);
  const unknown = ctx.input.offences.filter((offence) => offence.criminalInRequestedState === undefined);
  const applies = rule === 'required' || (rule === 'coercive_only' && ctx.isCoercive);
  const scope = rule === 'coercive_only' ? ' for coercive measures such as this one' : '';
  if (applies && notCriminal.length > 0) {
    findings.bars.push({
      code: 'no_dual_criminality',
      severity: 'bar',
      instrumentId: instrument.id,
      reason: `${capitalize(named(instrument))} requires dual criminality${scope}, and ${offenceList(notCriminal)} ${notCriminal.length > 1 ? 'are' : 'is'} not an offence in ${ctx.requested}, so it cannot be used.`,
    });
  } else if (applies && unknown.length > 0) {
    const reason = `${capitalize(named(instrument))} requires dual criminality${scope}, and it is not recorded whether ${offenceList(unknown)} ${unknown.length > 1 ? 'are offences' : 'is an offence'} in ${ctx.requested}.`;
    findings.risks.push({ code: 'dual_criminality_unknown', severity: 'medium', instrumentId: instrument.id, reason });
    findings.conditions.push({
      code: 'dual_criminality',
      reason: `Show that the conduct (${offenceList(unknown)}) is also an offence in ${ctx.requested}, as ${named(instrument)} requires.`,
    });
  } else if (rule === 'coercive_only' && !ctx.isCoercive && notCriminal.length + unknown.length > 0) {
    const article = instrument.conditions.nonCoerciveAssistanceArticle;
    const under = article ? `${instrument.shortTitle} ${inlineArticle(article)}` : named(instrument);
    findings.conditions.push({
      code: 'dual_criminality',
      reason: `Dual criminality is not needed: under ${under}, ${ctx.requested} is to give assistance that involves no coercive action even where the conduct is not an offence there.`,
    });
  }
  return findings;
}

/** Nationals (rule 5), per instrument; the state-wide refusal is decided once for the whole request. */
function nationals(instrument: Instrument, ctx: Context): Findings {
  const findings: Findings = { bars: [], risks: [], conditions: [] };
  if (!ctx.isExtradition || ctx.personBarred || ctx.input.personNationality !== ctx.input.requestedState) return findings;
  const dedere = `under aut dedere aut judicare (UNCAC art. 44(11)) ${ctx.requested} must then submit the case to its own prosecutors`;
  switch (instrument.conditions.nationals) {
    case 'refused':
      findings.bars.push({
        code: 'nationals_not_extradited',
        severity: 'bar',
        instrumentId: instrument.id,
        reason: `${capitalize(named(instrument))} excludes the extradition of nationals of ${ctx.requested}, so it cannot be used for this person; ${dedere}.`,
      });
      break;
    case 'discretionary':
      findings.risks.push({
        code: 'nationals_not_extradited',
        severity: 'high',
        instrumentId: instrument.id,
        reason: `Under ${named(instrument)}, ${ctx.requested} may refuse to extradite its own national; if it does, ${dedere}.`,
      });
      break;
    case 'allowed':
      break;
  }
  return findings;
}

/** Political offence (rule 6), death penalty (rule 7), speciality, languages and central authority (rule 8). */
function otherFindings(instrument: Instrument, ctx: Context): Findings {
  const findings: Findings = { bars: [], risks: [], conditions: [] };
  const { conditions } = instrument;
  const political = ctx.input.offences.filter((offence) => offence.politicalCharacter === true);
  if (conditions.politicalOffenceException && political.length > 0) {
    if (conditions.offencesNotPoliticalArticle) {
      findings.conditions.push({
        code: 'political_offence',
        reason: `Under ${instrument.shortTitle} ${inlineArticle(conditions.offencesNotPoliticalArticle)}, offences established under ${instrument.shortTitle} are not to be regarded as political offences, so the political character of ${offenceList(political)} is no ground to refuse.`,
      });
    } else {
      findings.risks.push({
        code: 'political_offence',
        severity: 'high',
        instrumentId: instrument.id,
        reason: `Under ${named(instrument)}, ${ctx.requested} may refuse if it regards ${offenceList(political)} as a political offence.`,
      });
    }
  }

  if (ctx.isExtradition && conditions.deathPenaltyAssurance && ctx.requestingProfile?.deathPenalty === true) {
    findings.risks.push({
      code: 'death_penalty_assurance',
      severity: 'medium',
      instrumentId: instrument.id,
      reason: `${capitalize(ctx.requesting)} retains the death penalty, so ${ctx.requested} may refuse under ${named(instrument)} unless ${ctx.requesting} gives an assurance that the death penalty will not be imposed or carried out.`,
    });
    findings.conditions.push({
      code: 'death_penalty_assurance',
      reason: `Give an assurance that the death penalty will not be imposed or carried out (${named(instrument)} allows ${ctx.requested} to require one).`,
    });
  }

  if (ctx.input.cooperation === 'extradition' && conditions.speciality) {
    findings.conditions.push({
      code: 'speciality',
      reason: `The person may be tried or punished only for the offences for which extradition is granted (rule of speciality in ${named(instrument)}).`,
    });
  }

  // Declarations under art. 46(13) and (14) concern mutual legal assistance, not extradition.
  const usesMlaDeclarations = instrument.kind === 'multilateral_convention' && !ctx.isExtradition;
  const languageDeclaration = usesMlaDeclarations ? declarationOf(ctx, instrument, 'accepted_languages') : undefined;
  const declaredLanguages = Array.isArray(languageDeclaration?.value) ? languageDeclaration.value : null;
  const languages = declaredLanguages ?? instrument.languages;
  if (languages.length > 0) {
    const accepted = orList.format(languages.map(languageName));
    const theLanguages = languages.length > 1 ? 'the languages' : 'the language';
    const source =
      declaredLanguages && languageDeclaration
        ? `${theLanguages} ${ctx.requested} accepts under ${instrument.shortTitle} ${inlineArticle(languageDeclaration.article || '46(14)')}`
        : `${theLanguages} accepted under ${named(instrument)}`;
    findings.conditions.push({ code: 'languages', reason: `Send the request in ${accepted}, ${source}.` });
    const own = ctx.requestingProfile?.languages ?? [];
    if (own.length > 0 && !own.some((language) => languages.includes(language))) {
      findings.risks.push({
        code: 'language_requirement',
        severity: 'medium',
        instrumentId: instrument.id,
        reason: `${capitalize(ctx.requested)} accepts requests under ${named(instrument)} only in ${accepted}, so the request needs a translation from ${orList.format(own.map(languageName))}.`,
      });
    }
  }

  const authorityDeclaration = usesMlaDeclarations ? declarationOf(ctx, instrument, 'central_authority') : undefined;
  if (authorityDeclaration && typeof authorityDeclaration.value === 'string') {
    findings.conditions.push({
      code: 'central_authority',
      reason: `Send the request through ${authorityDeclaration.value}, the central authority ${ctx.requested} designated under ${instrument.shortTitle} ${inlineArticle(authorityDeclaration.article || '46(13)')}.`,
    });
  } else if (instrument.centralAuthority) {
    findings.conditions.push({
      code: 'central_authority',
      reason: `Send the request through the central authority named in ${named(instrument)}: ${instrument.centralAuthority}.`,
    });
  }
  return findings;
}

function evaluate(instrument: Instrument, ctx: Context): Evaluation | null {
  const { input } = ctx;
  if (!instrument.parties.includes(input.requestingState) || !instrument.parties.includes(input.requestedState)) return null;
  if (!instrument.coverage.includes(input.cooperation)) return null;
  const status = statusOn(instrument, input.date);
  // Before its first recorded event the instrument did not exist yet: nothing to tell the officer.
  if (status === null) return null;
  if (status !== 'in_force') {
    return {
      outcome: 'not_in_force',
      risk: {
        code: 'not_in_force_on_date',
        severity: 'medium',
        instrumentId: instrument.id,
        reason: `${capitalize(named(instrument))} ${statusPhrases[status]} (status on ${input.date}), so it cannot serve as a legal basis.`,
      },
      obstacle: `${named(instrument)} ${statusPhrases[status]}`,
    };
  }

  const declaration = instrument.kind === 'multilateral_convention' ? conventionDeclaration(instrument, ctx) : null;
  if (declaration && !declaration.accepted) return { outcome: 'not_a_basis', note: declaration.note };

  const dual = dualCriminality(instrument, ctx);
  const ownNationals = nationals(instrument, ctx);
  const exclusions = [...offenceScopeRisks(instrument, ctx), ...dual.bars, ...ownNationals.bars];
  if (exclusions.length > 0) return { outcome: 'excluded', risks: exclusions };

  const other = otherFindings(instrument, ctx);
  const since = inForceSince(instrument, input.date);
  const article = instrument.articles[input.cooperation];
  const covers = article ? `its ${inlineArticle(article)} covers ${ctx.phrase}` : `it covers ${ctx.phrase}`;
  const strength = strengthOf(instrument.kind);
  const reason =
    strength === 'non_binding'
      ? `${capitalize(ctx.requesting)} and ${ctx.requested} have ${named(instrument)}, applicable since ${since}, and ${covers}, but it is not binding and cannot compel ${ctx.requested} to act.`
      : `${capitalize(ctx.requesting)} and ${ctx.requested} are both parties to ${named(instrument)}, in force since ${since}, and ${covers}${declaration ? `; ${declaration.note}` : ''}.`;
  return {
    outcome: 'basis',
    candidate: {
      instrument,
      since,
      basis: {
        instrumentId: instrument.id,
        title: instrument.title,
        kind: instrument.kind,
        strength,
        rank: 0,
        articles: article ? [article] : [],
        conditions: [...dual.conditions, ...other.conditions],
        reason,
      },
    },
    risks: [...dual.risks, ...ownNationals.risks, ...other.risks],
  };
}

/**
 * Ranking (rule 9): bilateral binding, then multilateral, then non-binding. Among bilateral treaties the one made for
 * this cooperation comes first; among conventions the one with fewer parties (a regional treaty before UNCAC). Ties:
 * the more recently in force first, then the id, so that the order never depends on the input order.
 */
function compareCandidates(cooperation: CooperationType): (a: Candidate, b: Candidate) => number {
  const specific = specificKindFor(cooperation);
  return (a, b) => {
    const byStrength = strengthOrder[a.basis.strength] - strengthOrder[b.basis.strength];
    if (byStrength !== 0) return byStrength;
    if (a.basis.strength === 'binding_bilateral') {
      const bySpecificity = Number(a.instrument.kind !== specific) - Number(b.instrument.kind !== specific);
      if (bySpecificity !== 0) return bySpecificity;
    }
    if (a.basis.strength === 'binding_multilateral') {
      const byParties = a.instrument.parties.length - b.instrument.parties.length;
      if (byParties !== 0) return byParties;
    }
    if (a.since !== b.since) return a.since < b.since ? 1 : -1;
    return a.instrument.id.localeCompare(b.instrument.id);
  };
}

function reciprocityBasis(ctx: Context, rank: number, notes: string[]): ApplicableBasis {
  const conditions: ApplicableBasis['conditions'] = [
    {
      code: 'reciprocity_undertaking',
      reason: `${capitalize(ctx.requesting)} undertakes to give ${ctx.requested} the same kind of assistance in a similar case.`,
    },
  ];
  const doubtful = ctx.input.offences.filter((offence) => offence.criminalInRequestedState !== true);
  if (ctx.isCoercive && doubtful.length > 0) {
    conditions.push({
      code: 'dual_criminality',
      reason: `Without a treaty, the law of ${ctx.requested} decides, and it usually requires the conduct (${offenceList(doubtful)}) to be an offence there for a coercive measure.`,
    });
  }
  const noting = notes.length > 0 ? `, noting that ${notes.join(' and that ')}` : '';
  return {
    instrumentId: null,
    title: 'Reciprocity',
    kind: 'reciprocity',
    strength: 'reciprocity',
    rank,
    articles: [],
    conditions,
    reason: `No treaty applies; ${ctx.requested} may assist on the basis of reciprocity, at its discretion${noting}.`,
  };
}

function summarize(
  ctx: Context,
  ranked: Candidate[],
  fallback: ApplicableBasis | null,
  risks: RefusalRisk[],
  possible: boolean,
  obstacles: string[],
): string {
  const { requested, phrase } = ctx;
  if (!possible) {
    const requestBar = risks.find((risk) => risk.severity === 'bar' && risk.instrumentId === null);
    if (requestBar) return `No: ${clause(requestBar.reason)}.`;
    const why = obstacles.length > 0 ? obstacles : [`no instrument binding both ${ctx.requesting} and ${requested} covers it`];
    return `No: there is no legal basis to ask ${requested} for ${phrase}: ${why.join('; ')}.`;
  }
  const [top, ...others] = ranked;
  if (top === undefined) {
    return `Yes: ${requested} can be asked for ${phrase} on the basis of reciprocity, at its discretion, since no treaty applies.`;
  }
  if (top.basis.strength === 'non_binding') {
    const orReciprocity = fallback?.strength === 'reciprocity' ? `; reciprocity remains possible, at its discretion` : '';
    return `Yes, but only on a non-binding basis: ${requested} can be asked for ${phrase} under the ${top.instrument.title}, which cannot compel it${orReciprocity}.`;
  }
  const articles = top.basis.articles.length > 0 ? ` (${top.basis.articles.join(', ')})` : '';
  const further =
    others.length > 0
      ? `, with ${andList.format(others.map((other) => cite(other.instrument, other.basis.articles)))} as ${others.length > 1 ? 'further bases' : 'a further basis'}`
      : '';
  return `Yes: ${requested} can be asked for ${phrase} on the basis of the ${top.instrument.title}${articles}${further}.`;
}

export function checkLegalBasis(input: CheckInput, data: LegalBasisData): CheckResult {
  const requestingProfile = data.states.find((state) => state.code === input.requestingState);
  const requestedProfile = data.states.find((state) => state.code === input.requestedState);
  const requested = requestedProfile?.name ?? regionName(input.requestedState);
  const isExtradition = extraditionTypes.has(input.cooperation);
  // A state with no profile is not assumed to refuse its nationals, nor to act on reciprocity.
  const personBarred = isExtradition && input.personNationality === input.requestedState && requestedProfile?.extraditesNationals === false;
  const ctx: Context = {
    input,
    declarations: data.declarations,
    requesting: requestingProfile?.name ?? regionName(input.requestingState),
    requested,
    requestingProfile,
    requestedProfile,
    phrase: cooperationPhrases[input.cooperation],
    isExtradition,
    isCoercive: coerciveCooperation.has(input.cooperation),
    personBarred,
  };

  const risks: RefusalRisk[] = [];
  if (personBarred) {
    risks.push({
      code: 'nationals_not_extradited',
      severity: 'bar',
      instrumentId: null,
      reason: `${capitalize(requested)} does not extradite its own nationals, so this national of ${requested} cannot be extradited on any basis; under aut dedere aut judicare (UNCAC art. 44(11)) ${requested} must instead, at the request of ${ctx.requesting}, submit the case to its own prosecutors.`,
    });
  }

  const candidates: Candidate[] = [];
  const notes: string[] = [];
  const scopeRisks: RefusalRisk[] = [];
  const obstacles: string[] = [];
  if (input.requestingState !== input.requestedState) {
    for (const instrument of data.instruments) {
      const evaluation = evaluate(instrument, ctx);
      if (evaluation === null) continue;
      switch (evaluation.outcome) {
        case 'not_in_force':
          risks.push(evaluation.risk);
          obstacles.push(evaluation.obstacle);
          break;
        case 'not_a_basis':
          notes.push(evaluation.note);
          obstacles.push(evaluation.note);
          break;
        case 'excluded':
          risks.push(...evaluation.risks);
          obstacles.push(...evaluation.risks.map((risk) => clause(risk.reason)));
          scopeRisks.push(
            ...evaluation.risks.filter((risk) => risk.code === 'offence_not_covered' || risk.code === 'below_penalty_threshold'),
          );
          break;
        case 'basis':
          candidates.push(evaluation.candidate);
          risks.push(...evaluation.risks);
          break;
      }
    }
  }

  const ranked = candidates
    .sort(compareCandidates(input.cooperation))
    .map((candidate, index) => ({ ...candidate, basis: { ...candidate.basis, rank: index + 1 } }));
  const bases = ranked.map((candidate) => candidate.basis);

  let fallback: ApplicableBasis | null = null;
  if (!bases.some((basis) => basis.strength === 'binding_bilateral')) {
    fallback = bases.find((basis) => basis.strength === 'binding_multilateral') ?? null;
    if (fallback === null && requestedProfile?.reciprocity === true && input.requestingState !== input.requestedState) {
      fallback = reciprocityBasis(ctx, bases.length + 1, notes);
    }
  }
  if (requestedProfile?.reciprocity !== true)
    obstacles.push(`${requested} does not cooperate on the basis of reciprocity without a treaty`);

  const nothingLeft = bases.length === 0 && fallback === null;
  for (const risk of scopeRisks) risk.severity = nothingLeft ? 'bar' : 'medium';

  const top = ranked[0];
  if (top !== undefined && bases.every((basis) => basis.strength === 'non_binding')) {
    const only =
      ranked.length === 1
        ? `${named(top.instrument)}, which is not binding, covers`
        : `non-binding instruments (${andList.format(ranked.map((candidate) => named(candidate.instrument)))}) cover`;
    risks.push({
      code: 'non_binding_only',
      severity: 'high',
      instrumentId: top.instrument.id,
      reason: `Only ${only} ${ctx.phrase}, and a memorandum of understanding cannot compel ${requested} to act.`,
    });
  }

  const usable = fallback !== null && !bases.includes(fallback) ? [...bases, fallback] : bases;
  const barredFor = (basis: ApplicableBasis) =>
    risks.some((risk) => risk.severity === 'bar' && (risk.instrumentId === null || risk.instrumentId === basis.instrumentId));
  const possible = usable.some((basis) => !barredFor(basis));

  risks.sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
  return {
    input,
    bases,
    risks,
    fallback,
    summary: summarize(ctx, ranked, fallback, risks, possible, obstacles),
    possible,
  };
}
