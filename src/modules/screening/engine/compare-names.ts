/**
 * Compares two analysed names: aligns their units one to one (order-insensitive, since family-name-first and
 * given-name-first orders both occur), lets a run-together word match several units ("Huabo" ↔ 华 波,
 * "Abdulhai" ↔ Abdul Hai), and turns the aligned similarity into a score with named features.
 */
import type { AnalysedName, NameUnit } from './analyse.ts';
import { chineseSyllables } from './han.ts';
import type { FeatureCode } from './types.ts';
import { editDistance, skeleton } from './text.ts';

/** Lowest unit similarity that counts as a match of two units. */
const UNIT_MATCH = 0.74;

export interface UnitMatch {
  a: NameUnit;
  b: NameUnit;
  similarity: number;
  kind: 'literal' | 'spelling' | 'phonetic' | 'transliteration' | 'fuzzy' | 'initial';
}

export interface NameComparison {
  score: number;
  matches: UnitMatch[];
  coverA: number;
  coverB: number;
  /** Own name and father's name swapped between the two (bin/binti order). */
  swapped: boolean;
  unmatched: NameUnit[];
  /** Same parts in another order than family-name-first / family-name-last (Wei Ming ↔ Ming Wei). */
  reordered: boolean;
}

export interface NameFeature {
  code: FeatureCode;
  value: number;
  detail: string;
}

/** Across scripts, -ng and -n finals are often confused (Rainsy ~ rngsei): they count as one in longer skeletons. */
function loosen(skel: string, cross: boolean): string {
  return cross && skel.length >= 3 ? skel.replace(/N/g, 'n') : skel;
}

