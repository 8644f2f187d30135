/**
 * Romanisation of Thai and Burmese names, closer to the way people of the region write their names in Latin
 * letters than a letter-by-letter transliteration. Thai follows RTGS with silent letters (karan) removed and
 * final-consonant values; Burmese follows the conventional spelling of name syllables (Aung, Kyaw, Hla, Thein…).
 * Lao and Khmer use the general transliteration (any-ascii), which is close to their usual spellings.
 */

// ---------------------------------------------------------------- Thai
const THAI_INITIAL: Record<string, string> = {
  ก: 'k',
  ข: 'kh',
  ฃ: 'kh',
  ค: 'kh',
  ฅ: 'kh',
  ฆ: 'kh',
  ง: 'ng',
  จ: 'ch',
  ฉ: 'ch',
  ช: 'ch',
  ซ: 's',
  ฌ: 'ch',
  ญ: 'y',
  ฎ: 'd',
  ฏ: 't',
  ฐ: 'th',
  ฑ: 'th',
  ฒ: 'th',
  ณ: 'n',
  ด: 'd',
  ต: 't',
  ถ: 'th',
  ท: 'th',
  ธ: 'th',
  น: 'n',
  บ: 'b',
  ป: 'p',
  ผ: 'ph',
  ฝ: 'f',
  พ: 'ph',
  ฟ: 'f',
  ภ: 'ph',
  ม: 'm',
  ย: 'y',
  ร: 'r',
  ล: 'l',
  ว: 'w',
  ศ: 's',
  ษ: 's',
  ส: 's',
  ห: 'h',
  ฬ: 'l',
  อ: '',
  ฮ: 'h',
  ฤ: 'rue',
  ฦ: 'lue',
};
const THAI_FINAL: Record<string, string> = {
  ก: 'k',
  ข: 'k',
  ค: 'k',
  ฆ: 'k',
  ง: 'ng',
  จ: 't',
  ช: 't',
  ซ: 't',
  ฌ: 't',
  ญ: 'n',
  ฎ: 't',
  ฏ: 't',
  ฐ: 't',
  ฑ: 't',
  ฒ: 't',
  ณ: 'n',
  ด: 't',
  ต: 't',
  ถ: 't',
  ท: 't',
  ธ: 't',
  น: 'n',
  บ: 'p',
  ป: 'p',
  พ: 'p',
  ฟ: 'p',
  ภ: 'p',
  ม: 'm',
  ย: 'i',
  ร: 'n',
  ล: 'n',
  ว: 'o',
  ศ: 't',
  ษ: 't',
  ส: 't',
  ฬ: 'n',
  อ: 'o',
};
const THAI_FOLLOWING_VOWELS: Record<string, string> = {
  ะ: 'a',
  'ั': 'a',
  า: 'a',
  ำ: 'am',
  'ิ': 'i',
  'ี': 'i',
  'ึ': 'ue',
  'ื': 'ue',
  'ุ': 'u',
  'ู': 'u',
};
const THAI_LEADING = new Set(['เ', 'แ', 'โ', 'ใ', 'ไ']);
const THAI_CLUSTER_SECOND = new Set(['ร', 'ล', 'ว']);
const THAI_SILENT_H_BEFORE = new Set(['ง', 'ญ', 'น', 'ม', 'ย', 'ร', 'ล', 'ว']);
const isThaiConsonant = (c: string | undefined): boolean => c !== undefined && c >= 'ก' && c <= 'ฮ';

/** Removes the letters silenced by the karan (์), with the consonant before it when that one closes a cluster. */
function dropSilent(word: string): string {
  const chars = Array.from(word.replace(/[่้๊๋็]/g, ''));
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] !== '์') continue;
    let start = i - 1;
    if (chars[start] && THAI_FOLLOWING_VOWELS[chars[start]!] !== undefined) start -= 1; // a vowel under the silenced letter
    // a consonant left after a closing consonant is silent too (ลักษณ์ → ลัก, จันทร์ → จัน)
    if (
      isThaiConsonant(chars[start - 1]) &&
      isThaiConsonant(chars[start - 2]) &&
      THAI_FOLLOWING_VOWELS[chars[start - 3] ?? ''] !== undefined
    )
      start -= 1;
    chars.splice(start, i - start + 1);
    i = start;
  }
  return chars.join('');
}

