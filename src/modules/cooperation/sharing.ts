import { sql, type Expression, type SqlBool } from 'kysely';
import { AppError } from '../../errors.ts';
import { isPlatformAdmin, type Actor, type Ctx } from '../platform/context.ts';

/**
 * The agency that will own a new record: the actor's own, or — for a platform administrator only — the one named.
 * Anyone else naming another agency is refused rather than silently ignored.
 */
export function owningAgency(ctx: Ctx, requested: string | undefined): string {
  if (requested === undefined || requested === ctx.actor.agencyId) return ctx.actor.agencyId;
  if (!isPlatformAdmin(ctx.actor)) throw new AppError('FORBIDDEN', 'Only a platform administrator records on behalf of another agency');
  return requested;
}

/** The agencies a record is shared with: each once, sorted, without the owner (who sees it anyway). */
export function sharedAgencyIds(owner: string, ids: readonly string[]): string[] {
  return [...new Set(ids)].filter((id) => id !== owner).sort();
}

/**
 * The state of each given agency; refuses ids that are not agencies. Other agencies' rows are hidden by row-level
 * security, so this asks the database function `concord_agency_states`, which reveals only existence and state.
 */
export async function agencyStates(ctx: Ctx, ids: readonly string[], field: string): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const result = await sql<{ id: string; state: string }>`select id, state from concord_agency_states(${wanted}::uuid[])`.execute(ctx.trx);
  const states = new Map(result.rows.map((row) => [row.id, row.state]));
  const unknown = wanted.filter((id) => !states.has(id));
  if (unknown.length > 0) throw new AppError('INVALID_INPUT', 'Not a registered agency', { field, unknown });
  return states;
}

/**
 * Lists filter by what the actor may read in the query itself (row-level security filters the same way underneath):
 * the owner's rows and the rows shared with it; a platform administrator reads all.
 */
export function visibleTo(actor: Actor, ownerColumn: string, sharedColumn: string, shape: 'array' | 'single'): Expression<SqlBool> {
  if (isPlatformAdmin(actor)) return sql<SqlBool>`true`;
  return shape === 'array'
    ? sql<SqlBool>`(${sql.ref(ownerColumn)} = ${actor.agencyId} or ${sql.ref(sharedColumn)} @> array[${actor.agencyId}]::uuid[])`
    : sql<SqlBool>`(${sql.ref(ownerColumn)} = ${actor.agencyId} or ${sql.ref(sharedColumn)} = ${actor.agencyId})`;
}
