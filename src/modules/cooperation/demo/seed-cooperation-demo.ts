import { systemScope } from '../../../db/database.ts';
import type { CooperationEventKind, CooperationEventStatus, TechnicalSupportKind, TrainingTopic } from '../../../db/schema.ts';
import { appendAudit } from '../../platform/audit/append-audit.ts';
import type { Services } from '../../platform/context.ts';

/**
 * Demonstration cooperation records between the demo member agencies: fictional events, training programmes,
 * technical support and joint operations, each described as demonstration data. Loaded after the demo agencies;
 * dates run over 2024–2026, with planned items in the coming months.
 */

interface DemoEvent {
  organiser: string;
  kind: CooperationEventKind;
  title: string;
  city: string;
  country: string;
  startsOn: string;
  endsOn: string;
  participants: string[] | 'all';
  status: CooperationEventStatus;
  outcomes: string | null;
}

interface DemoProgramme {
  organiser: string;
  title: string;
  topics: TrainingTopic[];
  hostState: string;
  year: number;
  description: string;
  sessions: {
    startsOn: string;
    endsOn: string;
    city: string;
    country: string;
    hours: string;
    /** Sending agency by short name, or a state for a body that is not on Concord. */
    lines: { agency?: string; state?: string; participants: number; hours?: string }[];
  }[];
}

interface DemoSupport {
  provider: string;
  recipient: string;
  kind: TechnicalSupportKind;
  description: string;
  value: string;
  currency: string;
  deliveredOn: string;
}

interface DemoOperation {
  lead: string;
  name: string;
  status: 'planned' | 'active' | 'closed';
  participants: string[];
  objectives: string;
  startsOn: string;
  endsOn: string | null;
}

const events: DemoEvent[] = [
  {
    organiser: 'NSC',
    kind: 'workshop',
    title: 'China–ASEAN Workshop on Fugitive Repatriation and Asset Recovery',
    city: 'Nanning',
    country: 'CN',
    startsOn: '2025-06-17',
    endsOn: '2025-06-19',
    participants: 'all',
    status: 'held',
    outcomes:
      'Demonstration data. 42 officers from 11 member agencies; agreed a common checklist for requests to locate fugitives and a contact list of asset-recovery focal points; asset-tracing training requested for 2026.',
  },
  {
    organiser: 'SECRETARIAT',
    kind: 'high_level_meeting',
    title: 'Heads of Agencies Meeting of the Concord Mechanism',
    city: 'Jakarta',
    country: 'ID',
    startsOn: '2025-11-12',
    endsOn: '2025-11-13',
    participants: 'all',
    status: 'held',
    outcomes:
      'Demonstration data. Adopted the 2026 work plan: a joint training calendar, a register of technical support, and two joint operations.',
  },
  {
    organiser: 'MACC',
    kind: 'workshop',
    title: 'Workshop on Underground Banking Typologies',
    city: 'Kuala Lumpur',
    country: 'MY',
    startsOn: '2026-08-04',
    endsOn: '2026-08-05',
    participants: ['CPIB', 'NSC', 'NACC'],
    status: 'cancelled',
    outcomes: 'Demonstration data. Postponed at the host’s request; to be rescheduled in the 2027 calendar.',
  },
  {
    organiser: 'NACC',
    kind: 'high_level_meeting',
    title: 'Mekong Anti-Corruption Agencies Senior Officials Meeting',
    city: 'Bangkok',
    country: 'TH',
    startsOn: '2026-12-08',
    endsOn: '2026-12-09',
    participants: ['ACU', 'SIAA', 'GI-VN', 'ACC-MM', 'NSC'],
    status: 'planned',
    outcomes: null,
  },
  {
    organiser: 'CPIB',
    kind: 'conference',
    title: 'Regional Conference on Procurement Integrity and Beneficial Ownership',
    city: 'Singapore',
    country: 'SG',
    startsOn: '2027-03-09',
    endsOn: '2027-03-11',
    participants: ['MACC', 'KPK', 'NACC', 'OMB-PH', 'GI-VN', 'ACB', 'NSC'],
    status: 'planned',
    outcomes: null,
  },
];

