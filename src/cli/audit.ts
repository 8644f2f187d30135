import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config.ts';
import { newestAuditAnchor } from '../modules/platform/audit/audit-anchor.ts';
import { parseAnchor, type Anchor } from '../modules/platform/audit/engine/chain.ts';
import { verifyAuditChain } from '../modules/platform/audit/verify-audit-chain.ts';
import { startServices } from '../runtime.ts';
import { ProgressBar } from './progress.ts';

const collectAnchor = (value: string, previous: Anchor[]): Anchor[] => {
  const anchor = parseAnchor(value, `--anchor ${value.trim()}`);
  if (!anchor) throw new InvalidArgumentError('expected <seq>:<hash>, as `concord audit anchor` prints it (a 64-digit hex hash)');
  return [...previous, anchor];
};

/**
 * `concord audit verify` and `concord audit anchor`. Both only read: their services never sign the head (signing
 * before verifying would cover a tampered tail with a fresh signature).
 */
export function registerAuditCommands(program: Command, config: () => Config): void {
  const audit = program.command('audit').description('Audit chain');

  audit
    .command('verify')
    .description('Check every link, hash, signed checkpoint and anchor; exits 1 naming the first bad entry')
    .option(
      '--anchor <seq:hash>',
      'an entry recorded outside Concord (by `concord audit anchor`) that must still be there; repeatable',
      collectAnchor,
      [],
    )
    .option('--quiet', 'no progress bar')
    .action(async (options: { anchor: Anchor[]; quiet?: boolean }) => {
      const services = await startServices(config(), { workers: false, signAudit: false });
      const bar = options.quiet ? undefined : new ProgressBar('Verifying audit chain');
      const controller = new AbortController();
      process.once('SIGINT', () => {
        controller.abort();
      });
      try {
        const result = await verifyAuditChain(services, {
          signal: controller.signal,
          anchors: options.anchor,
          onProgress: (checked, total) => bar?.update(checked, total),
        });
        bar?.stop();
        const lines: string[] = [];
        if (result.ok) {
          lines.push(
            `Audit chain intact: ${String(result.checked)} entries, ${String(result.checkpoints)} signed checkpoint${result.checkpoints === 1 ? '' : 's'}, head ${result.headSeq}.`,
          );
          if (result.anchors.length > 0) lines.push(`Anchors held: ${result.anchors.join('; ')}.`);
        } else {
          lines.push(`AUDIT CHAIN BROKEN at entry ${result.firstBadSeq ?? '?'}: ${result.problem ?? ''}`);
          lines.push(`(${String(result.checked)} entries verified before it)`);
          for (const problem of result.problems.slice(1)) lines.push(`Also: ${problem}`);
          process.exitCode = 1;
        }
        for (const warning of result.warnings) lines.push(`Warning: ${warning}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        bar?.stop();
        await services.stop();
      }
    });

  audit
    .command('anchor')
    .description('Print the newest signed checkpoint as <seq>:<hash>, to record outside Concord for `audit verify --anchor`')
    .action(async () => {
      const services = await startServices(config(), { workers: false, signAudit: false });
      try {
        const anchor = await newestAuditAnchor(services);
        if (!anchor) {
          process.stderr.write('No signed checkpoint yet: the audit chain is empty, or nothing has been signed.\n');
          process.exitCode = 1;
          return;
        }
        if (!anchor.signatureValid) {
          process.stderr.write(
            `The newest checkpoint (${anchor.seq}) has no valid signature of this platform's audit key: do not record it; run \`concord audit verify\`.\n`,
          );
          process.exitCode = 1;
          return;
        }
        const unsigned = BigInt(anchor.headSeq) - BigInt(anchor.seq);
        process.stdout.write(
          `${anchor.seq}:${anchor.entryHash}\n` +
            `${anchor.version === 2 ? 'Signed' : 'Recorded'} at ${anchor.signedAt}; the chain's head is entry ${anchor.headSeq}` +
            `${unsigned > 0n ? ` (${unsigned.toString()} newer entries not signed yet)` : ''}. ` +
            'Keep the first line outside Concord; `concord audit verify --anchor <it>` proves the chain still holds that entry.\n',
        );
      } finally {
        await services.stop();
      }
    });
}
