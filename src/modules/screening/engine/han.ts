/**
 * Chinese names: traditional → simplified, then for each character every spelling it is written with in the region
 * (Hanyu Pinyin, Wade–Giles, Cantonese, Hokkien, Teochew, Hakka, Sino-Vietnamese). Compound surnames stay one unit.
 */
import { pinyin } from 'pinyin-pro';
import * as OpenCC from 'opencc-js';
import { HAN_READINGS, wadeGiles } from './han-readings.ts';

// opencc-js's declarations import './core' without an extension, which NodeNext resolution cannot follow.
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
const toSimplified: (text: string) => string = OpenCC.Converter({ from: 't', to: 'cn' });

export interface HanCharacter {
  /** The character as written (after conversion to simplified). */
  char: string;
  /** All spellings, pinyin first. */
  forms: string[];
}

const cache = new Map<string, HanCharacter[]>();

/** Splits a run of Chinese characters into per-character readings. Surname reading rules apply to the first ones. */
export function hanCharacters(text: string): HanCharacter[] {
  const cached = cache.get(text);
  if (cached) return cached;
  const simplified = toSimplified(text);
  const chars = Array.from(simplified).filter((char) => /\p{Script=Han}/u.test(char));
  const syllables: string[] = pinyin(chars.join(''), { toneType: 'none', type: 'array', surname: 'head', v: true });
  const result = chars.map((char, i) => {
    const py = (syllables[i] ?? '')
      .toLowerCase()
      .replace(/ü/g, 'v')
      .replace(/[^a-z]/g, '');
    const forms = new Set<string>();
    if (py) {
      forms.add(py.replace(/v/g, 'u'));
      forms.add(wadeGiles(py.replace(/v/g, 'u')));
    }
    for (const reading of HAN_READINGS.get(char) ?? []) forms.add(reading);
    return { char, forms: [...forms] };
  });
  if (cache.size > 50_000) cache.clear();
  cache.set(text, result);
  return result;
}

let syllables: Map<string, string[]> | null = null;

/** Every Latin spelling of a Chinese syllable in the region (pinyin, Wade–Giles, dialects) → the pinyin it stands for. */
function syllableIndex(): Map<string, string[]> {
  if (syllables) return syllables;
  const index = new Map<string, Set<string>>();
  const add = (form: string, py: string): void => {
    let set = index.get(form);
    if (!set) index.set(form, (set = new Set()));
    set.add(py);
  };
  let text = '';
  for (let code = 0x4e00; code <= 0x9fa5; code++) text += String.fromCodePoint(code);
  const all: string[] = pinyin(text, { toneType: 'none', type: 'array', v: true });
  for (const raw of all) {
    const py = raw.toLowerCase().replace(/v/g, 'u');
    if (!/^[a-z]+$/.test(py)) continue;
    add(py, py);
    add(wadeGiles(py), py);
  }
  for (const [char, readings] of HAN_READINGS) {
    const py = hanCharacters(char)[0]?.forms[0];
    if (!py) continue;
    for (const reading of readings) add(reading, py);
  }
  syllables = new Map([...index].map(([form, set]) => [form, [...set]]));
  return syllables;
}

/** The pinyin syllables a Latin word may spell when it is (part of) a Chinese name: hsien → xian, tan → chen, tan… */
export function chineseSyllables(form: string): readonly string[] {
  return syllableIndex().get(form) ?? [];
}

/** Whether a Latin word reads as one Chinese syllable or two run together (Hsien, Xianlong, Huabo). */
export function isChineseWord(form: string): boolean {
  const index = syllableIndex();
  if (index.has(form)) return true;
  for (let i = 2; i <= form.length - 2; i++) if (index.has(form.slice(0, i)) && index.has(form.slice(i))) return true;
  return false;
}
