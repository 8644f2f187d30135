import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import helmet from 'helmet';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchemaValidationError,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { decodedOrRaw, findUndecodableParameter, findUndecodableSegment, findUnsafeText } from '../lib/safe-text.ts';
import type { Services } from '../modules/platform/context.ts';
import { registerCooperationRoutes } from '../modules/cooperation/routes.ts';
import { registerFugitiveExchangeRoutes } from '../modules/fugitives/exchange/routes.ts';
import { registerInterpolRoutes } from '../modules/fugitives/interpol/routes.ts';
import { registerFugitiveRoutes } from '../modules/fugitives/routes.ts';
import { registerLegalBasisRoutes } from '../modules/legal-basis/routes.ts';
import { registerPlatformRoutes } from '../modules/platform/routes.ts';
import { registerScreeningRoutes } from '../modules/screening/routes.ts';
import { makeAccessHook, publicAccess, type Access } from './access.ts';

/**
 * PostgreSQL's data exceptions that only a value can cause: out-of-range numbers and dates, text it cannot encode,
 * a string too long for its column, an array too large (SQLSTATE class 22, and 54000 for an index row too large).
 */
const DATA_EXCEPTIONS = new Set(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05', '2202E', '54000']);

export const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    concordRoutes: RegisteredRoute[];
  }
}

/**
 * A path the router cannot read — percent-encoded bytes that are not UTF-8 (all a lone surrogate can become in an
 * address), or a parameter over the router's length — is refused before routing; answered in Concord's own shape,
 * naming the segment.
 */
function answerUnreadablePath(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const rawPath = (request.raw.url ?? '').split('?')[0] ?? '';
  let problem: { path: string; segment?: number; message: string } | null = null;
  if (error.code === 'FST_ERR_BAD_URL') {
    const undecodable = findUndecodableSegment(rawPath);
    problem = undecodable
      ? { path: '', segment: undecodable.segment, message: undecodable.message }
      : { path: '', message: 'the path is not a valid address' };
  } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    // Fastify's default when the option is not set.
    const maxParamLength = request.server.initialConfig.maxParamLength ?? 100;
    const segments = rawPath.split('/').slice(1);
    const index = segments.findIndex((segment) => decodedOrRaw(segment).length > maxParamLength);
    problem =
      index < 0
        ? { path: '', message: `a segment of the path is longer than ${String(maxParamLength)} characters` }
        : {
            path: '',
            segment: index + 1,
            message: `segment ${String(index + 1)} of the path is longer than ${String(maxParamLength)} characters`,
          };
  }
  // Answered before the hooks that set these on every other answer.
  void reply.header('x-request-id', request.id).header('cache-control', 'no-store');
  if (problem) {
    void reply.status(400).send({ code: 'INVALID_INPUT', message: "The request's path cannot be read", details: [problem] });
    return;
  }
  request.log.error({ err: error }, 'unhandled router error');
  void reply
    .status(500)
    .send({ code: 'INTERNAL', message: 'Something went wrong; the error was logged', details: { requestId: request.id } });
}