/** RTGS-like romanisation of one Thai word. */
export function romaniseThaiWord(word: string): string {
  const c = Array.from(dropSilent(word));
  let out = '';
  let i = 0;
  let inSyllable = false; // a vowel has been written in the current syllable
  while (i < c.length) {
    const ch = c[i]!;
    if (THAI_LEADING.has(ch)) {
      // leading vowel: initial consonant (cluster) first, then the vowel
      let j = i + 1;
      let initial = '';
      if (c[j] === 'ห' && THAI_SILENT_H_BEFORE.has(c[j + 1] ?? '')) j++;
      if (isThaiConsonant(c[j])) initial = THAI_INITIAL[c[j]!] ?? '';
      j++;
      if (
        THAI_CLUSTER_SECOND.has(c[j] ?? '') &&
        c[j + 1] !== 'ี' &&
        c[j + 1] !== 'ื' &&
        'กขคตปพผบศส'.includes(c[j - 1] ?? '-') &&
        c[j] !== 'ว'
      ) {
        initial += THAI_INITIAL[c[j]!] ?? '';
        j++;
      }
      let vowel = ch === 'เ' ? 'e' : ch === 'แ' ? 'ae' : ch === 'โ' ? 'o' : 'ai';
      if (ch === 'เ') {
        if (c[j] === 'ี' && c[j + 1] === 'ย') {
          vowel = 'ia';
          j += 2;
        } else if (c[j] === 'ื' && c[j + 1] === 'อ') {
          vowel = 'uea';
          j += 2;
        } else if (c[j] === 'า' && c[j + 1] === 'ะ') {
          vowel = 'o';
          j += 2;
        } else if (c[j] === 'า') {
          vowel = 'ao';
          j += 1;
        } else if (c[j] === 'อ') {
          vowel = 'oe';
          j += 1;
        } else if (c[j] === 'ิ') {
          vowel = 'oe';
          j += 1;
        } else if (c[j] === 'ะ') {
          vowel = 'e';
          j += 1;
        }
      } else if (c[j] === 'ะ') j += 1;
      out += initial + vowel;
      i = j;
      inSyllable = true;
      continue;
    }
    const vowel = THAI_FOLLOWING_VOWELS[ch];
    if (vowel !== undefined) {
      if (ch === 'ั' && c[i + 1] === 'ว') {
        out += 'ua';
        i += 2;
        inSyllable = true;
        continue;
      }
      if (ch === 'ื' && c[i + 1] === 'อ') {
        out += 'ue';
        i += 2;
        inSyllable = true;
        continue;
      }
      out += vowel;
      i++;
      inSyllable = true;
      continue;
    }
    if (!isThaiConsonant(ch)) {
      i++;
      continue;
    }
    const next = c[i + 1];
    const nextIsVowel = next !== undefined && THAI_FOLLOWING_VOWELS[next] !== undefined;
    if (inSyllable && !nextIsVowel && !(next === 'ร' && c[i + 2] === 'ร')) {
      // closes the syllable, unless it starts a new one (followed by a consonant that carries a vowel is fine)
      if (!(ch === 'อ' && !isThaiConsonant(next) && next !== undefined)) {
        if (ch === 'ร' && c[i - 1] === 'ร') {
          i++;
          continue;
        }
        out += THAI_FINAL[ch] ?? '';
        i++;
        inSyllable = false;
        continue;
      }
    }
    // syllable start
    if (ch === 'ฤ') {
      // the vowel letter ฤ: ri after a consonant (สฤษดิ์ = Sarit), rue on its own
      out += out === '' ? 'rue' : 'ri';
      i++;
      inSyllable = true;
      continue;
    }
    // a final ร after a closing consonant is silent (สมัคร = Samak); the letter-by-letter reading keeps it
    if (ch === 'ร' && i === c.length - 1 && isThaiConsonant(c[i - 1])) {
      i++;
      continue;
    }
    if (ch === 'ห' && THAI_SILENT_H_BEFORE.has(next ?? '')) {
      i++;
      continue;
    }
    let initial = THAI_INITIAL[ch] ?? '';
    let j = i + 1;
    if (ch === 'ท' && c[j] === 'ร') {
      initial = 's';
      j++;
    } else if (THAI_CLUSTER_SECOND.has(c[j] ?? '') && THAI_FOLLOWING_VOWELS[c[j + 1] ?? ''] !== undefined && 'กขคตปพผบดศส'.includes(ch)) {
      initial += THAI_INITIAL[c[j]!] ?? '';
      j++;
    }
    out += initial;
    if (c[j] === 'ฤ') {
      out += 'ri';
      i = j + 1;
      inSyllable = true;
      continue;
    }
    if (c[j] === 'ร' && c[j + 1] === 'ร') {
      const closing = c[j + 2] !== undefined && isThaiConsonant(c[j + 2]) && THAI_FOLLOWING_VOWELS[c[j + 3] ?? ''] === undefined;
      out += closing ? 'a' + (THAI_FINAL[c[j + 2]!] ?? '') : 'an';
      i = j + (closing ? 3 : 2);
      inSyllable = false;
      continue;
    }
    if (c[j] === 'อ' && (j + 1 >= c.length || isThaiConsonant(c[j + 1]))) {
      out += 'o';
      j++;
      inSyllable = true;
      i = j;
      continue;
    }
    if (c[j] === 'ว' && isThaiConsonant(c[j + 1]) && THAI_FOLLOWING_VOWELS[c[j + 2] ?? ''] === undefined) {
      out += 'ua';
      j++;
      inSyllable = true;
      i = j;
      continue;
    }
    i = j;
    if (c[i] !== undefined && THAI_FOLLOWING_VOWELS[c[i]!] !== undefined) {
      inSyllable = false;
      continue;
    }
    if (c[i] !== undefined && THAI_LEADING.has(c[i]!)) {
      out += 'a';
      inSyllable = false;
      continue;
    }
    // no written vowel: inherent o in a closed syllable, a otherwise
    if (isThaiConsonant(c[i]) && (i + 1 >= c.length || isThaiConsonant(c[i + 1]) || THAI_LEADING.has(c[i + 1]!))) {
      out += 'o';
      inSyllable = true;
    } else if (i < c.length) {
      out += 'a';
      inSyllable = false;
    } else {
      out += 'a';
    }
  }
  return out;
}