function unitSimilarity(a: NameUnit, b: NameUnit): { similarity: number; kind: UnitMatch['kind'] } {
  if (a.source === 'han' && b.source === 'han') {
    // Two Chinese characters: the same character, or a homophone (same pinyin), or nothing.
    if (a.original === b.original) return { similarity: 1, kind: 'literal' };
    return a.forms[0] === b.forms[0] ? { similarity: 0.92, kind: 'phonetic' } : { similarity: 0, kind: 'fuzzy' };
  }
  if (a.transcription || b.transcription) {
    if (a.forms[0] === b.forms[0]) return { similarity: 1, kind: 'transliteration' };
    return { similarity: a.transcription ? transcriptionSimilarity(a, b) : transcriptionSimilarity(b, a), kind: 'transliteration' };
  }
  const cross = a.source !== 'latin' || b.source !== 'latin';
  for (const fa of a.forms) {
    for (const fb of b.forms) {
      if (fa === fb) {
        if (cross) return { similarity: 1, kind: 'transliteration' };
        return { similarity: 1, kind: fa === a.forms[0] && fb === b.forms[0] ? 'literal' : 'spelling' };
      }
    }
  }
  if (a.source === 'han' || b.source === 'han') {
    // A character's readings are listed; only a near miss on a long spelling counts (Hsien ~ Hsian).
    let best = 0;
    if (a.original.length > 1 && a.source === 'han') return { similarity: 0, kind: 'fuzzy' };
    if (b.original.length > 1 && b.source === 'han') return { similarity: 0, kind: 'fuzzy' };
    for (const fa of a.forms) {
      for (const fb of b.forms) {
        if (Math.min(fa.length, fb.length) < 5) continue;
        const distance = editDistance(fa, fb, 1);
        if (distance <= 1) best = Math.max(best, 0.8);
      }
    }
    return { similarity: best, kind: 'transliteration' };
  }
  const fa0 = a.forms[0]!;
  const fb0 = b.forms[0]!;
  let best = 0;
  let kind: UnitMatch['kind'] = cross ? 'transliteration' : 'fuzzy';
  // Two romanisations of one Chinese syllable (Hsien / Xian, Tan / Chan for 陈), in names that read as Chinese.
  if (a.chinese?.length && b.chinese?.length && a.chinese.some((py) => b.chinese!.includes(py))) {
    best = 0.88;
    kind = 'transliteration';
  }
  // Between Chinese syllables a letter more or less is another syllable (Ming / Min, Hua / Huat): no fuzzy match.
  if (a.chinese && b.chinese && a.source === 'latin' && b.source === 'latin') return { similarity: best, kind };
  if ((fa0.length === 1 || fb0.length === 1) && a.source === 'latin' && b.source === 'latin') {
    return fa0[0] === fb0[0] ? { similarity: 0.75, kind: 'initial' } : { similarity: 0, kind: 'fuzzy' };
  }
  // Spelling variants: edit similarity of the closest forms (one typo in a long name is small, in a short one large).
  const maxForms = cross ? 8 : 3;
  for (const fa of a.forms.slice(0, maxForms)) {
    for (const fb of b.forms.slice(0, maxForms)) {
      const longest = Math.max(fa.length, fb.length);
      // Only distances that could still beat the best so far (and reach a unit match) are worth computing.
      const allowed = Math.floor((1 - Math.max(best, UNIT_MATCH - 0.01)) * longest);
      if (Math.abs(fa.length - fb.length) > allowed) continue;
      const distance = editDistance(fa, fb, allowed);
      if (distance > allowed) continue;
      const s = 1 - distance / longest;
      // In a short word one letter is another name (Lin / Ling, Hua / Huat), unless across scripts; a doubled
      // letter (Esa / Essa) or two letters swapped (Sok / Sko) are spellings of the same name.
      if (!cross && Math.min(fa.length, fb.length) <= 4 && s < 0.8) {
        const variant =
          fa.replace(/(.)\1/g, '$1') === fb.replace(/(.)\1/g, '$1') ||
          (fa.length === fb.length && distance === 1 && sorted(fa) === sorted(fb));
        if (variant && 0.8 > best) best = 0.8;
        continue;
      }
      if (s > best) best = s;
    }
  }
  // Sound: same consonant skeleton (Shinawatra ~ Chinwatr, Hussein ~ Husain, Hun ~ Hon).
  const minLength = Math.min(fa0.length, fb0.length);
  for (const rawA of a.skeletons) {
    const sa = loosen(rawA, cross);
    for (const rawB of b.skeletons) {
      const sb = loosen(rawB, cross);
      if (sa === sb && (sa.length >= 2 || (cross && minLength <= 4)) && (cross || minLength >= 7)) {
        const s = cross ? (sa.length >= 2 ? 0.9 : 0.8) : 0.84;
        if (s > best) {
          best = s;
          kind = cross ? 'transliteration' : 'phonetic';
        }
      } else if (Math.min(sa.length, sb.length) >= (cross ? 4 : 3) && (cross || minLength >= 8) && editDistance(sa, sb, 1) === 1) {
        const s = cross ? 0.8 : 0.76;
        if (s > best) {
          best = s;
          kind = cross ? 'transliteration' : 'phonetic';
        }
      }
    }
  }
  return { similarity: best, kind };
}

/**
 * Splits a Latin unit that is written as one word into consecutive pieces spelled as units of the other name:
 * "huabo" against 华 and 波 becomes "hua" + "bo". Returns null when no exact split exists.
 */
function splitRunTogether(unit: NameUnit, others: readonly NameUnit[]): NameUnit[] | null {
  const word = unit.forms[0]!;
  if (word.length < 4 || unit.source === 'han') return null;
  const pieces: { form: string; index: number }[] = [];
  for (let i = 0; i < others.length; i++) {
    const other = others[i]!;
    for (const form of [...other.forms, ...(unit.chinese ? (other.chinese ?? []) : [])]) {
      if (form.length >= 2 && form.length < word.length) pieces.push({ form, index: i });
    }
  }
  if (pieces.length === 0) return null;
  // Word break by depth-first search (names are short): pieces must come from different units.
  const found: string[] = [];
  const used = new Set<number>();
  const search = (position: number): boolean => {
    if (position === word.length) return found.length >= 2;
    if (found.length >= 4) return false;
    for (const piece of pieces) {
      if (used.has(piece.index)) continue;
      if (word.startsWith(piece.form, position)) {
        used.add(piece.index);
        found.push(piece.form);
        if (search(position + piece.form.length)) return true;
        found.pop();
        used.delete(piece.index);
      }
    }
    return false;
  };
  if (!search(0)) return null;
  return found.map((form) => ({
    ...unit,
    forms: [form],
    chinese: unit.chinese ? [form, ...chineseSyllables(form)] : undefined,
    skeletons: [],
    original: unit.original,
    weight: unit.weight / found.length + 0.25,
  }));
}

