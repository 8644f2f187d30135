import type { Logger } from 'pino';
import type { Config } from '../../../config.ts';
import { systemScope, type Database } from '../../../db/database.ts';
import type { Secrets } from '../../../secrets.ts';
import { checkpointHeadIfUnsigned, type AuditSigner } from './append-audit.ts';
import { appendCheckpointToFile, checkpointFilePath } from './checkpoint-file.ts';
import type { CheckpointV2 } from './engine/chain.ts';

/**
 * The process's signer: the platform's audit key, the configured N, and publication of each signed checkpoint to
 * the data folder's checkpoint file and the log. Publication runs after commit, so the file never holds a
 * checkpoint that was rolled back; a crash between the two leaves the file one checkpoint short, which is as normal
 * as a file kept by another server.
 */
export function createAuditSigner(config: Pick<Config, 'dataDir' | 'audit'>, secrets: Secrets, log: Logger): AuditSigner {
  const file = checkpointFilePath(config.dataDir);
  return {
    secrets,
    every: config.audit.checkpointEvery,
    published(checkpoint, entryHashes) {
      try {
        appendCheckpointToFile(file, checkpoint, entryHashes);
        log.info({ seq: checkpoint.seq, hash: checkpoint.entryHash }, 'audit checkpoint signed');
      } catch (error) {
        log.error(
          { err: error, seq: checkpoint.seq, hash: checkpoint.entryHash, file },
          'audit checkpoint signed but not written to the checkpoint file',
        );
      }
    },
  };
}

/** Signs the audit head if it is not signed yet, in its own transaction; returns the checkpoint or null. */
export function signAuditHead(services: { db: Database; auditSigner: AuditSigner }, now = new Date()): Promise<CheckpointV2 | null> {
  return services.db.inScope(systemScope, (trx) => checkpointHeadIfUnsigned(trx, services.auditSigner, now));
}
