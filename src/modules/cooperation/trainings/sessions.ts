import { z } from 'zod';
import { AppError, notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/policy.ts';
import { trainingParticipationPolicy, trainingProgrammePolicy, trainingSessionPolicy } from '../policies.ts';
import { DATES_OUT_OF_ORDER, calendarDate, changesSomething, countryCode, datesInOrder, hoursValue, placeSchema } from '../schemas.ts';
import { agencyStates } from '../sharing.ts';
import { findProgramme } from './programmes.ts';
import {
  loadSessions,
  partOf,
  participationColumns,
  presentParticipation,
  programmeColumns,
  sessionColumns,
  type ParticipationRow,
  type ProgrammeRow,
  type SessionRow,
  type TrainingParticipation,
  type TrainingSession,
} from './training-views.ts';

/**
 * Sessions of a training programme and who attended them: one participation line per sending agency (or, for a body
 * that is not a Concord agency, per state) with the number of participants and the hours each attended. Lines are
 * never deleted; a line recorded in error is withdrawn.
 */

const participationFields = z.object({
  participantAgencyId: z.uuid().optional().describe('the sending agency, if it is a Concord agency'),
  state: countryCode.optional().describe("the participants' state; defaults to the sending agency's"),
  participants: z.number().int().min(1).max(100000),
  hours: hoursValue.optional().describe("hours each participant attended; defaults to the session's hours"),
});
const AGENCY_OR_STATE = { message: 'participantAgencyId or state is required', path: ['state'] };
const hasAgencyOrState = (line: { participantAgencyId?: string; state?: string }) =>
  line.participantAgencyId !== undefined || line.state !== undefined;

const participationLine = participationFields.refine(hasAgencyOrState, AGENCY_OR_STATE);
type ParticipationLine = z.infer<typeof participationLine>;

export const recordParticipationInput = participationFields.extend({ sessionId: z.uuid() }).refine(hasAgencyOrState, AGENCY_OR_STATE);

const lineKey = (line: { participantAgencyId?: string | null | undefined; state?: string | undefined }) =>
  `${line.participantAgencyId ?? '-'}/${line.state ?? '-'}`;

export const createSessionInput = z
  .object({
    programmeId: z.uuid(),
    startsOn: calendarDate,
    endsOn: calendarDate,
    place: placeSchema,
    hours: hoursValue.describe('contact hours of the session'),
    participation: z
      .array(participationLine)
      .max(200)
      .default([])
      .refine((lines) => new Set(lines.map(lineKey)).size === lines.length, 'one line per participating agency or state'),
  })
  .refine(datesInOrder, DATES_OUT_OF_ORDER);

export const updateSessionInput = z.object({
  startsOn: calendarDate.optional(),
  endsOn: calendarDate.optional(),
  place: placeSchema.optional(),
  hours: hoursValue.optional(),
  cancelled: z.boolean().optional(),
});

export const updateParticipationInput = z.object({
  participants: z.number().int().min(1).max(100000).optional(),
  hours: hoursValue.optional(),
  withdrawn: z.boolean().optional(),
});

interface ResolvedLine {
  participant_agency_id: string | null;
  state: string;
  participants: number;
  hours: string;
}

/** Fills in each line's state from its agency (refusing a contradiction) and its hours from the session. */
async function resolveLines(ctx: Ctx, lines: readonly ParticipationLine[], sessionHours: string): Promise<ResolvedLine[]> {
  const states = await agencyStates(
    ctx,
    lines.flatMap((line) => (line.participantAgencyId ? [line.participantAgencyId] : [])),
    'participantAgencyId',
  );
  return lines.map((line) => {
    const agencyState = line.participantAgencyId ? states.get(line.participantAgencyId) : undefined;
    if (agencyState && line.state && line.state !== agencyState) {
      throw new AppError('INVALID_INPUT', "state differs from the participating agency's state", { field: 'state', expected: agencyState });
    }
    return {
      participant_agency_id: line.participantAgencyId ?? null,
      state: line.state ?? agencyState ?? '',
      participants: line.participants,
      hours: line.hours ?? sessionHours,
    };
  });
}

async function insertLines(ctx: Ctx, session: SessionRow, lines: readonly ResolvedLine[]): Promise<ParticipationRow[]> {
  if (lines.length === 0) return [];
  const taken = await ctx.trx
    .selectFrom('training_participants')
    .select(['participant_agency_id', 'state'])
    .where('agency_id', '=', session.agency_id)
    .where('session_id', '=', session.id)
    .where('withdrawn', '=', false)
    .execute();
  const resolvedKey = (line: { participant_agency_id: string | null; state: string }) =>
    lineKey({ participantAgencyId: line.participant_agency_id, state: line.state });
  // Two lines given as "agency B" and "agency B, state SG" only turn out to be the same once resolved.
  if (new Set(lines.map(resolvedKey)).size < lines.length) {
    throw new AppError('INVALID_INPUT', 'one line per participating agency or state', { field: 'participation' });
  }
  const takenKeys = new Set(taken.map(resolvedKey));
  const clash = lines.find((line) => takenKeys.has(resolvedKey(line)));
  if (clash) {
    throw new AppError('CONFLICT', 'This session already has a line for that agency and state; update or withdraw it', {
      participantAgencyId: clash.participant_agency_id,
      state: clash.state,
    });
  }
  return ctx.trx
    .insertInto('training_participants')
    .values(
      lines.map((line) => ({
        ...line,
        agency_id: session.agency_id,
        programme_id: session.programme_id,
        session_id: session.id,
        created_by: ctx.actor.userId,
        updated_by: ctx.actor.userId,
      })),
    )
    .returning(participationColumns)
    .execute();
}

/** The programme again, after a change to participation lines (its shared-with list is kept by a trigger). */
const reloadProgramme = (ctx: Ctx, programme: ProgrammeRow): Promise<ProgrammeRow> =>
  ctx.trx
    .selectFrom('training_programmes')
    .select(programmeColumns)
    .where('agency_id', '=', programme.agency_id)
    .where('id', '=', programme.id)
    .executeTakeFirstOrThrow();

async function presentOneSession(ctx: Ctx, programme: ProgrammeRow, sessionId: string): Promise<TrainingSession> {
  const [session] = await loadSessions(ctx, programme, sessionId);
  if (!session) throw notFound('Training session');
  return session;
}

export async function addSession(ctx: Ctx, input: z.infer<typeof createSessionInput>): Promise<TrainingSession> {
  const programme = await findProgramme(ctx, input.programmeId);
  authorize(ctx.actor, trainingProgrammePolicy, 'add_session', programme);
  const lines = await resolveLines(ctx, input.participation, input.hours);
  const session = await ctx.trx
    .insertInto('training_sessions')
    .values({
      agency_id: programme.agency_id,
      programme_id: programme.id,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      city: input.place.city,
      country: input.place.country,
      hours: input.hours,
      created_by: ctx.actor.userId,
      updated_by: ctx.actor.userId,
    })
    .returning(sessionColumns)
    .executeTakeFirstOrThrow();
  const inserted = await insertLines(ctx, session, lines);
  await recordAudit(
    ctx,
    {
      type: 'cooperation.training_session_added',
      version: 1,
      data: {
        programmeId: programme.id,
        sessionId: session.id,
        startsOn: session.starts_on,
        endsOn: session.ends_on,
        participation: inserted.map((line) => ({
          participationId: line.id,
          agencyId: line.participant_agency_id,
          state: line.state,
          participants: line.participants,
          hours: line.hours,
        })),
      },
    },
    { agencyId: programme.agency_id },
  );
  return presentOneSession(ctx, await reloadProgramme(ctx, programme), session.id);
}

/** A session and its programme; NOT_FOUND unless the actor may read the programme. */
async function findSession(ctx: Ctx, id: string): Promise<{ programme: ProgrammeRow; session: SessionRow }> {
  const session = await ctx.trx.selectFrom('training_sessions').select(sessionColumns).where('id', '=', id).executeTakeFirst();
  if (!session) throw notFound('Training session');
  const programme = await ctx.trx
    .selectFrom('training_programmes')
    .select(programmeColumns)
    .where('agency_id', '=', session.agency_id)
    .where('id', '=', session.programme_id)
    .executeTakeFirst();
  if (!programme) throw notFound('Training session');
  authorize(ctx.actor, trainingSessionPolicy, 'read', partOf(programme, session, session.cancelled || programme.cancelled));
  return { programme, session };
}

export async function getSession(ctx: Ctx, id: string): Promise<TrainingSession> {
  const { programme } = await findSession(ctx, id);
  return presentOneSession(ctx, programme, id);
}

export async function updateSession(ctx: Ctx, id: string, input: z.infer<typeof updateSessionInput>): Promise<TrainingSession> {
  const { programme, session } = await findSession(ctx, id);
  authorize(ctx.actor, trainingSessionPolicy, 'update', partOf(programme, session, session.cancelled));
  if (!changesSomething(input)) return presentOneSession(ctx, programme, id);
  const startsOn = input.startsOn ?? session.starts_on;
  const endsOn = input.endsOn ?? session.ends_on;
  if (endsOn < startsOn) throw new AppError('INVALID_INPUT', 'endsOn must not be before startsOn', { field: 'endsOn' });
  await ctx.trx
    .updateTable('training_sessions')
    .set({
      ...(input.startsOn !== undefined ? { starts_on: input.startsOn } : {}),
      ...(input.endsOn !== undefined ? { ends_on: input.endsOn } : {}),
      ...(input.place !== undefined ? { city: input.place.city, country: input.place.country } : {}),
      ...(input.hours !== undefined ? { hours: input.hours } : {}),
      ...(input.cancelled !== undefined ? { cancelled: input.cancelled } : {}),
      updated_at: ctx.now,
      updated_by: ctx.actor.userId,
    })
    .where('agency_id', '=', session.agency_id)
    .where('id', '=', id)
    .execute();
  await recordAudit(
    ctx,
    { type: 'cooperation.training_session_updated', version: 1, data: { programmeId: programme.id, sessionId: id, changes: input } },
    { agencyId: session.agency_id },
  );
  return presentOneSession(ctx, programme, id);
}

export async function recordParticipation(ctx: Ctx, input: z.infer<typeof recordParticipationInput>): Promise<TrainingParticipation> {
  const { sessionId, ...lineInput } = input;
  const { programme, session } = await findSession(ctx, sessionId);
  authorize(ctx.actor, trainingSessionPolicy, 'add_participants', partOf(programme, session, session.cancelled || programme.cancelled));
  const [line] = await insertLines(ctx, session, await resolveLines(ctx, [lineInput], session.hours));
  if (!line) throw new Error('participation line not inserted');
  await recordAudit(
    ctx,
    {
      type: 'cooperation.training_participation_recorded',
      version: 1,
      data: {
        programmeId: programme.id,
        sessionId,
        participationId: line.id,
        agencyId: line.participant_agency_id,
        state: line.state,
        participants: line.participants,
        hours: line.hours,
      },
    },
    { agencyId: session.agency_id },
  );
  return presentParticipation(ctx.actor, await reloadProgramme(ctx, programme), line);
}

export async function updateParticipation(
  ctx: Ctx,
  id: string,
  input: z.infer<typeof updateParticipationInput>,
): Promise<TrainingParticipation> {
  const line = await ctx.trx.selectFrom('training_participants').select(participationColumns).where('id', '=', id).executeTakeFirst();
  if (!line) throw notFound('Training participation');
  const programme = await ctx.trx
    .selectFrom('training_programmes')
    .select(programmeColumns)
    .where('agency_id', '=', line.agency_id)
    .where('id', '=', line.programme_id)
    .executeTakeFirst();
  if (!programme) throw notFound('Training participation');
  authorize(ctx.actor, trainingParticipationPolicy, 'update', partOf(programme, line, line.withdrawn));
  if (!changesSomething(input)) return presentParticipation(ctx.actor, programme, line);
  const row = await ctx.trx
    .updateTable('training_participants')
    .set({
      ...(input.participants !== undefined ? { participants: input.participants } : {}),
      ...(input.hours !== undefined ? { hours: input.hours } : {}),
      ...(input.withdrawn !== undefined ? { withdrawn: input.withdrawn } : {}),
      updated_at: ctx.now,
      updated_by: ctx.actor.userId,
    })
    .where('agency_id', '=', line.agency_id)
    .where('id', '=', id)
    .returning(participationColumns)
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx,
    {
      type: 'cooperation.training_participation_updated',
      version: 1,
      data: { programmeId: programme.id, sessionId: line.session_id, participationId: id, changes: input },
    },
    { agencyId: line.agency_id },
  );
  return presentParticipation(ctx.actor, await reloadProgramme(ctx, programme), row);
}
