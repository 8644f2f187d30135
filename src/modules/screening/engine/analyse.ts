/**
 * Turns a name as written into comparable units: one per word (Latin and other alphabetic scripts) or per
 * character (Chinese) or per syllable (Burmese), each with every Latin spelling it may appear under, the original
 * text it came from, and a weight (particles and very common names weigh less than distinctive ones).
 */
import anyAscii from 'any-ascii';
import { chineseSyllables, hanCharacters, isChineseWord } from './han.ts';
import { HAN_SURNAMES } from './han-readings.ts';
import {
  AMBIGUOUS_HONORIFICS,
  BURMESE_SYLLABLES,
  CANONICAL_SPELLING,
  COMMON_TOKENS,
  HONORIFIC_PHRASES,
  HONORIFICS,
  LEGAL_FORM_PATTERNS,
  LEGAL_FORM_TOKENS,
  PARTICLES,
  SLASH_PATRONYMICS,
  STRONG_PATRONYMIC_MARKERS,
  VIETNAMESE_MIDDLE,
} from './name-parts.ts';
import { romaniseBurmese, romaniseThaiWord, transliterateThaiWord } from './southeast-asian.ts';
import { dominantScript, foldLatin, scriptOf, skeleton, type Script } from './text.ts';

export type UnitSource = 'latin' | 'han' | 'transliterated';

export interface NameUnit {
  /** Latin spellings, lower-case ASCII; the first is the one shown. */
  forms: string[];
  /** Consonant skeletons of the forms (deduplicated). */
  skeletons: string[];
  /** The text of the original name this unit came from. */
  original: string;
  source: UnitSource;
  weight: number;
  /** Part of the father's name in a patronymic name (after bin/binti/a/l). */
  father: boolean;
  /** A Chinese phonetic transcription of a foreign name part (他信 for Thaksin): compared by sound, leniently. */
  transcription?: boolean;
  /** For a Latin word of a Chinese-looking name: the pinyin syllables it may spell (Hsien → xian, Tan → chen). */
  chinese?: readonly string[];
}

export interface AnalysedName {
  original: string;
  script: Script;
  company: boolean;
  units: NameUnit[];
  /** The name has an explicit patronymic marker (bin, binti, a/l…). */
  patronymic: boolean;
  /**
   * For a name written wholly in Chinese characters: the same name read as a phonetic transcription of a foreign
   * name (他信·西那瓦 → taxin, xinawa), one unit per part between the separating dots.
   */
  transcription?: NameUnit[];
  /** The name reads as a transcription on its face (dots, length, no family name); otherwise only possibly. */
  transcribed?: boolean;
  /** Every part is a Chinese syllable (or two) in some romanisation, or a Chinese character. */
  chineseLike: boolean;
  /** Written in Burmese, or every part is a usual romanisation of a Burmese name syllable. */
  burmeseLike: boolean;
}

/** Characters of a name that are read (the longest real names and styles are well under this). */
const MAX_NAME_LENGTH = 200;
/** Most parts of one name that are compared (long royal styles have about a dozen). */
const MAX_UNITS = 16;

const LIGHT_TITLES = new Set(['tun', 'tuan', 'toh', 'puan', 'raja', 'awang', 'dayang', 'sayed', 'syed']);

const THAI_HONORIFICS = /^(นาย|นางสาว|นาง|ด\.?ช\.?|ด\.?ญ\.?|คุณ|พลเอก|พล\.อ\.|พลตำรวจเอก|พล\.ต\.อ\.|ดร\.?|ม\.ร\.ว\.?|หม่อมราชวงศ์)\s*/u;
const LAO_HONORIFICS = /^(ທ່ານ|ທ້າວ|ນາງ|ທ່ານນາງ)\s*/u;
const KHMER_HONORIFICS = /^(សម្តេច|សម្ដេច|ឯកឧត្តម|លោកជំទាវ|លោកស្រី|លោក|អ្នកស្រី)\s*/u;
const BURMESE_HONORIFICS = /^(ဦး|ဒေါ်|ကို|မောင်|ဆရာတော်|ဗိုလ်ချုပ်မှူးကြီး|ဗိုလ်ချုပ်)\s*/u;
const CHINESE_TITLES = /(先生|女士|小姐|同志|博士|教授|总统|總統|总理|總理|主席|部长|部長)$/u;

const COMPANY_HINT = new RegExp(
  String.raw`\b(sdn\.?\s*bhd|pte\.?\s*ltd|co\.?,?\s*ltd|ltd|limited|llc|inc|corp|corporation|company|tbk|berhad|holdings?|jsc|plc|gmbh|group)\b\.?|^pt\.?\s|^cv\.?\s|^cong ty|^công ty|有限公司|公司$|集团|บริษัท|จำกัด`,
  'iu',
);

