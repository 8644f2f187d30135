/**
 * Script detection, folding and string distances shared by the engine. Everything here works on plain strings.
 */

export type Script = 'latin' | 'han' | 'thai' | 'lao' | 'khmer' | 'myanmar' | 'hangul' | 'kana' | 'arabic' | 'cyrillic' | 'other';

const RANGES: [number, number, Script][] = [
  [0x0e00, 0x0e7f, 'thai'],
  [0x0e80, 0x0eff, 'lao'],
  [0x1780, 0x17ff, 'khmer'],
  [0x19e0, 0x19ff, 'khmer'],
  [0x1000, 0x109f, 'myanmar'],
  [0xaa60, 0xaa7f, 'myanmar'],
  [0x3400, 0x4dbf, 'han'],
  [0x4e00, 0x9fff, 'han'],
  [0xf900, 0xfaff, 'han'],
  [0x20000, 0x2ffff, 'han'],
  [0xac00, 0xd7af, 'hangul'],
  [0x1100, 0x11ff, 'hangul'],
  [0x3130, 0x318f, 'hangul'],
  [0x3040, 0x30ff, 'kana'],
  [0x0600, 0x06ff, 'arabic'],
  [0x0750, 0x077f, 'arabic'],
  [0x0400, 0x04ff, 'cyrillic'],
];

export function scriptOf(char: string): Script | null {
  const code = char.codePointAt(0) ?? 0;
  if (
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0xc0 && code <= 0x24f) ||
    (code >= 0x1e00 && code <= 0x1eff)
  ) {
    return 'latin';
  }
  for (const [from, to, script] of RANGES) if (code >= from && code <= to) return script;
  if (/\p{L}/u.test(char)) return 'other';
  return null;
}

/** The dominant script of a string: the one most of its letters belong to. */
export function dominantScript(text: string): Script {
  const counts = new Map<Script, number>();
  for (const char of text) {
    const script = scriptOf(char);
    if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  let best: Script = 'latin';
  let bestCount = 0;
  for (const [script, count] of counts) {
    if (count > bestCount) {
      best = script;
      bestCount = count;
    }
  }
  return best;
}

/** Lowercase Latin with diacritics folded (Vietnamese đ → d, ß → ss); other scripts unchanged. */
export function foldLatin(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[ıİ]/g, 'i')
    .toLowerCase();
}

/** Damerau–Levenshtein distance (optimal string alignment), bounded: returns max+1 once it is exceeded. */
export function editDistance(a: string, b: string, max = 8): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = new Array<number>(lb + 1);
  let current = new Array<number>(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let value = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) value = Math.min(value, prev2[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, current] = [prev, current, prev2];
  }
  return prev[lb]!;
}

/**
 * A consonant skeleton: the sound classes of a romanised token with vowels, doubled letters and aspiration marks
 * removed, so that romanisations of one name from different systems agree (Chinwatr / Shinawatra → SNWTL,
 * Mohammed / Muhammad → MHMT, Hsien / Xian → SN). The first letter keeps its class even when it is a vowel.
 */
export function skeleton(token: string): string {
  let text = token
    .replace(/ng/g, 'N')
    .replace(/ny/g, 'N')
    .replace(/tch|tsh|tch/g, 'S')
    .replace(/sch|sh|ch|zh|ts|tz|hs|sz/g, 'S')
    .replace(/ph/g, 'P')
    .replace(/th|dh/g, 'T')
    .replace(/kh|gh|ck/g, 'K')
    .replace(/bh/g, 'P')
    .replace(/qu/g, 'K');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    let cls: string;
    switch (c) {
      case 'p':
      case 'b':
      case 'P':
        cls = 'P';
        break;
      case 't':
      case 'd':
      case 'T':
        cls = 'T';
        break;
      case 'k':
      case 'g':
      case 'q':
      case 'K':
        cls = 'K';
        break;
      case 'c':
        cls = text[i + 1] === 'e' || text[i + 1] === 'i' || text[i + 1] === 'y' ? 'S' : 'K';
        break;
      case 's':
      case 'z':
      case 'x':
      case 'j':
      case 'S':
        cls = 'S';
        break;
      case 'f':
        cls = 'F';
        break;
      case 'v':
        // v and consonantal w are one sound in the region's romanisations (Viphavanh / ວິພາວັນ, Thavisin / Thawisin)
        cls = 'W';
        break;
      case 'l':
      case 'r':
        cls = 'L';
        break;
      case 'm':
        cls = 'M';
        break;
      case 'n':
        cls = 'n';
        break;
      case 'N':
        cls = 'N';
        break;
      case 'w':
        // consonantal w counts (Chinnawat, Shinawatra, Chwlit); a w closing a vowel does not (Kaew, Dawson)
        cls = i === 0 || 'aeiou'.includes(text[i + 1] ?? '-') || (i + 1 < text.length && !'aeiou'.includes(text[i - 1] ?? '-')) ? 'W' : '';
        break;
      case 'y':
        cls = i === 0 ? 'Y' : '';
        break;
      case 'h':
        cls = i === 0 ? 'H' : '';
        break;
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
        cls = i === 0 ? 'A' : '';
        break;
      default:
        cls = '';
    }
    if (cls && out[out.length - 1] !== cls) out += cls;
  }
  text = out;
  return text;
}
