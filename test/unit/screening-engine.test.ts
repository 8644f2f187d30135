// The name-matching engine's rules, one by one: normalisation per script, the qualifiers, the index's incremental
// updates and the match options. The labelled pair set (screening-evaluation.test.ts) measures it as a whole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_THRESHOLD, ScreeningIndex, scoreNamePair, type WatchlistEntry } from '../../src/modules/screening/engine/index.ts';
import { analyseName } from '../../src/modules/screening/engine/analyse.ts';
import { romaniseBurmese, romaniseThaiWord } from '../../src/modules/screening/engine/southeast-asian.ts';
import { countryCode } from '../../src/modules/screening/engine/qualifiers.ts';

const matches = (a: string, b: string): boolean => scoreNamePair(a, b).match;

describe('screening engine: names across scripts', () => {
  it('reads Chinese names in pinyin in both orders, with and without syllable breaks, simplified or traditional', () => {
    for (const form of ['Li Huabo', 'LI Hua-bo', 'Huabo Li', 'li hua bo', 'LI HUABO']) assert.ok(matches('李华波', form), form);
    assert.ok(matches('李華波', 'Li Huabo'));
    assert.ok(matches('李华波', '李華波'));
  });

  it('knows the dialect and Wade–Giles spellings of family names and given names', () => {
    for (const [han, latin] of [
      ['陈伟明', 'Tan Wei Ming'],
      ['陈伟明', 'Chan Wai Ming'],
      ['黄志强', 'Wong Chee Keong'],
      ['黄志强', 'Ng Chi Keung'],
      ['林美玲', 'Lim Mei Ling'],
      ['张国荣', 'Cheung Kwok Wing'],
      ['李显龙', 'Lee Hsien Loong'],
      ['刘特佐', 'Low Taek Jho'],
      ['马英九', 'Ma Ying-jeou'],
    ]) {
      assert.ok(matches(han!, latin!), `${han} ↔ ${latin}`);
    }
  });

  it('matches two romanisations of one Chinese name, but not a different syllable', () => {
    assert.ok(matches('Lee Hsien Loong', 'Li Xianlong'));
    assert.ok(matches('Tan Wei Ming', 'Chan Wai Ming'));
    assert.ok(!matches('Chen Weiming', 'Chen Weimin'));
    assert.ok(!matches('Lee Boon Hua', 'Lee Boon Huat'));
  });

  it('tells apart relatives and near-identical names', () => {
    assert.ok(!matches('李显龙', 'Lee Hsien Yang'));
    assert.ok(!matches('ยิ่งลักษณ์ ชินวัตร', 'Thaksin Shinawatra'));
    assert.ok(!matches('陈伟明', '陈伟民'));
    assert.ok(matches('陈伟明', '陈伟鸣'), 'same pinyin, other character: a genuine ambiguity, flagged');
    assert.ok(!matches('Tan Wei Ming', 'Tan Ming Wei'), 'given-name syllables swapped');
    assert.ok(!matches('Nguyễn Văn An', 'Nguyễn Văn Anh'));
    // 肖 is a Chinese family name: 肖俊新 is a Chinese name missing from "Chun Sun", not a transcription that sounds alike.
    assert.ok(!matches('Chun Sun', '肖俊新'));
    assert.ok(matches('Xiao Junxin', '肖俊新'));
  });

  it('romanises Thai names with silent letters removed, as their bearers write them', () => {
    assert.equal(romaniseThaiWord('ประยุทธ์'), 'prayut');
    assert.equal(romaniseThaiWord('ยิ่งลักษณ์'), 'yinglak');
    assert.equal(romaniseThaiWord('สมชาย'), 'somchai');
    assert.ok(matches('ทักษิณ ชินวัตร', 'Thaksin Shinawatra'));
    assert.ok(matches('ประยุทธ์ จันทร์โอชา', 'Prayut Chan-o-cha'));
    assert.ok(matches('นายเศรษฐา ทวีสิน', 'Srettha Thavisin'), 'honorific นาย dropped, ศร cluster, v for ว');
    assert.ok(matches('สมัคร สุนทรเวช', 'Samak Sundaravej'), 'final ร after a closing consonant is silent');
    assert.ok(matches('สฤษดิ์ ธนะรัชต์', 'Sarit Thanarat'), 'the vowel letter ฤ');
    assert.ok(matches('ชวลิต ยงใจยุทธ', 'Chavalit Yongchaiyudh'));
  });

  it('romanises Burmese names syllable by syllable, with U and Daw dropped', () => {
    assert.equal(romaniseBurmese('အောင်ဆန်းစုကြည်').join(' '), 'aung hsan su kyi');
    assert.ok(matches('အောင်ဆန်းစုကြည်', 'Aung San Suu Kyi'));
    assert.ok(matches('မင်းအောင်လှိုင်', 'Min Aung Hlaing'));
    assert.ok(matches('ဦးနေဝင်း', 'Ne Win'));
    assert.ok(matches('၀င်းမြင့်', 'Win Myint'), 'digit zero typed for wa');
  });

  it('reads Lao and Khmer names, and Vietnamese with or without diacritics and in either order', () => {
    assert.ok(matches('ທອງລຸນ ສີສຸລິດ', 'Thongloun Sisoulith'));
    assert.ok(matches('ហ៊ុន សែន', 'Hun Sen'));
    assert.ok(matches('Nguyễn Tấn Dũng', 'NGUYEN TAN DUNG'));
    assert.ok(matches('Nguyễn Văn An', 'An Van Nguyen'));
    assert.ok(matches('Nguyễn Phú Trọng', '阮富仲'), 'Sino-Vietnamese readings');
  });

  it('reads Chinese transcriptions of foreign names by sound', () => {
    assert.ok(matches('他信·西那瓦', 'Thaksin Shinawatra'));
    assert.ok(matches('佐科·维多多', 'Joko Widodo'));
  });

  it('handles Malay and Indonesian naming: bin/binti, Mohd/Muhammad, honorifics, old spellings', () => {
    assert.ok(matches('Dato Sri Mohd Najib bin Tun Haji Abdul Razak', 'Najib Razak'));
    assert.ok(matches('Muhammad bin Abdullah', 'Mohd bin Abdullah'));
    assert.ok(matches('Siti Aminah binti Ahmad', 'Siti Aminah Ahmad'));
    assert.ok(matches('Ravi a/l Muthu', 'Ravi Muthu'));
    assert.ok(!matches('Muhammad bin Abdullah', 'Abdullah bin Muhammad'), 'own and father’s names swapped');
    // Bin is a marker only between a name and the father's name, never last nor joined by a hyphen: a Chinese Bin.
    assert.ok(matches('李斌', 'li bin'));
    assert.ok(matches('张斌华', 'Zhang Bin-hua'));
    assert.equal(analyseName('Li Bin').patronymic, false);
    assert.equal(analyseName('Zhang Bin-hua').patronymic, false);
    assert.equal(analyseName('Ahmad bin Ali').patronymic, true);
    assert.ok(matches('Soeharto', 'Suharto'));
    assert.ok(matches('Tjahjo Wibowo', 'Cahyo Wibowo'));
  });

  it('ignores company legal forms in every script', () => {
    assert.ok(matches('Golden Harvest Trading Sdn Bhd', 'Golden Harvest Trading Sdn. Bhd.'));
    assert.ok(matches('PT Maju Jaya Tbk', 'Maju Jaya'));
    const company = analyseName('金辉贸易有限公司', 'Company');
    assert.ok(!company.units.some((unit) => unit.original === '公' || unit.original === '司'));
  });

  it('tolerates typos in long names, not in short ones', () => {
    assert.ok(matches('ABDULLAH YAHYA AL HAKIM', 'BADULLAH YAHYA AL HAKIM'));
    assert.ok(matches('LAURENT NKUNDA', 'LAUREN TNKUNDA'), 'space shifted');
    assert.ok(!matches('Lim Mei Ling', 'Lim Mei Lin'));
  });

  it('explains a score with named features and keeps the original script', () => {
    const result = scoreNamePair('陈伟明', 'Tan Wei Ming');
    const transliteration = result.explanations.find((feature) => feature.code === 'name_transliteration');
    assert.ok(transliteration, JSON.stringify(result.explanations));
    assert.match(transliteration.detail, /陈 ↔ tan/);
    for (const feature of result.explanations) assert.ok(feature.value >= 0 && feature.value <= 1);
  });
});