/** Builds the HTTP server: security headers, cookies, rate limits, OpenAPI, access control, routes, web UI. */
export async function buildApp(services: Services): Promise<FastifyInstance> {
  // Typed as Fastify's logger interface so the instance is a plain FastifyInstance, not one specialised to pino.
  const loggerInstance: FastifyBaseLogger = services.log;
  const app = Fastify({
    loggerInstance,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    trustProxy: false,
    // Per-request lines only at debug level: at info, a busy server's log would be mostly access lines.
    logController: new LogController({
      disableRequestLogging: services.config.logLevel !== 'debug' && services.config.logLevel !== 'trace',
    }),
    frameworkErrors: answerUnreadablePath,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('concordRoutes', [] as RegisteredRoute[]);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), access: publicAccess };
    const access = route.config?.access;
    if (route.url.startsWith('/api')) {
      if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') app.concordRoutes.push({ method, url: route.url, access });
      }
    }
  });

  // Security headers: helmet's middleware is built once here and applied to every response (the Fastify wrapper
  // rebuilds it on each request, a measurable share of a request's CPU).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Only behind TLS: on plain HTTP it would send the browser to an https:// address that does not answer.
        upgradeInsecureRequests: services.config.session.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: services.config.session.secureCookies,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => {
      done(error instanceof Error ? error : undefined);
    });
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`, {
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Concord API',
        version: '0.1.0',
        description:
          'Anti-corruption cooperation platform of China and the ASEAN states. Sign in at POST /api/auth/login; send the csrfToken from the session as the x-csrf-token header on every write.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'concord_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.addHook('onRequest', makeAccessHook(services));
  // Before any schema: text that cannot be stored (NUL, lone surrogates) is refused where it is, in any field, and so is
  // a query parameter whose percent-encoding is not UTF-8 (what a lone surrogate becomes in an address).
  app.addHook('preValidation', (request, _reply, done) => {
    const queryStart = request.url.indexOf('?');
    const undecodable = queryStart < 0 ? null : findUndecodableParameter(request.url.slice(queryStart + 1));
    if (undecodable) {
      done(new AppError('INVALID_INPUT', "The request's query holds text that cannot be read", [undecodable]));
      return;
    }
    for (const [part, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const problem = findUnsafeText(value);
      if (problem) {
        done(
          new AppError('INVALID_INPUT', `The request's ${part} holds text that cannot be stored`, [
            {
              path: problem.path,
              ...(problem.line === undefined ? {} : { line: problem.line, column: problem.column }),
              message: problem.message,
            },
          ]),
        );
        return;
      }
    }
    done();
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.code === 'RATE_LIMITED')
        void reply.header('retry-after', String((error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60));
      return reply.status(error.status).send({ code: error.code, message: error.message, details: error.details });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.status(400).send({
        code: 'INVALID_INPUT',
        message: 'The request is not valid',
        // Typed here: the library's declaration of its issue type imports 'fastify/types/schema', which does not resolve
        // under NodeNext, so the element type would otherwise be unresolved.
        details: error.validation.map((issue: FastifySchemaValidationError) => ({ path: issue.instancePath, message: issue.message })),
      });
    }
    const databaseCode = (error as { code?: string }).code;
    if (databaseCode === '23505') {
      return reply.status(409).send({ code: 'CONFLICT', message: 'A record with the same unique value exists' });
    }
    if (databaseCode !== undefined && DATA_EXCEPTIONS.has(databaseCode)) {
      // A value the schemas let through but the database cannot hold: still the request's fault, and nothing was
      // written (the transaction rolled back). Logged, so that the schema that let it through gets its limit.
      request.log.warn({ err: error }, 'a value was refused by the database, not by a schema');
      return reply.status(400).send({ code: 'INVALID_INPUT', message: 'A value is outside what can be stored', details: [] });
    }
    const status = error.statusCode;
    if (status === 413) {
      return reply.status(413).send({ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than this endpoint accepts' });
    }
    if (status !== undefined && status >= 400 && status < 500) {
      return reply
        .status(status === 404 ? 404 : 400)
        .send({ code: status === 404 ? 'NOT_FOUND' : 'INVALID_INPUT', message: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send({ code: 'INTERNAL', message: 'Something went wrong; the error was logged', details: { requestId: request.id } });
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/health', {
    config: { access: publicAccess },
    schema: {
      tags: ['platform'],
      summary: 'Liveness and database kind',
      security: [],
      response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']) }) },
    },
    handler: async () => {
      await services.db.inScope({ scope: 'agency', agencyId: null, userId: null }, async (trx) => {
        await trx.selectFrom('platform_settings').select('key').limit(1).execute();
      });
      return { status: 'ok' as const, database: services.db.kind };
    },
  });
  api.get('/api/openapi.json', {
    config: { access: publicAccess },
    schema: { hide: true },
    handler: () => app.swagger(),
  });
  registerPlatformRoutes(app, services);
  registerCooperationRoutes(app, services);
  registerLegalBasisRoutes(app, services);
  registerScreeningRoutes(app, services);
  registerFugitiveRoutes(app, services);
  registerFugitiveExchangeRoutes(app, services);
  registerInterpolRoutes(app, services);

  const hasWeb = fs.existsSync(path.join(webDistDir, 'index.html'));
  if (hasWeb) {
    // Files are looked up on disk per request, so a rebuilt UI is served without a restart.
    await app.register(fastifyStatic, { root: webDistDir, prefix: '/', index: false });
    app.get('/', { config: { access: publicAccess } }, (_request, reply) => reply.sendFile('index.html'));
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' || request.method === 'HEAD';
    if (request.url.startsWith('/api') || request.url.startsWith('/assets/') || !isPage || !hasWeb) {
      return reply.status(404).send({ code: 'NOT_FOUND', message: 'No such route' });
    }
    // The single-page app routes everything else in the browser.
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