const programmes: DemoProgramme[] = [
  {
    organiser: 'MACC',
    title: 'Financial Investigation and Asset Tracing Course',
    topics: ['financial_investigation', 'asset_recovery', 'money_laundering_typologies'],
    hostState: 'MY',
    year: 2024,
    description: 'Demonstration data. Five-day course on following proceeds of corruption through bank and company records.',
    sessions: [
      {
        startsOn: '2024-03-11',
        endsOn: '2024-03-15',
        city: 'Kuala Lumpur',
        country: 'MY',
        hours: '30',
        lines: [
          { agency: 'KPK', participants: 6 },
          { agency: 'NACC', participants: 4 },
          { agency: 'GI-VN', participants: 5 },
          { agency: 'ACU', participants: 3, hours: '24' },
        ],
      },
      {
        startsOn: '2024-09-23',
        endsOn: '2024-09-27',
        city: 'Putrajaya',
        country: 'MY',
        hours: '30',
        lines: [
          { agency: 'OMB-PH', participants: 4 },
          { agency: 'SIAA', participants: 3 },
          { agency: 'ACC-MM', participants: 2 },
          { agency: 'ACB', participants: 2 },
        ],
      },
    ],
  },
  {
    organiser: 'CPIB',
    title: 'Digital Evidence in Corruption Investigations',
    topics: ['digital_evidence', 'cross_border_bribery'],
    hostState: 'SG',
    year: 2025,
    description: 'Demonstration data. Seizing, preserving and presenting electronic evidence, including evidence held abroad.',
    sessions: [
      {
        startsOn: '2025-05-19',
        endsOn: '2025-05-23',
        city: 'Singapore',
        country: 'SG',
        hours: '35',
        lines: [
          { agency: 'MACC', participants: 5 },
          { agency: 'OMB-PH', participants: 4 },
          { agency: 'ACB', participants: 3 },
          { agency: 'SIAA', participants: 2, hours: '28' },
        ],
      },
      {
        startsOn: '2025-10-06',
        endsOn: '2025-10-08',
        city: 'Singapore',
        country: 'SG',
        hours: '21',
        lines: [
          { agency: 'KPK', participants: 6 },
          { agency: 'NACC', participants: 4 },
          { agency: 'GI-VN', participants: 4 },
        ],
      },
    ],
  },
  {
    organiser: 'NSC',
    title: 'Fugitive Tracking and Mutual Legal Assistance Drafting',
    topics: ['fugitive_tracking', 'mla_drafting', 'asset_recovery'],
    hostState: 'CN',
    year: 2025,
    description: 'Demonstration data. Locating fugitives abroad and drafting requests that the requested state can act on.',
    sessions: [
      {
        startsOn: '2025-07-07',
        endsOn: '2025-07-11',
        city: 'Kunming',
        country: 'CN',
        hours: '32',
        lines: [
          { agency: 'GI-VN', participants: 6 },
          { agency: 'SIAA', participants: 5 },
          { agency: 'ACU', participants: 4 },
          { agency: 'ACC-MM', participants: 3 },
          { agency: 'NACC', participants: 3 },
        ],
      },
      {
        startsOn: '2026-04-13',
        endsOn: '2026-04-17',
        city: 'Beijing',
        country: 'CN',
        hours: '32',
        lines: [
          { agency: 'MACC', participants: 4 },
          { agency: 'KPK', participants: 4 },
          { agency: 'OMB-PH', participants: 3 },
          { agency: 'CPIB', participants: 2, hours: '16' },
        ],
      },
    ],
  },
  {
    organiser: 'KPK',
    title: 'Procurement Integrity and Red-Flag Analysis',
    topics: ['procurement_integrity', 'money_laundering_typologies'],
    hostState: 'ID',
    year: 2026,
    description: 'Demonstration data. Reading tender and contract data for signs of collusion, bid rigging and kickbacks.',
    sessions: [
      {
        startsOn: '2026-02-23',
        endsOn: '2026-02-26',
        city: 'Jakarta',
        country: 'ID',
        hours: '24',
        lines: [
          { agency: 'MACC', participants: 4 },
          { agency: 'OMB-PH', participants: 5 },
          { agency: 'GI-VN', participants: 3 },
          // An observer body that is not a Concord agency: recorded by state only.
          { state: 'TL', participants: 2 },
        ],
      },
      {
        startsOn: '2026-12-07',
        endsOn: '2026-12-10',
        city: 'Denpasar',
        country: 'ID',
        hours: '22.5',
        lines: [
          { agency: 'NACC', participants: 4 },
          { agency: 'ACU', participants: 3 },
          { agency: 'SIAA', participants: 3 },
        ],
      },
    ],
  },
];

const support: DemoSupport[] = [
  {
    provider: 'NSC',
    recipient: 'SIAA',
    kind: 'equipment',
    description: 'Demonstration data: forensic workstations and mobile-device extraction kits for a digital forensics laboratory',
    value: '1250000.00',
    currency: 'CNY',
    deliveredOn: '2024-11-20',
  },
  {
    provider: 'CPIB',
    recipient: 'ACB',
    kind: 'expert_mission',
    description: 'Demonstration data: two-week expert mission on case-management practice',
    value: '48500.00',
    currency: 'USD',
    deliveredOn: '2025-03-28',
  },
  {
    provider: 'NSC',
    recipient: 'ACU',
    kind: 'facility',
    description: 'Demonstration data: refit of a training room with interpretation booths',
    value: '386500.00',
    currency: 'CNY',
    deliveredOn: '2025-08-14',
  },
  {
    provider: 'MACC',
    recipient: 'ACC-MM',
    kind: 'software',
    description: 'Demonstration data: case-management software licences for three years',
    value: '23750.50',
    currency: 'USD',
    deliveredOn: '2026-01-15',
  },
  {
    provider: 'KPK',
    recipient: 'OMB-PH',
    kind: 'other',
    description: 'Demonstration data: translation of the procurement red-flag handbook into Filipino',
    value: '6200.00',
    currency: 'USD',
    deliveredOn: '2026-05-30',
  },
];