/** Whether a name reads as a company name (legal form present). */
export const looksLikeCompany = (name: string): boolean => COMPANY_HINT.test(name);

function makeUnit(forms: Iterable<string>, original: string, source: UnitSource, weight: number): NameUnit | null {
  const list: string[] = [];
  for (const form of forms) {
    const clean = form.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (clean && !list.includes(clean)) list.push(clean);
  }
  if (list.length === 0) return null;
  const canonical = CANONICAL_SPELLING.get(list[0]!);
  if (canonical && !list.includes(canonical)) list.push(canonical);
  const skeletons: string[] = [];
  for (const form of list) {
    const skel = skeleton(form);
    if (skel && !skeletons.includes(skel)) skeletons.push(skel);
  }
  return { forms: list, skeletons, original, source, weight, father: false };
}

function latinWeight(token: string, company: boolean): number {
  const canonical = CANONICAL_SPELLING.get(token) ?? token;
  if (token.length === 1) return 0.3;
  if (PARTICLES.has(token)) return 0.15;
  if (company) return 1;
  if (VIETNAMESE_MIDDLE.has(token)) return 0.3;
  // A title kept because it may also be a name (Tun, Tuan): it still matches, but proves little.
  if (LIGHT_TITLES.has(token)) return 0.4;
  if (COMMON_TOKENS.has(canonical) || COMMON_TOKENS.has(token)) return 0.55;
  return 1;
}

/**
 * A token and, when it is written in the Indonesian and Malay spelling before 1972 (Soeharto, Tjahjo, Djoko), its
 * present-day spelling (Suharto, Cahyo, Joko).
 */
function oldIndonesianSpellings(token: string): string[] {
  if (!/tj|dj|oe|sj|nj/.test(token)) return [token];
  const modern = token
    .replace(/oe/g, 'u')
    .replace(/tj/g, 'c')
    .replace(/dj/g, 'J')
    .replace(/sj/g, 'sy')
    .replace(/nj/g, 'ny')
    .replace(/j/g, 'y')
    .replace(/J/g, 'j');
  return [token, modern, token.replace(/tj/g, 'ch').replace(/oe/g, 'u')];
}

/** Removes leading honorifics (never leaving fewer than two tokens, or one for a single-token name). */
function dropHonorifics(tokens: string[]): string[] {
  let result = tokens;
  let changed = true;
  while (changed && result.length > 1) {
    changed = false;
    for (const phrase of HONORIFIC_PHRASES) {
      if (result.length > phrase.length + 1 && phrase.every((part, i) => result[i] === part)) {
        result = result.slice(phrase.length);
        changed = true;
      }
    }
    const first = result[0]!;
    if (HONORIFICS.has(first) && result.length > 2 && !AMBIGUOUS_HONORIFICS.has(first)) {
      result = result.slice(1);
      changed = true;
    } else if (
      HONORIFICS.has(first) &&
      result.length > 2 &&
      AMBIGUOUS_HONORIFICS.has(first) &&
      HONORIFICS.has(result[1]!) &&
      !AMBIGUOUS_HONORIFICS.has(result[1]!)
    ) {
      result = result.slice(2);
      changed = true;
    } else if (first === 'u' || first === 'daw') {
      // Burmese U / Daw in a romanised name: U Thant keeps Thant.
      if (result.length >= 2) {
        result = result.slice(1);
        changed = true;
      }
    }
  }
  // Honorifics inside a Malay name: "Mohd Najib bin Tun Haji Abdul Razak".
  // A title that is also a name part (Tun) counts as a title next to a sure one or right after bin/binti.
  const isTitle = (token: string, i: number): boolean => {
    if (!HONORIFICS.has(token) || token === 'said') return false;
    if (!AMBIGUOUS_HONORIFICS.has(token)) return true;
    const next = result[i + 1];
    const sureNext = next !== undefined && HONORIFICS.has(next) && !AMBIGUOUS_HONORIFICS.has(next);
    return sureNext || STRONG_PATRONYMIC_MARKERS.has(result[i - 1] ?? '');
  };
  if (result.length <= 2) return result;
  return result.filter((token, i) => i === 0 || !isTitle(token, i));
}

