import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { legalBasisDemo, seedLegalBasisDemo } from '../../src/modules/legal-basis/demo-data.ts';
import { buildAgency, buildUser, createTestEnv, signedIn, type Client, type TestEnv } from '../helpers/harness.ts';

interface CheckResult {
  possible: boolean;
  summary: string;
  bases: { instrumentId: string | null; title: string; rank: number; articles: string[] }[];
  risks: { code: string; severity: string }[];
  fallback: { kind: string } | null;
}

describe('legal-basis registry and checker', () => {
  let env: TestEnv;
  let analyst: Client;
  let legalOfficer: Client;

  before(async () => {
    env = await createTestEnv();
    await seedLegalBasisDemo(env.services.db);
    const agency = await buildAgency(env, { state: 'CN' });
    analyst = await signedIn(env, await buildUser(env, { agency, roles: ['analyst'] }));
    legalOfficer = await signedIn(env, await buildUser(env, { agency, roles: ['legal_officer'] }));
  });
  after(() => env.close());

  it('answers "can China ask Thailand for bank records in an embezzlement case, and on what basis?"', async () => {
    const response = await analyst.post('/api/legal-basis/check', {
      requestingState: 'CN',
      requestedState: 'TH',
      cooperation: 'mla_records',
      offences: [{ category: 'embezzlement_public_funds', maxPenaltyYears: 10 }],
      date: '2026-11-27',
    });
    assert.equal(response.statusCode, 200, response.body);
    const result = response.json<CheckResult>();
    assert.equal(result.possible, true);
    assert.match(result.summary, /^Yes/);
    assert.equal(result.bases[0]?.title, 'Treaty on Mutual Legal Assistance in Criminal Matters between China and Thailand');
    assert.ok(
      result.bases.some((basis) => basis.articles.includes('Art. 46(3)(f)')),
      'UNCAC art. 46(3)(f) is listed too',
    );
  });

  it('refuses extradition of a Thai national by Thailand, naming the reason', async () => {
    const result = (
      await analyst.post('/api/legal-basis/check', {
        requestingState: 'CN',
        requestedState: 'TH',
        cooperation: 'extradition',
        offences: [{ category: 'bribery_domestic_official', maxPenaltyYears: 10, criminalInRequestedState: true }],
        personNationality: 'TH',
        date: '2026-11-27',
      })
    ).json<CheckResult>();
    assert.equal(result.possible, false);
    assert.ok(result.risks.some((risk) => risk.code === 'nationals_not_extradited' && risk.severity === 'bar'));
  });

  it('rejects bad input: unknown state, same state twice, unknown cooperation type, no offence', async () => {
    const offence = [{ category: 'money_laundering', maxPenaltyYears: 5 }];
    const bad = [
      { requestingState: 'CN', requestedState: 'XX', cooperation: 'mla_records', offences: offence },
      { requestingState: 'CN', requestedState: 'CN', cooperation: 'mla_records', offences: offence },
      { requestingState: 'CN', requestedState: 'TH', cooperation: 'telepathy', offences: offence },
      { requestingState: 'CN', requestedState: 'TH', cooperation: 'mla_records', offences: [] },
    ];
    for (const body of bad) {
      const response = await analyst.post('/api/legal-basis/check', body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.equal(response.json<{ code: string }>().code, 'INVALID_INPUT');
    }
  });

  it('shows the coverage matrix: six extradition treaties of China in force, talks with Malaysia', async () => {
    const matrix = (await analyst.get('/api/legal-basis/coverage?kind=extradition_treaty&date=2026-11-27')).json<{
      cells: { a: string; b: string; status: string }[];
    }>();
    const withChina = matrix.cells.filter((cell) => cell.a === 'CN' || cell.b === 'CN');
    assert.equal(withChina.filter((cell) => cell.status === 'in_force').length, 6);
    assert.equal(withChina.find((cell) => cell.a === 'MY' || cell.b === 'MY')?.status, 'proposed');
    const agreements = (await analyst.get('/api/legal-basis/coverage?kind=bilateral_anticorruption&date=2026-11-27')).json<{
      cells: { status: string }[];
    }>();
    assert.equal(agreements.cells.filter((cell) => cell.status === 'in_force').length, 4);
    assert.equal(agreements.cells.filter((cell) => cell.status === 'negotiating').length, 2);
    const cards = (await analyst.get('/api/dashboard')).json<{ cards: { id: string; value: number }[] }>().cards;
    const card = (id: string) => cards.find((c) => c.id === id)?.value;
    assert.equal(card('legal-basis.extradition-in-force'), 6);
    assert.equal(card('legal-basis.agreements-in-force'), 5, 'four agreements and one MoU');
    assert.equal(card('legal-basis.under-negotiation'), 3, 'agreements with Thailand and Laos, talks with Malaysia');
  });

  it('serves state profiles and instruments to every signed-in user', async () => {
    const profile = await analyst.get('/api/legal-basis/states/TH');
    assert.equal(profile.statusCode, 200);
    const body = profile.json<{
      instruments: { shortTitle: string }[];
      declarations: { article: string }[];
      policies: { edit: boolean };
    }>();
    assert.ok(body.instruments.some((instrument) => instrument.shortTitle === 'China–Thailand Extradition Treaty'));
    assert.ok(body.declarations.some((declaration) => declaration.article === '44(6)(a)'));
    assert.equal(body.policies.edit, false);
    assert.equal((await analyst.get('/api/legal-basis/states/ZZ')).statusCode, 404);
    const inForce = (await analyst.get('/api/legal-basis/instruments?state=CN&status=in_force')).json<{ items: unknown[] }>();
    assert.ok(inForce.items.length >= 16);
  });

  it('lets legal officers, not analysts, edit — every change audited', async () => {
    const instrument = {
      kind: 'mla_treaty',
      title: 'Treaty on Mutual Legal Assistance in Criminal Matters between China and Malaysia',
      shortTitle: 'China–Malaysia MLA Treaty',
      parties: ['CN', 'MY'],
      coverage: ['mla_records', 'mla_evidence_statements'],
      conditions: {
        dualCriminality: 'coercive_only',
        nationals: 'allowed',
        politicalOffenceException: true,
        deathPenaltyAssurance: false,
        speciality: false,
      },
      statusHistory: [{ status: 'signed', date: '2026-01-10' }],
    };
    assert.equal((await analyst.post('/api/legal-basis/instruments', instrument)).statusCode, 403);
    const created = await legalOfficer.post('/api/legal-basis/instruments', instrument);
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json<{ id: string }>().id;
    assert.equal(created.json<{ currentStatus: string }>().currentStatus, 'signed');
    const inForce = await legalOfficer.post(`/api/legal-basis/instruments/${id}/status`, { status: 'in_force', date: '2026-06-01' });
    assert.equal(inForce.json<{ currentStatus: string }>().currentStatus, 'in_force');
    assert.equal(
      (await legalOfficer.post(`/api/legal-basis/instruments/${id}/status`, { status: 'in_force', date: '2026-06-01' })).statusCode,
      409,
    );
    const check = (
      await analyst.post('/api/legal-basis/check', {
        requestingState: 'CN',
        requestedState: 'MY',
        cooperation: 'mla_records',
        offences: [{ category: 'money_laundering', maxPenaltyYears: 15 }],
        date: '2026-11-27',
      })
    ).json<CheckResult>();
    assert.equal(check.bases[0]?.instrumentId, id, 'the new treaty is now the first basis');
    assert.equal((await legalOfficer.post('/api/legal-basis/instruments', { ...instrument, parties: ['CN', 'XX'] })).statusCode, 400);
    assert.equal((await legalOfficer.post('/api/legal-basis/instruments', { ...instrument, parties: ['CN', 'MY', 'TH'] })).statusCode, 400);
    const audit = await env.services.db.unsafeOwner
      .selectFrom('audit_log')
      .select('event_type')
      .where('event_type', 'like', 'legal.%')
      .execute();
    assert.deepEqual(audit.map((row) => row.event_type).sort(), ['legal.instrument_created', 'legal.instrument_status_added']);
  });

  it('exports and re-imports the registry; a file with one bad entry changes nothing', async () => {
    const exported = (await analyst.get('/api/legal-basis/export')).json<typeof legalBasisDemo>();
    assert.equal(exported.format, 'concord-legal-basis');
    assert.equal(exported.states.length, legalBasisDemo.states.length);
    assert.equal((await analyst.post('/api/legal-basis/import', exported)).statusCode, 403);
    const reimport = await legalOfficer.post('/api/legal-basis/import', exported);
    assert.equal(reimport.statusCode, 200, reimport.body);
    const count = async () => (await analyst.get('/api/legal-basis/instruments')).json<{ items: unknown[] }>().items.length;
    const before = await count();
    const broken = {
      ...exported,
      instruments: [
        ...exported.instruments,
        { ...exported.instruments[0]!, id: '00000000-0000-4000-8000-000000000001', parties: ['CN', 'QQ'] },
      ],
    };
    const refused = await legalOfficer.post('/api/legal-basis/import', broken);
    assert.equal(refused.statusCode, 400);
    assert.equal(await count(), before);
  });
});
