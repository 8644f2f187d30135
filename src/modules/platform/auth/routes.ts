import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf, type Services } from '../context.ts';
import { activeSession, anySession, publicAccess, runUseCase, actorOf } from '../../../server/access.ts';
import { systemScope } from '../../../db/database.ts';
import { AppError } from '../../../errors.ts';
import { changePassword, changePasswordInput, localeInput, logout, setLocale } from './account.ts';
import { login, loginInput } from './login.ts';
import { prepareDummyHash } from './passwords.ts';
import {
  completeMfaLogin,
  confirmEnrolmentInput,
  confirmMfaEnrolment,
  disableMfa,
  disableMfaInput,
  mfaCodeInput,
  startMfaEnrolment,
} from './mfa.ts';
import { resolveSession } from './resolve-session.ts';
import { SESSION_COOKIE } from './session-tokens.ts';
import { presentSession, sessionViewSchema } from './session-view.ts';

const tags = ['auth'];
const mfaStages = { kind: 'session', stages: ['active', 'mfa_enrol'] } as const;

export function registerAuthRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const setSessionCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: services.config.session.secureCookies,
    });
  const viewFor = (token: string) =>
    services.db.inScope(systemScope, async (trx) => {
      const session = await resolveSession(trx, services.config, token, new Date());
      if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in first');
      return presentSession({ trx, services }, session);
    });
  const loginRate = { max: services.config.login.ratePerMinute, timeWindow: '1 minute' };
  app.addHook('onReady', async () => {
    await prepareDummyHash();
  });

  api.post('/api/auth/login', {
    config: { access: publicAccess, rateLimit: loginRate },
    schema: {
      tags,
      summary: 'Sign in with e-mail and password (and a recovery code, which also passes a sign-in delay)',
      body: loginInput,
      response: { 200: sessionViewSchema },
    },
    handler: async (request, reply) => {
      const outcome = await services.db.inScope(systemScope, (trx) =>
        login({ trx, services, now: new Date(), requestId: request.id }, request.body, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        }),
      );
      if (!outcome.ok) throw outcome.error;
      setSessionCookie(reply, outcome.token);
      return viewFor(outcome.token);
    },
  });

  api.post('/api/auth/mfa', {
    config: { access: { kind: 'session', stages: ['mfa_pending'] }, rateLimit: loginRate },
    schema: { tags, summary: 'Second sign-in step: TOTP code or recovery code', body: mfaCodeInput, response: { 200: sessionViewSchema } },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const outcome = await services.db.inScope(systemScope, (trx) =>
        completeMfaLogin(
          { trx, services, now: new Date(), requestId: request.id },
          { agencyId: actor.agencyId, userId: actor.userId, sessionId: actor.sessionId, email: actor.email },
          request.body,
          { ip: request.ip },
        ),
      );
      services.sessionCache.invalidateAll();
      if (!outcome.ok) throw outcome.error;
      setSessionCookie(reply, outcome.token);
      return viewFor(outcome.token);
    },
  });

  api.post('/api/auth/logout', {
    config: { access: anySession },
    schema: { tags, summary: 'Sign out (ends this session)', response: { 204: z.null() } },
    handler: async (request, reply) => {
      await runUseCase(services, request, logout);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  api.get('/api/session', {
    config: { access: anySession },
    schema: { tags, summary: 'The signed-in user, agency, session stage, CSRF token and navigation', response: { 200: sessionViewSchema } },
    handler: async (request) => {
      const session = request.session;
      if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in first');
      return services.db.inScope(scopeOf(session.actor), (trx) => presentSession({ trx, services }, session));
    },
  });

  api.post('/api/me/password', {
    config: { access: activeSession },
    schema: { tags, summary: 'Change your password (ends your other sessions)', body: changePasswordInput, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await runUseCase(services, request, (ctx) => changePassword(ctx, request.body));
      return reply.status(204).send(null);
    },
  });

  api.post('/api/me/locale', {
    config: { access: anySession },
    schema: { tags, summary: 'Remember your interface language', body: localeInput, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await runUseCase(services, request, (ctx) => setLocale(ctx, request.body));
      return reply.status(204).send(null);
    },
  });

  api.post('/api/me/mfa/setup', {
    config: { access: mfaStages },
    schema: {
      tags,
      summary: 'Start TOTP enrolment: a new secret and its QR code',
      response: { 200: z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() }) },
    },
    handler: (request) => runUseCase(services, request, startMfaEnrolment),
  });

  api.post('/api/me/mfa/confirm', {
    config: { access: mfaStages },
    schema: {
      tags,
      summary: 'Confirm enrolment with a code; returns recovery codes once',
      body: confirmEnrolmentInput,
      response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
    },
    handler: (request) => runUseCase(services, request, (ctx) => confirmMfaEnrolment(ctx, request.body)),
  });

  api.post('/api/me/mfa/disable', {
    config: { access: activeSession },
    schema: {
      tags,
      summary: 'Turn two-factor authentication off (refused when the platform requires it)',
      body: disableMfaInput,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await runUseCase(services, request, (ctx) => disableMfa(ctx, request.body));
      return reply.status(204).send(null);
    },
  });
}