function latinUnits(text: string, company: boolean): { units: NameUnit[]; patronymic: boolean } {
  let folded = foldLatin(text).replace(SLASH_PATRONYMICS, ' bin ');
  folded = folded
    .replace(/['’‘`´]/g, '')
    .replace(/[^a-z0-9-]+/g, ' ')
    .replace(/\s*-+\s*/g, '-')
    .replace(/^-+|-+$/g, '')
    .trim();
  // A word joined to another by a hyphen (Bin-hua, Hua-bin) is part of a name, never a patronymic marker.
  const words = folded.split(' ').flatMap((word) => {
    const parts = word.split('-').filter(Boolean);
    return parts.map((token) => ({ token, joined: parts.length > 1 }));
  });
  let tokens = words.map((word) => word.token);
  if (company) {
    const kept = tokens.filter((token) => !LEGAL_FORM_TOKENS.has(token));
    if (kept.length > 0) tokens = kept;
  } else {
    tokens = dropHonorifics(tokens);
  }
  // The kept tokens are a subsequence of the words: align them to know which were hyphen-joined.
  const joined: boolean[] = [];
  let w = 0;
  for (const token of tokens) {
    while (w < words.length && words[w]!.token !== token) w++;
    joined.push(words[w]?.joined ?? false);
    w++;
  }
  const units: NameUnit[] = [];
  let father = false;
  let patronymic = false;
  for (const [i, token] of tokens.entries()) {
    // bin, binti… stand between a name and the father's name: never first, never last (Li Bin is a Chinese name).
    if (!company && STRONG_PATRONYMIC_MARKERS.has(token) && units.length > 0 && i < tokens.length - 1 && !joined[i]) {
      father = true;
      patronymic = true;
      continue;
    }
    const unit = makeUnit(oldIndonesianSpellings(token), token, 'latin', latinWeight(token, company));
    if (unit) {
      unit.father = father;
      units.push(unit);
    }
  }
  return { units, patronymic };
}

function transliteratedUnit(word: string, forms: string[]): NameUnit | null {
  return makeUnit(forms, word, 'transliterated', 1);
}

/** Analyses one name. `schema` decides whether company legal forms or personal honorifics are removed. */
export function analyseName(name: string, schema: 'Person' | 'Company' | 'Organization' | 'LegalEntity' | null = null): AnalysedName {
  let text = name.normalize('NFKC').trim().slice(0, MAX_NAME_LENGTH);
  const company = schema === 'Company' || schema === 'Organization' || (schema !== 'Person' && looksLikeCompany(text));
  if (company) for (const pattern of LEGAL_FORM_PATTERNS) text = text.replace(pattern, ' ');
  text = text.replace(/[()[\]{}"“”«»]/g, ' ').trim();
  const script = dominantScript(text);
  const units: NameUnit[] = [];
  let patronymic = false;

  // Split into runs of one script so that mixed names ("李华波 Li Huabo") are handled run by run.
  const runs: { script: Script | null; text: string }[] = [];
  for (const char of text) {
    const s = scriptOf(char);
    const kind = s === 'latin' || s === null ? (s ?? null) : s;
    const last = runs[runs.length - 1];
    if (last && (last.script === kind || (kind === null && last.script !== 'han'))) last.text += char;
    else runs.push({ script: kind, text: char });
  }

  for (const run of runs) {
    const runText = run.text.trim();
    if (!runText) continue;
    switch (run.script) {
      case 'han': {
        const clean = runText.replace(CHINESE_TITLES, '');
        const chars = hanCharacters(clean);
        chars.forEach((character, i) => {
          const unit = makeUnit(character.forms, character.char, 'han', chars.length >= 2 && i === 0 && !company ? 0.6 : 1);
          if (unit) units.push(unit);
        });
        break;
      }
      case 'thai': {
        for (const word of runText.replace(THAI_HONORIFICS, '').split(/\s+/).filter(Boolean)) {
          const romanised = romaniseThaiWord(word);
          // ศร / สร read "s" in RTGS (Si) but are often written "sr" (Sri, Srettha).
          const forms = [romanised, romanised.replace(/sr/g, 's'), transliterateThaiWord(word), anyAscii(word)];
          const unit = transliteratedUnit(word, forms);
          if (unit) units.push(unit);
        }
        break;
      }
      case 'myanmar': {
        // The digit zero ၀ is often typed for the letter wa ဝ, and seven ၇ for ra ရ.
        const letters = runText.replace(/\u1040/g, '\u101d').replace(/\u1047/g, '\u101b');
        for (const word of letters.replace(BURMESE_HONORIFICS, '').split(/\s+/).filter(Boolean)) {
          for (const syllable of romaniseBurmese(word)) {
            const unit = transliteratedUnit(syllable, burmeseSpellings(syllable));
            if (unit) units.push(unit);
          }
        }
        break;
      }
      case 'lao':
      case 'khmer':
      case 'arabic':
      case 'cyrillic':
      case 'hangul':
      case 'kana':
      case 'other': {
        let stripped = runText.replace(LAO_HONORIFICS, '').replace(KHMER_HONORIFICS, '');
        // Lao writes some vowels before the consonant they follow in speech (ແກ້ວ = k + ae + o): read them after it.
        if (run.script === 'lao') stripped = stripped.replace(/([\u0ec0-\u0ec4])([\u0e81-\u0eae])/gu, '$2$1');
        const ascii = anyAscii(stripped);
        if (run.script === 'cyrillic' || run.script === 'other') {
          const result = latinUnits(ascii, company);
          patronymic ||= result.patronymic;
          units.push(...result.units.map((unit) => ({ ...unit, source: 'transliterated' as const })));
        } else if (run.script === 'hangul' || run.script === 'kana') {
          for (const char of stripped.replace(/\s+/g, '')) {
            const unit = transliteratedUnit(char, [anyAscii(char)]);
            if (unit) units.push(unit);
          }
        } else {
          for (const word of stripped.split(/\s+/).filter(Boolean)) {
            const ascii = anyAscii(word);
            // Lao ວ after a vowel is the glide o/w (ແກ້ວ = Keo, Kaew), not the consonant v.
            const forms = run.script === 'lao' ? [ascii, ascii.replace(/([aeiou])v(?![aeiou])/g, '$1o')] : [ascii];
            const unit = transliteratedUnit(word, forms);
            if (unit) units.push(unit);
          }
        }
        break;
      }
      case 'latin':
      case null: {
        const result = latinUnits(runText, company);
        patronymic ||= result.patronymic;
        units.push(...result.units);
      }
    }
  }
  // A name has a handful of parts; anything longer is cut so that one query cannot cost more than a few comparisons.
  if (units.length > MAX_UNITS) units.length = MAX_UNITS;
  const chineseLike =
    !company &&
    units.length >= 2 &&
    units.every((unit) => unit.source === 'han' || (unit.source === 'latin' && isChineseWord(unit.forms[0]!)));
  if (chineseLike) {
    for (const unit of units) unit.chinese = unit.source === 'han' ? [unit.forms[0]!] : chineseSyllables(unit.forms[0]!);
  }
  const burmeseLike =
    !company &&
    units.length >= 2 &&
    (script === 'myanmar' || units.every((unit) => unit.source === 'latin' && BURMESE_SYLLABLES.has(unit.forms[0]!)));
  const result: AnalysedName = { original: name, script, company, units, patronymic, chineseLike, burmeseLike };
  if (!company && units.length >= 2 && units.every((unit) => unit.source === 'han')) {
    result.transcription = transcriptionUnits(text);
    result.transcribed = looksTranscribed(text, units);
  }
  return result;
}

/**
 * Whether a name in Chinese characters reads as a transcription of a foreign name rather than a Chinese name:
 * parts joined by a middle dot (他信·西那瓦), four or more characters, or no Chinese family name first.
 */
function looksTranscribed(text: string, units: readonly NameUnit[]): boolean {
  if (/[·・•‧\u00b7\u30fb]/u.test(text)) return true;
  const parts = text.split(/\s+/u).filter(Boolean);
  // "麗娟 張", "张 丽娟": a Chinese name written with a space, family name first or last.
  if (parts.length > 1) return !parts.some((part) => HAN_SURNAMES.has(hanCharacters(part)[0]?.char ?? ''));
  if (units.length >= 4) return true;
  return !HAN_SURNAMES.has(units[0]!.original);
}

/** Pinyin letters as their sounds are heard in a transcription (q and x as in "chi", "si"). */
const soundOfPinyin = (pinyin: string): string => pinyin.replace(/q/g, 'ch').replace(/zh/g, 'j').replace(/x/g, 's');

function transcriptionUnits(text: string): NameUnit[] {
  const units: NameUnit[] = [];
  for (const segment of text.split(/[·・•‧.\s\u00b7\u30fb-]+/u).filter(Boolean)) {
    const chars = hanCharacters(segment);
    if (chars.length === 0) continue;
    const joined = chars.map((character) => character.forms[0] ?? '').join('');
    const unit = makeUnit([joined], segment, 'transliterated', 1);
    if (unit) {
      unit.skeletons = [skeleton(soundOfPinyin(joined))];
      unit.transcription = true;
      units.push(unit);
    }
  }
  return units;
}

/** Usual Latin spellings of a romanised Burmese syllable (Suu, Shwe, Ne, Oo, Sein/Hsein). */
function burmeseSpellings(syllable: string): string[] {
  const forms = [syllable];
  const add = (form: string): void => {
    if (!forms.includes(form)) forms.push(form);
  };
  if (syllable.endsWith('u')) {
    add(`${syllable}u`);
    add(`${syllable.slice(0, -1)}oo`);
  }
  if (syllable.endsWith('ay')) add(`${syllable.slice(0, -2)}e`);
  if (syllable.startsWith('hs')) add(syllable.slice(1));
  if (syllable.startsWith('ky')) add(`ch${syllable.slice(2)}`);
  if (syllable.startsWith('ht')) add(syllable.slice(1));
  if (syllable === 'o') add('oo');
  if (syllable.endsWith('a')) add(`${syllable}r`); // Mar, Thar
  return forms;
}
