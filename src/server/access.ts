import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { systemScope } from '../db/database.ts';
import type { SessionStage } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { resolveSession, type ResolvedSession } from '../modules/platform/auth/resolve-session.ts';
import { CSRF_HEADER, SESSION_COOKIE, csrfTokenMatches, hashToken } from '../modules/platform/auth/session-tokens.ts';
import { scopeOf, type Actor, type Ctx, type Services } from '../modules/platform/context.ts';
import { roleMayAttempt, type ActionRule, type Policy } from '../modules/platform/policy.ts';

/**
 * Every API route declares who may call it; a route without a declaration fails at start-up, and the
 * authorisation-matrix test reads these declarations for every registered route.
 * - public: anyone (health, login, API docs);
 * - session: any signed-in user whose session is in one of `stages` (e.g. the MFA step accepts `mfa_pending`);
 * - policy: a fully signed-in user whose roles may attempt `action` under `policy`; object rules run in the use case.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'session'; stages: readonly SessionStage[] }
  | { kind: 'policy'; policy: Policy<never, string>; action: string };

export const publicAccess: Access = { kind: 'public' };
export const anySession: Access = { kind: 'session', stages: ['active', 'mfa_pending', 'mfa_enrol'] };
export const activeSession: Access = { kind: 'session', stages: ['active'] };

export function policyAccess<T, A extends string>(policy: Policy<T, A>, action: A): Access {
  return { kind: 'policy', policy: policy as unknown as Policy<never, string>, action };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    session: ResolvedSession | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function ruleFor(access: Access): ActionRule<never> | undefined {
  return access.kind === 'policy' ? access.policy.actions[access.action] : undefined;
}

async function lookUpSession(services: Services, token: string): Promise<ResolvedSession | null> {
  const now = new Date();
  const key = hashToken(token).toString('base64');
  const cached = services.sessionCache.get(key, now.getTime(), services.config.session.idleMinutes * 60_000);
  if (cached) return cached;
  const generation = services.sessionCache.generation;
  const session = await services.db.inScope(systemScope, (trx) => resolveSession(trx, services.config, token, now));
  if (session)
    services.sessionCache.set(key, session, generation, now.getTime(), session.expiresAt.getTime(), session.lastSeenAt.getTime());
  return session;
}

/** onRequest: authenticate from the session cookie, enforce CSRF, session stage and the route's role rule. */
export function makeAccessHook(services: Services) {
  return async function enforceAccess(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.session = null;
    const access = request.routeOptions.config.access;
    if (!access || access.kind === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await lookUpSession(services, token) : null;
    if (!session) {
      if (token) void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      throw new AppError('UNAUTHENTICATED', 'Sign in first');
    }
    request.session = session;
    // Binds user and agency to this request's own logger (cheaper than a further child logger per request).
    (request.log as FastifyBaseLogger & { setBindings(bindings: Record<string, string>): void }).setBindings({
      userId: session.actor.userId,
      agencyId: session.actor.agencyId,
    });
    if (!SAFE_METHODS.has(request.method)) {
      const presented = request.headers[CSRF_HEADER];
      if (!csrfTokenMatches(services.secrets.sessionKey, session.actor.sessionId, typeof presented === 'string' ? presented : undefined)) {
        throw new AppError('CSRF_FAILED', `Missing or wrong ${CSRF_HEADER} header`);
      }
    }
    const stages = access.kind === 'session' ? access.stages : ['active'];
    if (!stages.includes(session.stage)) {
      switch (session.stage) {
        case 'mfa_pending':
          throw new AppError('MFA_REQUIRED', 'Enter your authentication code first');
        case 'mfa_enrol':
          throw new AppError('MFA_ENROLMENT_REQUIRED', 'Set up two-factor authentication first');
        case 'active':
          throw new AppError('CONFLICT', 'This step is not needed: you are signed in');
      }
    }
    const rule = ruleFor(access);
    if (rule && !roleMayAttempt(rule, session.actor.roles)) {
      throw new AppError('FORBIDDEN', 'Your roles do not allow this', { rule: 'role' });
    }
  };
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.session) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return request.session.actor;
}

/**
 * Runs one use case in one transaction under the actor's row-level-security scope. After a write commits, this
 * server's session cache is dropped at once (other servers drop theirs on the database notification).
 */
export async function runUseCase<T>(services: Services, request: FastifyRequest, work: (ctx: Ctx) => Promise<T>): Promise<T> {
  const actor = actorOf(request);
  const result = await services.db.inScope(scopeOf(actor), (trx) => work({ actor, trx, requestId: request.id, now: new Date(), services }));
  if (!SAFE_METHODS.has(request.method)) services.sessionCache.invalidateAll();
  return result;
}