const operations: DemoOperation[] = [
  {
    lead: 'NSC',
    name: 'Operation Jade Ledger',
    status: 'closed',
    participants: ['NACC', 'GI-VN', 'SIAA'],
    objectives:
      'Demonstration data. Locate two fugitives sought for embezzlement of public funds and identify their assets abroad; closed after both returned.',
    startsOn: '2024-04-01',
    endsOn: '2025-02-28',
  },
  {
    lead: 'MACC',
    name: 'Operation Harbour Light',
    status: 'active',
    participants: ['CPIB', 'NSC', 'KPK'],
    objectives:
      'Demonstration data. Trace bribes paid for port concessions through shell companies in three jurisdictions and coordinate requests for bank records.',
    startsOn: '2025-11-03',
    endsOn: null,
  },
];

export interface CooperationDemoCounts {
  events: number;
  trainingProgrammes: number;
  trainingSessions: number;
  participationLines: number;
  technicalSupport: number;
  jointOperations: number;
}

/** Loads the demonstration cooperation records (the demo agencies must exist); one audit entry records it. */
export async function seedCooperationDemo(services: Pick<Services, 'db' | 'auditSigner' | 'config'>): Promise<CooperationDemoCounts> {
  return services.db.inScope(systemScope, async (trx) => {
    const agencies = await trx.selectFrom('agencies').select(['id', 'short_name', 'state']).execute();
    const byShortName = new Map(agencies.map((agency) => [agency.short_name, agency.id]));
    const agencyId = (shortName: string): string => {
      const id = byShortName.get(shortName);
      if (!id) throw new Error(`demo agency ${shortName} is missing; load the demo agencies first`);
      return id;
    };
    const others = (owner: string, shortNames: string[] | 'all') =>
      (shortNames === 'all' ? [...byShortName.keys()] : shortNames).filter((name) => name !== owner).map(agencyId);
    const counts: CooperationDemoCounts = {
      events: 0,
      trainingProgrammes: 0,
      trainingSessions: 0,
      participationLines: 0,
      technicalSupport: 0,
      jointOperations: 0,
    };
    const stamps = { created_by: null, updated_by: null };

    for (const event of events) {
      await trx
        .insertInto('cooperation_events')
        .values({
          agency_id: agencyId(event.organiser),
          kind: event.kind,
          title: event.title,
          city: event.city,
          country: event.country,
          starts_on: event.startsOn,
          ends_on: event.endsOn,
          participant_agency_ids: others(event.organiser, event.participants),
          outcomes: event.outcomes,
          status: event.status,
          ...stamps,
        })
        .execute();
      counts.events += 1;
    }

    const stateOf = new Map(agencies.map((agency) => [agency.id, agency.state]));
    for (const programme of programmes) {
      const owner = agencyId(programme.organiser);
      const { id: programmeId } = await trx
        .insertInto('training_programmes')
        .values({
          agency_id: owner,
          title: programme.title,
          topics: programme.topics,
          host_state: programme.hostState,
          year: programme.year,
          description: programme.description,
          ...stamps,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      counts.trainingProgrammes += 1;
      for (const session of programme.sessions) {
        const { id: sessionId } = await trx
          .insertInto('training_sessions')
          .values({
            agency_id: owner,
            programme_id: programmeId,
            starts_on: session.startsOn,
            ends_on: session.endsOn,
            city: session.city,
            country: session.country,
            hours: session.hours,
            ...stamps,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        counts.trainingSessions += 1;
        for (const line of session.lines) {
          const participant = line.agency ? agencyId(line.agency) : null;
          await trx
            .insertInto('training_participants')
            .values({
              agency_id: owner,
              programme_id: programmeId,
              session_id: sessionId,
              participant_agency_id: participant,
              state: (participant ? stateOf.get(participant) : line.state) ?? '',
              participants: line.participants,
              hours: line.hours ?? session.hours,
              ...stamps,
            })
            .execute();
          counts.participationLines += 1;
        }
      }
    }

    for (const delivery of support) {
      await trx
        .insertInto('technical_support')
        .values({
          agency_id: agencyId(delivery.provider),
          recipient_agency_id: agencyId(delivery.recipient),
          kind: delivery.kind,
          description: delivery.description,
          value: delivery.value,
          currency: delivery.currency,
          delivered_on: delivery.deliveredOn,
          ...stamps,
        })
        .execute();
      counts.technicalSupport += 1;
    }

    for (const operation of operations) {
      await trx
        .insertInto('joint_operations')
        .values({
          agency_id: agencyId(operation.lead),
          name: operation.name,
          status: operation.status,
          participant_agency_ids: others(operation.lead, operation.participants),
          objectives: operation.objectives,
          starts_on: operation.startsOn,
          ends_on: operation.endsOn,
          ...stamps,
        })
        .execute();
      counts.jointOperations += 1;
    }

    await appendAudit(
      {
        trx,
        signer: services.auditSigner,
        now: new Date(),
        requestId: null,
        agencyId: null,
        actorUserId: null,
      },
      { type: 'cooperation.demo_seeded', version: 1, data: { ...counts } },
    );
    return counts;
  });
}
