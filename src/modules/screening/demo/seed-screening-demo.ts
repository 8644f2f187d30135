import { systemScope } from '../../../db/database.ts';
import { appendAudit } from '../../platform/audit/append-audit.ts';
import type { Services } from '../../platform/context.ts';
import type { ImportedEntry } from '../formats.ts';
import { canonicalProperties } from '../records.ts';
import { applyImport } from '../watchlists/import-watchlist.ts';
import { lockWatchlist } from '../watchlists/watchlists.ts';

/**
 * A demonstration watchlist, visible to every agency and kept by the Secretariat: thirty FICTIONAL wanted persons.
 * The names are invented combinations of common names of the region, written in their own script (Han, Thai, Lao,
 * Khmer, Burmese, Vietnamese with its diacritics, Malay with bin/binti) with the romanisations an officer would meet;
 * birth dates, places and document numbers are invented too. Nobody here is, or stands for, a real person.
 */
export const DEMO_WATCHLIST_NAME = 'Demo wanted persons (illustrative)';

interface DemoPerson {
  id: string;
  name: string;
  aliases?: string[];
  gender: 'male' | 'female';
  birthDate: string;
  birthPlace?: string;
  nationality: string;
  passportNumber?: string;
}

export const demoWantedPersons: DemoPerson[] = [
  {
    id: 'demo-wp-01',
    name: '陈志远',
    aliases: ['Chen Zhiyuan', '陳志遠'],
    gender: 'male',
    birthDate: '1968-03-14',
    birthPlace: 'Fuzhou',
    nationality: 'CN',
  },
  {
    id: 'demo-wp-02',
    name: '林秀英',
    aliases: ['Lin Xiuying'],
    gender: 'female',
    birthDate: '1972-11-02',
    birthPlace: 'Xiamen',
    nationality: 'CN',
  },
  {
    id: 'demo-wp-03',
    name: '黄国梁',
    aliases: ['Huang Guoliang', 'Wong Kwok Leung', '黃國樑'],
    gender: 'male',
    birthDate: '1961-07-25',
    birthPlace: 'Guangzhou',
    nationality: 'CN',
    passportNumber: 'EX0000317',
  },
  {
    id: 'demo-wp-04',
    name: '张美玲',
    aliases: ['Zhang Meiling', 'Cheung Mei Ling'],
    gender: 'female',
    birthDate: '1979-05-09',
    nationality: 'CN',
  },
  {
    id: 'demo-wp-05',
    name: '李建华',
    aliases: ['Li Jianhua'],
    gender: 'male',
    birthDate: '1965-12-30',
    birthPlace: 'Nanning',
    nationality: 'CN',
  },
  { id: 'demo-wp-06', name: '吴振东', aliases: ['Wu Zhendong'], gender: 'male', birthDate: '1970', nationality: 'CN' },
  {
    id: 'demo-wp-07',
    name: '周海涛',
    aliases: ['Zhou Haitao', '周海濤'],
    gender: 'male',
    birthDate: '1974-08-08',
    birthPlace: 'Kunming',
    nationality: 'CN',
  },
  {
    id: 'demo-wp-08',
    name: 'Tan Kah Seng',
    aliases: ['陈嘉成', 'Chen Jiacheng'],
    gender: 'male',
    birthDate: '1966-08-19',
    nationality: 'SG',
  },
  {
    id: 'demo-wp-09',
    name: 'Lim Boon Huat',
    aliases: ['林文发', 'Lin Wenfa'],
    gender: 'male',
    birthDate: '1958-02-11',
    birthPlace: 'Penang',
    nationality: 'MY',
  },
  {
    id: 'demo-wp-10',
    name: 'Ong Siew Lan',
    aliases: ['王秀兰', 'Wang Xiulan'],
    gender: 'female',
    birthDate: '1974-09-03',
    nationality: 'MY',
  },
  {
    id: 'demo-wp-11',
    name: 'Mohd Faizal bin Abdul Rahman',
    aliases: ['Muhammad Faizal Abdul Rahman', 'Mohamad Faizal bin Abd Rahman'],
    gender: 'male',
    birthDate: '1973-07-01',
    birthPlace: 'Johor Bahru',
    nationality: 'MY',
    passportNumber: 'A00000731',
  },
  { id: 'demo-wp-12', name: 'Siti Zubaidah binti Hassan', gender: 'female', birthDate: '1978-12-22', nationality: 'MY' },
  {
    id: 'demo-wp-13',
    name: 'Ahmad Zaki bin Ismail',
    aliases: ['Hj Ahmad Zaki Ismail'],
    gender: 'male',
    birthDate: '1962-05-17',
    nationality: 'BN',
  },
  {
    id: 'demo-wp-14',
    name: 'Nur Aini binti Yusof',
    aliases: ['Nur Aini Yusoff'],
    gender: 'female',
    birthDate: '1982-08-08',
    nationality: 'MY',
  },
  { id: 'demo-wp-15', name: 'Bambang Sutrisno', gender: 'male', birthDate: '1960-09-09', birthPlace: 'Surabaya', nationality: 'ID' },
  { id: 'demo-wp-16', name: 'Dewi Kartika Sari', gender: 'female', birthDate: '1976-04-04', birthPlace: 'Bandung', nationality: 'ID' },
  {
    id: 'demo-wp-17',
    name: 'Roberto dela Cruz Villanueva',
    aliases: ['Roberto D. Villanueva'],
    gender: 'male',
    birthDate: '1959-11-11',
    birthPlace: 'Cebu City',
    nationality: 'PH',
  },
  {
    id: 'demo-wp-18',
    name: 'สมศักดิ์ วงศ์ประเสริฐ',
    aliases: ['Somsak Wongprasert', 'Somsak Vongprasert'],
    gender: 'male',
    birthDate: '1963-04-21',
    birthPlace: 'Chiang Mai',
    nationality: 'TH',
  },
  { id: 'demo-wp-19', name: 'วิภาวดี ศรีสุข', aliases: ['Wipawadee Srisuk'], gender: 'female', birthDate: '1977-01-15', nationality: 'TH' },
  {
    id: 'demo-wp-20',
    name: 'ธนากร ทองคำ',
    aliases: ['Thanakorn Thongkham', 'Tanakorn Tongkam'],
    gender: 'male',
    birthDate: '1969-10-07',
    nationality: 'TH',
  },
  {
    id: 'demo-wp-21',
    name: 'Nguyễn Văn Hùng',
    aliases: ['Nguyen Van Hung'],
    gender: 'male',
    birthDate: '1967-06-12',
    birthPlace: 'Hải Phòng',
    nationality: 'VN',
    passportNumber: 'B0000612',
  },
  { id: 'demo-wp-22', name: 'Trần Thị Thu Hà', aliases: ['Tran Thi Thu Ha'], gender: 'female', birthDate: '1975-03-28', nationality: 'VN' },
  {
    id: 'demo-wp-23',
    name: 'Lê Minh Tuấn',
    aliases: ['Le Minh Tuan'],
    gender: 'male',
    birthDate: '1971-11-19',
    birthPlace: 'Đà Nẵng',
    nationality: 'VN',
  },
  { id: 'demo-wp-24', name: 'Phạm Quốc Bảo', aliases: ['Pham Quoc Bao'], gender: 'male', birthDate: '1980-02-05', nationality: 'VN' },
  {
    id: 'demo-wp-25',
    name: 'အောင်ကျော်ဝင်း',
    aliases: ['U Aung Kyaw Win', 'Aung Kyaw Win'],
    gender: 'male',
    birthDate: '1964-01-23',
    nationality: 'MM',
  },
  {
    id: 'demo-wp-26',
    name: 'ခင်မာလွင်',
    aliases: ['Daw Khin Mar Lwin', 'Khin Mar Lwin'],
    gender: 'female',
    birthDate: '1970-06-30',
    nationality: 'MM',
  },
  { id: 'demo-wp-27', name: 'ဇော်မင်းထွန်း', aliases: ['Zaw Min Htun'], gender: 'male', birthDate: '1983', nationality: 'MM' },
  {
    id: 'demo-wp-28',
    name: 'សុខ វណ្ណា',
    aliases: ['Sok Vanna'],
    gender: 'male',
    birthDate: '1972-03-03',
    birthPlace: 'Battambang',
    nationality: 'KH',
  },
  { id: 'demo-wp-29', name: 'ចាន់ សុភា', aliases: ['Chan Sophea'], gender: 'female', birthDate: '1981-10-10', nationality: 'KH' },
  { id: 'demo-wp-30', name: 'ສົມພອນ ແກ້ວມະນີ', aliases: ['Somphone Keomany'], gender: 'male', birthDate: '1966-12-01', nationality: 'LA' },
];