function expand(units: readonly NameUnit[], others: readonly NameUnit[]): NameUnit[] {
  const result: NameUnit[] = [];
  for (const unit of units) {
    const exact = others.some((other) => other.forms.some((form) => unit.forms.includes(form)));
    const split = exact ? null : splitRunTogether(unit, others);
    if (split) result.push(...split);
    else result.push(unit);
  }
  return result.length > others.length ? mergeRuns(result, others) : result;
}

/**
 * Joins consecutive units written apart that the other name writes as one word ("Chan-o-cha" ↔ จันทร์โอชา,
 * "Abdul Hai" ↔ "Abdulhai"), when the joined word matches that unit better than any of its parts does.
 */
function mergeRuns(units: NameUnit[], others: readonly NameUnit[]): NameUnit[] {
  if (units.length < 2) return units;
  let result = units;
  for (const other of others) {
    if (other.forms[0]!.length < 4) continue;
    let bestSingle = 0;
    for (const unit of result) bestSingle = Math.max(bestSingle, unitSimilarity(unit, other).similarity);
    if (bestSingle >= 0.9) continue;
    let best: { start: number; length: number; unit: NameUnit; similarity: number } | null = null;
    const target = other.forms[0]!.length;
    for (let length = 2; length <= 3; length++) {
      for (let start = 0; start + length <= result.length; start++) {
        const run = result.slice(start, start + length);
        if (run.some((unit) => unit.father !== run[0]!.father)) continue;
        const joined = run.map((unit) => unit.forms[0]).join('');
        if (Math.abs(joined.length - target) > Math.max(2, target * 0.3)) continue;
        const merged: NameUnit = {
          forms: [joined],
          skeletons: [skeleton(joined)],
          original: run.map((unit) => unit.original).join(' '),
          source: run[0]!.source,
          weight: Math.max(...run.map((unit) => unit.weight)),
          father: run[0]!.father,
        };
        const { similarity } = unitSimilarity(merged, other);
        if (similarity >= UNIT_MATCH && similarity > bestSingle + 0.05 && (!best || similarity > best.similarity))
          best = { start, length, unit: merged, similarity };
      }
    }
    if (best) result = [...result.slice(0, best.start), best.unit, ...result.slice(best.start + best.length)];
  }
  return result;
}

const sorted = (word: string): string => Array.from(word).sort().join('');

/** Longest common subsequence length of two short strings. */
function commonSubsequence(a: string, b: string): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1]!);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * Sound similarity of a Chinese transcription with a Latin spelling: transcriptions keep the consonants of a
 * foreign name in order but drop some (Thaksin → 他信 ta-xin, Shinawatra → 西那瓦 xi-na-wa).
 */
function transcriptionSimilarity(transcribed: NameUnit, other: NameUnit): number {
  let best = 0;
  for (const h of transcribed.skeletons) {
    for (const l of other.skeletons) {
      if (h.length < 2 || l.length < 2) continue;
      const common = commonSubsequence(h, l);
      if (common / l.length < 0.6) continue;
      let similarity = 0.6 * (common / h.length) + 0.4 * (common / l.length);
      if (h[0] !== l[0]) similarity *= 0.85;
      if (similarity > best) best = similarity;
    }
  }
  return best;
}