/** Letter-by-letter Thai reading with every consonant at its initial value and silent letters kept (Shinawatra-style). */
export function transliterateThaiWord(word: string): string {
  let out = '';
  for (const ch of word.replace(/[่้๊๋็์]/g, '')) {
    if (isThaiConsonant(ch)) out += THAI_INITIAL[ch] ?? '';
    else if (THAI_FOLLOWING_VOWELS[ch] !== undefined) out += THAI_FOLLOWING_VOWELS[ch];
    else if (ch === 'เ') out += 'e';
    else if (ch === 'แ') out += 'ae';
    else if (ch === 'โ') out += 'o';
    else if (ch === 'ใ' || ch === 'ไ') out += 'ai';
  }
  return out;
}

// ---------------------------------------------------------------- Burmese
const MY_CONSONANTS: Record<string, string> = {
  က: 'k',
  ခ: 'kh',
  ဂ: 'g',
  ဃ: 'g',
  င: 'ng',
  စ: 's',
  ဆ: 'hs',
  ဇ: 'z',
  ဈ: 'z',
  ဉ: 'ny',
  ည: 'ny',
  ဋ: 't',
  ဌ: 'ht',
  ဍ: 'd',
  ဎ: 'd',
  ဏ: 'n',
  တ: 't',
  ထ: 'ht',
  ဒ: 'd',
  ဓ: 'd',
  န: 'n',
  ပ: 'p',
  ဖ: 'hp',
  ဗ: 'b',
  ဘ: 'b',
  မ: 'm',
  ယ: 'y',
  ရ: 'y',
  လ: 'l',
  ဝ: 'w',
  သ: 'th',
  ဟ: 'h',
  ဠ: 'l',
  အ: '',
  ဿ: 'th',
};
const MY_INDEPENDENT: Record<string, string> = { ဣ: 'i', ဤ: 'i', ဥ: 'u', ဦ: 'u', ဧ: 'e', ဩ: 'aw', ဪ: 'aw' };
const MY_FINAL: Record<string, string> = {
  က: 'k',
  င: 'ng',
  စ: 't',
  ည: 'n',
  တ: 't',
  န: 'n',
  ပ: 'p',
  မ: 'n',
  ယ: 'y',
  ဉ: 'n',
  ဏ: 'n',
  ဋ: 't',
  လ: 'n',
  ဝ: 'w',
  သ: 't',
};

