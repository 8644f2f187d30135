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

export const isHan = (char: string): boolean => /\p{Script=Han}/u.test(char);
