import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findUndecodableParameter, findUndecodableSegment, findUnsafeCharacter, findUnsafeText } from '../../src/lib/safe-text.ts';

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
  it('names a query parameter or path segment whose percent-encoding is not UTF-8, as a lone surrogate spells', () => {
    assert.equal(findUndecodableParameter('q=Li%20Hua&limit=5'), null);
    assert.equal(findUndecodableParameter('q=100%&x=%E6%9D%8E'), null, 'a lone % is kept as it is, and 李 decodes');
    assert.equal(findUndecodableParameter('limit=5&q=ab%ED%A0%80c')?.path, '/q');
    assert.equal(findUndecodableParameter('a%2Fb=%E4')?.path, '/a~1b', 'a truncated character, under its decoded name');
    assert.match(findUndecodableParameter('%ED%B0%80=1')?.message ?? '', /^its name /);
    assert.equal(findUndecodableSegment('/api/fugitives/0b6c'), null);
    assert.deepEqual(findUndecodableSegment('/api/fugitives/ab%ED%A0%80')?.segment, 3);
    assert.match(findUndecodableSegment('/api/x%zz')?.message ?? '', /^segment 2 of the path, "x%zz", has a "%" that starts no/);
  });
});
