import { z } from 'zod';
import { roles } from '../../../db/schema.ts';

/**
 * Every audit event Concord writes, as one typed, versioned union. A new event type (or a new version of one) is
 * added here; old versions stay so that old entries still parse.
 */
const uuid = z.uuid();
const roleList = z.array(z.enum(roles as [string, ...string[]]));
const event = <T extends string, S extends z.ZodRawShape>(type: T, data: S) =>
  z.object({ type: z.literal(type), version: z.literal(1), data: z.object(data) });

export const auditEventSchema = z.discriminatedUnion('type', [
  event('auth.login_succeeded', { userId: uuid, email: z.string(), mfa: z.boolean() }),
  event('auth.login_failed', {
    email: z.string(),
    userId: uuid.nullable(),
    reason: z.enum(['unknown_user', 'bad_password', 'locked', 'inactive', 'agency_inactive']),
  }),
  event('auth.account_locked', { userId: uuid, until: z.string() }),
  event('auth.mfa_failed', { userId: uuid }),
  event('auth.recovery_code_used', { userId: uuid, remaining: z.number().int() }),
  event('auth.logout', { userId: uuid }),
  event('auth.password_changed', { userId: uuid }),
  event('auth.mfa_enrolled', { userId: uuid }),
  event('auth.mfa_disabled', { userId: uuid }),
  event('agency.created', { agencyId: uuid, name: z.string(), shortName: z.string(), state: z.string() }),
  event('agency.updated', { agencyId: uuid, changes: z.record(z.string(), z.unknown()) }),
  event('user.created', { userId: uuid, email: z.string(), roles: roleList }),
  event('user.updated', { userId: uuid, changes: z.record(z.string(), z.unknown()) }),
  event('user.deactivated', { userId: uuid, sessionsEnded: z.number().int() }),
  event('user.viewed', { userId: uuid }),
  event('users.listed', { count: z.number().int(), agencyId: uuid.nullable() }),
  event('audit.viewed', { count: z.number().int(), filters: z.record(z.string(), z.unknown()) }),
  event('settings.updated', { changes: z.record(z.string(), z.unknown()) }),
  event('job.created', { jobId: uuid, jobType: z.string() }),
  event('job.cancel_requested', { jobId: uuid }),
  event('demo.seeded', { agencies: z.number().int(), users: z.number().int() }),
]);

export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditEventType = AuditEvent['type'];
