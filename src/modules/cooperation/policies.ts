import type { Role } from '../../db/schema.ts';
import { isPlatformAdmin, type Actor } from '../platform/context.ts';
import { definePolicy } from '../platform/policy.ts';

/**
 * Who may see and change cooperation records. A record belongs to its owning (organising) agency and is shared with
 * the agencies it names: an event's or joint operation's participants, a training programme's participating
 * agencies, a delivery's recipient. Everyone signed in reads what is shared with their agency; the owning agency's
 * liaison officers and administrators change it; platform administrators (the Secretariat) see and change all.
 * Row-level security (migration 0004) enforces the same rules in the database.
 */
export const COOPERATION_EDITORS: readonly Role[] = ['liaison_officer', 'agency_admin', 'platform_admin'];

export const ownsOrPlatform = (actor: Actor, record: { agency_id: string }): boolean =>
  isPlatformAdmin(actor) || record.agency_id === actor.agencyId;

const sharedWith = (actor: Actor, owner: string, agencies: readonly string[]): boolean =>
  isPlatformAdmin(actor) || owner === actor.agencyId || agencies.includes(actor.agencyId);

interface SharedRecord {
  agency_id: string;
  participant_agency_ids: readonly string[];
}

export const cooperationEventPolicy = definePolicy<SharedRecord & { status: string }, 'read' | 'list' | 'create' | 'update' | 'cancel'>(
  'cooperation_event',
  {
    read: { roles: 'any', when: (actor, event) => sharedWith(actor, event.agency_id, event.participant_agency_ids) },
    list: { roles: 'any' },
    create: { roles: COOPERATION_EDITORS, when: ownsOrPlatform },
    update: { roles: COOPERATION_EDITORS, when: ownsOrPlatform },
    cancel: { roles: COOPERATION_EDITORS, when: (actor, event) => ownsOrPlatform(actor, event) && event.status !== 'cancelled' },
  },
);

export const trainingProgrammePolicy = definePolicy<
  SharedRecord & { cancelled: boolean },
  'read' | 'list' | 'create' | 'update' | 'add_session'
>('training_programme', {
  read: { roles: 'any', when: (actor, programme) => sharedWith(actor, programme.agency_id, programme.participant_agency_ids) },
  list: { roles: 'any' },
  create: { roles: COOPERATION_EDITORS, when: ownsOrPlatform },
  update: { roles: COOPERATION_EDITORS, when: ownsOrPlatform },
  add_session: { roles: COOPERATION_EDITORS, when: (actor, programme) => ownsOrPlatform(actor, programme) && !programme.cancelled },
});

/** A session, and a participation line, are visible exactly when their programme is. */
export interface ProgrammePart {
  agency_id: string;
  programme_participant_agency_ids: readonly string[];
  cancelled: boolean;
}

export const trainingSessionPolicy = definePolicy<ProgrammePart, 'read' | 'update' | 'add_participants'>('training_session', {
  read: { roles: 'any', when: (actor, session) => sharedWith(actor, session.agency_id, session.programme_participant_agency_ids) },
  update: { roles: COOPERATION_EDITORS, when: ownsOrPlatform },
  add_participants: { roles: COOPERATION_EDITORS, when: (actor, session) => ownsOrPlatform(actor, session) && !session.cancelled },
});

export const trainingParticipationPolicy = definePolicy<ProgrammePart, 'read' | 'update'>('training_participation', {
  read: { roles: 'any', when: (actor, line) => sharedWith(actor, line.agency_id, line.programme_participant_agency_ids) },
  update: { roles: COOPERATION_EDITORS, when: ownsOrPlatform },
});

export const technicalSupportPolicy = definePolicy<
  { agency_id: string; recipient_agency_id: string },
  'read' | 'list' | 'create' | 'update'
>('technical_support', {
  read: { roles: 'any', when: (actor, support) => sharedWith(actor, support.agency_id, [support.recipient_agency_id]) },
  list: { roles: 'any' },
  create: { roles: COOPERATION_EDITORS, when: ownsOrPlatform },
  update: { roles: COOPERATION_EDITORS, when: ownsOrPlatform },
});

export const jointOperationPolicy = definePolicy<SharedRecord, 'read' | 'list' | 'create' | 'update'>('joint_operation', {
  read: { roles: 'any', when: (actor, operation) => sharedWith(actor, operation.agency_id, operation.participant_agency_ids) },
  list: { roles: 'any' },
  create: { roles: COOPERATION_EDITORS, when: ownsOrPlatform },
  update: { roles: COOPERATION_EDITORS, when: ownsOrPlatform },
});

/** The figures over everything the actor may see. */
export const cooperationSummaryPolicy = definePolicy<null, 'read'>('cooperation_summary', { read: { roles: 'any' } });
