import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { BACKUP_TABLES, NOT_BACKED_UP } from '../../src/cli/backup.ts';
import { systemScope } from '../../src/db/database.ts';
import type { Role, SessionStage } from '../../src/db/schema.ts';
import { createCampaign, createCampaignInput } from '../../src/modules/fugitives/campaigns/campaigns.ts';
import { requestNotice, requestNoticeInput } from '../../src/modules/fugitives/notices/notices.ts';
import { createPerson, createPersonInput } from '../../src/modules/fugitives/persons/persons.ts';
import { addPhoto, addPhotoInput } from '../../src/modules/fugitives/persons/photos.ts';
import { recordStep, recordStepInput } from '../../src/modules/fugitives/returns/steps.ts';
import { legalBasisDemo, seedLegalBasisDemo } from '../../src/modules/legal-basis/demo-data.ts';
import { startJob } from '../../src/modules/platform/jobs/jobs.ts';
import { csrfTokenFor, newSessionToken } from '../../src/modules/platform/auth/session-tokens.ts';
import { scopeOf, type Actor, type Ctx } from '../../src/modules/platform/context.ts';
import { roleMayAttempt } from '../../src/modules/platform/policy.ts';
import { startBatch, startBatchInput } from '../../src/modules/screening/batches/batches.ts';
import { listHits, listHitsQuery } from '../../src/modules/screening/hits/hits.ts';
import { importWatchlist, importWatchlistInput } from '../../src/modules/screening/watchlists/import-watchlist.ts';
import { createWatchlist, createWatchlistInput } from '../../src/modules/screening/watchlists/watchlists.ts';
import type { RegisteredRoute } from '../../src/server/app.ts';
import { ruleFor } from '../../src/server/access.ts';
import { TEST_PASSWORD, buildAgency, buildUser, createTestEnv, type TestAgency, type TestEnv, type TestUser } from '../helpers/harness.ts';
import { runConcord } from '../helpers/concord-command.ts';
import { buildCooperationRecords } from '../helpers/fixtures.ts';

/**
 * Bounded input (docs/security.md): property tests that send text that cannot be stored (NUL, lone UTF-16
 * surrogates), strings far over their field's limit, dates PostgreSQL has not or no calendar has, duplicated ids and
 * contradicting documents to every write route, to every read route's query parameters and to every import path over
 * HTTP and on the command line, and assert a 400 `INVALID_INPUT` naming the field (its JSON Pointer), the line or the
 * JSON path — never a 500 — with nothing written. fast-check runs with a fixed seed and a bounded number of runs, so
 * that `npm test` is repeatable; a failure prints the input that caused it.
 *
 * Every write route needs a base request below (a valid body and a caller allowed to send it); a route added later
 * fails the first test until it has one. Each base request is sent once after its route's mutations, and must
 * succeed (or give its declared refusal), so that a base body that is itself invalid cannot make the test pass.
 */
const SEED = 20_260_105;
/** Random mutations per route, beyond the examples every route gets (each string leaf too long, each date impossible). */
const RUNS_PER_ROUTE = 8;
/** Over every text limit of the API but the file contents', and far under every route's body limit (1 MiB at least). */
const OVERLONG = 25_000;
const SMALLEST_BODY_LIMIT = 1024 * 1024;
const IMPOSSIBLE_DATES = ['0000-01-01', '2024-02-30'] as const;
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'] as const;
/** Keys whose value is a file's text: too long a file is its route's own limit, not a field's, and is not sent here. */
const FILE_KEYS = new Set(['content']);

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface Leaf {
  /** JSON Pointer of the string in the request part. */
  pointer: string;
  value: string;
  file: boolean;
  date: boolean;
}

/** Whether a value under this key (or in this list) is a calendar date. */
const dateKey = (key: string): boolean => /(On|Date|date|Dates|^on)$/.test(key);

const pointerPart = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

function stringLeaves(value: Json, pointer = '', key = ''): Leaf[] {
  if (typeof value === 'string') return [{ pointer, value, file: FILE_KEYS.has(key), date: dateKey(key) }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringLeaves(item, `${pointer}/${String(index)}`, key));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([name, item]) => stringLeaves(item, `${pointer}/${pointerPart(name)}`, name));
  }
  return [];
}

function replaceAt(value: Json, pointer: string, replacement: string): Json {
  const [head, ...rest] = pointer.split('/').slice(1);
  if (head === undefined) return replacement;
  const key = head.replace(/~1/g, '/').replace(/~0/g, '~');
  const inner = rest.length === 0 ? '' : `/${rest.join('/')}`;
  if (Array.isArray(value)) return value.map((item, index) => (String(index) === key ? replaceAt(item, inner, replacement) : item));
  if (value !== null && typeof value === 'object') {
    if (!Object.hasOwn(value, key) && inner === '') return { ...value, [key]: replacement };
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, name === key ? replaceAt(item, inner, replacement) : item]),
    );
  }
  throw new Error(`no ${pointer} in the base request`);
}

/** Percent-encoding of each UTF-16 code unit, a lone surrogate as the three bytes UTF-8 would give it (not valid UTF-8). */
function percentEncode(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const next = text.charCodeAt(index + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(index, index + 2));
      index += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[index]!);
    }
  }
  return out;
}

/** A character inserted at a line and column of the text (both counted from 0), with where it lands (from 1). */
function insertAt(text: string, character: string, lineChoice: number, columnChoice: number) {
  const lines = text.split('\n');
  const line = lineChoice % lines.length;
  const column = columnChoice % (lines[line]!.length + 1);
  const offset = lines.slice(0, line).reduce((sum, part) => sum + part.length + 1, 0) + column;
  return {
    text: text.slice(0, offset) + character + text.slice(offset),
    ...(lines.length > 1 ? { line: line + 1, column: column + 1 } : {}),
  };
}

type Part = 'body' | 'query' | 'params';

/** How fast-check shows a mutation in a failure: without the 25,000 characters. */
const shown = (mutation: Omit<Mutation, typeof fc.toStringMethod>): Mutation => ({
  ...mutation,
  [fc.toStringMethod]: () => `${mutation.what} at ${mutation.part} ${mutation.pointer}`,
});

/** One bad input: where it goes, what replaces the leaf, and where the answer must say the problem is. */
interface Mutation {
  part: Part;
  pointer: string;
  replacement: string;
  what: string;
  expected: { line?: number; column?: number; segment?: number };
  /** The value is unsafe text, refused before any schema: the problem is the first and only one reported. */
  unsafe: boolean;
  [fc.toStringMethod]: () => string;
}

interface Problem {
  path?: string;
  segment?: number;
  line?: number;
  column?: number;
  message?: string;
}
interface ErrorBody {
  code?: string;
  message?: string;
  details?: unknown;
}

/** Whether an answer's problem names the pointer: the field itself, or the list holding it when a list is checked whole. */
const names = (problem: Problem, pointer: string): boolean =>
  problem.path === pointer || (problem.path !== undefined && new RegExp(`^${escapeRegExp(problem.path)}/\\d+$`).test(pointer));
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Caller {
  name: string;
  user: TestUser;
  roles: Role[];
  cookie: string;
  csrf: string;
}

/** A write route's base request: a valid body and a caller allowed to send it. */
interface BaseRequest {
  caller: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: Json;
  /**
   * Pointers of date-named values the route reads as FollowTheMoney dates, keeping what is certain of an impossible
   * one (docs/screening.md): a match query is compared, never stored. Not sent impossible dates.
   */
  lenientDates?: string[];
  /** A POST that only answers a question (the legal-basis check): its base request writes nothing either. */
  writesNothing?: true;
  /** The answer to the base request when it cannot succeed here; it must still be past every schema. */
  refusal?: { status: number; code: string };
}

const routeKey = (route: Pick<RegisteredRoute, 'method' | 'url'>): string => `${route.method} ${route.url}`;
const isWrite = (route: RegisteredRoute): boolean => route.url.startsWith('/api/') && route.method !== 'GET';