function compareUnits(left: AnalysedName, right: AnalysedName): NameComparison {
  const a = expand(left.units, right.units);
  const b = expand(right.units, a);
  if (a.length === 0 || b.length === 0)
    return { score: 0, matches: [], coverA: 0, coverB: 0, swapped: false, unmatched: [], reordered: false };

  const candidates: (UnitMatch & { i: number; j: number })[] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const { similarity, kind } = unitSimilarity(a[i]!, b[j]!);
      if (similarity >= UNIT_MATCH) candidates.push({ a: a[i]!, b: b[j]!, similarity, kind, i, j });
    }
  }
  candidates.sort((x, y) => y.similarity - x.similarity || y.a.weight + y.b.weight - (x.a.weight + x.b.weight));
  const usedA = new Uint8Array(a.length);
  const usedB = new Uint8Array(b.length);
  const matches: UnitMatch[] = [];
  for (const candidate of candidates) {
    if (usedA[candidate.i] || usedB[candidate.j]) continue;
    usedA[candidate.i] = 1;
    usedB[candidate.j] = 1;
    matches.push(candidate);
  }

  let weightA = 0;
  let weightB = 0;
  for (const unit of a) weightA += unit.weight;
  for (const unit of b) weightB += unit.weight;
  let matchedA = 0;
  let matchedB = 0;
  for (const match of matches) {
    matchedA += match.a.weight * match.similarity;
    matchedB += match.b.weight * match.similarity;
  }
  const coverA = weightA > 0 ? matchedA / weightA : 0;
  const coverB = weightB > 0 ? matchedB / weightB : 0;
  const low = Math.min(coverA, coverB);
  const high = Math.max(coverA, coverB);
  let score = 0.55 * low + 0.45 * high;
  // A name that only matches on light units (particles, very common names) is not a match.
  const strongMatched = matches.some((match) => Math.max(match.a.weight, match.b.weight) >= 0.9 && match.similarity >= 0.8);
  if (!strongMatched && low < 0.95) score = Math.min(score, 0.6);

  // Patronymic order: "Muhammad bin Abdullah" and "Abdullah bin Muhammad" are different people.
  let swapped = false;
  if (left.patronymic && right.patronymic) {
    const crossed = matches.filter((match) => match.a.father !== match.b.father && match.a.weight >= 0.5).length;
    const kept = matches.filter((match) => match.a.father === match.b.father && match.a.weight >= 0.5).length;
    if (crossed > kept) {
      score = Math.min(score, 0.5);
      swapped = true;
    }
  }
  // The same letters with the spaces elsewhere (MYONG-CHIN / MYONGC-HIN, LAURENT NKUNDA / LAUREN TNKUNDA).
  if (score < 0.93 && a.length >= 2 && b.length >= 2 && a.every((u) => u.source === 'latin') && b.every((u) => u.source === 'latin')) {
    const joinedA = a.map((u) => u.forms[0]).join('');
    const joinedB = b.map((u) => u.forms[0]).join('');
    const longest = Math.max(joinedA.length, joinedB.length);
    if (longest >= 8) {
      const joined = 1 - editDistance(joinedA, joinedB, 2) / longest;
      if (joined >= 0.93) score = Math.max(score, joined - 0.02);
    }
  }
  const unmatched = [...a.filter((_, i) => !usedA[i]), ...b.filter((_, j) => !usedB[j])];
  // Burmese names have no family name: the whole name, in its order, is the name.
  const burmese = left.burmeseLike && right.burmeseLike;
  const reordered = unmatched.every((unit) => unit.weight < 0.5) && isReordered(a, b, matches, burmese);
  if (reordered) score = Math.min(score, 0.68);
  if (burmese && unmatched.length > 0) score = Math.min(score, 0.65);
  // In two Chinese names a syllable more or less is another given name (陈伟 / 陈伟明, Ka Ho / Ka Hong).
  if (left.chineseLike && right.chineseLike && unmatched.some((unit) => unit.weight >= 0.5)) score = Math.min(score, 0.65);
  score = Math.max(0, Math.min(1, score));
  return { score, matches, coverA, coverB, swapped, unmatched, reordered };
}

