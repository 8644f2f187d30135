import { sql } from 'kysely';
import { systemScope } from '../../../db/database.ts';
import type { Services } from '../context.ts';
import { checkpointIsValid, entryHashesDigest, splitEntryHashes, type Checkpoint } from './engine/chain.ts';

export interface AuditAnchor {
  seq: string;
  entryHash: string;
  /** When it was signed (version 2), or stored (version 1, whose signature does not cover a time). */
  signedAt: string;
  version: 1 | 2;
  signatureValid: boolean;
  headSeq: string;
}

/**
 * The newest signed checkpoint, as an anchor for an operator to record outside Concord (`<seq>:<hash>`): a later
 * `audit verify --anchor` proves the chain still holds that entry. Reads only; null when nothing is signed yet.
 */
export async function newestAuditAnchor(services: Pick<Services, 'db' | 'secrets'>): Promise<AuditAnchor | null> {
  const row = await services.db.inScope(systemScope, async (trx) => {
    const head = await trx
      .selectFrom('audit_head')
      .select(sql<string>`seq::text`.as('seq'))
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    const newest = await trx.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return newest && { newest, headSeq: head.seq };
  });
  if (!row) return null;
  const { newest, headSeq } = row;
  const seq = String(newest.seq);
  let checkpoint: Checkpoint;
  if (newest.version === 2 && newest.entry_hashes && newest.signed_at && newest.prev_seq !== null && newest.every !== null) {
    const hashes = splitEntryHashes(newest.entry_hashes);
    checkpoint = {
      version: 2,
      seq,
      entryHash: newest.entry_hash,
      prevSeq: String(newest.prev_seq),
      entryHashesSha256: entryHashesDigest(hashes),
      every: newest.every,
      signedAt: new Date(newest.signed_at).toISOString(),
      keyId: newest.key_id,
      signature: newest.signature,
    };
  } else {
    checkpoint = { version: 1, seq, entryHash: newest.entry_hash, keyId: newest.key_id, signature: newest.signature };
  }
  return {
    seq,
    entryHash: newest.entry_hash,
    signedAt: checkpoint.version === 2 ? checkpoint.signedAt : new Date(newest.created_at).toISOString(),
    version: checkpoint.version,
    signatureValid: checkpointIsValid(checkpoint, services.secrets.auditPublicKey),
    headSeq,
  };
}
