import { sql } from 'kysely';
import { afterCommit, type Trx } from '../../../db/database.ts';
import type { Secrets } from '../../../secrets.ts';
import { auditEventSchema, type AuditEvent } from './audit-events.ts';
import { entryHashesDigest, hashEntry, signCheckpoint, splitEntryHashes, type CheckpointV2 } from './engine/chain.ts';

/** What signs checkpoints: the platform's key, the rule in force, and where a signed checkpoint is published. */
export interface AuditSigner {
  readonly secrets: Pick<Secrets, 'auditPrivateKey' | 'auditKeyId'>;
  /** N: a checkpoint at every multiple of N, and never more than N entries after the previous one. */
  readonly every: number;
  /** Called once the checkpoint's transaction has committed (the outside copy, the log line). Must not throw. */
  published(checkpoint: CheckpointV2, entryHashes: readonly string[]): void;
}

export interface AuditWrite {
  trx: Trx;
  signer: AuditSigner;
  now: Date;
  requestId: string | null;
  agencyId: string | null;
  actorUserId: string | null;
}

interface LockedHead {
  seq: string;
  entryHash: string;
  checkpointSeq: string;
  checkpointEvery: number | null;
}

async function lockHead(trx: Trx): Promise<LockedHead> {
  const head = await trx
    .selectFrom('audit_head')
    .select(['seq', 'entry_hash', 'checkpoint_seq', 'checkpoint_every'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return {
    seq: String(head.seq),
    entryHash: head.entry_hash,
    checkpointSeq: String(head.checkpoint_seq),
    checkpointEvery: head.checkpoint_every,
  };
}

/**
 * Appends one event to the chain in the caller's transaction, so the entry exists exactly when the change it
 * records does. The head row is locked until commit: appends are serialised, and the chain stays one line.
 */
export async function appendAudit(write: AuditWrite, event: AuditEvent): Promise<string> {
  const parsed = auditEventSchema.parse(event);
  const { trx, signer } = write;
  const head = await lockHead(trx);
  const seq = (BigInt(head.seq) + 1n).toString();
  const entry = {
    seq,
    occurredAt: write.now.toISOString(),
    agencyId: write.agencyId,
    actorUserId: write.actorUserId,
    requestId: write.requestId,
    eventType: parsed.type,
    eventVersion: parsed.version,
    data: parsed.data,
    prevHash: head.entryHash,
  };
  const entryHash = hashEntry(entry);
  await trx
    .insertInto('audit_log')
    .values({
      seq,
      occurred_at: write.now,
      agency_id: entry.agencyId,
      actor_user_id: entry.actorUserId,
      request_id: entry.requestId,
      event_type: entry.eventType,
      event_version: entry.eventVersion,
      data: JSON.stringify(entry.data),
      prev_hash: entry.prevHash,
      entry_hash: entryHash,
    })
    .execute();
  // At multiples of N; and when N was raised since the newest checkpoint, no later than that checkpoint's own N.
  const sinceCheckpoint = BigInt(seq) - BigInt(head.checkpointSeq);
  const due = BigInt(seq) % BigInt(signer.every) === 0n || sinceCheckpoint >= BigInt(head.checkpointEvery ?? signer.every);
  if (!due) {
    await trx.updateTable('audit_head').set({ seq, entry_hash: entryHash }).where('id', '=', 1).execute();
    return seq;
  }
  await insertCheckpoint(trx, signer, { seq, entryHash, prevSeq: head.checkpointSeq }, write.now);
  await trx
    .updateTable('audit_head')
    .set({ seq, entry_hash: entryHash, checkpoint_seq: seq, checkpoint_every: signer.every })
    .where('id', '=', 1)
    .execute();
  return seq;
}

/**
 * Signs a version 2 checkpoint of entry `seq` over the entries since the previous checkpoint, stores it in the
 * caller's transaction, and publishes it once that transaction commits. A checkpoint of a broken line of entries is
 * refused: the append fails rather than sign what does not hold.
 */
async function insertCheckpoint(
  trx: Trx,
  signer: AuditSigner,
  at: { seq: string; entryHash: string; prevSeq: string },
  now: Date,
): Promise<CheckpointV2> {
  const listed = await sql<{ hashes: Uint8Array }>`select concord_audit_entry_hashes(${at.prevSeq}, ${at.seq}) as hashes`.execute(trx);
  const bytes = Buffer.from(listed.rows[0]?.hashes ?? new Uint8Array());
  const entryHashes = splitEntryHashes(bytes);
  if (
    bytes.length % 32 !== 0 ||
    BigInt(entryHashes.length) !== BigInt(at.seq) - BigInt(at.prevSeq) ||
    entryHashes.at(-1) !== at.entryHash
  ) {
    throw new Error(
      `audit chain broken between entries ${at.prevSeq} and ${at.seq}: refusing to sign a checkpoint (run concord audit verify)`,
    );
  }
  const checkpoint = signCheckpoint(
    {
      version: 2,
      seq: at.seq,
      entryHash: at.entryHash,
      prevSeq: at.prevSeq,
      entryHashesSha256: entryHashesDigest(entryHashes),
      every: signer.every,
      signedAt: now.toISOString(),
      keyId: signer.secrets.auditKeyId,
    },
    signer.secrets.auditPrivateKey,
  );
  await trx
    .insertInto('audit_checkpoints')
    .values({
      seq: checkpoint.seq,
      entry_hash: checkpoint.entryHash,
      key_id: checkpoint.keyId,
      signature: checkpoint.signature,
      version: 2,
      prev_seq: checkpoint.prevSeq,
      entry_hashes: bytes,
      every: checkpoint.every,
      signed_at: now,
    })
    .execute();
  afterCommit(trx, () => {
    signer.published(checkpoint, entryHashes);
  });
  return checkpoint;
}

/**
 * Signs the head if no checkpoint covers it yet: on a timer, so quiet periods are covered too, at start (entries a
 * stopped process left unsigned) and at stop. Returns the checkpoint, or null when there was nothing to sign.
 */
export async function checkpointHeadIfUnsigned(trx: Trx, signer: AuditSigner, now: Date): Promise<CheckpointV2 | null> {
  const head = await lockHead(trx);
  if (head.seq === '0' || head.seq === head.checkpointSeq) return null;
  const checkpoint = await insertCheckpoint(trx, signer, { seq: head.seq, entryHash: head.entryHash, prevSeq: head.checkpointSeq }, now);
  await trx.updateTable('audit_head').set({ checkpoint_seq: head.seq, checkpoint_every: signer.every }).where('id', '=', 1).execute();
  return checkpoint;
}