/** Conventional spelling of one Burmese syllable from its parts. */
function burmeseRhyme(vowels: string, final: string): string {
  const v = vowels.replace(/[့း]/g, '');
  if (final) {
    if (final === 'င')
      return v.includes('ော') || (v.includes('ေ') && v.includes('ာ'))
        ? 'aung'
        : v.includes('ို')
          ? 'aing'
          : v.includes('ိ')
            ? 'ein'
            : v.includes('ု')
              ? 'oung'
              : 'in';
    if (final === 'က') return v.includes('ော') || (v.includes('ေ') && v.includes('ာ')) ? 'auk' : v.includes('ို') ? 'aik' : 'et';
    if (final === 'စ') return 'it';
    if (final === 'ည' || final === 'ဉ') return v.includes('ေ') ? 'e' : 'i';
    if (final === 'တ' || final === 'ပ') return v.includes('ိ') ? 'eik' : v.includes('ု') ? 'out' : v.includes('ွ') ? 'ut' : 'at';
    if (final === 'န' || final === 'မ') return v.includes('ိ') ? 'ein' : v.includes('ု') ? 'oun' : v.includes('ွ') ? 'un' : 'an';
    if (final === 'ယ') return 'e';
    return MY_FINAL[final] ? 'a' + MY_FINAL[final] : 'a';
  }
  if (v.includes('ံ')) return v.includes('ု') ? 'oun' : v.includes('ိ') ? 'ein' : 'an';
  if (v.includes('ေ') && v.includes('ာ')) return 'aw';
  if (v.includes('ေ') || (v.includes('ါ') && v.includes('ေ'))) return 'ay';
  if (v.includes('ို')) return 'o';
  if (v.includes('ိ') || v.includes('ီ')) return 'i';
  if (v.includes('ူ')) return 'u';
  if (v.includes('ု')) return 'u';
  if (v.includes('ဲ')) return 'e';
  return 'a';
}

/** Romanises a Burmese word syllable by syllable: Aung San Suu Kyi from အောင်ဆန်းစုကြည်. */
export function romaniseBurmese(text: string): string[] {
  const c = Array.from(text.normalize('NFC'));
  const syllables: string[] = [];
  let i = 0;
  while (i < c.length) {
    const ch = c[i]!;
    const independent = MY_INDEPENDENT[ch];
    if (independent !== undefined) {
      i++;
      while (i < c.length && /[\u102b-\u103e]/u.test(c[i]!)) i++;
      syllables.push(independent);
      continue;
    }
    if (MY_CONSONANTS[ch] === undefined) {
      i++;
      continue;
    }
    let initial = MY_CONSONANTS[ch];
    i++;
    let vowels = '';
    let final = '';
    while (i < c.length) {
      const d = c[i]!;
      if (d === 'ျ' || d === 'ြ') {
        initial = initial === 'k' ? 'ky' : initial === 'kh' ? 'ch' : initial === 'g' ? 'gy' : initial + 'y';
        i++;
      } else if (d === 'ွ') {
        // medial w (also a vowel in ွန်, ွတ်)
        const closes = c[i + 2] === '်' || (c[i + 2] === '့' && c[i + 3] === '်');
        if (c[i + 1] !== undefined && MY_CONSONANTS[c[i + 1]!] !== undefined && closes) vowels += d;
        else initial += 'w';
        i++;
      } else if (d === 'ှ') {
        initial =
          initial === 'l' || initial === 'm' || initial === 'n' || initial === 'ny' || initial === 'w'
            ? 'h' + initial
            : initial.startsWith('y')
              ? 'sh' + initial.slice(1)
              : initial;
        i++;
      } else if (MY_CONSONANTS[d] !== undefined && (c[i + 1] === '်' || (c[i + 1] === '့' && c[i + 2] === '်'))) {
        final = d;
        if (c[i + 1] === '့' || c[i + 2] === '့') vowels += '့';
        i += c[i + 1] === '်' ? 2 : 3;
      } else if (MY_CONSONANTS[d] === undefined && MY_INDEPENDENT[d] === undefined && /[\u102b-\u103e]/u.test(d)) {
        vowels += d;
        i++;
      } else break;
    }
    let rhyme = burmeseRhyme(vowels, final);
    // A creaky tone on -in, -un, -an is written with a t: Myint, Nyunt, Thant.
    if (vowels.includes('့') && (rhyme === 'in' || rhyme === 'un' || rhyme === 'an')) rhyme += 't';
    if (rhyme === 'ay' && initial.endsWith('w')) rhyme = 'e';
    syllables.push(initial + rhyme);
  }
  return syllables;
}