describe('screening engine: qualifiers', () => {
  const index = ScreeningIndex.build([
    {
      id: 'p1',
      schema: 'Person',
      names: ['李华波'],
      birthDates: ['1962-03-15'],
      nationalities: ['cn'],
      gender: 'male',
      identifiers: ['G1234567'],
    },
  ]);
  const score = (query: Partial<WatchlistEntry>): number =>
    index.match({ schema: 'Person', names: ['Li Huabo Chen'], ...query }, { cutoff: 0 })[0]?.score ?? 0;
  const codes = (query: Partial<WatchlistEntry>): string[] =>
    (index.match({ schema: 'Person', names: ['Li Huabo'], ...query }, { cutoff: 0 })[0]?.explanations ?? []).map((f) => f.code);

  it('raises the score for the same birth date, keeps it near for a day–month swap, lowers it for another year', () => {
    const none = score({});
    assert.ok(score({ birthDates: ['1962-03-15'] }) > none);
    assert.ok(codes({ birthDates: ['1962-03-15'] }).includes('birth_date_exact'));
    assert.ok(codes({ birthDates: ['1962'] }).includes('birth_year'));
    const swapIndex = ScreeningIndex.build([{ id: 's', schema: 'Person', names: ['李华波'], birthDates: ['1962-03-05'] }]);
    const swapped = swapIndex.match({ schema: 'Person', names: ['Li Huabo'], birthDates: ['1962-05-03'] }, { cutoff: 0 })[0];
    assert.ok(swapped?.explanations.some((feature) => feature.code === 'birth_date_swap'));
    assert.ok(swapped?.match === true, 'a swapped day and month alone does not hide a match');
    assert.ok(score({ birthDates: ['1970-01-01'] }) < score({ birthDates: ['1963-01-01'] }), 'farther years weigh more');
    assert.ok(score({ birthDates: ['1970-01-01'] }) < none);
    assert.ok(codes({ birthDates: ['1970-01-01'] }).includes('birth_date_mismatch'));
  });

  it('reads nationalities as codes or English names; a mismatch, a gender mismatch and another passport lower the score', () => {
    assert.equal(countryCode('Viet Nam'), 'VN');
    assert.equal(countryCode('kp'), 'KP');
    assert.equal(countryCode('Iraq'), 'IQ');
    assert.ok(codes({ nationalities: ['China'] }).includes('nationality_match'));
    assert.ok(score({ nationalities: ['Singapore'] }) < score({}));
    assert.ok(score({ gender: 'female' }) < score({}));
    assert.ok(score({ identifiers: ['X9999999'] }) < score({}));
  });

  it('a shared passport number raises the score', () => {
    assert.ok(score({ identifiers: ['g 123 4567'] }) > score({}));
    assert.ok(codes({ identifiers: ['G1234567'] }).includes('identifier_match'));
  });

  it('a company is not a person', () => {
    const result = index.match({ schema: 'Company', names: ['Li Huabo'] }, { cutoff: 0 })[0];
    assert.ok(result && !result.match && result.explanations.some((f) => f.code === 'schema_mismatch'));
  });
});

