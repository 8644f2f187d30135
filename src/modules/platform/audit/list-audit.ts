import { z } from 'zod';
import { recordAudit } from './record-audit.ts';
import { isPlatformAdmin, type Ctx } from '../context.ts';
import { authorize, definePolicy } from '../policy.ts';

/** Agency administrators read their own agency's entries; platform administrators read all and run verification. */
export const auditPolicy = definePolicy<{ agency_id: string | null }, 'list' | 'verify'>('audit', {
  list: { roles: ['agency_admin', 'platform_admin'] },
  verify: { roles: ['platform_admin'] },
});

export const listAuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().min(1).optional(),
  type: z.string().max(100).optional(),
  agencyId: z.uuid().optional(),
});

export const auditEntrySchema = z.object({
  seq: z.string(),
  occurredAt: z.string(),
  agencyId: z.string().nullable(),
  actorUserId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  requestId: z.string().nullable(),
  type: z.string(),
  version: z.number(),
  data: z.unknown(),
  entryHash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export async function listAudit(
  ctx: Ctx,
  query: z.infer<typeof listAuditQuery>,
): Promise<{ items: AuditEntry[]; nextBefore: number | null }> {
  authorize(ctx.actor, auditPolicy, 'list');
  let select = ctx.trx
    .selectFrom('audit_log as l')
    .leftJoin('users as u', 'u.id', 'l.actor_user_id')
    .select([
      'l.seq',
      'l.occurred_at',
      'l.agency_id',
      'l.actor_user_id',
      'u.email as actor_email',
      'l.request_id',
      'l.event_type',
      'l.event_version',
      'l.data',
      'l.entry_hash',
    ])
    .orderBy('l.seq', 'desc')
    .limit(query.limit);
  // Row-level security limits agency administrators to their agency; the filter keeps the query honest too.
  const agencyId = isPlatformAdmin(ctx.actor) ? query.agencyId : ctx.actor.agencyId;
  if (agencyId) select = select.where('l.agency_id', '=', agencyId);
  if (query.before) select = select.where('l.seq', '<', String(query.before));
  if (query.type) select = select.where('l.event_type', 'like', `${query.type.replace(/[%_\\]/g, '\\$&')}%`);
  const rows = await select.execute();
  const items = rows.map((row) => ({
    seq: String(row.seq),
    occurredAt: new Date(row.occurred_at).toISOString(),
    agencyId: row.agency_id,
    actorUserId: row.actor_user_id,
    actorEmail: row.actor_email,
    requestId: row.request_id,
    type: row.event_type,
    version: row.event_version,
    data: row.data,
    entryHash: row.entry_hash,
  }));
  const filters = Object.fromEntries(
    Object.entries({ type: query.type, agencyId: query.agencyId, before: query.before }).filter(([, v]) => v !== undefined),
  );
  await recordAudit(ctx, { type: 'audit.viewed', version: 1, data: { count: items.length, filters } });
  const last = items.at(-1);
  return { items, nextBefore: items.length === query.limit && last ? Number(last.seq) : null };
}
