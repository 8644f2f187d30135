import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { entryHashesDigest, type CheckpointV2 } from './engine/chain.ts';

/**
 * The outside copy of the audit checkpoints: every checkpoint this server signs is appended, after its transaction
 * commits, to `<data dir>/audit/checkpoints.jsonl` (one JSON object a line, with its entry hashes and signature).
 * Someone who rewrites the database — entries, head and checkpoint rows — does not rewrite this file with it, so
 * verification still finds what was signed. Several servers on one database each keep the checkpoints they signed:
 * a file holding a subset of the database's checkpoints is normal. docs/security.md (Audit) has the reasons.
 */
export const CHECKPOINT_FILE_FORMAT = 'concord-audit-checkpoint';

export function checkpointFilePath(dataDir: string): string {
  return path.join(dataDir, 'audit', 'checkpoints.jsonl');
}

const hash = z.string().regex(/^[0-9a-f]{64}$/);
const seq = z.string().regex(/^(0|[1-9][0-9]*)$/);
const lineSchema = z.object({
  format: z.literal(CHECKPOINT_FILE_FORMAT),
  version: z.literal(2),
  seq,
  entryHash: hash,
  prevSeq: seq,
  entryHashes: z.array(hash),
  every: z.number().int().min(1),
  signedAt: z.string(),
  keyId: z.string(),
  signature: z.string(),
});

/** Appends one checkpoint with O_APPEND (one write, so lines of concurrent writers do not mix) and syncs it. */
export function appendCheckpointToFile(file: string, checkpoint: CheckpointV2, entryHashes: readonly string[]): void {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const line: z.infer<typeof lineSchema> = {
    format: CHECKPOINT_FILE_FORMAT,
    version: 2,
    seq: checkpoint.seq,
    entryHash: checkpoint.entryHash,
    prevSeq: checkpoint.prevSeq,
    entryHashes: [...entryHashes],
    every: checkpoint.every,
    signedAt: checkpoint.signedAt,
    keyId: checkpoint.keyId,
    signature: checkpoint.signature,
  };
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(line)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export interface FileCheckpoint {
  checkpoint: CheckpointV2;
  /** Where its line is, to read its entry hashes again when verification reaches its entries. */
  offset: number;
  length: number;
}

export interface CheckpointFile {
  checkpoints: FileCheckpoint[];
  /** 1-based numbers of lines that are not checkpoints (a torn last line after a crash, or an edit). */
  unreadableLines: number[];
}

function parseLine(text: string): { checkpoint: CheckpointV2; entryHashes: string[] } | undefined {
  let parsed: z.infer<typeof lineSchema>;
  try {
    const result = lineSchema.safeParse(JSON.parse(text));
    if (!result.success) return undefined;
    parsed = result.data;
  } catch {
    return undefined;
  }
  const { entryHashes } = parsed;
  const checkpoint: CheckpointV2 = {
    version: 2,
    seq: parsed.seq,
    entryHash: parsed.entryHash,
    prevSeq: parsed.prevSeq,
    entryHashesSha256: entryHashesDigest(entryHashes),
    every: parsed.every,
    signedAt: parsed.signedAt,
    keyId: parsed.keyId,
    signature: parsed.signature,
  };
  return { checkpoint, entryHashes };
}

const CHUNK = 1 << 20;

/**
 * Reads the file line by line, keeping each checkpoint without its entry hashes (they are read again, by offset,
 * when needed), so that memory does not grow with the chain. A missing file is an empty one.
 */
export function readCheckpointFile(file: string): CheckpointFile {
  const result: CheckpointFile = { checkpoints: [], unreadableLines: [] };
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return result;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(CHUNK);
    let pending = Buffer.alloc(0);
    let pendingOffset = 0;
    let position = 0;
    let lineNumber = 0;
    const take = (line: Buffer, offset: number) => {
      lineNumber += 1;
      if (line.length === 0) return;
      const parsed = parseLine(line.toString('utf8'));
      if (parsed) result.checkpoints.push({ checkpoint: parsed.checkpoint, offset, length: line.length });
      else result.unreadableLines.push(lineNumber);
    };
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, CHUNK, position);
      if (read === 0) break;
      position += read;
      let data = Buffer.concat([pending, buffer.subarray(0, read)]);
      let start = 0;
      for (let newline = data.indexOf(10); newline !== -1; newline = data.indexOf(10, start)) {
        take(data.subarray(start, newline), pendingOffset + start);
        start = newline + 1;
      }
      pendingOffset += start;
      data = data.subarray(start);
      pending = Buffer.from(data);
    }
    if (pending.length > 0) take(pending, pendingOffset);
  } finally {
    fs.closeSync(fd);
  }
  return result;
}

/** The entry hashes of the checkpoint whose line is at `offset`; undefined if the line changed since it was read. */
export function readEntryHashesAt(file: string, at: { offset: number; length: number; seq: string }): string[] | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(at.length);
    const read = fs.readSync(fd, buffer, 0, at.length, at.offset);
    const parsed = parseLine(buffer.subarray(0, read).toString('utf8'));
    return parsed?.checkpoint.seq === at.seq ? parsed.entryHashes : undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Moves the file aside when the chain it belongs to is replaced (restore, `demo --reset`), so that verification of
 * the new chain does not hold it to the old one's checkpoints. Returns the new name, or null when there was no file.
 */
export function setAsideCheckpointFile(dataDir: string, now: Date): string | null {
  const file = checkpointFilePath(dataDir);
  if (!fs.existsSync(file)) return null;
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = path.join(path.dirname(file), `checkpoints.replaced-${stamp}.jsonl`);
  for (let n = 2; fs.existsSync(target); n += 1) target = path.join(path.dirname(file), `checkpoints.replaced-${stamp}-${String(n)}.jsonl`);
  fs.renameSync(file, target);
  return target;
}
