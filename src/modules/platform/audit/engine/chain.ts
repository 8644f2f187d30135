import crypto from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The audit chain, as pure functions. Each entry's hash is SHA-256 over the canonical JSON (RFC 8785) of its fields
 * and the previous entry's hash, so altering, deleting or reordering any entry breaks every hash after it. Signed
 * checkpoints pin the chain; the rules a verifier holds them to are in docs/security.md (Audit).
 */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Minutes a checkpoint may come later than the M-minute rule: the timer's own delay and ordinary transactions (an
 * entry's time is its transaction's start, its checkpoint comes after the commit).
 */
export const CHECKPOINT_GRACE_MINUTES = 2;

export interface ChainEntry {
  seq: string;
  occurredAt: string;
  agencyId: string | null;
  actorUserId: string | null;
  requestId: string | null;
  eventType: string;
  eventVersion: number;
  data: unknown;
  prevHash: string;
}

export interface StoredChainEntry extends ChainEntry {
  entryHash: string;
}

export function canonicalEntry(entry: ChainEntry): string {
  const text = canonicalize({
    seq: entry.seq,
    occurredAt: entry.occurredAt,
    agencyId: entry.agencyId,
    actorUserId: entry.actorUserId,
    requestId: entry.requestId,
    eventType: entry.eventType,
    eventVersion: entry.eventVersion,
    data: entry.data,
    prevHash: entry.prevHash,
  });
  if (text === undefined) throw new Error('audit entry cannot be canonicalised');
  return text;
}

export function hashEntry(entry: ChainEntry): string {
  return crypto.createHash('sha256').update(canonicalEntry(entry)).digest('hex');
}

/** A checkpoint written before migration 0011: its signature covers only seq and entry hash. */
export interface CheckpointV1 {
  version: 1;
  seq: string;
  entryHash: string;
  keyId: string;
  signature: string;
}

/**
 * A checkpoint whose signature also covers the previous checkpoint's seq, the hashes of every entry since it
 * (through their SHA-256; the list itself is kept beside it), the rule in force and the signing time.
 */
export interface CheckpointV2 {
  version: 2;
  seq: string;
  entryHash: string;
  prevSeq: string;
  /** SHA-256 (hex) of the 32-byte hashes of entries prevSeq + 1 .. seq, concatenated. */
  entryHashesSha256: string;
  /** The next checkpoint comes at most this many entries later. */
  every: number;
  signedAt: string;
  keyId: string;
  signature: string;
}

export type Checkpoint = CheckpointV1 | CheckpointV2;
export type UnsignedCheckpoint = Omit<CheckpointV1, 'signature'> | Omit<CheckpointV2, 'signature'>;

/** The bytes a checkpoint signature covers; versioned, so that a v1 signature can never pass for a v2 one. */
export function checkpointMessage(checkpoint: UnsignedCheckpoint): Buffer {
  if (checkpoint.version === 1) return Buffer.from(`concord-audit-checkpoint:v1:${checkpoint.seq}:${checkpoint.entryHash}`, 'utf8');
  return Buffer.from(
    [
      'concord-audit-checkpoint:v2',
      `seq:${checkpoint.seq}`,
      `entry:${checkpoint.entryHash}`,
      `prev:${checkpoint.prevSeq}`,
      `entries-sha256:${checkpoint.entryHashesSha256}`,
      `every:${String(checkpoint.every)}`,
      `signed-at:${checkpoint.signedAt}`,
      `key:${checkpoint.keyId}`,
    ].join('\n'),
    'utf8',
  );
}

/** SHA-256 (hex) of the entry hashes as 32-byte values, concatenated: what a v2 signature covers of the list. */
export function entryHashesDigest(entryHashes: readonly string[]): string {
  const digest = crypto.createHash('sha256');
  for (const hash of entryHashes) digest.update(Buffer.from(hash, 'hex'));
  return digest.digest('hex');
}

/** The 32-byte hashes of a stored list (`audit_checkpoints.entry_hashes`), as hex. */
export function splitEntryHashes(bytes: Uint8Array | null): string[] {
  if (!bytes) return [];
  const buffer = Buffer.from(bytes);
  const hashes: string[] = [];
  for (let offset = 0; offset + 32 <= buffer.length; offset += 32) hashes.push(buffer.subarray(offset, offset + 32).toString('hex'));
  return hashes;
}

