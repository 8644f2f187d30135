import type { Role } from '../../db/schema.ts';
import type { Actor } from '../platform/context.ts';
import { definePolicy } from '../platform/policy.ts';

/**
 * Who may do what with wanted persons and campaigns (docs/fugitives.md). Reading persons is the work of analysts,
 * investigators, liaison officers and agency administrators; viewers and platform administrators see no fugitive
 * data. The wanting agency's investigators and administrators keep its persons, notices and return steps; its
 * analysts may also add internal notes. Any agency that can see a person may report a sighting of them. An actor
 * sees its agency's persons and those shared with its agency by a published notice (a red notice: every agency; a
 * diffusion: the agencies of its target states); migration 0006 applies the same rule in row-level security.
 * A person the actor may not see, and another agency's notes, answer "not found".
 */
export const FUGITIVE_READERS: readonly Role[] = ['analyst', 'investigator', 'liaison_officer', 'agency_admin'];
export const FUGITIVE_KEEPERS: readonly Role[] = ['investigator', 'agency_admin'];
const NOTE_WRITERS: readonly Role[] = ['analyst', 'investigator', 'agency_admin'];
const SIGHTING_REPORTERS: readonly Role[] = ['analyst', 'investigator', 'liaison_officer', 'agency_admin'];

/**
 * A person as the policy sees it: its wanting agency, and whether a published notice shares it with the actor's
 * agency (a red notice, or a diffusion to its state), as the database function `concord_fugitive_shared` answers.
 */
export interface FugitiveObject {
  agency_id: string;
  shared: boolean;
}

const owns = (actor: Actor, record: { agency_id: string }): boolean => record.agency_id === actor.agencyId;
const visible = (actor: Actor, person: FugitiveObject): boolean => owns(actor, person) || person.shared;

export const fugitivePolicy = definePolicy<
  FugitiveObject,
  | 'read'
  | 'list'
  | 'create'
  | 'update'
  | 'read_notes'
  | 'add_note'
  | 'manage_notices'
  | 'record_step'
  | 'report_sighting'
  | 'import_interpol'
>('fugitive', {
  read: { roles: FUGITIVE_READERS, when: visible },
  list: { roles: FUGITIVE_READERS },
  create: { roles: FUGITIVE_KEEPERS, when: owns },
  update: { roles: FUGITIVE_KEEPERS, when: owns },
  read_notes: { roles: FUGITIVE_READERS, when: owns },
  add_note: { roles: NOTE_WRITERS, when: owns },
  manage_notices: { roles: FUGITIVE_KEEPERS, when: owns },
  record_step: { roles: FUGITIVE_KEEPERS, when: owns },
  report_sighting: { roles: SIGHTING_REPORTERS, when: visible },
  // Interpol public notices imported into the actor's own agency (docs/interpol-import.md).
  import_interpol: { roles: FUGITIVE_KEEPERS, when: owns },
});

export const campaignPolicy = definePolicy<{ agency_id: string }, 'read' | 'list' | 'create' | 'update'>('fugitive_campaign', {
  read: { roles: FUGITIVE_READERS, when: owns },
  list: { roles: FUGITIVE_READERS },
  create: { roles: FUGITIVE_KEEPERS, when: owns },
  update: { roles: FUGITIVE_KEEPERS, when: owns },
});
