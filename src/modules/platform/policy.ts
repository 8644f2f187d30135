import { AppError } from '../../errors.ts';
import type { Role } from '../../db/schema.ts';
import type { Actor } from './context.ts';

/**
 * A declarative policy for one resource. Each action names the roles that may attempt it at all (checked before
 * the request body is even read, and used by the authorisation-matrix test), and optionally a rule over the object.
 * `read` decides visibility: an object the actor may not read is reported as not found, never as forbidden.
 */
export interface ActionRule<T> {
  roles: readonly Role[] | 'any';
  when?: (actor: Actor, object: T) => boolean;
}

export interface Policy<T, A extends string> {
  resource: string;
  actions: Record<A, ActionRule<T>>;
  /**
   * Shared reference data (e.g. the legal-basis registry) belongs to no agency: every agency may read it, so the
   * "another agency gets 404" expectation of the authorisation matrix does not apply to it.
   */
  shared: boolean;
}

export function definePolicy<T, A extends string>(
  resource: string,
  actions: Record<A, ActionRule<T>>,
  options: { shared?: boolean } = {},
): Policy<T, A> {
  return { resource, actions, shared: options.shared ?? false };
}

export function roleMayAttempt(rule: ActionRule<never>, roles: readonly Role[]): boolean {
  return rule.roles === 'any' || rule.roles.some((role) => roles.includes(role));
}

export function allows<T, A extends string>(actor: Actor, policy: Policy<T, A>, action: A, object?: T): boolean {
  const rule = policy.actions[action];
  if (!roleMayAttempt(rule, actor.roles)) return false;
  if (object === undefined || !rule.when) return true;
  return rule.when(actor, object);
}

/**
 * Throws unless the actor may perform `action` on `object`. If the policy has a `read` action and the actor may not
 * read the object, the answer is NOT_FOUND, exactly as for a record that does not exist.
 */
export function authorize<T, A extends string>(actor: Actor, policy: Policy<T, A>, action: A, object?: T): void {
  if (object !== undefined && 'read' in policy.actions && action !== 'read' && !allows(actor, policy, 'read' as A, object)) {
    throw new AppError('NOT_FOUND', `${policy.resource} not found`);
  }
  if (!allows(actor, policy, action, object)) {
    throw action === 'read'
      ? new AppError('NOT_FOUND', `${policy.resource} not found`)
      : new AppError('FORBIDDEN', `You may not ${action} this ${policy.resource}`);
  }
}

/** The actor's permitted actions on one object, sent with it so the UI never re-implements the rules. */
export function presentPolicies<T, A extends string>(actor: Actor, policy: Policy<T, A>, object: T): Record<A, boolean> {
  const result = {} as Record<A, boolean>;
  for (const action of Object.keys(policy.actions) as A[]) result[action] = allows(actor, policy, action, object);
  return result;
}