describe('screening engine: the index', () => {
  const entries: WatchlistEntry[] = [
    { id: 'a', schema: 'Person', names: ['ทักษิณ ชินวัตร'] },
    { id: 'b', schema: 'Person', names: ['Nguyễn Văn Hùng', 'Nguyen Van Hung'] },
    { id: 'c', schema: 'Person', names: ['Muhammad Hafiz bin Ismail'] },
  ];

  it('finds an entry by any of its names, with the caption in the original script', () => {
    const index = ScreeningIndex.build(entries);
    const [top] = index.match({ schema: 'Person', names: ['Thaksin Shinawatra'] });
    assert.equal(top?.id, 'a');
    assert.equal(top.caption, 'ทักษิณ ชินวัตร');
    assert.equal(top.queryName, 'Thaksin Shinawatra');
    assert.equal(index.match({ schema: 'Person', names: ['NGUYEN VAN HUNG'] })[0]?.id, 'b');
  });

  it('finds a short Chinese name written family name last among many longer names of the same syllables', () => {
    // Eighty-eight three-character names hold both syllables of 袁刚 and of 潘伟; the queries put the family name last.
    const given = Array.from('明华军平东林峰云飞鹏宇浩凯晨阳雪梅琳晶燕婷颖丹慧欣怡佳瑞博新春生龙成永福庆德兴安荣');
    const crowd: WatchlistEntry[] = given.flatMap((char, i) => [
      { id: `a${String(i)}`, schema: 'Person' as const, names: [`袁刚${char}`] },
      { id: `b${String(i)}`, schema: 'Person' as const, names: [`${char === '明' ? '王' : '李'}袁刚`] },
      { id: `c${String(i)}`, schema: 'Person' as const, names: [`潘伟${char}`] },
      { id: `d${String(i)}`, schema: 'Person' as const, names: [`${char === '明' ? '王' : '李'}潘伟`] },
    ]);
    const index = ScreeningIndex.build([
      ...crowd,
      { id: 'yuan', schema: 'Person', names: ['袁刚'] },
      { id: 'pan', schema: 'Person', names: ['潘伟'] },
    ]);
    assert.equal(index.match({ schema: 'Person', names: ['Gang Yuan'] })[0]?.id, 'yuan');
    assert.equal(index.match({ schema: 'Person', names: ['Wei Pan'] })[0]?.id, 'pan');
  });

  it('upsert replaces an entry and remove stops it matching, without a rebuild', () => {
    const index = ScreeningIndex.build(entries);
    assert.equal(index.size, 3);
    index.upsert({ id: 'c', schema: 'Person', names: ['Siti Aminah binti Ahmad'] });
    assert.equal(index.size, 3);
    assert.equal(index.match({ schema: 'Person', names: ['Muhammad Hafiz Ismail'] }).length, 0);
    assert.equal(index.match({ schema: 'Person', names: ['Siti Aminah Ahmad'] })[0]?.id, 'c');
    assert.ok(index.remove('c'));
    assert.ok(!index.remove('c'));
    assert.equal(index.size, 2);
    assert.equal(index.match({ schema: 'Person', names: ['Siti Aminah Ahmad'] }).length, 0);
  });

  it('honours limit, threshold and cutoff', () => {
    const many = ScreeningIndex.build(
      Array.from({ length: 8 }, (_, i) => ({
        id: `t${i}`,
        schema: 'Person' as const,
        names: [`Tan Wei Ming`],
        birthDates: [`19${60 + i}`],
      })),
    );
    assert.equal(many.match({ schema: 'Person', names: ['陈伟明'] }, { limit: 3 }).length, 3);
    const partial = many.match({ schema: 'Person', names: ['Kenneth Tan Wei Ming'] });
    assert.ok(partial.length > 0 && partial.every((result) => result.match && result.score < 0.9));
    const strict = many.match({ schema: 'Person', names: ['Kenneth Tan Wei Ming'] }, { threshold: 0.9 });
    assert.ok(strict.length > 0 && strict.every((result) => !result.match));
    assert.ok(many.match({ schema: 'Person', names: ['陈伟明'] }).every((result) => result.match === result.score >= DEFAULT_THRESHOLD));
    assert.equal(many.match({ schema: 'Person', names: ['Someone Else Entirely'] }, { cutoff: 0.99 }).length, 0);
    assert.deepEqual(many.match({ schema: 'Person', names: ['  '] }), []);
    const oversized = analyseName(Array.from({ length: 500 }, (_, i) => `Name${i}`).join(' '));
    assert.ok(oversized.units.length <= 16, 'a name is cut to a bounded number of parts');
    assert.ok(analyseName('李'.repeat(5000)).units.length <= 16);
  });
});
