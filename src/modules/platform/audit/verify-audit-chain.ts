import crypto from 'node:crypto';
import { systemScope, type Database } from '../../../db/database.ts';
import { ChainVerifier, checkpointMessage, describeProblem, type Checkpoint } from './engine/chain.ts';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: string;
  checkpoints: number;
  firstBadSeq: string | null;
  problem: string | null;
}

const BATCH = 2000;

/**
 * Reads the whole chain in sequence order (system scope: every agency's entries) and checks every link, every hash,
 * every signed checkpoint and the recorded head. Progress is reported per batch; `signal` stops it early.
 */
export async function verifyAuditChain(
  db: Database,
  publicKey: crypto.KeyObject,
  options: { onProgress?: (checked: number, total: number) => Promise<void> | void; signal?: AbortSignal } = {},
): Promise<VerifyResult> {
  const { head, checkpoints } = await db.inScope(systemScope, async (trx) => ({
    head: await trx.selectFrom('audit_head').select(['seq', 'entry_hash']).where('id', '=', 1).executeTakeFirstOrThrow(),
    checkpoints: await trx.selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute(),
  }));
  const headSeq = String(head.seq);
  const total = Math.max(Number(headSeq), 1);
  const normalised: Checkpoint[] = checkpoints.map((c) => ({
    seq: String(c.seq),
    entryHash: c.entry_hash,
    keyId: c.key_id,
    signature: c.signature,
  }));
  const verifier = new ChainVerifier(new Set(normalised.map((c) => c.seq)));
  let after = '0';
  for (;;) {
    options.signal?.throwIfAborted();
    const rows = await db.inScope(systemScope, (trx) =>
      trx.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(BATCH).execute(),
    );
    if (rows.length === 0) break;
    const ok = verifier.add(
      rows.map((row) => ({
        seq: String(row.seq),
        occurredAt: new Date(row.occurred_at).toISOString(),
        agencyId: row.agency_id,
        actorUserId: row.actor_user_id,
        requestId: row.request_id,
        eventType: row.event_type,
        eventVersion: row.event_version,
        data: row.data,
        prevHash: row.prev_hash,
        entryHash: row.entry_hash,
      })),
    );
    after = String(rows[rows.length - 1]?.seq);
    await options.onProgress?.(verifier.checked, total);
    if (!ok) break;
  }
  const problem = verifier.finish({ seq: headSeq, entryHash: head.entry_hash }, normalised, (checkpoint) =>
    crypto.verify(null, checkpointMessage(checkpoint.seq, checkpoint.entryHash), publicKey, Buffer.from(checkpoint.signature, 'base64')),
  );
  return {
    ok: problem === undefined,
    checked: verifier.checked,
    headSeq,
    checkpoints: normalised.length,
    firstBadSeq: problem ? problem.seq : null,
    problem: problem ? describeProblem(problem) : null,
  };
}
