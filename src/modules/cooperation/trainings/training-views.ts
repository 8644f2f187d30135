import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { TrainingParticipantsTable, TrainingProgrammesTable, TrainingSessionsTable } from '../../../db/schema.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { presentPolicies } from '../../platform/policy.ts';
import { trainingParticipationPolicy, trainingProgrammePolicy, trainingSessionPolicy, type ProgrammePart } from '../policies.ts';
import { dateText, presentStamps, recordStamps, trainingTopic } from '../schemas.ts';

/** How training programmes, their sessions and participation lines are read from the database and presented. */
export type ProgrammeRow = Selectable<TrainingProgrammesTable>;
export type SessionRow = Selectable<TrainingSessionsTable>;
export type ParticipationRow = Selectable<TrainingParticipantsTable>;

export const programmeColumns = [
  'agency_id',
  'id',
  'title',
  'topics',
  'host_state',
  'year',
  'description',
  'cancelled',
  'participant_agency_ids',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
] as const;

export const sessionColumns = [
  'agency_id',
  'id',
  'programme_id',
  'city',
  'country',
  'hours',
  'cancelled',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  dateText('starts_on', 'starts_on'),
  dateText('ends_on', 'ends_on'),
] as const;

export const participationColumns = [
  'agency_id',
  'id',
  'programme_id',
  'session_id',
  'participant_agency_id',
  'state',
  'participants',
  'hours',
  'withdrawn',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
] as const;

export const trainingProgrammeSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid().describe('organising agency'),
  title: z.string(),
  topics: z.array(trainingTopic),
  hostState: z.string(),
  year: z.number().int(),
  description: z.string().nullable(),
  cancelled: z.boolean(),
  participantAgencyIds: z.array(z.uuid()).describe('agencies with participation recorded in any session'),
  ...recordStamps,
  policies: z.object({ read: z.boolean(), list: z.boolean(), create: z.boolean(), update: z.boolean(), add_session: z.boolean() }),
});
export type TrainingProgramme = z.infer<typeof trainingProgrammeSchema>;

export const trainingParticipationSchema = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  participantAgencyId: z.uuid().nullable(),
  state: z.string(),
  participants: z.number().int(),
  hours: z.string().describe('training hours each of these participants attended; exact decimal'),
  withdrawn: z.boolean(),
  ...recordStamps,
  policies: z.object({ read: z.boolean(), update: z.boolean() }),
});
export type TrainingParticipation = z.infer<typeof trainingParticipationSchema>;

export const trainingSessionSchema = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  agencyId: z.uuid(),
  startsOn: z.string(),
  endsOn: z.string(),
  place: z.object({ city: z.string(), country: z.string() }),
  hours: z.string().describe('contact hours of the session; exact decimal'),
  cancelled: z.boolean(),
  participation: z.array(trainingParticipationSchema),
  ...recordStamps,
  policies: z.object({ read: z.boolean(), update: z.boolean(), add_participants: z.boolean() }),
});
export type TrainingSession = z.infer<typeof trainingSessionSchema>;

export const trainingProgrammeDetailSchema = trainingProgrammeSchema.extend({ sessions: z.array(trainingSessionSchema) });
export type TrainingProgrammeDetail = z.infer<typeof trainingProgrammeDetailSchema>;

export function presentProgramme(actor: Actor, row: ProgrammeRow): TrainingProgramme {
  return {
    id: row.id,
    agencyId: row.agency_id,
    title: row.title,
    topics: row.topics,
    hostState: row.host_state,
    year: row.year,
    description: row.description,
    cancelled: row.cancelled,
    participantAgencyIds: row.participant_agency_ids,
    ...presentStamps(row),
    policies: presentPolicies(actor, trainingProgrammePolicy, row),
  };
}

/** What the session and participation rules need: the owner, and whom the programme is shared with. */
export const partOf = (
  programme: Pick<ProgrammeRow, 'participant_agency_ids'>,
  row: { agency_id: string },
  cancelled: boolean,
): ProgrammePart => ({
  agency_id: row.agency_id,
  programme_participant_agency_ids: programme.participant_agency_ids,
  cancelled,
});

export function presentParticipation(
  actor: Actor,
  programme: Pick<ProgrammeRow, 'participant_agency_ids'>,
  row: ParticipationRow,
): TrainingParticipation {
  return {
    id: row.id,
    sessionId: row.session_id,
    participantAgencyId: row.participant_agency_id,
    state: row.state,
    participants: row.participants,
    hours: row.hours,
    withdrawn: row.withdrawn,
    ...presentStamps(row),
    policies: presentPolicies(actor, trainingParticipationPolicy, partOf(programme, row, row.withdrawn)),
  };
}

export function presentSession(
  actor: Actor,
  programme: Pick<ProgrammeRow, 'participant_agency_ids' | 'cancelled'>,
  row: SessionRow,
  participation: readonly ParticipationRow[],
): TrainingSession {
  return {
    id: row.id,
    programmeId: row.programme_id,
    agencyId: row.agency_id,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    place: { city: row.city, country: row.country },
    hours: row.hours,
    cancelled: row.cancelled,
    participation: participation.map((line) => presentParticipation(actor, programme, line)),
    ...presentStamps(row),
    policies: presentPolicies(actor, trainingSessionPolicy, partOf(programme, row, row.cancelled || programme.cancelled)),
  };
}

/** The sessions of one programme, each with its participation lines, in date order. */
export async function loadSessions(ctx: Ctx, programme: ProgrammeRow, sessionId?: string): Promise<TrainingSession[]> {
  let sessionQuery = ctx.trx
    .selectFrom('training_sessions')
    .select(sessionColumns)
    .where('agency_id', '=', programme.agency_id)
    .where('programme_id', '=', programme.id)
    .orderBy('starts_on')
    .orderBy('id');
  let lineQuery = ctx.trx
    .selectFrom('training_participants')
    .select(participationColumns)
    .where('agency_id', '=', programme.agency_id)
    .where('programme_id', '=', programme.id)
    .orderBy('state')
    .orderBy('created_at')
    .orderBy('id');
  if (sessionId) {
    sessionQuery = sessionQuery.where('id', '=', sessionId);
    lineQuery = lineQuery.where('session_id', '=', sessionId);
  }
  const [sessions, lines] = [await sessionQuery.execute(), await lineQuery.execute()];
  const linesBySession = new Map<string, ParticipationRow[]>();
  for (const line of lines) linesBySession.set(line.session_id, [...(linesBySession.get(line.session_id) ?? []), line]);
  return sessions.map((session) => presentSession(ctx.actor, programme, session, linesBySession.get(session.id) ?? []));
}