export function signCheckpoint<T extends UnsignedCheckpoint>(checkpoint: T, privateKey: crypto.KeyObject): T & { signature: string } {
  return { ...checkpoint, signature: crypto.sign(null, checkpointMessage(checkpoint), privateKey).toString('base64') };
}

const HASH = /^[0-9a-f]{64}$/;
const SEQ = /^(0|[1-9][0-9]*)$/;

/** Shape and signature: whether a checkpoint, from wherever it was read, is one the platform's key signed. */
export function checkpointIsValid(checkpoint: Checkpoint, publicKey: crypto.KeyObject): boolean {
  if (!SEQ.test(checkpoint.seq) || checkpoint.seq === '0' || !HASH.test(checkpoint.entryHash)) return false;
  if (checkpoint.version === 2) {
    const signedAt = new Date(checkpoint.signedAt);
    if (
      !SEQ.test(checkpoint.prevSeq) ||
      BigInt(checkpoint.prevSeq) >= BigInt(checkpoint.seq) ||
      !HASH.test(checkpoint.entryHashesSha256) ||
      !Number.isInteger(checkpoint.every) ||
      checkpoint.every < 1 ||
      Number.isNaN(signedAt.getTime()) ||
      signedAt.toISOString() !== checkpoint.signedAt
    )
      return false;
  }
  try {
    return crypto.verify(null, checkpointMessage(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** An entry known from outside the database: it must exist with this hash. */
export interface Anchor {
  seq: string;
  entryHash: string;
  /** Where it comes from, for the report: "--anchor", "the newest checkpoint of …". */
  source: string;
}

/** `<seq>:<hash>`, as `concord audit anchor` prints it; undefined when the text is not one. */
export function parseAnchor(text: string, source: string): Anchor | undefined {
  const match = /^\s*([1-9][0-9]*):([0-9a-fA-F]{64})\s*$/.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  return { seq: match[1], entryHash: match[2].toLowerCase(), source };
}

export type ChainProblem =
  | { kind: 'gap'; seq: string; expectedSeq: string }
  | { kind: 'link'; seq: string }
  | { kind: 'hash'; seq: string }
  | { kind: 'differs-from-checkpoint'; seq: string; checkpointSeq: string }
  | { kind: 'checkpoint-mismatch'; seq: string }
  | { kind: 'anchor-mismatch'; seq: string; source: string }
  | { kind: 'chain-cut'; seq: string; anchorSeq: string; endSeq: string; source: string }
  | { kind: 'head-mismatch'; seq: string; headSeq: string }
  | { kind: 'checkpoint-signature'; seq: string; where: 'database' | 'file' }
  | { kind: 'checkpoint-deleted'; seq: string }
  | { kind: 'checkpoint-altered'; seq: string }
  | { kind: 'checkpoint-missing'; seq: string; nextSeq: string }
  | { kind: 'checkpoint-out-of-line'; seq: string; prevSeq: string; expectedPrevSeq: string }
  | { kind: 'checkpoint-required'; seq: string; requiredAt: string }
  | { kind: 'unsigned-tail'; seq: string; endSeq: string; oldestWrittenAt: string; minutes: number };

export interface ChainWarning {
  kind: 'late-signature';
  /** The checkpoint's seq. */
  seq: string;
  firstSeq: string;
  oldestWrittenAt: string;
  signedAt: string;
  minutes: number;
}

export interface ChainReport {
  /**
   * Every problem found: those about entries first (the first bad entry, or the first one a required checkpoint
   * does not cover), in seq order; then those about the record of checkpoints. Empty: the chain holds.
   */
  problems: ChainProblem[];
  warnings: ChainWarning[];
  /** Distinct checkpoints with a valid signature, from the database and the file together. */
  checkpoints: number;
  /** Anchors that were checked and held. */
  anchorsHeld: Anchor[];
}

/** Which copy of a checkpoint the verifier trusts, and so where its entry-hash list is to be read. */
export type CheckpointSource = 'database' | 'file';

export interface VerifierOptions {
  databaseCheckpoints: readonly Checkpoint[];
  /** The data folder's copy (docs/security.md): a subset of the database's is normal. */
  fileCheckpoints: readonly Checkpoint[];
  anchors: readonly Anchor[];
  /** The configured N and M. */
  checkpointEvery: number;
  checkpointMinutes: number;
  now: Date;
  isValid: (checkpoint: Checkpoint) => boolean;
}

interface Trusted {
  checkpoint: Checkpoint;
  source: CheckpointSource;
}

/**
 * Problems about the record of checkpoints itself (deleted, altered, out of line) rather than about entries: a bad
 * entry, or an entry no checkpoint covers as the rules require, comes first in a report, whatever its seq.
 */
const CHECKPOINT_RECORD_PROBLEMS = new Set<ChainProblem['kind']>([
  'checkpoint-signature',
  'checkpoint-deleted',
  'checkpoint-altered',
  'checkpoint-missing',
  'checkpoint-out-of-line',
]);

function sameCheckpoint(a: Checkpoint, b: Checkpoint): boolean {
  return a.signature === b.signature && checkpointMessage(a).equals(checkpointMessage(b));
}

const minutesBetween = (from: number, to: number) => (to - from) / 60_000;

/**
 * Incremental verifier: built from the checkpoints (database and file) and anchors, fed entries in `seq` order batch
 * by batch (before each batch, the entry-hash lists it asks for with `listsNeeded`), finished with the recorded
 * head. Entry problems stop it; checkpoint problems are all collected. Memory stays bounded by one batch and the
 * lists of the checkpoints it spans.
 */
export class ChainVerifier {
  private expectedSeq = 1n;
  private previousHash = GENESIS_HASH;
  private stopped = false;
  private readonly problems: ChainProblem[] = [];
  private readonly warnings: ChainWarning[] = [];
  /** Valid checkpoints, one per seq, in seq order. */
  private readonly trusted: Trusted[] = [];
  private readonly trustedBySeq = new Map<string, Trusted>();
  /** Index into `trusted` of the first checkpoint at or after the next entry. */
  private cursor = 0;
  private readonly lists = new Map<string, readonly string[]>();
  /** Oldest entry time within each v2 checkpoint's range, and after the newest checkpoint. */
  private readonly oldestInRange = new Map<string, number>();
  private oldestAfterLast: number | undefined;
  private readonly lastCheckpointSeq: bigint;
  private readonly anchorsBySeq = new Map<string, Anchor[]>();
  private readonly anchorsHeld: Anchor[] = [];
  checked = 0;

  constructor(private readonly options: VerifierOptions) {
    const database = new Map(options.databaseCheckpoints.map((c) => [c.seq, c]));
    const file = new Map(options.fileCheckpoints.map((c) => [c.seq, c]));
    const seqs = [...new Set([...database.keys(), ...file.keys()])].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    for (const seq of seqs) {
      const inDatabase = database.get(seq);
      const inFile = file.get(seq);
      const databaseValid = inDatabase !== undefined && options.isValid(inDatabase);
      const fileValid = inFile !== undefined && options.isValid(inFile);
      if (inDatabase && !databaseValid) this.problems.push({ kind: 'checkpoint-signature', seq, where: 'database' });
      if (inFile && !fileValid) this.problems.push({ kind: 'checkpoint-signature', seq, where: 'file' });
      if (fileValid && !inDatabase) this.problems.push({ kind: 'checkpoint-deleted', seq });
      if (fileValid && databaseValid && !sameCheckpoint(inDatabase, inFile)) this.problems.push({ kind: 'checkpoint-altered', seq });
      // The file's copy is the one an intruder in the database could not rewrite: it locates altered entries.
      const trusted: Trusted | undefined = fileValid
        ? { checkpoint: inFile, source: 'file' }
        : databaseValid
          ? { checkpoint: inDatabase, source: 'database' }
          : undefined;
      if (trusted) {
        this.trusted.push(trusted);
        this.trustedBySeq.set(seq, trusted);
      }
    }
    this.lastCheckpointSeq = BigInt(this.trusted.at(-1)?.checkpoint.seq ?? '0');
    for (const anchor of options.anchors) {
      const list = this.anchorsBySeq.get(anchor.seq) ?? [];
      list.push(anchor);
      this.anchorsBySeq.set(anchor.seq, list);
    }
    this.checkCheckpointLine();
  }

  /** Version 2 checkpoints whose ranges meet entries `fromSeq` .. `toSeq` and whose lists are not yet supplied. */
  listsNeeded(fromSeq: string, toSeq: string): { seq: string; source: CheckpointSource }[] {
    const from = BigInt(fromSeq);
    const to = BigInt(toSeq);
    const needed: { seq: string; source: CheckpointSource }[] = [];
    for (let i = this.cursor; i < this.trusted.length; i += 1) {
      const { checkpoint, source } = this.trusted[i]!;
      if (checkpoint.version === 1) {
        if (BigInt(checkpoint.seq) > to) break;
        continue;
      }
      if (BigInt(checkpoint.seq) < from) continue;
      if (BigInt(checkpoint.prevSeq) >= to) break;
      if (!this.lists.has(checkpoint.seq)) needed.push({ seq: checkpoint.seq, source });
    }
    return needed;
  }

  /**
   * The entry hashes a v2 checkpoint lists, as read from its trusted copy. A list that does not match what the
   * signature covers (changed since the checkpoints were read) counts as an altered copy.
   */
  supplyList(seq: string, entryHashes: readonly string[]): void {
    const trusted = this.trustedBySeq.get(seq);
    if (trusted?.checkpoint.version !== 2) return;
    const { checkpoint } = trusted;
    const expectedLength = BigInt(checkpoint.seq) - BigInt(checkpoint.prevSeq);
    if (
      BigInt(entryHashes.length) !== expectedLength ||
      entryHashes.at(-1) !== checkpoint.entryHash ||
      entryHashesDigest(entryHashes) !== checkpoint.entryHashesSha256
    ) {
      this.problems.push({ kind: 'checkpoint-signature', seq, where: trusted.source });
      this.lists.set(seq, []);
      return;
    }
    this.lists.set(seq, entryHashes);
  }

  add(entries: Iterable<StoredChainEntry>): boolean {
    for (const entry of entries) {
      if (this.stopped) return false;
      const problem = this.check(entry);
      if (problem) {
        this.problems.push(problem);
        this.stopped = true;
        return false;
      }
      this.previousHash = entry.entryHash;
      this.expectedSeq += 1n;
      this.checked += 1;
    }
    return true;
  }

  private check(entry: StoredChainEntry): ChainProblem | undefined {
    const seq = BigInt(entry.seq);
    if (seq !== this.expectedSeq) return { kind: 'gap', seq: entry.seq, expectedSeq: this.expectedSeq.toString() };
    if (entry.prevHash !== this.previousHash) return { kind: 'link', seq: entry.seq };
    if (hashEntry(entry) !== entry.entryHash) return { kind: 'hash', seq: entry.seq };
    while (this.cursor < this.trusted.length && BigInt(this.trusted[this.cursor]!.checkpoint.seq) < seq) {
      this.lists.delete(this.trusted[this.cursor]!.checkpoint.seq);
      this.cursor += 1;
    }
    const writtenAt = Date.parse(entry.occurredAt);
    // Ranges of valid checkpoints do not overlap unless the line of checkpoints is broken (reported apart); a
    // range's entries are still held to every list that names them.
    for (let i = this.cursor; i < this.trusted.length; i += 1) {
      const { checkpoint } = this.trusted[i]!;
      if (checkpoint.version === 1) {
        if (checkpoint.seq === entry.seq && checkpoint.entryHash !== entry.entryHash)
          return { kind: 'checkpoint-mismatch', seq: entry.seq };
        if (checkpoint.seq === entry.seq) continue;
        break;
      }
      if (BigInt(checkpoint.prevSeq) >= seq) break;
      const list = this.lists.get(checkpoint.seq);
      if (!list) throw new Error(`entry-hash list of checkpoint ${checkpoint.seq} was not supplied before entry ${entry.seq}`);
      const listed = list[Number(seq - BigInt(checkpoint.prevSeq) - 1n)];
      if (list.length > 0 && listed !== entry.entryHash)
        return { kind: 'differs-from-checkpoint', seq: entry.seq, checkpointSeq: checkpoint.seq };
      this.oldestInRange.set(checkpoint.seq, Math.min(this.oldestInRange.get(checkpoint.seq) ?? Infinity, writtenAt));
    }
    for (const anchor of this.anchorsBySeq.get(entry.seq) ?? []) {
      if (anchor.entryHash !== entry.entryHash) return { kind: 'anchor-mismatch', seq: entry.seq, source: anchor.source };
      this.anchorsHeld.push(anchor);
    }
    if (seq > this.lastCheckpointSeq) this.oldestAfterLast = Math.min(this.oldestAfterLast ?? Infinity, writtenAt);
    return undefined;
  }

  /**
   * The line of checkpoints: each v2 checkpoint names its predecessor, which must be the previous valid one, and
   * comes within that predecessor's `every` entries (the configured N from the start). Version 1 checkpoints keep
   * their old meaning: the line is held from the newest of them on.
   */
  private checkCheckpointLine(): void {
    const lastV1 = this.trusted.findLastIndex((t) => t.checkpoint.version === 1);
    let previous = lastV1 >= 0 ? this.trusted[lastV1]!.checkpoint : undefined;
    for (const { checkpoint } of this.trusted.slice(lastV1 + 1)) {
      if (checkpoint.version !== 2) continue;
      const previousSeq = previous?.seq ?? '0';
      if (checkpoint.prevSeq !== previousSeq) {
        if (BigInt(checkpoint.prevSeq) > BigInt(previousSeq)) {
          // Reported already when some copy of it exists but is not valid.
          if (
            !this.options.databaseCheckpoints.some((c) => c.seq === checkpoint.prevSeq) &&
            !this.options.fileCheckpoints.some((c) => c.seq === checkpoint.prevSeq)
          )
            this.problems.push({ kind: 'checkpoint-missing', seq: checkpoint.prevSeq, nextSeq: checkpoint.seq });
        } else {
          this.problems.push({
            kind: 'checkpoint-out-of-line',
            seq: checkpoint.seq,
            prevSeq: checkpoint.prevSeq,
            expectedPrevSeq: previousSeq,
          });
        }
      }
      const requiredAt = BigInt(previousSeq) + BigInt(this.allowanceAfter(previous));
      if (BigInt(checkpoint.seq) > requiredAt) {
        this.problems.push({ kind: 'checkpoint-required', seq: (BigInt(previousSeq) + 1n).toString(), requiredAt: requiredAt.toString() });
      }
      previous = checkpoint;
    }
  }

  private allowanceAfter(checkpoint: Checkpoint | undefined): number {
    return checkpoint?.version === 2 ? checkpoint.every : this.options.checkpointEvery;
  }

  /** Checks the end of the chain (head, anchors, unsigned tail) and the signing times; returns the report. */
  finish(head: { seq: string; entryHash: string }): ChainReport {
    if (!this.stopped) this.checkEnd(head);
    const rank = (problem: ChainProblem) => (CHECKPOINT_RECORD_PROBLEMS.has(problem.kind) ? 1 : 0);
    const problems = [...this.problems].sort((a, b) => {
      const bySeq = BigInt(a.seq) - BigInt(b.seq);
      return rank(a) - rank(b) || (bySeq < 0n ? -1 : bySeq > 0n ? 1 : 0);
    });
    return { problems, warnings: this.warnings, checkpoints: this.trusted.length, anchorsHeld: this.anchorsHeld };
  }

  private checkEnd(head: { seq: string; entryHash: string }): void {
    const end = this.expectedSeq - 1n;
    const { checkpointMinutes, now } = this.options;
    const allowedMinutes = checkpointMinutes + CHECKPOINT_GRACE_MINUTES;
    const beyond = [
      ...this.options.anchors.filter((anchor) => BigInt(anchor.seq) > end),
      ...this.trusted
        .filter((t) => BigInt(t.checkpoint.seq) > end)
        .map((t) => ({ seq: t.checkpoint.seq, entryHash: t.checkpoint.entryHash, source: `checkpoint ${t.checkpoint.seq}` })),
    ].sort((a, b) => (BigInt(b.seq) > BigInt(a.seq) ? 1 : BigInt(b.seq) < BigInt(a.seq) ? -1 : 0));
    const furthest = beyond[0];
    if (furthest) {
      this.problems.push({
        kind: 'chain-cut',
        seq: (end + 1n).toString(),
        anchorSeq: furthest.seq,
        endSeq: end.toString(),
        source: furthest.source,
      });
    }
    if (head.seq !== end.toString() || head.entryHash !== this.previousHash) {
      this.problems.push({ kind: 'head-mismatch', seq: (end + 1n).toString(), headSeq: head.seq });
    }
    if (furthest) return;
    const last = this.trusted.at(-1)?.checkpoint;
    const lastSeq = BigInt(last?.seq ?? '0');
    const allowance = BigInt(this.allowanceAfter(last));
    if (end - lastSeq >= allowance) {
      this.problems.push({ kind: 'checkpoint-required', seq: (lastSeq + 1n).toString(), requiredAt: (lastSeq + allowance).toString() });
    } else if (this.oldestAfterLast !== undefined && minutesBetween(this.oldestAfterLast, now.getTime()) > allowedMinutes) {
      this.problems.push({
        kind: 'unsigned-tail',
        seq: (lastSeq + 1n).toString(),
        endSeq: end.toString(),
        oldestWrittenAt: new Date(this.oldestAfterLast).toISOString(),
        minutes: checkpointMinutes,
      });
    }
    for (const { checkpoint } of this.trusted) {
      if (checkpoint.version !== 2) continue;
      const oldest = this.oldestInRange.get(checkpoint.seq);
      if (oldest === undefined) continue;
      if (minutesBetween(oldest, Date.parse(checkpoint.signedAt)) > allowedMinutes) {
        this.warnings.push({
          kind: 'late-signature',
          seq: checkpoint.seq,
          firstSeq: (BigInt(checkpoint.prevSeq) + 1n).toString(),
          oldestWrittenAt: new Date(oldest).toISOString(),
          signedAt: checkpoint.signedAt,
          minutes: checkpointMinutes,
        });
      }
    }
  }
}

const minutesText = (minutes: number) => `${String(minutes)} minute${minutes === 1 ? '' : 's'}`;

export function describeProblem(problem: ChainProblem): string {
  switch (problem.kind) {
    case 'gap':
      return `entry ${problem.expectedSeq} is missing or out of order (found ${problem.seq} in its place)`;
    case 'link':
      return `entry ${problem.seq} does not link to the entry before it`;
    case 'hash':
      return `entry ${problem.seq} was altered: its content does not match its hash`;
    case 'differs-from-checkpoint':
      return `entry ${problem.seq} was altered: its hash differs from the one signed in checkpoint ${problem.checkpointSeq} (rewritten, then re-hashed)`;
    case 'checkpoint-mismatch':
      return `entry ${problem.seq} does not match its signed checkpoint (entry altered, deleted or replaced)`;
    case 'anchor-mismatch':
      return `entry ${problem.seq} differs from the anchor (${problem.source})`;
    case 'chain-cut':
      return `chain cut: anchor names entry ${problem.anchorSeq}, the chain ends at ${problem.endSeq} (${problem.source})`;
    case 'head-mismatch':
      return `entry ${problem.seq} is missing: the chain ends before its recorded head ${problem.headSeq} (entries deleted, or the head was altered)`;
    case 'checkpoint-signature':
      return `checkpoint ${problem.seq} in the ${problem.where === 'file' ? 'checkpoint file' : 'database'} has no valid signature of the platform's audit key (altered)`;
    case 'checkpoint-deleted':
      return `checkpoint ${problem.seq} is in the checkpoint file but not in the database (deleted)`;
    case 'checkpoint-altered':
      return `checkpoint ${problem.seq} differs between the database and the checkpoint file (altered, or the file belongs to another chain)`;
    case 'checkpoint-missing':
      return `checkpoint ${problem.seq} is missing: checkpoint ${problem.nextSeq} was signed after it (deleted)`;
    case 'checkpoint-out-of-line':
      return `checkpoint ${problem.seq} was signed after checkpoint ${problem.prevSeq}, not after ${problem.expectedPrevSeq} (the line of checkpoints was altered)`;
    case 'checkpoint-required':
      return `checkpoint required at or before entry ${problem.requiredAt} is missing (entries from ${problem.seq} on are not covered by a signed checkpoint)`;
    case 'unsigned-tail':
      return (
        `entries ${problem.seq} to ${problem.endSeq} are not covered by a signed checkpoint and the oldest of them was written at ` +
        `${problem.oldestWrittenAt}, more than ${minutesText(problem.minutes + CHECKPOINT_GRACE_MINUTES)} ago ` +
        `(a checkpoint was deleted, or a server stopped without signing: starting it signs them, with a warning)`
      );
  }
}

export function describeWarning(warning: ChainWarning): string {
  const late = Math.round(minutesBetween(Date.parse(warning.oldestWrittenAt), Date.parse(warning.signedAt)));
  return (
    `checkpoint ${warning.seq} was signed at ${warning.signedAt}, ${minutesText(late)} after the oldest of entries ` +
    `${warning.firstSeq} to ${warning.seq} was written (${warning.oldestWrittenAt}); the rule is ${minutesText(warning.minutes)}. ` +
    `Nothing proves those entries were not changed before that signature (a server stopped without signing, and signed them at its next start?)`
  );
}
