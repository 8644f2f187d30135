import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import {
  CHECKPOINT_GRACE_MINUTES,
  ChainVerifier,
  GENESIS_HASH,
  checkpointIsValid,
  describeProblem,
  entryHashesDigest,
  hashEntry,
  parseAnchor,
  signCheckpoint,
  type Anchor,
  type Checkpoint,
  type CheckpointV1,
  type CheckpointV2,
  type ChainReport,
  type StoredChainEntry,
} from '../../src/modules/platform/audit/engine/chain.ts';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const minutes = (n: number) => new Date(T0 + n * 60_000);

/** Entry i is written i seconds after T0. */
function buildChain(length: number): StoredChainEntry[] {
  const entries: StoredChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= length; i += 1) {
    const entry = {
      seq: String(i),
      occurredAt: at(i),
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

/** Rewrites entry `seq` and recomputes every hash after it, as an intruder with the owner's rights would. */
function forge(chain: StoredChainEntry[], seq: number): StoredChainEntry[] {
  const forged = chain.map((e) => ({ ...e }));
  forged[seq - 1]!.data = { forged: true };
  let prev = seq > 1 ? forged[seq - 2]!.entryHash : GENESIS_HASH;
  for (let i = seq - 1; i < forged.length; i += 1) {
    forged[i]!.prevHash = prev;
    forged[i]!.entryHash = hashEntry(forged[i]!);
    prev = forged[i]!.entryHash;
  }
  return forged;
}

const keys = crypto.generateKeyPairSync('ed25519');
const isValid = (c: Checkpoint) => checkpointIsValid(c, keys.publicKey);

/** A v2 checkpoint of `chain` at `seq`, signed `signedAfter` seconds after entry `seq` was written. */
function v2(chain: StoredChainEntry[], seq: number, prevSeq: number, options: { every?: number; signedAfter?: number } = {}) {
  const list = chain.slice(prevSeq, seq).map((e) => e.entryHash);
  const checkpoint = signCheckpoint(
    {
      version: 2,
      seq: String(seq),
      entryHash: chain[seq - 1]!.entryHash,
      prevSeq: String(prevSeq),
      entryHashesSha256: entryHashesDigest(list),
      every: options.every ?? 5,
      signedAt: at(seq + (options.signedAfter ?? 0)),
      keyId: 'k',
    } satisfies Omit<CheckpointV2, 'signature'>,
    keys.privateKey,
  );
  return { checkpoint, list };
}

function v1(chain: StoredChainEntry[], seq: number): CheckpointV1 {
  return signCheckpoint({ version: 1, seq: String(seq), entryHash: chain[seq - 1]!.entryHash, keyId: 'k' }, keys.privateKey);
}

interface Run {
  database?: (Checkpoint | { checkpoint: CheckpointV2; list: string[] })[];
  file?: { checkpoint: CheckpointV2; list: string[] }[];
  anchors?: Anchor[];
  head?: { seq: string; entryHash: string };
  now?: Date;
  every?: number;
}

/** Runs the verifier as the reader does: batches of 3 entries, each preceded by the lists it needs. */
function verify(entries: StoredChainEntry[], run: Run = {}): ChainReport {
  const database = (run.database ?? []).map((c) => ('checkpoint' in c ? c : { checkpoint: c, list: [] }));
  const file = run.file ?? [];
  const verifier = new ChainVerifier({
    databaseCheckpoints: database.map((c) => c.checkpoint),
    fileCheckpoints: file.map((c) => c.checkpoint),
    anchors: run.anchors ?? [],
    checkpointEvery: run.every ?? 5,
    checkpointMinutes: 15,
    now: run.now ?? minutes(1),
    isValid,
  });
  for (let i = 0; i < entries.length; i += 3) {
    const batch = entries.slice(i, i + 3);
    for (const need of verifier.listsNeeded(batch[0]!.seq, batch.at(-1)!.seq)) {
      const from = need.source === 'file' ? file : database;
      verifier.supplyList(need.seq, from.find((c) => c.checkpoint.seq === need.seq)?.list ?? []);
    }
    if (!verifier.add(batch)) break;
  }
  const last = entries.at(-1);
  return verifier.finish(run.head ?? { seq: last?.seq ?? '0', entryHash: last?.entryHash ?? GENESIS_HASH });
}

const first = (report: ChainReport) => report.problems[0];

describe('audit chain engine', () => {
  const chain = buildChain(12);
  const signed = [v2(chain, 5, 0), v2(chain, 10, 5)];

  it('accepts an intact chain whose checkpoints are in the database and the file, with no warnings', () => {
    const report = verify(chain, { database: signed, file: signed });
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.warnings, []);
    assert.equal(report.checkpoints, 2);
  });

  it('accepts a file holding only some of the checkpoints (another server signed the rest)', () => {
    assert.deepEqual(verify(chain, { database: signed, file: [signed[1]!] }).problems, []);
  });

  it('hash is independent of key order in data (canonical JSON)', () => {
    const a = { ...chain[0]!, data: { b: 1, a: 2 } };
    const b = { ...chain[0]!, data: { a: 2, b: 1 } };
    assert.equal(hashEntry(a), hashEntry(b));
  });

  it('names an altered entry', () => {
    const altered = chain.map((e) => (e.seq === '4' ? { ...e, data: { userId: 'someone else' } } : e));
    assert.deepEqual(first(verify(altered, { database: signed })), { kind: 'hash', seq: '4' });
  });

  it('names a deleted entry in the middle', () => {
    const deleted = chain.filter((e) => e.seq !== '6');
    assert.deepEqual(first(verify(deleted, { database: signed })), { kind: 'gap', seq: '7', expectedSeq: '6' });
  });

  it('names reordered entries, even when sequence numbers are swapped too', () => {
    const swapped = [...chain];
    swapped[2] = { ...chain[3]!, seq: '3' };
    swapped[3] = { ...chain[2]!, seq: '4' };
    assert.equal(first(verify(swapped, { database: signed }))?.seq, '3');
  });

  it('names the rewritten entry of a re-hashed forgery before a v2 checkpoint, not the checkpoint', () => {
    const forged = forge(chain, 3);
    const problem = first(verify(forged, { database: signed }));
    assert.deepEqual(problem, { kind: 'differs-from-checkpoint', seq: '3', checkpointSeq: '5' });
    assert.match(describeProblem(problem), /entry 3 was altered.*checkpoint 5/);
  });

  it('keeps the old verification for v1 checkpoints: the forgery is caught at the checkpoint', () => {
    const forged = forge(chain, 3);
    assert.deepEqual(first(verify(forged, { database: [v1(chain, 5), v1(chain, 10)], every: 100 })), {
      kind: 'checkpoint-mismatch',
      seq: '5',
    });
  });

  it('holds the line from the newest v1 checkpoint on: v1 then v2 checkpoints verify', () => {
    const mixed = [v1(chain, 3), v1(chain, 5), v2(chain, 10, 5)];
    assert.deepEqual(verify(chain, { database: mixed }).problems, []);
  });

  it('refuses a checkpoint signed by another key, and one whose signed fields were changed', () => {
    const other = crypto.generateKeyPairSync('ed25519');
    const foreign = signCheckpoint({ ...signed[0]!.checkpoint }, other.privateKey);
    const report = verify(chain, { database: [{ checkpoint: foreign, list: signed[0]!.list }, signed[1]!] });
    // Not counted: entries 1 to 5 have no valid checkpoint within N.
    assert.deepEqual(report.problems, [
      { kind: 'checkpoint-required', seq: '1', requiredAt: '5' },
      { kind: 'checkpoint-signature', seq: '5', where: 'database' },
    ]);
    const loosened = { ...signed[1]!.checkpoint, every: 100 };
    assert.deepEqual(
      verify(chain, { database: [signed[0]!, { checkpoint: loosened, list: signed[1]!.list }] }).problems.find(
        (p) => p.kind === 'checkpoint-signature',
      ),
      { kind: 'checkpoint-signature', seq: '10', where: 'database' },
    );
  });

  it('refuses an entry-hash list that is not the signed one', () => {
    const wrongList = [...signed[0]!.list];
    wrongList[1] = GENESIS_HASH;
    const report = verify(chain, { database: [{ checkpoint: signed[0]!.checkpoint, list: wrongList }, signed[1]!] });
    assert.deepEqual(first(report), { kind: 'checkpoint-signature', seq: '5', where: 'database' });
  });

  it('uses the file copy of deleted checkpoints to name the rewritten entry, and reports the deletion', () => {
    const forged = forge(chain, 7);
    const report = verify(forged, { database: [], file: signed });
    assert.deepEqual(first(report), { kind: 'differs-from-checkpoint', seq: '7', checkpointSeq: '10' });
    assert.ok(report.problems.some((p) => p.kind === 'checkpoint-deleted' && p.seq === '5'));
    assert.ok(report.problems.some((p) => p.kind === 'checkpoint-deleted' && p.seq === '10'));
  });

  it('reports a checkpoint that differs between the database and the file', () => {
    const resigned = v2(chain, 10, 5, { signedAfter: 30 });
    const report = verify(chain, { database: [signed[0]!, resigned], file: signed });
    assert.deepEqual(report.problems, [{ kind: 'checkpoint-altered', seq: '10' }]);
  });

  it('without any checkpoint, names the first entry whose required checkpoint is missing', () => {
    const problem = first(verify(chain));
    assert.deepEqual(problem, { kind: 'checkpoint-required', seq: '1', requiredAt: '5' });
    assert.match(describeProblem(problem), /checkpoint required at or before entry 5 is missing/);
  });

  it('reports a checkpoint deleted from the middle of the line', () => {
    const line = [v2(chain, 5, 0), v2(chain, 10, 5), v2(chain, 12, 10)];
    const report = verify(chain, { database: [line[0]!, line[2]!] });
    assert.deepEqual(report.problems, [
      { kind: 'checkpoint-required', seq: '6', requiredAt: '10' },
      { kind: 'checkpoint-missing', seq: '10', nextSeq: '12' },
    ]);
  });

  it('reports a checkpoint out of line (its signed predecessor is not the previous checkpoint)', () => {
    const report = verify(chain, { database: [v2(chain, 5, 0), v2(chain, 7, 0, { every: 10 })], every: 10 });
    assert.ok(report.problems.some((p) => p.kind === 'checkpoint-out-of-line' && p.seq === '7'));
  });

  it('holds each checkpoint to its own signed N, not the configured one', () => {
    const wide = [v2(chain, 5, 0, { every: 7 }), v2(chain, 12, 5)];
    assert.deepEqual(verify(chain, { database: wide, every: 5 }).problems, []);
    const narrow = [v2(chain, 5, 0, { every: 3 }), v2(chain, 10, 5)];
    assert.deepEqual(first(verify(chain, { database: narrow })), { kind: 'checkpoint-required', seq: '6', requiredAt: '8' });
  });

  it('needs fewer than N entries after the last checkpoint', () => {
    const chain15 = buildChain(15);
    assert.deepEqual(first(verify(chain15, { database: [v2(chain15, 5, 0)] })), {
      kind: 'checkpoint-required',
      seq: '6',
      requiredAt: '10',
    });
  });

  it(`accepts an unsigned tail younger than M + ${String(CHECKPOINT_GRACE_MINUTES)} minutes, names its first entry when older`, () => {
    // Entries 11 and 12 were written 11 and 12 seconds after T0; M is 15.
    assert.deepEqual(verify(chain, { database: signed, now: new Date(T0 + 11_000 + 16.9 * 60_000) }).problems, []);
    const problem = first(verify(chain, { database: signed, now: new Date(T0 + 11_000 + 17.1 * 60_000) }));
    assert.equal(problem?.kind, 'unsigned-tail');
    assert.equal(problem.seq, '11');
    assert.match(describeProblem(problem), /entries 11 to 12 are not covered by a signed checkpoint/);
  });

  it('warns, without failing, about a checkpoint signed long after the entries it covers', () => {
    const late = [v2(chain, 5, 0, { every: 7 }), v2(chain, 12, 5, { signedAfter: 3600 })];
    const report = verify(chain, { database: late, now: minutes(120) });
    assert.deepEqual(report.problems, []);
    assert.equal(report.warnings.length, 1);
    assert.deepEqual(
      report.warnings.map((w) => [w.seq, w.firstSeq]),
      [['12', '6']],
    );
  });

  it('names the first missing entry when an anchor lies beyond the end of the chain', () => {
    const cut = chain.slice(0, 5);
    const anchor: Anchor = { seq: '10', entryHash: chain[9]!.entryHash, source: '--anchor' };
    const problem = first(verify(cut, { database: [signed[0]!], anchors: [anchor] }));
    assert.deepEqual(problem, { kind: 'chain-cut', seq: '6', anchorSeq: '10', endSeq: '5', source: '--anchor' });
    assert.match(describeProblem(problem), /chain cut: anchor names entry 10, the chain ends at 5/);
  });

  it('names an entry that differs from its anchor, and lists anchors that held', () => {
    const wrong: Anchor = { seq: '8', entryHash: chain[8]!.entryHash, source: '--anchor' };
    assert.deepEqual(first(verify(chain, { database: signed, anchors: [wrong] })), {
      kind: 'anchor-mismatch',
      seq: '8',
      source: '--anchor',
    });
    const right: Anchor = { seq: '8', entryHash: chain[7]!.entryHash, source: '--anchor' };
    const report = verify(chain, { database: signed, anchors: [right] });
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.anchorsHeld, [right]);
  });

  it('catches entries deleted from the end: through the recorded head, and through a checkpoint beyond the end', () => {
    const problem = first(verify(chain.slice(0, 8), { database: [signed[0]!], head: { seq: '12', entryHash: chain[11]!.entryHash } }));
    assert.equal(problem?.kind, 'head-mismatch');
    assert.equal(problem.seq, '9');
    const cut = first(verify(chain.slice(0, 8), { database: signed }));
    assert.deepEqual(cut, { kind: 'chain-cut', seq: '9', anchorSeq: '10', endSeq: '8', source: 'checkpoint 10' });
  });

  it('reads anchors as <seq>:<hash> and refuses anything else', () => {
    const hash = chain[0]!.entryHash;
    assert.deepEqual(parseAnchor(`12:${hash.toUpperCase()}`, 'x'), { seq: '12', entryHash: hash, source: 'x' });
    assert.equal(parseAnchor(`0:${hash}`, 'x'), undefined);
    assert.equal(parseAnchor(`12:${hash.slice(1)}`, 'x'), undefined);
    assert.equal(parseAnchor('12', 'x'), undefined);
  });
});
