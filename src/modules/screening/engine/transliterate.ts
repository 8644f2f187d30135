import anyAscii from 'any-ascii';
import { hanCharacters } from './han.ts';
import { wadeGiles } from './han-readings.ts';
import { romaniseBurmese, romaniseThaiWord } from './southeast-asian.ts';
import { dominantScript, foldLatin } from './text.ts';

/**
 * Readable Latin forms of a name written in another script, for people to read beside the original (the matching
 * itself uses every spelling, analyse.ts): a Chinese name in Hanyu Pinyin, family name first ("Li Huabo"), and in
 * Wade–Giles ("Li Hua-po"); Thai in an RTGS-style romanisation; Burmese syllable by syllable; Lao, Khmer and other
 * scripts by any-ascii; a Latin name with diacritics, folded (Nguyễn Văn An → Nguyen Van An). Forms equal to the
 * name are left out.
 */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '司徒',
  '东方',
  '皇甫',
  '令狐',
  '慕容',
  '夏侯',
  '尉迟',
  '公孙',
  '长孙',
  '宇文',
  '端木',
  '西门',
]);
const SEPARATORS = /[·•・‧\s]+/u;

const capitalise = (word: string): string => (word ? word[0]!.toUpperCase() + word.slice(1) : word);

function chinese(name: string): string[] {
  const parts = name.split(SEPARATORS).filter(Boolean);
  const pinyinOf = (text: string) => hanCharacters(text).map((char) => char.forms[0] ?? '');
  if (parts.length > 1) {
    // A transcription of a foreign name (他信·西那瓦) or a name written with a space: each part one word.
    const words = parts.map(pinyinOf);
    return [
      words.map((syllables) => capitalise(syllables.join(''))).join(' '),
      words.map((syllables) => capitalise(syllables.map(wadeGiles).join('-'))).join(' '),
    ];
  }
  const syllables = pinyinOf(name);
  if (syllables.length < 2 || syllables.some((syllable) => !syllable)) return syllables.filter(Boolean).map(capitalise);
  const simplified = hanCharacters(name).map((char) => char.char);
  const surnameLength = syllables.length > 2 && COMPOUND_SURNAMES.has(simplified.slice(0, 2).join('')) ? 2 : 1;
  const family = syllables.slice(0, surnameLength);
  const given = syllables.slice(surnameLength);
  return [
    `${capitalise(family.join(''))} ${capitalise(given.join(''))}`,
    `${capitalise(family.map(wadeGiles).join(''))} ${capitalise(given.map(wadeGiles).join('-'))}`,
  ];
}

export function transliterations(name: string): string[] {
  const text = name.normalize('NFC').trim();
  if (!text) return [];
  let forms: string[];
  switch (dominantScript(text)) {
    case 'han':
      forms = chinese(text);
      break;
    case 'thai':
      forms = [
        text
          .split(/\s+/u)
          .map((word) => capitalise(romaniseThaiWord(word)))
          .join(' '),
      ];
      break;
    case 'myanmar':
      forms = [
        text
          .split(/\s+/u)
          .map((word) => romaniseBurmese(word).map(capitalise).join(' '))
          .join(' '),
      ];
      break;
    case 'latin': {
      // Fold diacritics but keep the name's capitals: fold letter by letter.
      const folded = Array.from(text)
        .map((char) => {
          const plain = foldLatin(char);
          return char !== char.toLowerCase() ? plain.toUpperCase() : plain;
        })
        .join('');
      forms = [folded];
      break;
    }
    case 'lao':
    case 'khmer':
    case 'hangul':
    case 'kana':
    case 'arabic':
    case 'cyrillic':
    case 'other':
      forms = [
        anyAscii(text)
          .split(/\s+/u)
          .map((word) => capitalise(word.toLowerCase()))
          .join(' '),
      ];
  }
  return [...new Set(forms.map((form) => form.replace(/\s+/gu, ' ').trim()))].filter((form) => form && form !== text);
}
