import { sql } from 'kysely';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/policy.ts';
import { cooperationSummaryPolicy } from '../policies.ts';
import { visibleTo } from '../sharing.ts';

/**
 * Figures for dashboards over everything the actor may see: training by participants' state and year, events and
 * joint operations by status, technical support by currency. Cancelled programmes and sessions and withdrawn
 * participation lines are left out; scheduled sessions count in their year. Sums stay exact decimals (strings).
 */
export const cooperationSummarySchema = z.object({
  trainings: z.object({
    byYear: z.array(
      z.object({
        year: z.number().int(),
        programmes: z.number().int(),
        sessions: z.number().int(),
        participants: z.number().int(),
        participantHours: z.string(),
      }),
    ),
    byStateAndYear: z.array(
      z.object({
        year: z.number().int(),
        state: z.string().describe("the participants' state"),
        sessions: z.number().int().describe('sessions this state took part in'),
        participants: z.number().int(),
        participantHours: z.string().describe('sum of participants × hours each attended; exact decimal'),
      }),
    ),
  }),
  events: z.object({ planned: z.number().int(), held: z.number().int(), cancelled: z.number().int() }),
  jointOperations: z.object({ planned: z.number().int(), active: z.number().int(), closed: z.number().int() }),
  technicalSupport: z.array(z.object({ currency: z.string(), deliveries: z.number().int(), total: z.string() })),
});
export type CooperationSummary = z.infer<typeof cooperationSummarySchema>;

const sessionYear = sql<number>`extract(year from s.starts_on)::int`;

export async function summariseCooperation(ctx: Ctx): Promise<CooperationSummary> {
  authorize(ctx.actor, cooperationSummaryPolicy, 'read');
  const trx = ctx.trx;
  const sessions = trx
    .selectFrom('training_sessions as s')
    .innerJoin('training_programmes as p', (join) => join.onRef('p.agency_id', '=', 's.agency_id').onRef('p.id', '=', 's.programme_id'))
    .where('s.cancelled', '=', false)
    .where('p.cancelled', '=', false)
    .where(visibleTo(ctx.actor, 'p.agency_id', 'p.participant_agency_ids', 'array'));
  const lines = sessions
    .innerJoin('training_participants as l', (join) => join.onRef('l.agency_id', '=', 's.agency_id').onRef('l.session_id', '=', 's.id'))
    .where('l.withdrawn', '=', false);

  const sessionsByYear = await sessions
    .select([sessionYear.as('year'), sql<number>`count(distinct p.id)::int`.as('programmes'), sql<number>`count(*)::int`.as('sessions')])
    .groupBy(sessionYear)
    .execute();
  const participantsByYear = await lines
    .select([
      sessionYear.as('year'),
      sql<number>`sum(l.participants)::int`.as('participants'),
      sql<string>`trim_scale(sum(l.participants * l.hours))::text`.as('participant_hours'),
    ])
    .groupBy(sessionYear)
    .execute();
  const byStateAndYear = await lines
    .select([
      sessionYear.as('year'),
      'l.state',
      sql<number>`count(distinct s.id)::int`.as('sessions'),
      sql<number>`sum(l.participants)::int`.as('participants'),
      sql<string>`trim_scale(sum(l.participants * l.hours))::text`.as('participant_hours'),
    ])
    .groupBy([sessionYear, 'l.state'])
    .orderBy(sessionYear)
    .orderBy('l.state')
    .execute();
  const attendance = new Map(participantsByYear.map((row) => [row.year, row]));

  const eventStatuses = await trx
    .selectFrom('cooperation_events')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where(visibleTo(ctx.actor, 'agency_id', 'participant_agency_ids', 'array'))
    .groupBy('status')
    .execute();
  const operationStatuses = await trx
    .selectFrom('joint_operations')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where(visibleTo(ctx.actor, 'agency_id', 'participant_agency_ids', 'array'))
    .groupBy('status')
    .execute();
  const support = await trx
    .selectFrom('technical_support')
    .select(['currency', sql<number>`count(*)::int`.as('deliveries'), sql<string>`sum(value)::text`.as('total')])
    .where('cancelled', '=', false)
    .where(visibleTo(ctx.actor, 'agency_id', 'recipient_agency_id', 'single'))
    .groupBy('currency')
    .orderBy('currency')
    .execute();

  const countOf = (rows: readonly { status: string; n: number }[], status: string) => rows.find((row) => row.status === status)?.n ?? 0;
  return {
    trainings: {
      byYear: sessionsByYear
        .sort((a, b) => a.year - b.year)
        .map((row) => ({
          year: row.year,
          programmes: row.programmes,
          sessions: row.sessions,
          participants: attendance.get(row.year)?.participants ?? 0,
          participantHours: attendance.get(row.year)?.participant_hours ?? '0',
        })),
      byStateAndYear: byStateAndYear.map((row) => ({
        year: row.year,
        state: row.state,
        sessions: row.sessions,
        participants: row.participants,
        participantHours: row.participant_hours,
      })),
    },
    events: {
      planned: countOf(eventStatuses, 'planned'),
      held: countOf(eventStatuses, 'held'),
      cancelled: countOf(eventStatuses, 'cancelled'),
    },
    jointOperations: {
      planned: countOf(operationStatuses, 'planned'),
      active: countOf(operationStatuses, 'active'),
      closed: countOf(operationStatuses, 'closed'),
    },
    technicalSupport: support.map((row) => ({ currency: row.currency, deliveries: row.deliveries, total: row.total })),
  };
}
