import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findUnsafeCharacter, findUnsafeText } from '../../src/lib/safe-text.ts';

const codeUnit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('\u0000', '\uD83D', '\uDE00', 'a', '李'),
);

describe('text Concord can store', () => {
  it('finds NUL and lone surrogates, with their place, and passes every well-formed string', () => {
    assert.deepEqual(findUnsafeText({ person: { names: ['李华波', 'Li\u0000 Huabo'] } })?.path, '/person/names/1');
    const inFile = findUnsafeText({ content: 'full_name\nAlice\nBo\uD800b\n' });
    assert.deepEqual([inFile?.path, inFile?.line, inFile?.column, inFile?.character], ['/content', 3, 3, 'lone-surrogate']);
    assert.equal(findUnsafeText(['\uDC00'])?.character, 'lone-surrogate');
    assert.equal(findUnsafeText({ 'a/b': 'x\u0000' })?.path, '/a~1b');
    assert.equal(findUnsafeText('😀 ทักษิณ 𠀀'), null, 'surrogate pairs are characters');
    assert.equal(findUnsafeCharacter('ok'), null);
  });

  it('agrees with the UTF-8 round trip on any string (property)', () => {
    fc.assert(
      // Any UTF-16 code units, NUL and surrogates (paired or not) often among them.
      fc.property(fc.string({ unit: codeUnit, maxLength: 12 }), (text) => {
        const roundTrips = Buffer.from(text, 'utf8').toString('utf8') === text;
        const storable = roundTrips && !text.includes('\u0000');
        assert.equal(findUnsafeCharacter(text) === null, storable, JSON.stringify(text));
      }),
      { seed: 20261204, numRuns: 2000 },
    );
  });
});