const concord = (args: string[], environment: NodeJS.ProcessEnv) => runConcord(args, environment);

const ftmLine = (entity: Record<string, unknown>): string => JSON.stringify(entity);
const interpolNotice = (entityId: string, name: string, extra: Record<string, unknown> = {}) => ({
  entity_id: entityId,
  forename: 'FUZZ',
  name,
  date_of_birth: '1970/01/02',
  nationalities: ['CN'],
  ...extra,
});
const interpolList = (kind: 'red' | 'yellow', notices: unknown[]): string =>
  JSON.stringify(
    {
      total: notices.length,
      query: { page: 1, resultPerPage: 160 },
      _embedded: { notices },
      _links: { self: { href: `https://ws-public.interpol.int/notices/v1/${kind}?page=1` } },
    },
    null,
    2,
  );

describe('bounded input: a located 400 for every bad input, and nothing written', () => {
  let env: TestEnv;
  let agencyA: TestAgency;
  let agencyB: TestAgency;
  const callers = new Map<string, Caller>();
  const fixtures: Record<string, string> = {};
  const bases = new Map<string, BaseRequest>();
  const covered = new Set<string>();

  async function sessionFor(user: TestUser, stage: SessionStage = 'active'): Promise<{ cookie: string; csrf: string }> {
    const { token, hash } = newSessionToken();
    const row = await env.services.db.inScope(systemScope, (trx) =>
      trx
        .insertInto('sessions')
        .values({ agency_id: user.agencyId, user_id: user.id, token_hash: hash, stage, expires_at: new Date(Date.now() + 3_600_000) })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    return { cookie: `concord_session=${token}`, csrf: csrfTokenFor(env.services.secrets.sessionKey, row.id) };
  }

  async function addCaller(name: string, agency: TestAgency, roles: Role[], stage: SessionStage = 'active'): Promise<Caller> {
    const user = await buildUser(env, { agency, roles });
    const caller = { name, user, roles, ...(await sessionFor(user, stage)) };
    callers.set(name, caller);
    return caller;
  }

  const actorOf = (caller: Caller): Actor => ({
    userId: caller.user.id,
    agencyId: caller.user.agencyId,
    roles: caller.roles,
    email: caller.user.email,
    displayName: 'fuzz',
    sessionId: 's',
  });
  const asCaller = <T>(caller: Caller, work: (ctx: Ctx) => Promise<T>): Promise<T> =>
    env.services.db.inScope(scopeOf(actorOf(caller)), (trx) =>
      work({ actor: actorOf(caller), trx, requestId: 'fuzz', now: new Date(), services: env.services }),
    );

  /**
   * Row count and content digest of every table a backup holds (and the two it leaves out), the audit head among
   * them: one query, so that it can be taken around every route. Sessions are counted only (a request moves their
   * last-seen time).
   */
  async function databaseState(): Promise<Record<string, string>> {
    const tables = [...BACKUP_TABLES, ...NOT_BACKED_UP];
    const parts = tables.map((table) =>
      table === 'sessions'
        ? sql`select ${table}::text as name, count(*)::text as state from ${sql.table(table)}`
        : sql`select ${table}::text as name, count(*)::text || ' ' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as state from ${sql.table(table)} as t`,
    );
    const result = await sql<{ name: string; state: string }>`${sql.join(parts, sql` union all `)}`.execute(env.services.db.unsafeOwner);
    return Object.fromEntries(result.rows.map((row) => [row.name, row.state]));
  }

  async function send(
    route: RegisteredRoute,
    base: BaseRequest,
    mutation?: Mutation,
  ): Promise<{ response: LightMyRequestResponse; payloadSize: number }> {
    const caller = callers.get(base.caller);
    if (!caller) throw new Error(`${routeKey(route)}: no caller named ${base.caller}`);
    const params = { ...(base.params ?? {}) };
    const query = { ...(base.query ?? {}) };
    let body = base.body;
    if (mutation?.part === 'params') params[mutation.pointer.slice(1)] = mutation.replacement;
    if (mutation?.part === 'query') query[mutation.pointer.slice(1)] = mutation.replacement;
    if (mutation?.part === 'body') body = replaceAt(body ?? {}, mutation.pointer, mutation.replacement);
    const url =
      route.url.replace(/:([a-zA-Z]+)/g, (_match, name: string) => {
        const value = params[name];
        if (value === undefined) throw new Error(`${routeKey(route)}: the base request gives no value for :${name}`);
        return percentEncode(value);
      }) +
      (Object.keys(query).length === 0
        ? ''
        : `?${Object.entries(query)
            .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
            .join('&')}`);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const response = await env.app.inject({
      method: route.method as 'POST',
      url,
      headers: {
        ...(route.access.kind === 'public' ? {} : { cookie: caller.cookie, 'x-csrf-token': caller.csrf }),
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload }),
    });
    return { response, payloadSize: Buffer.byteLength(payload ?? '') };
  }

  /** The located 400 a mutation must get: the field's pointer (and line and column inside a file), never a 500. */
  function assertLocated(label: string, response: LightMyRequestResponse, payloadSize: number, mutation: Mutation): void {
    const where = `${label}: ${mutation.what} at ${mutation.part} ${mutation.pointer} → ${String(response.statusCode)} ${response.body.slice(0, 400)}`;
    assert.ok(payloadSize < SMALLEST_BODY_LIMIT, `${where}: the test sent a body over the smallest body limit`);
    assert.equal(response.statusCode, 400, where);
    const answer = response.json<ErrorBody>();
    assert.equal(answer.code, 'INVALID_INPUT', where);
    assert.ok(Array.isArray(answer.details) && answer.details.length > 0, `${where}: the answer names no field`);
    const problems = answer.details as Problem[];
    if (mutation.expected.segment !== undefined) {
      // A path the router cannot read (not UTF-8, a parameter over its length) is refused before routing, by segment.
      assert.equal(problems.length, 1, where);
      assert.equal(problems[0]!.segment, mutation.expected.segment, where);
      assert.match(answer.message ?? '', /request's path /, where);
    } else if (mutation.unsafe) {
      // Refused before any schema: the one unsafe character is the whole answer, in the part it was sent in.
      assert.equal(problems.length, 1, where);
      assert.equal(problems[0]!.path, mutation.pointer, where);
      assert.match(answer.message ?? '', new RegExp(`request's ${mutation.part} `), where);
      assert.equal(problems[0]!.line, mutation.expected.line, where);
      assert.equal(problems[0]!.column, mutation.expected.column, where);
    } else {
      assert.ok(
        problems.some((problem) => names(problem, mutation.pointer)),
        where,
      );
    }
  }

  function mutationsOf(route: RegisteredRoute, base: BaseRequest): { random: fc.Arbitrary<Mutation>; examples: Mutation[] } {
    const segmentOf = (name: string): number => route.url.split('/').slice(1).indexOf(`:${name}`) + 1;
    const bodyLeaves = base.body === undefined ? [] : stringLeaves(base.body);
    const queryLeaves = Object.entries(base.query ?? {}).map(([name, value]) => ({ part: 'query' as const, pointer: `/${name}`, value }));
    const paramLeaves = Object.entries(base.params ?? {}).map(([name, value]) => ({ part: 'params' as const, pointer: `/${name}`, value }));
    // A field the route does not know is checked too: the hook reads the whole body, whatever the schema keeps.
    const extra = { part: 'body' as const, pointer: '/fuzzExtra', value: 'extra', file: false, date: false };
    const unsafeTargets = [
      ...bodyLeaves.map((leaf) => ({ ...leaf, part: 'body' as const })),
      ...(base.body === undefined || (typeof base.body === 'object' && base.body !== null && !Array.isArray(base.body)) ? [extra] : []),
      ...queryLeaves,
      ...paramLeaves,
    ];
    const random = fc
      .record({
        target: fc.constantFrom(...unsafeTargets),
        character: fc.constantFrom('\u0000', ...LONE_SURROGATES),
        line: fc.nat(),
        column: fc.nat(),
      })
      .map(({ target, character, line, column }): Mutation => {
        const inserted = insertAt(target.value, character, line, column);
        // A lone surrogate has no UTF-8 form: in a path it arrives as bytes that are not text, refused by segment.
        const unreadablePath = target.part === 'params' && character !== '\u0000';
        return shown({
          part: target.part,
          pointer: target.pointer,
          replacement: inserted.text,
          what: character === '\u0000' ? 'NUL' : `lone surrogate U+${character.charCodeAt(0).toString(16).toUpperCase()}`,
          expected: unreadablePath
            ? { segment: segmentOf(target.pointer.slice(1)) }
            : { ...(inserted.line === undefined ? {} : { line: inserted.line, column: inserted.column }) },
          unsafe: true,
        });
      });
    const examples: Mutation[] = [
      ...bodyLeaves
        .filter((leaf) => !leaf.file)
        .map((leaf): Mutation =>
          shown({
            part: 'body',
            pointer: leaf.pointer,
            replacement: 'x'.repeat(OVERLONG),
            what: `${String(OVERLONG)} characters`,
            expected: {},
            unsafe: false,
          }),
        ),
      ...paramLeaves.map((leaf): Mutation =>
        shown({
          part: 'params',
          pointer: leaf.pointer,
          replacement: 'x'.repeat(OVERLONG),
          what: `${String(OVERLONG)} characters`,
          expected: { segment: segmentOf(leaf.pointer.slice(1)) },
          unsafe: false,
        }),
      ),
      ...bodyLeaves
        .filter((leaf) => leaf.date && !(base.lenientDates ?? []).includes(leaf.pointer))
        .flatMap((leaf) =>
          IMPOSSIBLE_DATES.map((date): Mutation =>
            shown({ part: 'body', pointer: leaf.pointer, replacement: date, what: `date ${date}`, expected: {}, unsafe: false }),
          ),
        ),
    ];
    return { random, examples };
  }

  /** Sends a route's mutations (fast-check: the examples, then random ones), then its base request once. */
  async function fuzzRoute(route: RegisteredRoute): Promise<number> {
    const key = routeKey(route);
    const base = bases.get(key);
    assert.ok(base, `${key} has no base request in test/integration/input-fuzz.test.ts: add one, with a caller allowed to send it`);
    const caller = callers.get(base.caller)!;
    const rule = ruleFor(route.access);
    if (rule) assert.ok(roleMayAttempt(rule, caller.roles), `${key}: ${base.caller} may not call it; choose another caller`);
    const { random, examples } = mutationsOf(route, base);
    const before = await databaseState();
    let runs = 0;
    const property = fc.asyncProperty(random, async (mutation) => {
      runs += 1;
      const { response, payloadSize } = await send(route, base, mutation);
      assertLocated(key, response, payloadSize, mutation);
    });
    // fast-check counts the examples among its runs: the random ones come after all of them.
    await fc.assert(property, {
      seed: SEED,
      numRuns: examples.length + RUNS_PER_ROUTE,
      examples: examples.map((mutation) => [mutation]),
    });
    assert.deepEqual(await databaseState(), before, `${key}: a refused request wrote something`);

    const { response } = await send(route, base);
    await env.services.jobs.idle();
    const label = `${key}, base request: ${String(response.statusCode)} ${response.body.slice(0, 400)}`;
    if (base.refusal) {
      assert.equal(response.statusCode, base.refusal.status, label);
      assert.equal(response.json<ErrorBody>().code, base.refusal.code, label);
    } else {
      assert.ok(response.statusCode >= 200 && response.statusCode < 300, label);
      // The state above sees what a request writes: a base request that succeeds changes it.
      if (!base.writesNothing) assert.notDeepEqual(await databaseState(), before, `${label}: the database state did not change`);
    }
    covered.add(key);
    return runs;
  }

  async function fuzzRoutes(t: TestContext, select: (route: RegisteredRoute) => boolean): Promise<void> {
    const routes = env.app.concordRoutes.filter((route) => isWrite(route) && select(route));
    assert.ok(routes.length > 0);
    let requests = 0;
    for (const route of routes) requests += await fuzzRoute(route);
    t.diagnostic(`${String(routes.length)} routes, ${String(requests)} refused requests`);
  }

  before(async () => {
    // Sign-in and the MFA step are rate limited per minute; this file sends them far more than a person would.
    env = await createTestEnv({ CONCORD_LOGIN_RATE_PER_MINUTE: '10000' });
    agencyA = await buildAgency(env, { state: 'MY' });
    agencyB = await buildAgency(env, { state: 'SG' });
    const platformAgency = await buildAgency(env, { state: 'ID' });
    await addCaller('platform_admin', platformAgency, ['platform_admin']);
    for (const role of ['investigator', 'liaison_officer', 'legal_officer', 'agency_admin'] as const)
      await addCaller(role, agencyA, [role]);
    // Callers whose own account the base request changes: each its own user, so that no other caller's session ends.
    await addCaller('anonymous', agencyA, ['viewer']);
    await addCaller('mfa_pending', agencyA, ['analyst'], 'mfa_pending');
    await addCaller('signing_out', agencyA, ['analyst']);
    await addCaller('password_changer', agencyA, ['analyst']);
    await addCaller('locale_changer', agencyA, ['analyst']);
    await addCaller('mfa_enroller', agencyA, ['analyst']);
    await addCaller('mfa_confirmer', agencyA, ['analyst']);
    await addCaller('mfa_disabler', agencyA, ['analyst']);
    const victim = await buildUser(env, { agency: agencyA, roles: ['viewer'] });
    const liaison = callers.get('liaison_officer')!;
    const investigator = callers.get('investigator')!;
    const admin = callers.get('agency_admin')!;

    // A job of agency A for the cancel route.
    env.services.jobs.register('test.fuzz', () => Promise.resolve({ ok: true }));
    const job = await asCaller(admin, (ctx) => startJob(ctx, { type: 'test.fuzz' }));
    await env.services.jobs.idle();

    const place = { city: 'Kuala Lumpur', country: 'MY' };
    const cooperation = await asCaller(liaison, (ctx) => buildCooperationRecords(ctx, { label: 'Fuzz', recipientAgencyId: agencyB.id }));

    const csv = 'id,full_name,date_of_birth,nationality\nw-1,Fuzz Person,1970-01-02,MY\nw-2,Other Person,1980,SG\n';
    const watchlist = await asCaller(investigator, async (ctx) => {
      const created = await createWatchlist(ctx, createWatchlistInput.parse({ name: 'Fuzz watchlist' }));
      await importWatchlist(ctx, created.id, importWatchlistInput.parse({ format: 'csv', content: csv }));
      return created;
    });
    const entry = await env.services.db.unsafeOwner
      .selectFrom('screening_entries')
      .select('id')
      .where('watchlist_id', '=', watchlist.id)
      .executeTakeFirstOrThrow();
    const { batch } = await asCaller(investigator, (ctx) =>
      startBatch(ctx, startBatchInput.parse({ fileName: 'fuzz.csv', content: csv, watchlistIds: [watchlist.id] })),
    );
    await env.services.jobs.idle();
    const hits = await asCaller(investigator, (ctx) => listHits(ctx, listHitsQuery.parse({ batchId: batch.id })));
    assert.ok(hits.items[0], 'the fixture batch has a hit');

    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('fuzz')]).toString('base64');
    const records = await asCaller(investigator, async (ctx) => {
      const person = await createPerson(ctx, createPersonInput.parse({ names: ['Fuzz Fugitive'], fledOn: '2019-01-01' }));
      const notice = await requestNotice(
        ctx,
        person.id,
        requestNoticeInput.parse({ kind: 'diffusion', targetStates: ['TH'], requestedOn: '2019-02-01' }),
      );
      const campaign = await createCampaign(ctx, createCampaignInput.parse({ name: 'Fuzz campaign', fugitiveIds: [person.id] }));
      await addPhoto(ctx, person.id, addPhotoInput.parse({ mediaType: 'image/png', content: png }));
      // The step to retract belongs to a second person, whose steps no other base request adds to.
      const returned = await createPerson(ctx, createPersonInput.parse({ names: ['Fuzz Returned'], fledOn: '2019-01-01' }));
      const step = await recordStep(ctx, returned.id, recordStepInput.parse({ kind: 'located', on: '2019-03-01', state: 'TH' }));
      return { person, returned, notice, campaign, step };
    });

    await seedLegalBasisDemo(env.services.db);
    const uncac = legalBasisDemo.instruments.find((instrument) => instrument.kind === 'multilateral_convention')!;
    const declaration = await env.services.db.unsafeOwner.selectFrom('legal_declarations').select('id').limit(1).executeTakeFirstOrThrow();

    fixtures.watchlist = watchlist.id;

    const id = (value: string) => ({ id: value });
    const add = (key: string, base: BaseRequest) => bases.set(key, base);
    const personBody = {
      names: ['Fuzz Wanted', 'Fuzz Alias Name'],
      aliases: ['F. Wanted'],
      birthDates: ['1962', '1962-03-15'],
      nationalities: ['CN'],
      gender: 'male',
      identifiers: [{ type: 'passport', number: 'G1234567', country: 'CN' }],
      offences: ['bribery'],
      amount: { value: '1000.00', currency: 'CNY' },
      conversion: { rate: '0.1468', rateOn: '2020-01-01', currency: 'USD' },
      caseReferences: ['CASE-2019-1'],
      fledOn: '2019-01-01',
      fledFrom: 'CN',
    };
    const instrumentBody = {
      kind: 'mla_treaty',
      title: 'Fuzz Treaty on Mutual Legal Assistance',
      shortTitle: 'Fuzz MLA',
      parties: ['TH', 'MY'],
      coverage: ['mla_evidence_statements'],
      offences: { mode: 'all' },
      conditions: {
        dualCriminality: 'required',
        nationals: 'allowed',
        politicalOffenceException: true,
        deathPenaltyAssurance: false,
        speciality: true,
        offencesNotPoliticalArticle: 'Art. 3',
      },
      languages: ['en', 'th'],
      centralAuthority: 'Office of the Attorney General',
      articles: { mla_evidence_statements: 'Art. 1' },
      textReference: 'Fuzz treaty series 1',
      statusHistory: [{ status: 'signed', date: '2020-01-01', note: 'Signed in Bangkok' }],
    };
    const stateBody = {
      name: 'Thailand',
      nameZh: '泰国',
      languages: ['th'],
      notes: 'Fuzz notes',
      authorities: [{ kind: 'central_mla', name: 'Office of the Attorney General', contact: 'oag@example.test' }],
    };
    const matchBody = {
      queries: { q: { schema: 'Person', properties: { name: ['Fuzz Person'], birthDate: ['1970'], nationality: 'MY' } } },
    };
    const interpolBody = {
      documents: [
        {
          fileName: 'fuzz-yellow.json',
          content: interpolList('yellow', [interpolNotice('2099/88801', 'BASE')]),
          fetchedAt: '2026-01-05T08:00:00.000Z',
        },
      ],
    };

    add('POST /api/auth/login', { caller: 'anonymous', body: { email: callers.get('anonymous')!.user.email, password: TEST_PASSWORD } });
    add('POST /api/auth/mfa', {
      caller: 'mfa_pending',
      body: { recoveryCode: 'abcd-ef01-2345-6789' },
      refusal: { status: 401, code: 'INVALID_MFA_CODE' },
    });
    add('POST /api/auth/logout', { caller: 'signing_out' });
    add('POST /api/me/password', {
      caller: 'password_changer',
      body: { currentPassword: TEST_PASSWORD, newPassword: 'a new long password 42' },
    });
    add('POST /api/me/locale', { caller: 'locale_changer', body: { locale: 'zh-CN' } });
    add('POST /api/me/mfa/setup', { caller: 'mfa_enroller' });
    add('POST /api/me/mfa/confirm', { caller: 'mfa_confirmer', body: { code: '123456' }, refusal: { status: 409, code: 'CONFLICT' } });
    add('POST /api/me/mfa/disable', { caller: 'mfa_disabler', body: { password: TEST_PASSWORD } });
    add('POST /api/agencies', { caller: 'platform_admin', body: { name: 'Fuzz Agency', shortName: 'FUZZ', state: 'TH' } });
    add('PATCH /api/agencies/:id', {
      caller: 'platform_admin',
      params: id(agencyB.id),
      body: { name: 'Renamed Agency', shortName: 'RNM' },
    });
    add('POST /api/users', {
      caller: 'agency_admin',
      body: { email: 'fuzz.user@fuzz.test', displayName: 'Fuzz User', roles: ['viewer'], password: 'a long password 123' },
    });
    add('PATCH /api/users/:id', {
      caller: 'agency_admin',
      params: id(victim.id),
      body: { displayName: 'Renamed User', roles: ['analyst'] },
    });
    add('POST /api/audit/verify', { caller: 'platform_admin' });
    // The job has finished: its object rule refuses the cancellation, after every check of the request.
    add('POST /api/jobs/:id/cancel', { caller: 'agency_admin', params: id(job.id), refusal: { status: 403, code: 'FORBIDDEN' } });
    add('PATCH /api/settings', { caller: 'platform_admin', body: { mfaRequired: false } });

    const eventBody = { kind: 'workshop', title: 'Fuzz seminar', place, startsOn: '2025-04-01', endsOn: '2025-04-02', outcomes: 'Notes' };
    add('POST /api/cooperation/events', { caller: 'liaison_officer', body: eventBody });
    add('PATCH /api/cooperation/events/:id', { caller: 'liaison_officer', params: id(cooperation.event.id), body: eventBody });
    const programmeBody = { title: 'Fuzz training', topics: ['asset_recovery'], hostState: 'MY', year: 2025, description: 'About it' };
    add('POST /api/cooperation/trainings', { caller: 'liaison_officer', body: programmeBody });
    add('PATCH /api/cooperation/trainings/:id', { caller: 'liaison_officer', params: id(cooperation.programme.id), body: programmeBody });
    add('POST /api/cooperation/training-sessions', {
      caller: 'liaison_officer',
      body: {
        programmeId: cooperation.programme.id,
        startsOn: '2025-05-01',
        endsOn: '2025-05-02',
        place,
        hours: '6',
        participation: [{ state: 'VN', participants: 3, hours: '5.5' }],
      },
    });
    add('PATCH /api/cooperation/training-sessions/:id', {
      caller: 'liaison_officer',
      params: id(cooperation.session.id),
      body: { startsOn: '2025-03-10', endsOn: '2025-03-12', place, hours: '7' },
    });
    add('POST /api/cooperation/training-participation', {
      caller: 'liaison_officer',
      body: { sessionId: cooperation.session.id, state: 'LA', participants: 4, hours: '3' },
    });
    add('PATCH /api/cooperation/training-participation/:id', {
      caller: 'liaison_officer',
      params: id(cooperation.session.participation[0]!.id),
      body: { participants: 5, hours: '4.5' },
    });
    const supportBody = { kind: 'equipment', description: 'Fuzz laptops', value: '1200.50', currency: 'USD', deliveredOn: '2025-02-01' };
    add('POST /api/cooperation/technical-support', { caller: 'liaison_officer', body: { ...supportBody, recipientAgencyId: agencyB.id } });
    add('PATCH /api/cooperation/technical-support/:id', {
      caller: 'liaison_officer',
      params: id(cooperation.support.id),
      body: supportBody,
    });
    const operationBody = { name: 'Fuzz sweep', objectives: 'Find them', startsOn: '2025-01-01', endsOn: '2025-06-30' };
    add('POST /api/cooperation/joint-operations', { caller: 'liaison_officer', body: operationBody });
    add('PATCH /api/cooperation/joint-operations/:id', {
      caller: 'liaison_officer',
      params: id(cooperation.operation.id),
      body: operationBody,
    });

    add('POST /api/legal-basis/check', {
      caller: 'legal_officer',
      writesNothing: true,
      body: {
        requestingState: 'CN',
        requestedState: 'TH',
        cooperation: 'extradition',
        offences: [{ category: 'bribery_foreign_official', maxPenaltyYears: 10 }],
        personNationality: 'CN',
        date: '2025-01-01',
      },
    });
    add('PUT /api/legal-basis/states/:code', { caller: 'legal_officer', params: { code: 'TH' }, body: stateBody });
    add('POST /api/legal-basis/instruments', { caller: 'legal_officer', body: instrumentBody });
    add('PATCH /api/legal-basis/instruments/:id', {
      caller: 'legal_officer',
      params: id(uncac.id),
      body: { title: 'United Nations Convention against Corruption', shortTitle: 'UNCAC', textReference: 'A/RES/58/4' },
    });
    add('POST /api/legal-basis/instruments/:id/status', {
      caller: 'legal_officer',
      params: id(uncac.id),
      body: { status: 'suspended', date: '2030-01-01', note: 'Fuzz note' },
    });
    add('PUT /api/legal-basis/declarations', {
      caller: 'legal_officer',
      body: { instrumentId: uncac.id, state: 'TH', kind: 'reservation', article: 'Art. 66(2)', value: 'Not bound', text: 'Fuzz text' },
    });
    add('DELETE /api/legal-basis/declarations/:id', { caller: 'legal_officer', params: id(declaration.id) });
    add('POST /api/legal-basis/import', {
      caller: 'legal_officer',
      body: {
        format: 'concord-legal-basis',
        formatVersion: 1,
        exportedAt: '2026-01-05T08:00:00.000Z',
        states: [{ code: 'TH', ...stateBody }],
        instruments: [{ id: crypto.randomUUID(), ...instrumentBody }],
        declarations: [
          { instrumentId: uncac.id, state: 'MY', kind: 'accepted_languages', article: 'Art. 46(14)', value: ['en', 'ms'], text: null },
        ],
      },
    });

    const lenientDates = ['/queries/q/properties/birthDate/0'];
    add('POST /api/screening/match', { caller: 'investigator', query: { limit: '5', threshold: '0.7' }, body: matchBody, lenientDates });
    add('POST /api/screening/match/:watchlistId', {
      caller: 'investigator',
      lenientDates,
      params: { watchlistId: watchlist.id },
      query: { cutoff: '0.5' },
      body: matchBody,
    });
    add('POST /api/screening/watchlists', { caller: 'investigator', body: { name: 'Fuzz list', description: 'Made by the fuzz test' } });
    add('POST /api/screening/watchlists/:id/import', {
      caller: 'investigator',
      params: id(watchlist.id),
      body: { format: 'csv', content: `${csv}w-3,Third Person,1990-12-31,TH\n`, mode: 'merge' },
    });
    add('DELETE /api/screening/watchlists/:id/entries/:entryId', {
      caller: 'investigator',
      params: { id: watchlist.id, entryId: entry.id },
    });
    add('POST /api/screening/batches', {
      caller: 'investigator',
      body: {
        fileName: 'people.csv',
        content: 'full_name,date_of_birth\nFuzz Person,1970\nNobody Known,1990\n',
        watchlistIds: [watchlist.id],
      },
    });
    add('POST /api/screening/hits/:id/decision', {
      caller: 'investigator',
      params: id(hits.items[0].id),
      body: { decision: 'dismissed', reason: 'Not the same person' },
    });

    add('POST /api/fugitives', { caller: 'investigator', body: personBody });
    add('PATCH /api/fugitives/:id', {
      caller: 'investigator',
      params: id(records.person.id),
      body: { ...personBody, fledOn: '2018-12-01' },
    });
    add('POST /api/fugitives/campaigns', {
      caller: 'investigator',
      body: { name: 'Fuzz hunt', description: 'Sky net', fugitiveIds: [records.person.id] },
    });
    add('POST /api/fugitives/campaigns/:id/members', {
      caller: 'investigator',
      params: id(records.campaign.id),
      body: { fugitiveIds: [records.person.id] },
    });
    add('POST /api/fugitives/:id/notes', {
      caller: 'investigator',
      params: id(records.person.id),
      body: { body: 'A note\nover two lines' },
    });
    add('POST /api/fugitives/:id/photos', {
      caller: 'investigator',
      params: id(records.person.id),
      body: {
        mediaType: 'image/png',
        content: Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('other')]).toString('base64'),
      },
    });
    add('POST /api/fugitives/:id/notices', {
      caller: 'investigator',
      params: id(records.person.id),
      body: { kind: 'diffusion', targetStates: ['VN'], reference: 'DIF-1', requestedOn: '2020-01-01', note: 'Fuzz' },
    });
    add('POST /api/fugitives/:id/notices/:noticeId/status', {
      caller: 'investigator',
      params: { id: records.person.id, noticeId: records.notice.id },
      body: { status: 'published', on: '2019-02-02', reference: 'A-1/2019', note: 'Published' },
    });
    add('POST /api/fugitives/:id/sightings', {
      caller: 'investigator',
      params: id(records.person.id),
      body: { state: 'TH', city: 'Bangkok', seenOn: '2019-04-01', source: 'immigration record', confidence: 'medium', note: 'Seen' },
    });
    add('POST /api/fugitives/:id/steps', {
      caller: 'investigator',
      params: id(records.person.id),
      body: { kind: 'located', on: '2019-05-01', state: 'TH', city: 'Bangkok', note: 'Found' },
    });
    add('POST /api/fugitives/:id/steps/:stepId/retract', {
      caller: 'investigator',
      params: { id: records.returned.id, stepId: records.step.id },
      body: { reason: 'Recorded in error' },
    });
    add('POST /api/fugitives/import', {
      caller: 'investigator',
      body: {
        content: [
          ftmLine({ id: 'fz-1', schema: 'Person', properties: { name: ['Fuzz Import'], birthDate: ['1971'], nationality: ['cn'] } }),
          ftmLine({ id: 'fz-2', schema: 'Person', properties: { name: ['Second Import'], gender: ['female'] } }),
        ].join('\n'),
      },
    });
    add('POST /api/fugitives/interpol/import', { caller: 'investigator', body: interpolBody });
  });
  after(() => env.close());

  it('every write route has a base request here, and a caller its rules allow', () => {
    const missing = env.app.concordRoutes.filter((route) => isWrite(route) && !bases.has(routeKey(route))).map(routeKey);
    assert.deepEqual(missing, [], 'add a base request for each of these routes to test/integration/input-fuzz.test.ts');
    const stale = [...bases.keys()].filter((key) => !env.app.concordRoutes.some((route) => routeKey(route) === key));
    assert.deepEqual(stale, [], 'base requests for routes that do not exist');
  });

  it('sign-in (unauthenticated), the MFA step and your own account', (t) =>
    fuzzRoutes(t, (route) => /^\/api\/(auth|me)\//.test(route.url)));
  it('agencies, users, audit, jobs and settings', (t) =>
    fuzzRoutes(t, (route) => /^\/api\/(agencies|users|audit|jobs|settings)\b/.test(route.url)));
  it('cooperation records', (t) => fuzzRoutes(t, (route) => route.url.startsWith('/api/cooperation/')));
  it('the legal-basis registry', (t) => fuzzRoutes(t, (route) => route.url.startsWith('/api/legal-basis/')));
  it('screening: matching, watchlists, batches, hits', (t) => fuzzRoutes(t, (route) => route.url.startsWith('/api/screening/')));
  it('wanted persons, notices, returns, campaigns and their imports', (t) =>
    fuzzRoutes(t, (route) => route.url.startsWith('/api/fugitives')));

  it('every write route was fuzzed', () => {
    const routes = env.app.concordRoutes.filter(isWrite).map(routeKey);
    assert.deepEqual(
      routes.filter((key) => !covered.has(key)),
      [],
    );
  });

  it('read routes refuse NUL, lone surrogates and overlong text in every query parameter, by name', async (t) => {
    interface QueryParameter {
      in: string;
      name: string;
      schema?: { type?: string; enum?: string[]; format?: string; pattern?: string; maxLength?: number };
    }
    const document = env.app.swagger() as { paths: Record<string, { get?: { parameters?: QueryParameter[] } } | undefined> };
    const readers = ['investigator', 'liaison_officer', 'legal_officer', 'agency_admin', 'platform_admin'].map((name) =>
      callers.get(name)!,
    );
    const pathValues: Record<string, string> = { 'GET /api/screening/watchlists/:id/entries :id': fixtures.watchlist! };
    const sample = (parameter: QueryParameter): string => {
      const schema = parameter.schema ?? {};
      if (schema.enum?.[0] !== undefined) return schema.enum[0];
      if (schema.type === 'integer' || schema.type === 'number') return '5';
      if (schema.format === 'uuid') return crypto.randomUUID();
      if (schema.format === 'date') return '2025-01-01';
      if (schema.pattern === '^[A-Z]{2}$') return 'TH';
      return 'fuzz';
    };
    const freeText = (parameter: QueryParameter): boolean =>
      parameter.schema?.type === 'string' && !parameter.schema.enum && !parameter.schema.format && !parameter.schema.pattern;
    const before = await databaseState();
    let routes = 0;
    let requests = 0;
    for (const route of env.app.concordRoutes.filter((candidate) => candidate.method === 'GET' && !candidate.url.startsWith('/api/docs'))) {
      const parameters = (document.paths[route.url.replace(/:([a-zA-Z]+)/g, '{$1}')]?.get?.parameters ?? []).filter(
        (parameter) => parameter.in === 'query',
      );
      if (parameters.length === 0) continue;
      routes += 1;
      const key = routeKey(route);
      const rule = ruleFor(route.access);
      const caller = readers.find((candidate) => !rule || roleMayAttempt(rule, candidate.roles));
      assert.ok(caller, `${key}: no caller of this test may read it`);
      const url = route.url.replace(/:([a-zA-Z]+)/g, (_match, name: string) => {
        const value = pathValues[`${key} :${name}`];
        if (value === undefined) throw new Error(`${key}: give a value for :${name} in this test`);
        return value;
      });
      interface QueryMutation {
        parameter: QueryParameter;
        value: string;
        what: string;
        unsafe: boolean;
        [fc.toStringMethod]: () => string;
      }
      const mutation = (parameter: QueryParameter, value: string, what: string, unsafe: boolean): QueryMutation => ({
        parameter,
        value,
        what,
        unsafe,
        [fc.toStringMethod]: () => `${what} in ${parameter.name}`,
      });
      const random = fc
        .record({ parameter: fc.constantFrom(...parameters), character: fc.constantFrom('\u0000', ...LONE_SURROGATES), at: fc.nat() })
        .map(({ parameter, character, at }) => {
          const value = sample(parameter);
          const offset = at % (value.length + 1);
          return mutation(
            parameter,
            value.slice(0, offset) + character + value.slice(offset),
            character === '\u0000' ? 'NUL' : 'a lone surrogate',
            true,
          );
        });
      const examples = parameters.flatMap((parameter) => [
        [mutation(parameter, `\u0000${sample(parameter)}`, 'NUL', true)],
        [mutation(parameter, `${sample(parameter)}\ud800`, 'a lone surrogate', true)],
        ...(freeText(parameter) ? [[mutation(parameter, 'x'.repeat(OVERLONG), `${String(OVERLONG)} characters`, false)]] : []),
      ]);
      await fc.assert(
        fc.asyncProperty(random, async ({ parameter, value, what, unsafe }) => {
          requests += 1;
          const response = await env.app.inject({
            method: 'GET',
            url: `${url}?${percentEncode(parameter.name)}=${percentEncode(value)}`,
            headers: { cookie: caller.cookie },
          });
          const where = `${key}: ${what} in ${parameter.name} → ${String(response.statusCode)} ${response.body.slice(0, 300)}`;
          assert.equal(response.statusCode, 400, where);
          const answer = response.json<ErrorBody>();
          assert.equal(answer.code, 'INVALID_INPUT', where);
          const problems = answer.details as Problem[];
          if (unsafe) {
            assert.deepEqual(
              problems.map((problem) => problem.path),
              [`/${parameter.name}`],
              where,
            );
            assert.match(answer.message ?? '', /request's query /, where);
          } else {
            assert.ok(
              problems.some((problem) => problem.path === `/${parameter.name}`),
              where,
            );
          }
        }),
        { seed: SEED, numRuns: examples.length + RUNS_PER_ROUTE, examples },
      );
    }
    assert.ok(routes >= 10, `only ${String(routes)} read routes with a query were found`);
    assert.deepEqual(await databaseState(), before, 'a refused read wrote something');
    t.diagnostic(`${String(routes)} read routes, ${String(requests)} requests`);
  });

  /** Sends one refused import and checks that it is a 400 INVALID_INPUT and that nothing was written; returns the answer. */
  async function refusedImport(callerName: string, url: string, body: Json, label: string): Promise<ErrorBody> {
    const caller = callers.get(callerName)!;
    const before = await databaseState();
    const response = await env.app.inject({
      method: 'POST',
      url,
      headers: { cookie: caller.cookie, 'x-csrf-token': caller.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    const where = `${label}: ${String(response.statusCode)} ${response.body.slice(0, 600)}`;
    assert.equal(response.statusCode, 400, where);
    const answer = response.json<ErrorBody>();
    assert.equal(answer.code, 'INVALID_INPUT', where);
    assert.deepEqual(await databaseState(), before, `${label}: something was written`);
    return answer;
  }

  /** A file of `count` good lines with one bad line: its text, the line the problem must be reported on, and how. */
  interface BadFile {
    text: string;
    line: number;
    message: RegExp;
    what: string;
    [fc.toStringMethod]: () => string;
  }
  const badFile = (lines: string[], index: number, bad: string, firstLine: number, message: RegExp, what: string): BadFile => {
    const text = [...lines.slice(0, index), bad, ...lines.slice(index + 1)].join('\n');
    return { text, line: firstLine + index, message, what, [fc.toStringMethod]: () => `${what} on line ${String(firstLine + index)}` };
  };

  /**
   * Bad files of every kind — one example of each, in a file of three lines or items, run first — then random ones
   * (how many lines, which one is bad, and how).
   */
  function everyKind<K extends string, F>(kinds: readonly [K, ...K[]], make: (rows: number, pick: number, kind: K) => F) {
    return {
      arbitrary: fc
        .record({ rows: fc.integer({ min: 2, max: 6 }), pick: fc.nat(), kind: fc.constantFrom(...kinds) })
        .map(({ rows, pick, kind }) => make(rows, pick, kind)),
      examples: kinds.map((kind): [F] => [make(3, 1, kind)]),
    };
  }
  const runsOf = (files: { examples: unknown[] }, random: number) => ({ seed: SEED, numRuns: files.examples.length + random });

  /** CSV of people, as watchlists and batches take it: a header, then one row per line. */
  const csvFiles = everyKind(['overlong', 'duplicate', 'year'] as const, (rows, pick, kind) => {
    const row = (index: number, name = `Person Number ${String(index + 1)}`, date = '1970-01-02', id = `fz-${String(index + 1)}`) =>
      `${id},${name},${date},MY`;
    const lines = Array.from({ length: rows }, (_, index) => row(index));
    // A duplicate needs an earlier row: it goes on the second row or later.
    const index = kind === 'duplicate' ? 1 + (pick % (rows - 1)) : pick % rows;
    const file = (bad: string, message: RegExp, what: string) => {
      const made = badFile(lines, index, bad, 2, message, what);
      return { ...made, text: `id,full_name,date_of_birth,nationality\n${made.text}\n` };
    };
    if (kind === 'overlong')
      return file(row(index, 'x'.repeat(1001)), /full_name is longer than 1000 characters/, 'a name of 1,001 characters');
    if (kind === 'duplicate')
      return file(row(index, 'Someone Else', '1980', 'fz-1'), /id "fz-1" appears again \(first on line 2\)/, 'a repeated id');
    return file(row(index, 'Early Person', '0000-01-01'), /date_of_birth "0000-01-01" is not a date/, 'year 0000');
  });

  /** FollowTheMoney JSON lines of watchlist entries. */
  const ftmWatchlistFiles = everyKind(['nul', 'surrogate', 'overlong', 'duplicate', 'year'] as const, (rows, pick, kind) => {
    const entity = (index: number, name = `Entry ${String(index + 1)}`, birthDate = '1970', id = `fw-${String(index + 1)}`) =>
      ftmLine({ id, schema: 'Person', properties: { name: [name], birthDate: [birthDate] } });
    const lines = Array.from({ length: rows }, (_, index) => entity(index));
    const index = kind === 'duplicate' ? 1 + (pick % (rows - 1)) : pick % rows;
    const file = (bad: string, message: RegExp, what: string) => badFile(lines, index, bad, 1, message, what);
    switch (kind) {
      case 'nul':
        return file(entity(index, 'Nul\u0000Name'), /properties\.name\.0 contains a NUL character/, 'a \\u0000 escape');
      case 'surrogate':
        return file(entity(index, 'Half\ud800'), /properties\.name\.0 contains a lone UTF-16 surrogate/, 'a \\ud800 escape');
      case 'overlong':
        return file(
          entity(index, 'x'.repeat(1001)),
          /properties\.name has a value longer than 1000 characters/,
          'a value of 1,001 characters',
        );
      case 'duplicate':
        return file(entity(index, 'Someone', '1980', 'fw-1'), /id "fw-1" appears again \(first on line 1\)/, 'a repeated id');
      case 'year':
        return file(entity(index, 'Early', '0000'), /properties\.birthDate "0000" is not a date/, 'year 0000');
    }
  });

  const problemsOn = (answer: ErrorBody, file: BadFile, label: string) => {
    const problems = (answer.details as { field?: string; problems?: string[] }).problems ?? [];
    assert.equal((answer.details as { field?: string }).field, 'content', label);
    assert.ok(
      problems.some((problem) => problem.startsWith(`line ${String(file.line)}: `) && file.message.test(problem)),
      `${label}: ${file.what} on line ${String(file.line)} is not named: ${JSON.stringify(problems)}`,
    );
  };

  it('watchlist imports (CSV and FollowTheMoney) and batch screening refuse a bad file by its line, writing nothing', async (t) => {
    const url = `/api/screening/watchlists/${fixtures.watchlist!}/import`;
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(csvFiles.arbitrary, async (file) => {
        requests += 2;
        problemsOn(await refusedImport('investigator', url, { format: 'csv', content: file.text }, 'watchlist CSV'), file, 'watchlist CSV');
        const batch = { fileName: 'people.csv', content: file.text, watchlistIds: [fixtures.watchlist!] };
        problemsOn(await refusedImport('investigator', '/api/screening/batches', batch, 'batch CSV'), file, 'batch CSV');
      }),
      { ...runsOf(csvFiles, 4), examples: csvFiles.examples },
    );
    await fc.assert(
      fc.asyncProperty(ftmWatchlistFiles.arbitrary, async (file) => {
        requests += 1;
        problemsOn(await refusedImport('investigator', url, { format: 'ftm', content: file.text }, 'watchlist FtM'), file, 'watchlist FtM');
      }),
      { ...runsOf(ftmWatchlistFiles, 4), examples: ftmWatchlistFiles.examples },
    );
    t.diagnostic(`${String(requests)} requests`);
  });

  it('the wanted-persons import refuses a bad line by its number, writing nothing', async (t) => {
    const files = everyKind(['nul', 'surrogate', 'overlong', 'duplicate', 'impossible', 'year', 'fledOn'] as const, (rows, pick, kind) => {
      const entity = (
        index: number,
        properties: Record<string, string[]> = {},
        extra: Record<string, unknown> = {},
        id = `fi-${String(index + 1)}`,
      ) => ftmLine({ id, schema: 'Person', properties: { name: [`Import ${String(index + 1)}`], ...properties }, ...extra });
      const lines = Array.from({ length: rows }, (_, index) => entity(index));
      const index = kind === 'duplicate' ? 1 + (pick % (rows - 1)) : pick % rows;
      const file = (bad: string, message: RegExp, what: string) => badFile(lines, index, bad, 1, message, what);
      switch (kind) {
        case 'nul':
          return file(entity(index, { name: ['Nul\u0000Name'] }), /^properties\.name\.0: contains a NUL character/, 'a \\u0000 escape');
        case 'surrogate':
          return file(
            entity(index, { alias: ['\udc00Half'] }),
            /^properties\.alias\.0: contains a lone UTF-16 surrogate/,
            'a \\udc00 escape',
          );
        case 'overlong':
          return file(entity(index, { name: ['x'.repeat(201)] }), /^name\.0: .*200/, 'a name of 201 characters');
        case 'duplicate':
          return file(entity(index, {}, {}, 'fi-1'), /^entity id "fi-1" is already on line 1$/, 'a repeated entity id');
        case 'impossible':
          return file(entity(index, { birthDate: ['2024-02-30'] }), /^birthDate\.0: not a calendar date/, 'birth date 2024-02-30');
        case 'year':
          return file(entity(index, { birthDate: ['0000-01-01'] }), /^birthDate\.0: a date from the year 1000 on/, 'birth date 0000-01-01');
        case 'fledOn':
          return file(
            entity(index, {}, { 'concord:case': { fledOn: '0000-01-01' } }),
            /^concord:case\.fledOn: a date from the year 1000 on/,
            'fled on 0000-01-01',
          );
      }
    });
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(files.arbitrary, async (file) => {
        requests += 1;
        const answer = await refusedImport('investigator', '/api/fugitives/import', { content: file.text }, 'wanted persons');
        const errors = (answer.details as { errors?: { line: number; message: string }[] }).errors ?? [];
        assert.ok(
          errors.some((error) => error.line === file.line && file.message.test(error.message)),
          `${file.what} on line ${String(file.line)} is not named: ${JSON.stringify(errors)}`,
        );
      }),
      { ...runsOf(files, 4), examples: files.examples },
    );
    t.diagnostic(`${String(requests)} requests`);
  });

  it('the Interpol import refuses escapes, overlong names, repeated ids and contradicting documents by file and JSON path', async (t) => {
    const url = '/api/fugitives/interpol/import';
    const fetchedAt = '2026-01-05T08:00:00.000Z';
    const located = (answer: ErrorBody, fileName: string, path: string, message: RegExp, label: string) => {
      const files = (answer.details as { files?: { fileName: string; problems: Problem[] }[] }).files ?? [];
      const problems = files.find((file) => file.fileName === fileName)?.problems ?? [];
      assert.ok(
        problems.some((problem) => problem.path === path && message.test(problem.message ?? '')),
        `${label}: ${fileName} ${path} is not named: ${JSON.stringify(files)}`,
      );
    };
    const pages = everyKind(['nul', 'surrogate', 'overlong', 'duplicate'] as const, (notices, pick, kind) => {
      const index = kind === 'duplicate' ? 1 + (pick % (notices - 1)) : pick % notices;
      const list = Array.from({ length: notices }, (_, at) =>
        interpolNotice(`2099/7${String(at).padStart(4, '0')}`, `PERSON ${String(at)}`),
      );
      const name = { nul: 'NUL\u0000NAME', surrogate: 'HALF\udbff', overlong: 'X'.repeat(201), duplicate: 'DUPLICATE' }[kind];
      list[index] = { ...list[index]!, name, ...(kind === 'duplicate' ? { entity_id: list[0]!.entity_id } : {}) };
      const path = `_embedded.notices[${String(index)}].${kind === 'duplicate' ? 'entity_id' : 'name'}`;
      const message = {
        nul: /NUL character/,
        surrogate: /lone UTF-16 surrogate/,
        overlong: /longer than 200 characters/,
        duplicate: /appears twice on the page/,
      }[kind];
      return { content: interpolList('red', list), path, message, kind, [fc.toStringMethod]: () => `${kind} at ${path}` };
    });
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(pages.arbitrary, async ({ content, path, message, kind }) => {
        requests += 1;
        const answer = await refusedImport(
          'investigator',
          url,
          { documents: [{ fileName: 'page.json', content, fetchedAt }] },
          `Interpol ${kind}`,
        );
        located(answer, 'page.json', path, message, `Interpol ${kind}`);
      }),
      { ...runsOf(pages, 4), examples: pages.examples },
    );

    // Two documents with one entity id and different content: the second is refused, naming the first.
    const first = interpolList('red', [interpolNotice('2099/66601', 'FIRST VERSION')]);
    const second = interpolList('red', [interpolNotice('2099/66601', 'SECOND VERSION')]);
    const twoVersions = await refusedImport(
      'investigator',
      url,
      {
        documents: [
          { fileName: 'a-red.json', content: first, fetchedAt },
          { fileName: 'b-red.json', content: second, fetchedAt },
        ],
      },
      'two versions of one notice',
    );
    located(twoVersions, 'b-red.json', '_embedded.notices[0]', /2099\/66601 differs from the same notice in a-red\.json/, 'two versions');

    // One entity id as a red and as a yellow notice, in one import, then against a red notice the agency holds.
    const yellow = interpolList('yellow', [interpolNotice('2099/66602', 'BOTH KINDS')]);
    const red = interpolList('red', [interpolNotice('2099/66602', 'BOTH KINDS')]);
    const bothKinds = await refusedImport(
      'investigator',
      url,
      {
        documents: [
          { fileName: 'red.json', content: red, fetchedAt },
          { fileName: 'yellow.json', content: yellow, fetchedAt },
        ],
      },
      'red and yellow at once',
    );
    located(bothKinds, 'yellow.json', '_embedded.notices[0]', /is a yellow notice here and a red notice in red\.json/, 'red and yellow');
    const investigator = callers.get('investigator')!;
    const imported = await env.app.inject({
      method: 'POST',
      url,
      headers: { cookie: investigator.cookie, 'x-csrf-token': investigator.csrf },
      payload: { documents: [{ fileName: 'red.json', content: red, fetchedAt }] },
    });
    assert.equal(imported.statusCode, 200, imported.body);
    const thenYellow = await refusedImport(
      'investigator',
      url,
      { documents: [{ fileName: 'yellow.json', content: yellow, fetchedAt }] },
      'yellow after red',
    );
    located(
      thenYellow,
      'yellow.json',
      '_embedded.notices[0]',
      /is a yellow notice here, but your agency holds it as a red notice/,
      'yellow after red',
    );
    t.diagnostic(`${String(requests + 4)} requests`);
  });

  it('the legal-basis import refuses a repeated state, id or declaration by its JSON Pointer, writing nothing', async () => {
    const base = bases.get('POST /api/legal-basis/import')!.body as {
      states: { code: string }[];
      instruments: { id: string }[];
      declarations: Record<string, Json>[];
    } & Record<string, Json>;
    const declaration = { ...base.declarations[0]!, id: crypto.randomUUID() };
    const repeats: [string, Json, string, RegExp][] = [
      [
        'a state twice',
        { ...base, states: [base.states[0]!, { ...base.states[0]!, name: 'Other name' }] },
        '/states/1/code',
        /state TH appears again \(first at \/states\/0\/code\)/,
      ],
      [
        'an instrument id twice',
        { ...base, instruments: [base.instruments[0]!, { ...base.instruments[0]!, title: 'Another title' }] },
        '/instruments/1/id',
        /instrument id .* appears again \(first at \/instruments\/0\/id\)/,
      ],
      [
        'a declaration id twice',
        { ...base, declarations: [declaration, { ...declaration, article: 'Art. 46(13)' }] },
        '/declarations/1/id',
        /declaration id .* appears again \(first at \/declarations\/0\/id\)/,
      ],
      [
        'one declaration twice',
        { ...base, declarations: [base.declarations[0]!, { ...base.declarations[0]!, value: ['zh'] }] },
        '/declarations/1',
        /declaration of MY on Art\. 46\(14\) .* appears again \(first at \/declarations\/0\)/,
      ],
    ];
    for (const [what, body, pointer, message] of repeats) {
      const answer = await refusedImport('legal_officer', '/api/legal-basis/import', body, `legal-basis import, ${what}`);
      assert.ok(
        (answer.details as Problem[]).some((problem) => problem.path === pointer && message.test(problem.message ?? '')),
        `${what}: ${JSON.stringify(answer.details)}`,
      );
    }
  });

  it('the command line exits with code 2, naming the line or the notice, and opens no database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-fuzz-'));
    try {
      const dataDir = path.join(dir, 'data');
      const database: NodeJS.ProcessEnv =
        env.config.database.kind === 'postgresql' ? { DATABASE_URL: env.config.database.url } : { CONCORD_DATA_DIR: dataDir };
      const before = await databaseState();
      const persons = path.join(dir, 'persons.jsonl');
      fs.writeFileSync(
        persons,
        [
          ftmLine({ id: 'cli-1', schema: 'Person', properties: { name: ['First Person'] } }),
          ftmLine({ id: 'cli-2', schema: 'Person', properties: { name: ['Second Person'] } }),
          ftmLine({ id: 'cli-3', schema: 'Person', properties: { name: ['Third\u0000Person'] } }),
        ].join('\n'),
      );
      assert.ok(fs.readFileSync(persons, 'utf8').split('\n')[2]!.includes('\\u0000'), 'line 3 holds the escape, not the character');
      const interpol = path.join(dir, 'interpol');
      fs.mkdirSync(interpol);
      fs.writeFileSync(path.join(interpol, 'a-red.json'), interpolList('red', [interpolNotice('2099/55501', 'ONE VERSION')]));
      fs.writeFileSync(path.join(interpol, 'b-red.json'), interpolList('red', [interpolNotice('2099/55501', 'OTHER VERSION')]));

      const refusedPersons = await concord(['import', 'fugitives', persons, '--agency', agencyA.shortName], database);
      assert.equal(refusedPersons.code, 2, refusedPersons.stderr);
      assert.match(
        refusedPersons.stderr,
        /1 line of .*persons\.jsonl refused; nothing was imported:\n {2}line 3: properties\.name\.0: contains a NUL character/,
      );
      const refusedNotices = await concord(['import', 'interpol', interpol, '--agency', agencyA.shortName], database);
      assert.equal(refusedNotices.code, 2, refusedNotices.stderr);
      assert.match(
        refusedNotices.stderr,
        /b-red\.json:\n {2}_embedded\.notices\[0\]: 2099\/55501 differs from the same notice in a-red\.json/,
      );

      if (env.config.database.kind === 'pglite') assert.equal(fs.existsSync(dataDir), false, 'the data folder was created');
      assert.deepEqual(await databaseState(), before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
