import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import {
  ChainVerifier,
  GENESIS_HASH,
  checkpointMessage,
  hashEntry,
  type Checkpoint,
  type StoredChainEntry,
} from '../../src/modules/platform/audit/engine/chain.ts';

function buildChain(length: number): StoredChainEntry[] {
  const entries: StoredChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= length; i += 1) {
    const entry = {
      seq: String(i),
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      agencyId: i % 2 ? '11111111-1111-4111-8111-111111111111' : null,
      actorUserId: null,
      requestId: `r${i}`,
      eventType: 'user.viewed',
      eventVersion: 1,
      data: { userId: '22222222-2222-4222-8222-222222222222', n: i },
      prevHash: prev,
    };
    const entryHash = hashEntry(entry);
    entries.push({ ...entry, entryHash });
    prev = entryHash;
  }
  return entries;
}

const keys = crypto.generateKeyPairSync('ed25519');
const sign = (seq: string, hash: string): Checkpoint => ({
  seq,
  entryHash: hash,
  keyId: 'k',
  signature: crypto.sign(null, checkpointMessage(seq, hash), keys.privateKey).toString('base64'),
});
const verifySig = (c: Checkpoint) =>
  crypto.verify(null, checkpointMessage(c.seq, c.entryHash), keys.publicKey, Buffer.from(c.signature, 'base64'));

function verify(entries: StoredChainEntry[], head: { seq: string; entryHash: string }, checkpoints: Checkpoint[] = []) {
  const verifier = new ChainVerifier(new Set(checkpoints.map((c) => c.seq)));
  verifier.add(entries);
  return verifier.finish(head, checkpoints, verifySig);
}

describe('audit chain engine', () => {
  const chain = buildChain(10);
  const head = { seq: '10', entryHash: chain[9]!.entryHash };

  it('accepts an intact chain with valid checkpoints', () => {
    assert.equal(verify(chain, head, [sign('5', chain[4]!.entryHash), sign('10', chain[9]!.entryHash)]), undefined);
  });

  it('hash is independent of key order in data (canonical JSON)', () => {
    const a = { ...chain[0]!, data: { b: 1, a: 2 } };
    const b = { ...chain[0]!, data: { a: 2, b: 1 } };
    assert.equal(hashEntry(a), hashEntry(b));
  });

  it('names an altered entry', () => {
    const altered = chain.map((e) => (e.seq === '4' ? { ...e, data: { userId: 'someone else' } } : e));
    assert.deepEqual(verify(altered, head), { kind: 'hash', seq: '4' });
  });

  it('names a deleted entry in the middle', () => {
    const deleted = chain.filter((e) => e.seq !== '6');
    assert.deepEqual(verify(deleted, head), { kind: 'gap', seq: '7', expectedSeq: '6' });
  });

  it('names reordered entries, even when sequence numbers are swapped too', () => {
    const swapped = [...chain];
    const e3 = swapped[2]!;
    const e4 = swapped[3]!;
    swapped[2] = { ...e4, seq: '3' };
    swapped[3] = { ...e3, seq: '4' };
    const problem = verify(swapped, head);
    assert.equal(problem?.seq, '3');
  });

  it('catches a rehashed forgery through the signed checkpoint', () => {
    // An attacker rewrites entry 3 and recomputes every later hash: links and hashes look fine, the checkpoint does not.
    const forged = buildChain(10).map((e) => ({ ...e }));
    forged[2]!.data = { forged: true };
    let prev = forged[1]!.entryHash;
    for (let i = 2; i < forged.length; i += 1) {
      forged[i]!.prevHash = prev;
      forged[i]!.entryHash = hashEntry(forged[i]!);
      prev = forged[i]!.entryHash;
    }
    const problem = verify(forged, { seq: '10', entryHash: prev }, [sign('5', chain[4]!.entryHash)]);
    assert.deepEqual(problem, { kind: 'checkpoint-mismatch', seq: '5' });
  });

  it('refuses a checkpoint signed by another key', () => {
    const other = crypto.generateKeyPairSync('ed25519');
    const bad = {
      ...sign('5', chain[4]!.entryHash),
      signature: crypto.sign(null, checkpointMessage('5', chain[4]!.entryHash), other.privateKey).toString('base64'),
    };
    assert.deepEqual(verify(chain, head, [bad]), { kind: 'checkpoint-signature', seq: '5' });
  });

  it('catches entries deleted from the end through the recorded head', () => {
    const problem = verify(chain.slice(0, 8), head);
    assert.equal(problem?.kind, 'head-mismatch');
    assert.equal(problem.seq, '9');
  });
});
