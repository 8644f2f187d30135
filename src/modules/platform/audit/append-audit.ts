import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Trx } from '../../../db/database.ts';
import type { Secrets } from '../../../secrets.ts';
import { auditEventSchema, type AuditEvent } from './audit-events.ts';
import { checkpointMessage, hashEntry } from './engine/chain.ts';

export interface AuditWrite {
  trx: Trx;
  secrets: Secrets;
  checkpointEvery: number;
  now: Date;
  requestId: string | null;
  agencyId: string | null;
  actorUserId: string | null;
}

/**
 * Appends one event to the chain in the caller's transaction, so the entry exists exactly when the change it
 * records does. The head row is locked until commit: appends are serialised, and the chain stays one line.
 */
export async function appendAudit(write: AuditWrite, event: AuditEvent): Promise<string> {
  const parsed = auditEventSchema.parse(event);
  const { trx } = write;
  const head = await trx.selectFrom('audit_head').select(['seq', 'entry_hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
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
    prevHash: head.entry_hash,
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
  await trx.updateTable('audit_head').set({ seq, entry_hash: entryHash }).where('id', '=', 1).execute();
  if (BigInt(seq) % BigInt(write.checkpointEvery) === 0n) {
    await insertCheckpoint(trx, write.secrets, seq, entryHash);
  }
  return seq;
}

async function insertCheckpoint(trx: Trx, secrets: Secrets, seq: string, entryHash: string): Promise<void> {
  const signature = crypto.sign(null, checkpointMessage(seq, entryHash), secrets.auditPrivateKey).toString('base64');
  await trx.insertInto('audit_checkpoints').values({ seq, entry_hash: entryHash, key_id: secrets.auditKeyId, signature }).execute();
}

/** Signs the current head if no checkpoint covers it yet; run on a timer so quiet periods are covered too. */
export async function checkpointHeadIfUnsigned(trx: Trx, secrets: Secrets): Promise<string | null> {
  const head = await trx.selectFrom('audit_head').select(['seq', 'entry_hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
  const seq = String(head.seq);
  if (seq === '0') return null;
  const latest = await trx
    .selectFrom('audit_checkpoints')
    .select(sql<string>`max(seq)::text`.as('seq'))
    .executeTakeFirst();
  if (latest?.seq === seq) return null;
  await insertCheckpoint(trx, secrets, seq, head.entry_hash);
  return seq;
}
