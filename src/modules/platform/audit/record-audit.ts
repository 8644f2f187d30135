import type { Ctx, SystemCtx } from '../context.ts';
import { appendAudit } from './append-audit.ts';
import type { AuditEvent } from './audit-events.ts';

/**
 * Records an event in the use case's own transaction. By default it belongs to the actor's agency and names the
 * actor; `on` overrides that (a platform administrator acting on another agency files the entry under that agency,
 * so that agency's administrators see it).
 */
export function recordAudit(
  ctx: Ctx | SystemCtx,
  event: AuditEvent,
  on: { agencyId?: string | null; actorUserId?: string | null } = {},
): Promise<string> {
  const actor = 'actor' in ctx ? ctx.actor : undefined;
  return appendAudit(
    {
      trx: ctx.trx,
      signer: ctx.services.auditSigner,
      now: ctx.now,
      requestId: ctx.requestId,
      agencyId: on.agencyId !== undefined ? on.agencyId : (actor?.agencyId ?? null),
      actorUserId: on.actorUserId !== undefined ? on.actorUserId : (actor?.userId ?? null),
    },
    event,
  );
}
