import type { Ctx, Services } from '../context.ts';
import { startJob, type Job } from '../jobs/jobs.ts';
import { authorize } from '../policy.ts';
import { auditPolicy } from './list-audit.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

export const AUDIT_VERIFY_JOB = 'audit.verify';

export function startAuditVerification(ctx: Ctx): Promise<Job> {
  authorize(ctx.actor, auditPolicy, 'verify');
  return startJob(ctx, { type: AUDIT_VERIFY_JOB });
}

export function registerAuditJobs(services: Services): void {
  services.jobs.register(AUDIT_VERIFY_JOB, (run) =>
    verifyAuditChain(services, {
      signal: run.signal,
      onProgress: (checked, total) => run.progress((checked / total) * 100, `${checked} of ${total} entries checked`),
    }),
  );
}
