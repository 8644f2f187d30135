import { z } from 'zod';
import { notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/policy.ts';
import { fugitivePolicy } from '../policies.ts';
import { iso } from '../schemas.ts';
import { findVisiblePerson } from './visibility.ts';

/**
 * Internal notes on a wanted person: the wanting agency's alone. Another agency that sees the person through a
 * published notice gets "not found" for them, as row-level security (migration 0006) would give it nothing.
 * Reading them is a view of the person and is audited.
 */
export const noteSchema = z.object({ id: z.uuid(), body: z.string(), createdAt: z.string(), createdBy: z.uuid().nullable() });
export const noteListSchema = z.object({ items: z.array(noteSchema) });
export const addNoteInput = z.object({ body: z.string().trim().min(1).max(20000) });

const present = (row: { id: string; body: string; created_at: Date; created_by: string | null }) => ({
  id: row.id,
  body: row.body,
  createdAt: iso(row.created_at),
  createdBy: row.created_by,
});

async function ownPerson(ctx: Ctx, id: string, action: 'read_notes' | 'add_note') {
  const person = await findVisiblePerson(ctx, id);
  if (person.agency_id !== ctx.actor.agencyId) throw notFound('Notes');
  authorize(ctx.actor, fugitivePolicy, action, person);
  return person;
}

export async function listNotes(ctx: Ctx, personId: string): Promise<z.infer<typeof noteListSchema>> {
  const person = await ownPerson(ctx, personId, 'read_notes');
  const rows = await ctx.trx
    .selectFrom('fugitive_notes')
    .select(['id', 'body', 'created_at', 'created_by'])
    .where('agency_id', '=', person.agency_id)
    .where('fugitive_id', '=', person.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  await recordAudit(ctx, {
    type: 'fugitives.person_viewed',
    version: 1,
    data: { fugitiveId: person.id, ownerAgencyId: person.agency_id, view: 'notes' },
  });
  return { items: rows.map(present) };
}

export async function addNote(ctx: Ctx, personId: string, input: z.infer<typeof addNoteInput>): Promise<z.infer<typeof noteSchema>> {
  const person = await ownPerson(ctx, personId, 'add_note');
  const row = await ctx.trx
    .insertInto('fugitive_notes')
    .values({ agency_id: person.agency_id, fugitive_id: person.id, body: input.body, created_by: ctx.actor.userId })
    .returning(['id', 'body', 'created_at', 'created_by'])
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, { type: 'fugitives.note_added', version: 1, data: { fugitiveId: person.id, noteId: row.id } });
  return present(row);
}