export function demoWatchlistEntries(): ImportedEntry[] {
  return demoWantedPersons.map((person, index) => ({
    line: index + 1,
    sourceId: person.id,
    schema: 'Person',
    properties: canonicalProperties({
      name: [person.name],
      alias: person.aliases ?? [],
      gender: [person.gender],
      birthDate: [person.birthDate],
      birthPlace: person.birthPlace ? [person.birthPlace] : [],
      nationality: [person.nationality],
      passportNumber: person.passportNumber ? [person.passportNumber] : [],
      notes: ['Demonstration data: a fictional person.'],
    }),
  }));
}

/** Loads the demo watchlist, owned by the Secretariat; audited like any other change. */
export async function seedScreeningDemo(
  services: Pick<Services, 'db' | 'auditSigner' | 'config'>,
): Promise<{ watchlists: number; entries: number }> {
  return services.db.inScope(systemScope, async (trx) => {
    const secretariat = await trx.selectFrom('agencies').select('id').where('short_name', '=', 'SECRETARIAT').executeTakeFirst();
    if (!secretariat) throw new Error('demo agency SECRETARIAT is missing; load the demo agencies first');
    const created = await trx
      .insertInto('screening_watchlists')
      .values({
        agency_id: secretariat.id,
        name: DEMO_WATCHLIST_NAME,
        description: 'Demonstration data: thirty fictional persons in the scripts of the region. Not a real list.',
        visibility: 'platform',
        created_by: null,
        updated_by: null,
      })
      .returning(['agency_id', 'id'])
      .executeTakeFirstOrThrow();
    const locked = await lockWatchlist({ trx }, created);
    const { counts } = await applyImport(trx, locked, demoWatchlistEntries(), { mode: 'merge', userId: null, now: new Date() });
    await appendAudit(
      {
        trx,
        signer: services.auditSigner,
        now: new Date(),
        requestId: null,
        agencyId: null,
        actorUserId: null,
      },
      { type: 'screening.demo_seeded', version: 1, data: { watchlists: 1, entries: counts.added } },
    );
    return { watchlists: 1, entries: counts.added };
  });
}