const distinct = (units: readonly NameUnit[]): boolean => new Set(units.map((unit) => unit.forms[0])).size === units.length;
const noHan = (name: AnalysedName): boolean => !name.units.some((unit) => unit.source === 'han');

/**
 * Whether fully matched names list their parts in an order that is neither the same nor a rotation (family name
 * moved from first to last). A rotation is allowed except in Burmese names, which have no family name.
 */
function isReordered(a: readonly NameUnit[], b: readonly NameUnit[], matches: readonly UnitMatch[], strict: boolean): boolean {
  if (matches.length < 2) return false;
  if (!distinct(a) || !distinct(b)) return false;
  const order = [...matches].sort((x, y) => a.indexOf(x.a) - a.indexOf(y.a)).map((match) => b.indexOf(match.b));
  const n = order.length;
  const rank = [...order].sort((x, y) => x - y);
  const positions = order.map((value) => rank.indexOf(value));
  const start = positions[0]!;
  const isRotation = positions.every((value, i) => value === (start + i) % n);
  // Fully reversed (An Van Nguyen for Nguyễn Văn An) is a Western rendering of a family-name-first name.
  const isReversal = n >= 3 && positions.every((value, i) => value === n - 1 - i);
  if (!isRotation) return !(isReversal && !strict);
  return strict && start !== 0;
}

/** Compares two analysed names, also as Chinese transcriptions of foreign names where that applies. */
export function compareNames(left: AnalysedName, right: AnalysedName): NameComparison {
  let best = compareUnits(left, right);
  if (best.score >= 0.95) return best;
  // A Chinese-character name that reads as a transcription (他信·西那瓦) is also compared by sound.
  const leftForeign = left.transcription && left.transcribed === true && noHan(right);
  const rightForeign = right.transcription && right.transcribed === true && noHan(left);
  if (leftForeign) {
    const other = compareUnits({ ...left, units: left.transcription!, patronymic: false }, right);
    if (other.score > best.score) best = other;
  } else if (rightForeign) {
    const other = compareUnits(left, { ...right, units: right.transcription!, patronymic: false });
    if (other.score > best.score) best = other;
  }
  return best;
}

/** The named features behind a comparison, for explanations (built only for results that are shown). */
export function explainComparison(comparison: NameComparison): NameFeature[] {
  const { matches } = comparison;
  const features: NameFeature[] = [];
  if (comparison.swapped)
    features.push({ code: 'name_order', value: 1, detail: 'own name and father’s name are swapped (bin/binti order)' });
  const total = matches.length || 1;
  const kinds: [UnitMatch['kind'], FeatureCode, string][] = [
    ['literal', 'name_literal', ''],
    ['spelling', 'name_token_set', 'same name, other spelling or order: '],
    ['transliteration', 'name_transliteration', ''],
    ['phonetic', 'name_phonetic', 'sounds alike: '],
    ['fuzzy', 'name_fuzzy', 'spelling differs slightly: '],
    ['initial', 'name_initials', 'initial: '],
  ];
  for (const [kind, code, prefix] of kinds) {
    const of = matches.filter((match) => match.kind === kind);
    if (of.length === 0) continue;
    const detail = of
      .map(
        (match) =>
          `${match.a.original} ↔ ${match.b.original}${match.a.source === 'latin' && match.b.source === 'latin' ? '' : ` (${pick(match)})`}`,
      )
      .join(', ');
    features.push({ code, value: of.length / total, detail: prefix + detail });
  }
  if (comparison.unmatched.length > 0) {
    features.push({
      code: 'name_unmatched',
      value: Math.round((1 - Math.min(comparison.coverA, comparison.coverB)) * 1000) / 1000,
      detail: `not matched: ${comparison.unmatched.map((u) => u.original).join(', ')}`,
    });
  }
  return features;
}

/** The spelling under which two units met, for explanations: "陈 ↔ Tan (tan)". */
function pick(match: UnitMatch): string {
  for (const fa of match.a.forms) if (match.b.forms.includes(fa)) return fa;
  return `${match.a.forms[0]} ~ ${match.b.forms[0]}`;
}
