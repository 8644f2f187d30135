import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wadeGiles } from '../../src/modules/screening/engine/han-readings.ts';
import { transliterations } from '../../src/modules/screening/engine/transliterate.ts';

describe('readable transliterations of names', () => {
  it('writes a Chinese name in pinyin, family name first, and in Wade–Giles', () => {
    assert.deepEqual(transliterations('李华波'), ['Li Huabo', 'Li Hua-po']);
    assert.deepEqual(transliterations('趙國平'), ['Zhao Guoping', 'Chao Kuo-ping'], 'traditional characters are read as simplified');
    assert.deepEqual(transliterations('欧阳修文'), ['Ouyang Xiuwen', 'Ouyang Hsiu-wen'], 'a compound family name stays one word');
    assert.deepEqual(transliterations('张伟'), ['Zhang Wei', 'Chang Wei']);
    assert.deepEqual(transliterations('王五'), ['Wang Wu'], 'a form equal to another is given once');
  });

  it('writes a Chinese transcription of a foreign name part by part', () => {
    assert.deepEqual(transliterations('他信·西那瓦'), ['Taxin Xinawa', 'Ta-hsin Hsi-na-wa']);
  });

  it('romanises Thai, Burmese, Khmer and Lao, and folds Latin diacritics', () => {
    assert.deepEqual(transliterations('ทักษิณ ชินวัตร'), ['Thaksin Chinwat']);
    assert.deepEqual(transliterations('အောင်ဆန်းစုကြည်'), ['Aung Hsan Su Kyi']);
    assert.deepEqual(transliterations('សុខ ដារា'), ['Sokh Dara']);
    assert.deepEqual(transliterations('Nguyễn Văn An'), ['Nguyen Van An']);
    assert.deepEqual(transliterations('Zhou Jianguo'), [], 'a Latin name without diacritics has nothing to add');
    assert.deepEqual(transliterations('  '), []);
  });

  it('Wade–Giles keeps uo after g, k, h and sh, and writes uei only after g and k', () => {
    assert.equal(wadeGiles('guo'), 'kuo');
    assert.equal(wadeGiles('huo'), 'huo');
    assert.equal(wadeGiles('shuo'), 'shuo');
    assert.equal(wadeGiles('luo'), 'lo');
    assert.equal(wadeGiles('zhuo'), 'cho');
    assert.equal(wadeGiles('gui'), 'kuei');
    assert.equal(wadeGiles('hui'), 'hui');
    assert.equal(wadeGiles('dui'), 'tui');
  });
});
