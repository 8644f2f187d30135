import { systemScope, type Database } from '../../../db/database.ts';
import type { Role } from '../../../db/schema.ts';
import { seedCooperationDemo } from '../../cooperation/demo/seed-cooperation-demo.ts';
import { seedFugitivesDemo } from '../../fugitives/demo/seed-fugitives-demo.ts';
import { seedLegalBasisDemo } from '../../legal-basis/demo-data.ts';
import { seedScreeningDemo } from '../../screening/demo/seed-screening-demo.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Services } from '../context.ts';

/** Demo data: the real member agencies of the mechanism, with fictional people. Never use in production. */
export const DEMO_PASSWORD = 'concord-demo-2026';

interface DemoAgency {
  shortName: string;
  name: string;
  state: string;
  domain: string;
  users: { local: string; displayName: string; roles: Role[] }[];
}

const fullTeam = (names: Record<'admin' | 'analyst' | 'investigator' | 'liaison' | 'approver' | 'viewer', string>) => [
  { local: 'admin', displayName: names.admin, roles: ['agency_admin'] as Role[] },
  { local: 'analyst', displayName: names.analyst, roles: ['analyst'] as Role[] },
  { local: 'investigator', displayName: names.investigator, roles: ['investigator'] as Role[] },
  { local: 'liaison', displayName: names.liaison, roles: ['liaison_officer'] as Role[] },
  { local: 'approver', displayName: names.approver, roles: ['approver'] as Role[] },
  { local: 'viewer', displayName: names.viewer, roles: ['viewer'] as Role[] },
];
const adminOnly = (displayName: string) => [{ local: 'admin', displayName, roles: ['agency_admin'] as Role[] }];

export const demoAgencies: DemoAgency[] = [
  {
    shortName: 'SECRETARIAT',
    name: 'Concord Mechanism Secretariat',
    state: 'ID',
    domain: 'secretariat.demo',
    users: [
      { local: 'platform', displayName: 'Dewi Lestari', roles: ['platform_admin', 'agency_admin'] },
      { local: 'legal', displayName: 'Arjun Menon', roles: ['legal_officer', 'analyst'] },
    ],
  },
  {
    shortName: 'MACC',
    name: 'Malaysian Anti-Corruption Commission',
    state: 'MY',
    domain: 'macc.demo',
    users: fullTeam({
      admin: 'Farid Hamzah',
      analyst: 'Nurul Aisyah binti Rahman',
      investigator: 'Kumar Selvaraj',
      liaison: 'Lim Wei Ling',
      approver: 'Zainal Abidin',
      viewer: 'Siti Mariam',
    }),
  },
  {
    shortName: 'CPIB',
    name: 'Corrupt Practices Investigation Bureau',
    state: 'SG',
    domain: 'cpib.demo',
    users: fullTeam({
      admin: 'Tan Mei Hua',
      analyst: 'Rajesh Pillai',
      investigator: 'Goh Jun Jie',
      liaison: 'Nadia Ismail',
      approver: 'Chua Boon Keng',
      viewer: 'Priya Nair',
    }),
  },
  {
    shortName: 'NSC',
    name: 'National Supervisory Commission',
    state: 'CN',
    domain: 'nsc.demo',
    // The fugitives module's demo persons are the NSC's: an investigator and an analyst work them.
    users: [
      ...adminOnly('王建国'),
      { local: 'investigator', displayName: '李明', roles: ['investigator'] },
      { local: 'analyst', displayName: '张蕾', roles: ['analyst'] },
    ],
  },
  { shortName: 'KPK', name: 'Corruption Eradication Commission', state: 'ID', domain: 'kpk.demo', users: adminOnly('Budi Santoso') },
  { shortName: 'NACC', name: 'National Anti-Corruption Commission', state: 'TH', domain: 'nacc.demo', users: adminOnly('สมชาย ใจดี') },
  {
    shortName: 'OMB-PH',
    name: 'Office of the Ombudsman',
    state: 'PH',
    domain: 'ombudsman-ph.demo',
    users: adminOnly('Maria Santos Reyes'),
  },
  { shortName: 'GI-VN', name: 'Government Inspectorate', state: 'VN', domain: 'gi-vn.demo', users: adminOnly('Nguyễn Văn An') },
  { shortName: 'ACB', name: 'Anti-Corruption Bureau', state: 'BN', domain: 'acb.demo', users: adminOnly('Hajah Noraini') },
  { shortName: 'ACU', name: 'Anti-Corruption Unit', state: 'KH', domain: 'acu.demo', users: adminOnly('Sok Dara') },
  {
    shortName: 'SIAA',
    name: 'State Inspection and Anti-Corruption Authority',
    state: 'LA',
    domain: 'siaa.demo',
    users: adminOnly('Khamphone Sisavath'),
  },
  { shortName: 'ACC-MM', name: 'Anti-Corruption Commission', state: 'MM', domain: 'acc-mm.demo', users: adminOnly('Aung Min Thu') },
];

export const demoLogins = [
  { email: 'platform@secretariat.demo', what: 'platform administrator' },
  { email: 'legal@secretariat.demo', what: 'legal officer (edits the legal-basis registry)' },
  { email: 'admin@macc.demo', what: 'agency administrator, MACC (Malaysia)' },
  { email: 'analyst@macc.demo', what: 'analyst, MACC (Malaysia)' },
  { email: 'analyst@cpib.demo', what: 'analyst, CPIB (Singapore)' },
  { email: 'investigator@nsc.demo', what: 'investigator, NSC (China): the demo fugitives are its cases' },
];

export async function hasAnyAgency(db: Database): Promise<boolean> {
  const row = await db.inScope(systemScope, (trx) => trx.selectFrom('agencies').select('id').limit(1).executeTakeFirst());
  return row !== undefined;
}

/** Loads the demo agencies and users into an empty database; audited like any other change. */
export async function seedDemo(services: Pick<Services, 'db' | 'auditSigner' | 'config'>): Promise<{ agencies: number; users: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const result = await services.db.inScope(systemScope, async (trx) => {
    let users = 0;
    for (const agency of demoAgencies) {
      const row = await trx
        .insertInto('agencies')
        .values({ name: agency.name, short_name: agency.shortName, state: agency.state, created_by: null, updated_by: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const user of agency.users) {
        await trx
          .insertInto('users')
          .values({
            agency_id: row.id,
            email: `${user.local}@${agency.domain}`,
            display_name: user.displayName,
            password_hash: passwordHash,
            roles: user.roles,
            created_by: null,
            updated_by: null,
          })
          .execute();
        users += 1;
      }
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
      { type: 'demo.seeded', version: 1, data: { agencies: demoAgencies.length, users } },
    );
    return { agencies: demoAgencies.length, users };
  });
  await seedLegalBasisDemo(services.db);
  await seedCooperationDemo(services);
  await seedScreeningDemo(services);
  await seedFugitivesDemo(services);
  return result;
}
