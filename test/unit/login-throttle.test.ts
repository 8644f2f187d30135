import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { delayMinutesAfter, throttleKeys, throttledError } from '../../src/modules/platform/auth/login-throttle.ts';

describe('sign-in throttle', () => {
  it('delays nothing below the threshold, then 1, 2, 4, 8 … minutes up to the cap', () => {
    const delays = Array.from({ length: 10 }, (_, index) => delayMinutesAfter(index + 1, 5, 15));
    assert.deepEqual(delays, [0, 0, 0, 0, 1, 2, 4, 8, 15, 15]);
    assert.equal(delayMinutesAfter(10_000, 5, 15), 15, 'no overflow after very many failures');
  });

  it('keys the e-mail by its lower-cased SHA-256, and the source by e-mail and address', () => {
    const keys = throttleKeys('  Analyst@MACC.demo ', '192.0.2.1');
    assert.deepEqual(keys.accountKey, crypto.createHash('sha256').update('analyst@macc.demo').digest());
    assert.deepEqual(throttleKeys('analyst@macc.demo', '192.0.2.1'), keys);
    assert.notDeepEqual(throttleKeys('analyst@macc.demo', '192.0.2.2').sourceKey, keys.sourceKey);
    assert.deepEqual(throttleKeys('analyst@macc.demo', '192.0.2.2').accountKey, keys.accountKey);
  });

  it('answers 429 with the whole seconds left, never zero', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const error = throttledError(new Date(now.getTime() + 59_001), now);
    assert.equal(error.status, 429);
    assert.deepEqual(error.details, { retryAfterSeconds: 60 });
    assert.deepEqual(throttledError(new Date(now.getTime() + 10), now).details, { retryAfterSeconds: 1 });
  });
});
