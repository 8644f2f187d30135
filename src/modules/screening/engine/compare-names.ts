/**
 * Compares two analysed names: aligns their units one to one (order-insensitive, since family-name-first and
 * given-name-first orders both occur), lets a run-together word match several units ("Huabo" ↔ 华 波,
 * "Abdulhai" ↔ Abdul Hai), and turns the aligned similarity into a score with named features.
 */
import type { AnalysedName, NameUnit } from './analyse.ts';
import type { FeatureCode } from './types.ts';
import { editDistance, editSimilarity, skeleton } from './text.ts';

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
  features: { code: FeatureCode; value: number; detail: string }[];
}

function unitSimilarity(a: NameUnit, b: NameUnit): { similarity: number; kind: UnitMatch['kind'] } {
  const cross = a.source !== 'latin' || b.source !== 'latin';
  for (const fa of a.forms) {
    for (const fb of b.forms) {
      if (fa === fb) {
        if (cross) return { similarity: 1, kind: 'transliteration' };
        return { similarity: 1, kind: fa === a.forms[0] && fb === b.forms[0] ? 'literal' : 'spelling' };
      }
    }
  }
  const fa0 = a.forms[0]!;
  const fb0 = b.forms[0]!;
  if ((fa0.length === 1 || fb0.length === 1) && a.source === 'latin' && b.source === 'latin') {
    return fa0[0] === fb0[0] ? { similarity: 0.75, kind: 'initial' } : { similarity: 0, kind: 'fuzzy' };
  }
  let best = 0;
  let kind: UnitMatch['kind'] = cross ? 'transliteration' : 'fuzzy';
  // Spelling variants: edit similarity of the closest forms (one typo in a long name is small, in a short one large).
  const maxForms = cross ? 8 : 3;
  for (const fa of a.forms.slice(0, maxForms)) {
    for (const fb of b.forms.slice(0, maxForms)) {
      if (Math.abs(fa.length - fb.length) > 3) continue;
      const s = editSimilarity(fa, fb);
      if (s > best) best = s;
    }
  }
  // Sound: same consonant skeleton (Shinawatra ~ Chinwatr, Hussein ~ Husain, Hun ~ Hon).
  const minLength = Math.min(fa0.length, fb0.length);
  for (const sa of a.skeletons) {
    for (const sb of b.skeletons) {
      if (sa === sb && sa.length >= 2 && (cross || minLength >= 5)) {
        const s = cross ? 0.9 : 0.86;
        if (s > best) {
          best = s;
          kind = cross ? 'transliteration' : 'phonetic';
        }
      } else if (cross && sa.length >= 3 && sb.length >= 3) {
        const d = editDistance(sa, sb, 2);
        const longest = Math.max(sa.length, sb.length);
        if (d === 1 && longest >= 4) {
          const s = 0.8;
          if (s > best) {
            best = s;
            kind = 'transliteration';
          }
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
  for (let i = 0; i < others.length; i++)
    for (const form of others[i]!.forms) if (form.length >= 2 && form.length < word.length) pieces.push({ form, index: i });
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
  return mergeRuns(result, others);
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
    if (bestSingle >= 0.95) continue;
    let best: { start: number; length: number; unit: NameUnit; similarity: number } | null = null;
    for (let length = 2; length <= 3; length++) {
      for (let start = 0; start + length <= result.length; start++) {
        const run = result.slice(start, start + length);
        if (run.some((unit) => unit.father !== run[0]!.father)) continue;
        const joined = run.map((unit) => unit.forms[0]).join('');
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

/** Compares two analysed names. */
export function compareNames(left: AnalysedName, right: AnalysedName): NameComparison {
  const a = expand(left.units, right.units);
  const b = expand(right.units, left.units);
  if (a.length === 0 || b.length === 0) return { score: 0, matches: [], coverA: 0, coverB: 0, features: [] };

  const candidates: UnitMatch[] = [];
  for (const ua of a) {
    for (const ub of b) {
      const { similarity, kind } = unitSimilarity(ua, ub);
      if (similarity >= UNIT_MATCH) candidates.push({ a: ua, b: ub, similarity, kind });
    }
  }
  candidates.sort((x, y) => y.similarity - x.similarity || y.a.weight + y.b.weight - (x.a.weight + x.b.weight));
  const usedA = new Set<NameUnit>();
  const usedB = new Set<NameUnit>();
  const matches: UnitMatch[] = [];
  for (const candidate of candidates) {
    if (usedA.has(candidate.a) || usedB.has(candidate.b)) continue;
    usedA.add(candidate.a);
    usedB.add(candidate.b);
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
  if (!strongMatched) score = Math.min(score, 0.6);

  const features: NameComparison['features'] = [];
  // Patronymic order: "Muhammad bin Abdullah" and "Abdullah bin Muhammad" are different people.
  if (left.patronymic && right.patronymic) {
    const swapped = matches.filter((match) => match.a.father !== match.b.father && match.a.weight >= 0.5).length;
    const kept = matches.filter((match) => match.a.father === match.b.father && match.a.weight >= 0.5).length;
    if (swapped > kept) {
      score = Math.min(score, 0.5);
      features.push({ code: 'name_token_set', value: 0, detail: 'own name and father’s name are swapped (bin/binti order)' });
    }
  }
  score = Math.max(0, Math.min(1, score));

  const total = matches.length || 1;
  const count = (kinds: UnitMatch['kind'][]): number => matches.filter((match) => kinds.includes(match.kind)).length;
  const describe = (kinds: UnitMatch['kind'][]): string =>
    matches
      .filter((match) => kinds.includes(match.kind))
      .map(
        (match) =>
          `${match.a.original} ↔ ${match.b.original}${match.a.source === 'latin' && match.b.source === 'latin' ? '' : ` (${pick(match)})`}`,
      )
      .join(', ');
  const literal = count(['literal']);
  if (literal) features.push({ code: 'name_literal', value: literal / total, detail: describe(['literal']) });
  if (count(['spelling']))
    features.push({
      code: 'name_token_set',
      value: count(['spelling']) / total,
      detail: `same name, other spelling or order: ${describe(['spelling'])}`,
    });
  if (count(['transliteration']))
    features.push({ code: 'name_transliteration', value: count(['transliteration']) / total, detail: describe(['transliteration']) });
  if (count(['phonetic'])) features.push({ code: 'name_phonetic', value: count(['phonetic']) / total, detail: describe(['phonetic']) });
  if (count(['fuzzy'])) features.push({ code: 'name_fuzzy', value: count(['fuzzy']) / total, detail: describe(['fuzzy']) });
  if (count(['initial'])) features.push({ code: 'name_initials', value: count(['initial']) / total, detail: describe(['initial']) });
  const unmatched = a.length + b.length - 2 * matches.length;
  if (unmatched > 0) {
    const rest = [...a.filter((u) => !usedA.has(u)), ...b.filter((u) => !usedB.has(u))].map((u) => u.original);
    features.push({ code: 'name_token_set', value: Math.round(low * 1000) / 1000, detail: `not matched: ${rest.join(', ')}` });
  }
  return { score, matches, coverA, coverB, features };
}

/** The spelling under which two units met, for explanations: "陈 ↔ Tan (tan)". */
function pick(match: UnitMatch): string {
  for (const fa of match.a.forms) if (match.b.forms.includes(fa)) return fa;
  return `${match.a.forms[0]} ~ ${match.b.forms[0]}`;
}
