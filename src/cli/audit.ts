import type { Command } from 'commander';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { verifyAuditChain } from '../modules/platform/audit/verify-audit-chain.ts';
import { defineOperation, EXIT } from './operation.ts';
import { exitWith, runOperation } from './run-operation.ts';

/** `concord audit verify`: checks every link, hash and signed checkpoint; exits 1 naming the first bad entry. */
export const auditVerifyOperation = defineOperation({
  name: 'audit-verify',
  input: z.object({}),
  viaServer: true,
  async run(services, _input, io) {
    const result = await verifyAuditChain(services.db, services.secrets.auditPublicKey, {
      signal: io.signal,
      onProgress: (checked, total) => {
        io.progress('Verifying audit chain', checked, total);
      },
    });
    if (result.ok) {
      io.out(`Audit chain intact: ${result.checked} entries, ${result.checkpoints} signed checkpoints, head ${result.headSeq}.\n`);
      return EXIT.ok;
    }
    io.out(`AUDIT CHAIN BROKEN at entry ${result.firstBadSeq}: ${result.problem}\n(${result.checked} entries verified before it)\n`);
    return EXIT.failed;
  },
});

export function registerAuditCommands(program: Command, config: () => Config): void {
  program
    .command('audit')
    .description('Audit chain')
    .command('verify')
    .description('Check every link, hash and signed checkpoint; exits 1 naming the first bad entry')
    .option('--quiet', 'no progress bar')
    .action(exitWith((options: { quiet?: boolean }) => runOperation(config(), auditVerifyOperation, {}, { quiet: options.quiet })));
}
