import { sql } from 'kysely';
import { systemScope, type Trx } from '../../../db/database.ts';
import type { Services } from '../context.ts';
import { checkpointFilePath, readCheckpointFile, readEntryHashesAt, type FileCheckpoint } from './checkpoint-file.ts';
import {
  ChainVerifier,
  CHECKPOINT_GRACE_MINUTES,
  checkpointIsValid,
  describeProblem,
  describeWarning,
  splitEntryHashes,
  type Anchor,
  type ChainProblem,
  type ChainWarning,
  type Checkpoint,
  type StoredChainEntry,
} from './engine/chain.ts';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: string;
  /** Distinct checkpoints with a valid signature (database and checkpoint file together). */
  checkpoints: number;
  firstBadSeq: string | null;
  problem: string | null;
  /** Every problem found, `problem` first. */
  problems: string[];
  /** What holds but should be known: late signatures, unreadable lines of the checkpoint file. */
  warnings: string[];
  /** Anchors checked and held, as `<seq> (<source>)`. */
  anchors: string[];
  /** The same problems and late signatures as data, for a reader in another language (the web UI words them). */
  findings: { problems: ChainProblem[]; warnings: ChainWarning[]; unreadableFileLines: number[]; graceMinutes: number };
}

export interface VerifyOptions {
  onProgress?: (checked: number, total: number) => Promise<void> | void;
  signal?: AbortSignal;
  /** The time the unsigned tail is judged at; now by default. */
  now?: Date;
  /** Entries known from outside (`--anchor`); the newest checkpoint of the checkpoint file is added to them. */
  anchors?: readonly Anchor[];
  /** The outside copy to hold the database to; the data folder's by default, null for none. */
  checkpointFile?: string | null;
}

const BATCH = 2000;

type AuditLogRow = Awaited<ReturnType<typeof readEntries>>[number];

/** An `audit_log` row as the chain's pure functions see it. */
export function chainEntryFromRow(row: AuditLogRow): StoredChainEntry {
  return {
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
  };
}

function readEntries(trx: Trx, after: string, upTo: string) {
  return trx.selectFrom('audit_log').selectAll().where('seq', '>', after).where('seq', '<=', upTo).orderBy('seq').limit(BATCH).execute();
}

interface CheckpointRow {
  seq: string;
  version: number;
  entry_hash: string;
  prev_seq: string | null;
  entry_hashes_sha256: string | null;
  every: number | null;
  signed_at: string | null;
  key_id: string;
  signature: string;
}

function checkpointFromRow(row: CheckpointRow): Checkpoint {
  if (row.version === 1) return { version: 1, seq: row.seq, entryHash: row.entry_hash, keyId: row.key_id, signature: row.signature };
  const signedAt = row.signed_at === null ? new Date(Number.NaN) : new Date(row.signed_at);
  return {
    version: 2,
    seq: row.seq,
    entryHash: row.entry_hash,
    prevSeq: row.prev_seq ?? '',
    entryHashesSha256: row.entry_hashes_sha256 ?? '',
    every: row.every ?? 0,
    signedAt: Number.isNaN(signedAt.getTime()) ? String(row.signed_at) : signedAt.toISOString(),
    keyId: row.key_id,
    signature: row.signature,
  };
}

/**
 * The head and every checkpoint (without their entry-hash lists: their SHA-256 is what the signature covers) in one
 * statement, so one snapshot: a checkpoint committed between two reads would look like one beyond the head.
 */
async function readHeadAndCheckpoints(trx: Trx): Promise<{ head: { seq: string; entryHash: string }; checkpoints: Checkpoint[] }> {
  const result = await sql<{ seq: string; entry_hash: string; checkpoints: CheckpointRow[] | string | null }>`
    select h.seq::text as seq, h.entry_hash,
      (select json_agg(json_build_object(
          'seq', c.seq::text, 'version', c.version, 'entry_hash', c.entry_hash, 'prev_seq', c.prev_seq::text,
          'entry_hashes_sha256', encode(sha256(c.entry_hashes), 'hex'), 'every', c.every, 'signed_at', c.signed_at,
          'key_id', c.key_id, 'signature', c.signature) order by c.seq)
        from audit_checkpoints c) as checkpoints
    from audit_head h where h.id = 1`.execute(trx);
  const row = result.rows[0];
  if (!row) throw new Error('the audit head row is missing');
  const rows = typeof row.checkpoints === 'string' ? (JSON.parse(row.checkpoints) as CheckpointRow[]) : (row.checkpoints ?? []);
  return { head: { seq: row.seq, entryHash: row.entry_hash }, checkpoints: rows.map(checkpointFromRow) };
}

