import crypto from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The audit chain, as pure functions. Each entry's hash is SHA-256 over the canonical JSON (RFC 8785) of its fields
 * and the previous entry's hash, so altering, deleting or reordering any entry breaks every hash after it.
 */
export const GENESIS_HASH = '0'.repeat(64);

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

/** The bytes a checkpoint signature covers. */
export function checkpointMessage(seq: string, entryHash: string): Buffer {
  return Buffer.from(`concord-audit-checkpoint:v1:${seq}:${entryHash}`, 'utf8');
}

export interface Checkpoint {
  seq: string;
  entryHash: string;
  keyId: string;
  signature: string;
}

export type ChainProblem =
  | { kind: 'gap'; seq: string; expectedSeq: string }
  | { kind: 'link'; seq: string }
  | { kind: 'hash'; seq: string }
  | { kind: 'checkpoint-signature'; seq: string }
  | { kind: 'checkpoint-mismatch'; seq: string }
  | { kind: 'head-mismatch'; seq: string; headSeq: string };

/**
 * Incremental verifier: feed entries in `seq` order, batch by batch; it stops at the first problem. The caller
 * finishes with the recorded head and the checkpoints, which catch deletions at the end of the chain.
 */
export class ChainVerifier {
  private expectedSeq = 1n;
  private previousHash = GENESIS_HASH;
  private readonly hashesAtCheckpoints = new Map<string, string>();
  checked = 0;
  problem: ChainProblem | undefined;

  constructor(private readonly checkpointSeqs: ReadonlySet<string> = new Set()) {}

  get lastSeq(): string {
    return (this.expectedSeq - 1n).toString();
  }
  get lastHash(): string {
    return this.previousHash;
  }

  add(entries: Iterable<StoredChainEntry>): boolean {
    for (const entry of entries) {
      if (this.problem) return false;
      const seq = BigInt(entry.seq);
      if (seq !== this.expectedSeq) {
        this.problem = { kind: 'gap', seq: entry.seq, expectedSeq: this.expectedSeq.toString() };
        return false;
      }
      if (entry.prevHash !== this.previousHash) {
        this.problem = { kind: 'link', seq: entry.seq };
        return false;
      }
      if (hashEntry(entry) !== entry.entryHash) {
        this.problem = { kind: 'hash', seq: entry.seq };
        return false;
      }
      if (this.checkpointSeqs.has(entry.seq)) this.hashesAtCheckpoints.set(entry.seq, entry.entryHash);
      this.previousHash = entry.entryHash;
      this.expectedSeq = seq + 1n;
      this.checked += 1;
    }
    return true;
  }

  /** Checks the signed checkpoints and the recorded head against what was read. */
  finish(
    head: { seq: string; entryHash: string },
    checkpoints: readonly Checkpoint[],
    verifySignature: (checkpoint: Checkpoint) => boolean,
  ): ChainProblem | undefined {
    if (this.problem) return this.problem;
    for (const checkpoint of checkpoints) {
      if (!verifySignature(checkpoint)) return (this.problem = { kind: 'checkpoint-signature', seq: checkpoint.seq });
      const seen = this.hashesAtCheckpoints.get(checkpoint.seq);
      if (seen !== checkpoint.entryHash) return (this.problem = { kind: 'checkpoint-mismatch', seq: checkpoint.seq });
    }
    if (head.seq !== this.lastSeq || head.entryHash !== this.previousHash) {
      return (this.problem = { kind: 'head-mismatch', seq: this.expectedSeq.toString(), headSeq: head.seq });
    }
    return undefined;
  }
}

export function describeProblem(problem: ChainProblem): string {
  switch (problem.kind) {
    case 'gap':
      return `entry ${problem.expectedSeq} is missing or out of order (found ${problem.seq} in its place)`;
    case 'link':
      return `entry ${problem.seq} does not link to the entry before it`;
    case 'hash':
      return `entry ${problem.seq} was altered: its content does not match its hash`;
    case 'checkpoint-signature':
      return `the signature of checkpoint ${problem.seq} is not valid for the platform's audit key`;
    case 'checkpoint-mismatch':
      return `entry ${problem.seq} does not match its signed checkpoint (entry altered, deleted or replaced)`;
    case 'head-mismatch':
      return `entry ${problem.seq} is missing: the chain ends before its recorded head ${problem.headSeq} (entries deleted, or the head was altered)`;
  }
}
