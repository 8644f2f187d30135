import { InvalidArgumentError, type Command } from 'commander';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { newestAuditAnchor } from '../modules/platform/audit/audit-anchor.ts';
import { parseAnchor, type Anchor } from '../modules/platform/audit/engine/chain.ts';
import { verifyAuditChain } from '../modules/platform/audit/verify-audit-chain.ts';
import { defineOperation, EXIT } from './operation.ts';
import { exitWith, runOperation } from './run-operation.ts';

const collectAnchor = (value: string, previous: Anchor[]): Anchor[] => {
  const anchor = parseAnchor(value, `--anchor ${value.trim()}`);
  if (!anchor) throw new InvalidArgumentError('expected <seq>:<hash>, as `concord audit anchor` prints it (a 64-digit hex hash)');
  return [...previous, anchor];
};

const anchorInput = z.object({
  seq: z.string().regex(/^\d{1,19}$/),
  entryHash: z.string().regex(/^[0-9a-f]{64}$/),
  source: z.string().max(300),
});

/**
 * `concord audit verify`: every link, hash, signed checkpoint and anchor; exit 1 naming the first bad entry. Run in
 * its own process it never signs the head first (`signsAudit: false`): signing before verifying would cover a
 * tampered tail with a fresh signature.
 */
export const auditVerifyOperation = defineOperation({
  name: 'audit-verify',
  input: z.object({ anchors: z.array(anchorInput).max(100) }),
  viaServer: true,
  signsAudit: false,
  async run(services, input, io) {
    const result = await verifyAuditChain(services, {
      signal: io.signal,
      anchors: input.anchors,
      onProgress: (checked, total) => {
        io.progress('Verifying audit chain', checked, total);
      },
    });
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
    }
    for (const warning of result.warnings) lines.push(`Warning: ${warning}`);
    io.out(`${lines.join('\n')}\n`);
    return result.ok ? EXIT.ok : EXIT.failed;
  },
});

/** `concord audit anchor`: the newest signed checkpoint as `<seq>:<hash>`, to record outside Concord. */
export const auditAnchorOperation = defineOperation({
  name: 'audit-anchor',
  input: z.object({}),
  viaServer: true,
  signsAudit: false,
  async run(services, _input, io) {
    const anchor = await newestAuditAnchor(services);
    if (!anchor) {
      io.err('No signed checkpoint yet: the audit chain is empty, or nothing has been signed.\n');
      return EXIT.failed;
    }
    if (!anchor.signatureValid) {
      io.err(
        `The newest checkpoint (${anchor.seq}) has no valid signature of this platform's audit key: do not record it; run \`concord audit verify\`.\n`,
      );
      return EXIT.failed;
    }
    const unsigned = BigInt(anchor.headSeq) - BigInt(anchor.seq);
    io.out(
      `${anchor.seq}:${anchor.entryHash}\n` +
        `${anchor.version === 2 ? 'Signed' : 'Recorded'} at ${anchor.signedAt}; the chain's head is entry ${anchor.headSeq}` +
        `${unsigned > 0n ? ` (${unsigned.toString()} newer entries not signed yet)` : ''}. ` +
        'Keep the first line outside Concord; `concord audit verify --anchor <it>` proves the chain still holds that entry.\n',
    );
    return EXIT.ok;
  },
});

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
    .action(
      exitWith((options: { anchor: Anchor[]; quiet?: boolean }) =>
        runOperation(config(), auditVerifyOperation, { anchors: options.anchor }, { quiet: options.quiet }),
      ),
    );
  audit
    .command('anchor')
    .description('Print the newest signed checkpoint as <seq>:<hash>, to record outside Concord for `audit verify --anchor`')
    .action(exitWith(() => runOperation(config(), auditAnchorOperation, {})));
}
