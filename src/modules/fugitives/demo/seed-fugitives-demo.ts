import { systemScope } from '../../../db/database.ts';
import type { FugitiveConfidence, FugitiveNoticeKind, FugitiveNoticeStatus, FugitiveOffence } from '../../../db/schema.ts';
import { appendAudit } from '../../platform/audit/append-audit.ts';
import type { Services } from '../../platform/context.ts';
import { noticeTransitionRefusal, stepRefusal, type StepFact } from '../engine/lifecycle.ts';
import { moneyColumns } from '../persons/persons.ts';

/**
 * Demonstration wanted persons of the National Supervisory Commission (NSC, China). FICTIONAL: the names, amounts,
 * dates and places are invented; only the shape follows public reporting of such cases — a county finance official
 * who embezzled public funds, spent four years in Singapore and was returned in May; a person deported from
 * Thailand after a diffusion; one still at large under a published red notice, last seen in Malaysia; one whose red
 * notice is only requested. Nobody here is, or stands for, a real person. Every notice history and return path
 * passes the module's life-cycle rules (checked here before anything is written).
 */
export const DEMO_CAMPAIGN_NAME = 'Major fugitives (illustrative)';

interface DemoNotice {
  kind: FugitiveNoticeKind;
  targetStates?: string[];
  history: [FugitiveNoticeStatus, string][];
}
interface DemoSighting {
  by: string;
  state: string;
  city: string;
  on: string;
  source: string;
  confidence: FugitiveConfidence;
}
interface DemoPerson {
  names: string[];
  aliases: string[];
  birthDates: string[];
  gender: 'male' | 'female';
  offences: FugitiveOffence[];
  amount?: { value: string; currency: string };
  conversion?: { rate: string; rateOn: string; currency: string };
  caseReferences: string[];
  fledOn: string;
  notices: DemoNotice[];
  steps: StepFact[];
  sightings: DemoSighting[];
  note?: string;
}

const at = (kind: StepFact['kind'], on: string, state: string | null, city: string | null = null, means: StepFact['means'] = null) => ({
  kind,
  on,
  state,
  city,
  means,
});

export const demoFugitives: DemoPerson[] = [
  {
    names: ['赵国平'],
    aliases: ['Zhao Guoping', '趙國平'],
    birthDates: ['1961-04-12'],
    gender: 'male',
    offences: ['embezzlement', 'abuse_of_office'],
    amount: { value: '86500000.00', currency: 'CNY' },
    conversion: { rate: '0.1627', rateOn: '2011-01-31', currency: 'USD' },
    caseReferences: ['DEMO-NSC-2011-007'],
    fledOn: '2011-01-20',
    notices: [
      {
        kind: 'red',
        history: [
          ['requested', '2011-02-10'],
          ['published', '2011-03-15'],
          ['withdrawn', '2015-05-20'],
        ],
      },
    ],
    sightings: [{ by: 'CPIB', state: 'SG', city: 'Singapore', on: '2011-06-02', source: 'immigration record', confidence: 'high' }],
    steps: [
      at('located', '2011-06-02', 'SG', 'Singapore'),
      at('detention', '2012-01-10', 'SG', 'Singapore'),
      at('repatriation', '2015-03-01', 'SG'),
      at('returned', '2015-05-09', 'SG', null, 'repatriation'),
      at('trial', '2015-11-17', 'CN'),
      at('verdict', '2016-01-26', 'CN'),
    ],
    note: 'Illustrative: the former director of a county finance bureau; funds moved through relatives’ accounts.',
  },
  {
    names: ['孙丽华'],
    aliases: ['Sun Lihua', '孫麗華'],
    birthDates: ['1970'],
    gender: 'female',
    offences: ['bribery'],
    amount: { value: '12800000.00', currency: 'CNY' },
    caseReferences: ['DEMO-NSC-2014-031'],
    fledOn: '2014-06-01',
    notices: [
      {
        kind: 'diffusion',
        targetStates: ['TH'],
        history: [
          ['requested', '2014-06-20'],
          ['published', '2014-06-25'],
          ['withdrawn', '2016-10-01'],
        ],
      },
    ],
    sightings: [],
    steps: [
      at('located', '2016-03-10', 'TH', 'Bangkok'),
      at('detention', '2016-03-11', 'TH', 'Bangkok'),
      at('deportation', '2016-08-01', 'TH'),
      at('returned', '2016-09-15', 'TH', null, 'deportation'),
    ],
  },
  {
    names: ['马志强'],
    aliases: ['Ma Zhiqiang', '馬志強'],
    birthDates: ['1968-10'],
    gender: 'male',
    offences: ['money_laundering', 'fraud'],
    amount: { value: '240000000.00', currency: 'CNY' },
    conversion: { rate: '0.1503', rateOn: '2017-09-29', currency: 'USD' },
    caseReferences: ['DEMO-NSC-2017-112'],
    fledOn: '2017-09-01',
    notices: [
      {
        kind: 'red',
        history: [
          ['requested', '2017-09-15'],
          ['published', '2017-11-01'],
        ],
      },
    ],
    sightings: [{ by: 'MACC', state: 'MY', city: 'Kuala Lumpur', on: '2023-04-02', source: 'informant', confidence: 'medium' }],
    steps: [],
  },
  {
    names: ['何建军'],
    aliases: ['He Jianjun', '何建軍'],
    birthDates: ['1975-02-28'],
    gender: 'male',
    offences: ['abuse_of_office'],
    caseReferences: ['DEMO-NSC-2019-004'],
    fledOn: '2019-02-14',
    notices: [{ kind: 'red', history: [['requested', '2019-03-01']] }],
    sightings: [{ by: 'NSC', state: 'KH', city: 'Phnom Penh', on: '2022-07-19', source: 'open source', confidence: 'low' }],
    steps: [],
  },
];

