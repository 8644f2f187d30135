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
    // 'locked' is from before migration 0012 (the account lock); 'throttled' refused while a sign-in delay ran.
    reason: z.enum(['unknown_user', 'bad_password', 'locked', 'throttled', 'inactive', 'agency_inactive']),
  }),
  // Written by the account lock before migration 0012; kept so that those entries still parse.
  event('auth.account_locked', { userId: uuid, until: z.string() }),
  // A sign-in delay started or grew (docs/security.md): for the e-mail from one source or from every source. The
  // e-mail is as typed (lower-cased); userId is null when no account has it.
  event('auth.login_throttled', {
    email: z.string(),
    userId: uuid.nullable(),
    scope: z.enum(['account_source', 'account']),
    failures: z.number().int(),
    delayMinutes: z.number().int(),
    until: z.string(),
  }),
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
  event('legal.state_saved', { state: z.string(), name: z.string() }),
  event('legal.instrument_created', { instrumentId: uuid, title: z.string(), kind: z.string() }),
  event('legal.instrument_updated', { instrumentId: uuid, changes: z.record(z.string(), z.unknown()) }),
  event('legal.instrument_status_added', { instrumentId: uuid, status: z.string(), date: z.string() }),
  event('legal.declaration_saved', { declarationId: uuid, instrumentId: uuid, state: z.string(), kind: z.string(), article: z.string() }),
  event('legal.declaration_removed', { declarationId: uuid, instrumentId: uuid, state: z.string() }),
  event('legal.imported', { states: z.number().int(), instruments: z.number().int(), declarations: z.number().int() }),
  event('demo.seeded', { agencies: z.number().int(), users: z.number().int() }),
  event('cooperation.event_created', {
    eventId: uuid,
    kind: z.string(),
    title: z.string(),
    status: z.string(),
    participantAgencyIds: z.array(uuid),
  }),
  event('cooperation.event_updated', { eventId: uuid, changes: z.record(z.string(), z.unknown()) }),
  event('cooperation.training_created', { programmeId: uuid, title: z.string(), year: z.number().int(), topics: z.array(z.string()) }),
  event('cooperation.training_updated', { programmeId: uuid, changes: z.record(z.string(), z.unknown()) }),
  event('cooperation.training_session_added', {
    programmeId: uuid,
    sessionId: uuid,
    startsOn: z.string(),
    endsOn: z.string(),
    participation: z.array(
      z.object({ participationId: uuid, agencyId: uuid.nullable(), state: z.string(), participants: z.number().int(), hours: z.string() }),
    ),
  }),
  event('cooperation.training_session_updated', { programmeId: uuid, sessionId: uuid, changes: z.record(z.string(), z.unknown()) }),
  event('cooperation.training_participation_recorded', {
    programmeId: uuid,
    sessionId: uuid,
    participationId: uuid,
    agencyId: uuid.nullable(),
    state: z.string(),
    participants: z.number().int(),
    hours: z.string(),
  }),
  event('cooperation.training_participation_updated', {
    programmeId: uuid,
    sessionId: uuid,
    participationId: uuid,
    changes: z.record(z.string(), z.unknown()),
  }),
  event('cooperation.technical_support_recorded', {
    supportId: uuid,
    recipientAgencyId: uuid,
    kind: z.string(),
    value: z.string(),
    currency: z.string(),
  }),
  event('cooperation.technical_support_updated', { supportId: uuid, changes: z.record(z.string(), z.unknown()) }),
  event('cooperation.joint_operation_created', {
    operationId: uuid,
    name: z.string(),
    status: z.string(),
    participantAgencyIds: z.array(uuid),
  }),
  event('cooperation.joint_operation_updated', { operationId: uuid, changes: z.record(z.string(), z.unknown()) }),
  event('cooperation.demo_seeded', {
    events: z.number().int(),
    trainingProgrammes: z.number().int(),
    trainingSessions: z.number().int(),
    participationLines: z.number().int(),
    technicalSupport: z.number().int(),
    jointOperations: z.number().int(),
  }),
  // Screening (docs/screening.md). Names of screened people never enter the audit: a match request is recorded by its
  // counts and the SHA-256 of its canonical queries; hits and entries by their ids.
  event('screening.watchlist_created', { watchlistId: uuid, name: z.string(), visibility: z.enum(['agency', 'platform']) }),
  event('screening.watchlist_imported', {
    watchlistId: uuid,
    format: z.enum(['csv', 'ftm']),
    mode: z.enum(['merge', 'replace']),
    added: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    removed: z.number().int(),
    skipped: z.number().int(),
    revision: z.string(),
  }),
  event('screening.entry_removed', { watchlistId: uuid, entryId: uuid, revision: z.string() }),
  event('screening.entries_listed', { watchlistId: uuid, count: z.number().int(), filtered: z.boolean() }),
  event('screening.watchlist_exported', { watchlistId: uuid, format: z.literal('ftm'), entries: z.number().int() }),
  event('screening.match', {
    queries: z.number().int(),
    results: z.number().int(),
    matches: z.number().int(),
    watchlists: z.number().int(),
    queryHash: z.string(),
  }),
  event('screening.batch_started', {
    batchId: uuid,
    jobId: uuid,
    rows: z.number().int(),
    threshold: z.number(),
    watchlistIds: z.array(uuid).nullable(),
  }),
  event('screening.batch_finished', {
    batchId: uuid,
    status: z.enum(['completed', 'failed', 'cancelled']),
    rows: z.number().int(),
    processed: z.number().int(),
    hits: z.number().int(),
    suppressed: z.number().int(),
  }),
  event('screening.results_downloaded', { batchId: uuid, lines: z.number().int() }),
  event('screening.hits_listed', { count: z.number().int(), filters: z.record(z.string(), z.unknown()) }),
  event('screening.hit_viewed', { hitId: uuid }),
  event('screening.hit_confirmed', {
    hitId: uuid,
    batchId: uuid,
    entryId: uuid,
    reason: z.string(),
    liftedSuppressionId: uuid.nullable(),
  }),
  event('screening.hit_dismissed', { hitId: uuid, batchId: uuid, entryId: uuid, reason: z.string(), suppressionId: uuid }),
  event('screening.demo_seeded', { watchlists: z.number().int(), entries: z.number().int() }),
  // Fugitives (docs/fugitives.md). Persons are named by id, never by name; a search is recorded by the SHA-256 of
  // its query. Every view of a person (record, timeline, notes) is an entry of the viewer's agency.
  event('fugitives.person_created', { fugitiveId: uuid }),
  event('fugitives.person_updated', { fugitiveId: uuid, fields: z.array(z.string()) }),
  event('fugitives.person_viewed', { fugitiveId: uuid, ownerAgencyId: uuid, view: z.enum(['record', 'timeline', 'notes', 'photo']) }),
  event('fugitives.listed', { count: z.number().int(), queryHash: z.string().nullable() }),
  event('fugitives.note_added', { fugitiveId: uuid, noteId: uuid }),
  event('fugitives.photo_added', { fugitiveId: uuid, sha256: z.string(), mediaType: z.string() }),
  event('fugitives.notice_requested', {
    fugitiveId: uuid,
    noticeId: uuid,
    kind: z.enum(['red', 'yellow', 'silver', 'diffusion']),
    targetStates: z.array(z.string()),
  }),
  event('fugitives.notice_status_changed', { fugitiveId: uuid, noticeId: uuid, from: z.string(), to: z.string(), on: z.string() }),
  event('fugitives.sighting_reported', { fugitiveId: uuid, ownerAgencyId: uuid, sightingId: uuid, state: z.string() }),
  event('fugitives.return_step_recorded', { fugitiveId: uuid, stepId: uuid, kind: z.string(), on: z.string() }),
  event('fugitives.campaign_created', { campaignId: uuid, name: z.string() }),
  event('fugitives.campaign_member_added', { campaignId: uuid, fugitiveId: uuid, ownerAgencyId: uuid }),
  event('fugitives.demo_seeded', { persons: z.number().int(), campaigns: z.number().int() }),
  event('fugitives.campaign_progress_viewed', { campaignId: uuid, members: z.number().int() }),
  // FtM and CSV exchange (docs/fugitives-exchange.md): counts, the file's or the query's SHA-256, never names.
  event('fugitives.persons_imported', {
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    sha256: z.string(),
  }),
  event('fugitives.persons_exported', {
    format: z.enum(['ftm', 'csv']),
    count: z.number().int(),
    queryHash: z.string().nullable(),
    campaignId: uuid.nullable(),
    notVisible: z.number().int().nullable(),
  }),
  event('fugitives.overview_viewed', { persons: z.number().int() }),
  event('fugitives.return_step_retracted', { fugitiveId: uuid, stepId: uuid, kind: z.string() }),
  // One entry per run of the Interpol import, counts only (no names, no entity ids).
  event('fugitives.interpol_imported', {
    importId: uuid,
    files: z.number().int(),
    new: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    noLongerPublic: z.number().int(),
    unmatched: z.number().int(),
  }),
]);

export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditEventType = AuditEvent['type'];