/** The newest validly signed checkpoint of the file (an invalid line is reported as such, not used as an anchor). */
function fileAnchor(
  file: string,
  checkpoints: readonly FileCheckpoint[],
  isValid: (checkpoint: Checkpoint) => boolean,
): Anchor | undefined {
  const newestFirst = checkpoints.map((entry) => entry.checkpoint).sort((a, b) => (BigInt(b.seq) > BigInt(a.seq) ? 1 : -1));
  const newest = newestFirst.find(isValid);
  return newest && { seq: newest.seq, entryHash: newest.entryHash, source: `the newest checkpoint of ${file}` };
}

/**
 * Reads the whole chain in sequence order (system scope: every agency's entries) and checks every link, every hash,
 * every signed checkpoint of the database and of the checkpoint file, the line of checkpoints, the anchors and the
 * recorded head. Progress is reported per batch; `signal` stops it early. It only reads: it signs nothing.
 */
export async function verifyAuditChain(
  services: Pick<Services, 'db' | 'secrets' | 'config'>,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const { db, secrets, config } = services;
  const now = options.now ?? new Date();
  // The file first: it is written after commit, so every checkpoint in it is then already in the database.
  const file = options.checkpointFile === undefined ? checkpointFilePath(config.dataDir) : options.checkpointFile;
  const fromFile = file ? readCheckpointFile(file) : { checkpoints: [], unreadableLines: [] };
  const { head, checkpoints } = await db.inScope(systemScope, readHeadAndCheckpoints);
  const fileCheckpoints = new Map(fromFile.checkpoints.map((entry) => [entry.checkpoint.seq, entry]));
  const isValid = (checkpoint: Checkpoint) => checkpointIsValid(checkpoint, secrets.auditPublicKey);
  const newestInFile = file ? fileAnchor(file, fromFile.checkpoints, isValid) : undefined;
  const anchors = [...(options.anchors ?? []), ...(newestInFile ? [newestInFile] : [])];
  const verifier = new ChainVerifier({
    databaseCheckpoints: checkpoints,
    fileCheckpoints: fromFile.checkpoints.map((entry) => entry.checkpoint),
    anchors,
    checkpointEvery: config.audit.checkpointEvery,
    checkpointMinutes: config.audit.checkpointMinutes,
    now,
    isValid,
  });
  const total = Math.max(Number(head.seq), 1);
  let after = '0';
  for (;;) {
    options.signal?.throwIfAborted();
    const rows = await db.inScope(systemScope, (trx) => readEntries(trx, after, head.seq));
    const firstRow = rows[0];
    const lastRow = rows.at(-1);
    if (!firstRow || !lastRow) break;
    const needed = verifier.listsNeeded(String(firstRow.seq), String(lastRow.seq));
    const fromDatabase = needed.filter((n) => n.source === 'database').map((n) => n.seq);
    for (const { seq } of needed.filter((n) => n.source === 'file')) {
      const at = fileCheckpoints.get(seq);
      verifier.supplyList(seq, (file && at ? readEntryHashesAt(file, { ...at, seq }) : undefined) ?? []);
    }
    if (fromDatabase.length > 0) {
      const lists = await db.inScope(systemScope, (trx) =>
        trx.selectFrom('audit_checkpoints').select(['seq', 'entry_hashes']).where('seq', 'in', fromDatabase).execute(),
      );
      for (const list of lists) verifier.supplyList(String(list.seq), splitEntryHashes(list.entry_hashes));
      for (const seq of fromDatabase) if (!lists.some((list) => String(list.seq) === seq)) verifier.supplyList(seq, []);
    }
    const ok = verifier.add(rows.map(chainEntryFromRow));
    after = String(lastRow.seq);
    await options.onProgress?.(verifier.checked, total);
    if (!ok) break;
  }
  const report = verifier.finish(head);
  const first = report.problems[0];
  return {
    ok: first === undefined,
    checked: verifier.checked,
    headSeq: head.seq,
    checkpoints: report.checkpoints,
    firstBadSeq: first ? first.seq : null,
    problem: first ? describeProblem(first) : null,
    problems: report.problems.map(describeProblem),
    warnings: [
      ...fromFile.unreadableLines.map((line) => `line ${String(line)} of ${file ?? ''} is not a checkpoint and was skipped`),
      ...report.warnings.map(describeWarning),
    ],
    anchors: report.anchorsHeld.map((anchor) => `${anchor.seq} (${anchor.source})`),
    findings: {
      problems: report.problems,
      warnings: report.warnings,
      unreadableFileLines: fromFile.unreadableLines,
      graceMinutes: CHECKPOINT_GRACE_MINUTES,
    },
  };
}
