import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../src/config.ts';
import { systemScope } from '../../src/db/database.ts';
import type { Role } from '../../src/db/schema.ts';
import { hashPassword } from '../../src/modules/platform/auth/passwords.ts';
import type { Services } from '../../src/modules/platform/context.ts';
import { startServices } from '../../src/runtime.ts';
import { buildApp } from '../../src/server/app.ts';

/**
 * Integration-test harness: a real PostgreSQL for every test file. Without DATABASE_URL, an in-memory PGlite; with
 * it, a fresh database on that server, dropped afterwards — so test files never share state.
 */
export interface TestEnv {
  services: Services & { stop(): Promise<void> };
  config: Config;
  app: FastifyInstance;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery staple';
let testPasswordHash: Promise<string> | undefined;

function adminUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function createTestEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-test-'));
  const serverUrl = process.env.DATABASE_URL;
  let databaseName: string | undefined;
  let databaseUrl: string | undefined;
  if (serverUrl) {
    databaseName = `concord_test_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${databaseName}`);
    await admin.end();
    databaseUrl = adminUrl(serverUrl, databaseName);
  }
  const env: Record<string, string> = { CONCORD_DATA_DIR: dataDir, CONCORD_LOG_LEVEL: 'silent', ...overrides };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const loaded = loadConfig(env);
  const config: Config = databaseUrl ? loaded : { ...loaded, database: { kind: 'pglite', dataDir: 'memory://' } };
  const services = await startServices(config, { log: pino({ level: process.env.CONCORD_TEST_LOG_LEVEL ?? 'silent' }) });
  const app = await buildApp(services);
  await app.ready();
  return {
    services,
    config,
    app,
    async close() {
      await app.close();
      await services.stop();
      if (serverUrl && databaseName) {
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`drop database if exists ${databaseName} with (force)`);
        await admin.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestAgency {
  id: string;
  shortName: string;
}

export async function buildAgency(
  env: TestEnv,
  overrides: Partial<{ name: string; shortName: string; state: string }> = {},
): Promise<TestAgency> {
  const shortName = overrides.shortName ?? `AG${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  const row = await env.services.db.inScope(systemScope, (trx) =>
    trx
      .insertInto('agencies')
      .values({
        name: overrides.name ?? `Agency ${shortName}`,
        short_name: shortName,
        state: overrides.state ?? 'MY',
        created_by: null,
        updated_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return { id: row.id, shortName };
}

export interface TestUser {
  id: string;
  agencyId: string;
  email: string;
  password: string;
  roles: Role[];
}

export async function buildUser(
  env: TestEnv,
  options: { agency: TestAgency; roles?: Role[]; email?: string; active?: boolean },
): Promise<TestUser> {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const roles = options.roles ?? ['analyst'];
  const email =
    options.email ?? `${roles[0] ?? 'user'}.${crypto.randomBytes(4).toString('hex')}@${options.agency.shortName.toLowerCase()}.test`;
  const passwordHash = await testPasswordHash;
  const row = await env.services.db.inScope(systemScope, (trx) =>
    trx
      .insertInto('users')
      .values({
        agency_id: options.agency.id,
        email,
        display_name: `Test ${roles.join(' ')}`,
        password_hash: passwordHash,
        roles,
        active: options.active ?? true,
        created_by: null,
        updated_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return { id: row.id, agencyId: options.agency.id, email, password: TEST_PASSWORD, roles };
}

/** A signed-in HTTP client over app.inject: keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  cookie: string | undefined;
  csrfToken: string | undefined;
  lastSession: Record<string, unknown> | undefined;

  /** `remoteAddress`: the client's IP address as the server sees it (light-my-request's default is 127.0.0.1). */
  constructor(
    private readonly app: FastifyInstance,
    private readonly remoteAddress?: string,
  ) {}

  async request(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method,
      url,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
      ...(this.remoteAddress !== undefined ? { remoteAddress: this.remoteAddress } : {}),
    });
    const setCookie = response.cookies.find((cookie) => cookie.name === 'concord_session');
    if (setCookie) this.cookie = setCookie.value ? `concord_session=${setCookie.value}` : undefined;
    return response;
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }

  async login(email: string, password: string, extra: { recoveryCode?: string } = {}): Promise<LightMyRequestResponse> {
    const response = await this.request('POST', '/api/auth/login', { email, password, ...extra });
    if (response.statusCode === 200) {
      this.lastSession = response.json();
      this.csrfToken = response.json<{ csrfToken: string }>().csrfToken;
    }
    return response;
  }
}

export async function signedIn(env: TestEnv, user: TestUser): Promise<Client> {
  const client = new Client(env.app);
  const response = await client.login(user.email, user.password);
  if (response.statusCode !== 200) throw new Error(`login failed for ${user.email}: ${response.body}`);
  return client;
}