/** Refuses demo data that the module's own rules would refuse. */
function checkDemo(person: DemoPerson): void {
  for (const notice of person.notices) {
    for (let i = 1; i < notice.history.length; i++) {
      const refusal = noticeTransitionRefusal(notice.history[i - 1]![0], notice.history[i]![0], 'user');
      if (refusal) throw new Error(`demo ${person.names[0]}: ${refusal}`);
    }
  }
  person.steps.forEach((step, index) => {
    const refusal = stepRefusal(person.steps.slice(0, index), step, person.fledOn);
    if (refusal) throw new Error(`demo ${person.names[0]}: ${refusal}`);
  });
}

export async function seedFugitivesDemo(services: Pick<Services, 'db' | 'auditSigner' | 'config'>): Promise<{ persons: number }> {
  demoFugitives.forEach(checkDemo);
  return services.db.inScope(systemScope, async (trx) => {
    const agencies = await trx.selectFrom('agencies').select(['id', 'short_name']).execute();
    const agencyId = (shortName: string) => {
      const agency = agencies.find((row) => row.short_name === shortName);
      if (!agency) throw new Error(`demo agency ${shortName} is missing; load the demo agencies first`);
      return agency.id;
    };
    const owner = agencyId('NSC');
    const personIds: string[] = [];
    for (const person of demoFugitives) {
      const { id } = await trx
        .insertInto('fugitives')
        .values({
          agency_id: owner,
          names: person.names,
          aliases: person.aliases,
          birth_dates: person.birthDates,
          nationalities: ['CN'],
          gender: person.gender,
          offences: person.offences,
          ...moneyColumns(person.amount ?? null, person.conversion ?? null),
          case_references: person.caseReferences,
          fled_on: person.fledOn,
          fled_from: 'CN',
          created_by: null,
          updated_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      personIds.push(id);
      for (const notice of person.notices) {
        const [status, statusOn] = notice.history.at(-1)!;
        const created = await trx
          .insertInto('fugitive_notices')
          .values({
            agency_id: owner,
            fugitive_id: id,
            kind: notice.kind,
            target_states: notice.targetStates ?? [],
            status,
            status_on: statusOn,
            created_by: null,
            updated_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const [eventStatus, on] of notice.history) {
          await trx
            .insertInto('fugitive_notice_events')
            .values({
              agency_id: owner,
              notice_id: created.id,
              fugitive_id: id,
              status: eventStatus,
              occurred_on: on,
              note: null,
              created_by: null,
            })
            .execute();
        }
      }
      for (const [index, step] of person.steps.entries()) {
        await trx
          .insertInto('fugitive_return_steps')
          .values({
            agency_id: owner,
            fugitive_id: id,
            seq: index + 1,
            kind: step.kind,
            occurred_on: step.on,
            state: step.state,
            city: step.city,
            means: step.means,
            note: null,
            created_by: null,
          })
          .execute();
      }
      for (const sighting of person.sightings) {
        await trx
          .insertInto('fugitive_sightings')
          .values({
            agency_id: owner,
            fugitive_id: id,
            reported_by_agency_id: agencyId(sighting.by),
            state: sighting.state,
            city: sighting.city,
            seen_on: sighting.on,
            source: sighting.source,
            confidence: sighting.confidence,
            note: null,
            created_by: null,
          })
          .execute();
      }
      if (person.note) {
        await trx.insertInto('fugitive_notes').values({ agency_id: owner, fugitive_id: id, body: person.note, created_by: null }).execute();
      }
    }
    const campaign = await trx
      .insertInto('fugitive_campaigns')
      .values({
        agency_id: owner,
        name: DEMO_CAMPAIGN_NAME,
        description: 'Demonstration data: four fictional persons.',
        created_by: null,
        updated_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('fugitive_campaign_members')
      .values(
        personIds.map((id) => ({
          agency_id: owner,
          campaign_id: campaign.id,
          fugitive_agency_id: owner,
          fugitive_id: id,
          created_by: null,
        })),
      )
      .execute();
    await appendAudit(
      {
        trx,
        signer: services.auditSigner,
        now: new Date(),
        requestId: null,
        agencyId: null,
        actorUserId: null,
      },
      { type: 'fugitives.demo_seeded', version: 1, data: { persons: personIds.length, campaigns: 1 } },
    );
    return { persons: personIds.length };
  });
}
