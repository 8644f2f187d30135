/**
 * `npm run bench:fugitives`: load, search, read and import figures of the fugitives module, over HTTP on 127.0.0.1.
 *
 *   npm run bench:fugitives                                  # PGlite, 1,000 then 5,000 wanted persons (a few minutes on 2 cores)
 *   npm run bench:fugitives -- --size 1000,5000,20000        # sizes (cumulative: the data grows from one size to the next)
 *   npm run bench:fugitives -- --queries 20 --interpol 500   # HTTP search queries per query form (10); Interpol notices (1,000)
 *   npm run bench:fugitives -- --recall-queries 500 --slice 50   # in-process recall sample per form (200); persons loaded via the API (100)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/<fresh database> npm run bench:fugitives   # PostgreSQL server
 *
 * The real app runs in this process (migrated, demo data seeded, log level warn) and is signed in to as the NSC's
 * administrator. Wanted persons of the NSC — FICTIONAL names drawn from common Chinese surnames and given-name
 * characters, with some Thai, Malay and Vietnamese names, Latin aliases, 0–6 return steps in a valid order, 0–3
 * sightings and red notices (most published) — are bulk-inserted with SQL in batches (checked against the module's
 * life-cycle rules first); a first slice of persons is recorded through the HTTP API instead, to time the use cases.
 * About 10 % more persons belong to the MACC, most with a published red notice (so the NSC sees them) and the rest
 * with a requested one (so it does not): the visibility filter has something to keep and something to drop.
 *
 * At each size: the first name search after the load (the agency's cached search index brought up to date), then
 * name search (`GET /api/fugitives?q=`) for each query form — Chinese characters, pinyin with spaces, given name
 * first, hyphenated Wade–Giles-like spelling, Latin spelling of a Thai, Malay or Vietnamese name — with latency
 * percentiles, requests/s and recall@5 of the person whose name made the query; a search right after a change to a
 * person; the parts of a search timed in-process (reading the search revision, a cold index build split into
 * reading names and building, matching, reading the page found) and recall@5 over a larger sample against the same
 * index; the plain list (limit 100), a person's view and timeline, a 1,000-member campaign's progress and the overview.
 * At the end: the Interpol import (first and unchanged re-import) of a synthetic folder of list and detail documents.
 *
 * Requests are sent one at a time by this process (the client shares the server's event loop; the figures include
 * the client's small share) and then 4 at a time for the throughput of searches. No figure is asserted; the exit
 * code is 1 when recall@5 of any query form is below 0.95 (a correctness signal) or a request fails.
 * The last line is one JSON object with the main figures.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config.ts';
import { systemScope } from '../src/db/database.ts';
import type { FugitiveConfidence, FugitiveNoticeStatus, FugitiveOffence } from '../src/db/schema.ts';
import { stepRefusal, type StepFact } from '../src/modules/fugitives/engine/lifecycle.ts';
import { importInterpol, type ImportDocument, type ImportSummary } from '../src/modules/fugitives/interpol/import-interpol.ts';
import { parseInterpolDocument } from '../src/modules/fugitives/interpol/parse-interpol.ts';
import { visiblePersons } from '../src/modules/fugitives/persons/persons.ts';
import { clearSearchIndexes, searchIndexFor } from '../src/modules/fugitives/persons/search-index.ts';
import { visibleToActor } from '../src/modules/fugitives/persons/visibility.ts';
import type { Actor, Ctx, Services } from '../src/modules/platform/context.ts';
import { scopeOf } from '../src/modules/platform/context.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/modules/platform/demo/seed-demo.ts';
import { DEFAULT_THRESHOLD, ScreeningIndex } from '../src/modules/screening/engine/index.ts';
import { startServices } from '../src/runtime.ts';
import { buildApp } from '../src/server/app.ts';

// ---------------------------------------------------------------------------------------------------------------
// Options

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (at < 0) return undefined;
  const arg = args[at]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[at + 1];
}
function intOption(name: string, fallback: number, min: number, max: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(`--${name} must be an integer from ${min} to ${max}\n`);
    process.exit(2);
  }
  return value;
}
const sizes = (option('size') ?? '1000,5000').split(',').map((part) => Number(part.trim()));
if (sizes.some((size, i) => !Number.isInteger(size) || size < 100 || size > 200_000 || (i > 0 && size <= sizes[i - 1]!))) {
  process.stderr.write('--size takes ascending integers from 100 to 200000, comma-separated, e.g. 1000,5000,20000\n');
  process.exit(2);
}
const queriesPerForm = intOption('queries', 10, 3, 1000);
const recallQueries = intOption('recall-queries', 200, 10, 100_000);
const interpolNotices = intOption('interpol', 1000, 20, 100_000);
const apiSlice = intOption('slice', 100, 10, 5000);
const databaseUrl = process.env.DATABASE_URL;

const LOGIN = { email: 'admin@nsc.demo', password: DEMO_PASSWORD };
const OTHER_LOGIN = { email: 'analyst@macc.demo', password: DEMO_PASSWORD };
const SESSION_COOKIE = 'concord_session';
const SECOND_AGENCY_SHARE = 0.1;
const RECALL_TARGET = 0.95;
const CONCURRENCY = 4;
const BATCH = 500;
const CAMPAIGN_MEMBERS = 1000;
const READS = 100;
const SUMMARY_READS = 10;

const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
const say = (line = '') => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);
const int = (value: number) => Math.round(value).toLocaleString('en');
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));

let peakRss = process.memoryUsage.rss();
const rssSampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 100);
rssSampler.unref();

// ---------------------------------------------------------------------------------------------------------------
// Fictional names. Readings are written out here (not taken from the screening engine) so that the queries do not
// merely agree with the engine's own transliteration.

/** [character, pinyin, Wade–Giles-like spelling as in passports: no aspiration marks] */
type Syllable = readonly [string, string, string];
const SURNAMES: readonly Syllable[] = [
  ['王', 'wang', 'wang'],
  ['李', 'li', 'li'],
  ['张', 'zhang', 'chang'],
  ['刘', 'liu', 'liu'],
  ['陈', 'chen', 'chen'],
  ['杨', 'yang', 'yang'],
  ['黄', 'huang', 'huang'],
  ['赵', 'zhao', 'chao'],
  ['吴', 'wu', 'wu'],
  ['周', 'zhou', 'chou'],
  ['徐', 'xu', 'hsu'],
  ['孙', 'sun', 'sun'],
  ['马', 'ma', 'ma'],
  ['朱', 'zhu', 'chu'],
  ['胡', 'hu', 'hu'],
  ['郭', 'guo', 'kuo'],
  ['何', 'he', 'ho'],
  ['高', 'gao', 'kao'],
  ['林', 'lin', 'lin'],
  ['罗', 'luo', 'lo'],
  ['郑', 'zheng', 'cheng'],
  ['梁', 'liang', 'liang'],
  ['谢', 'xie', 'hsieh'],
  ['宋', 'song', 'sung'],
  ['唐', 'tang', 'tang'],
  ['韩', 'han', 'han'],
  ['冯', 'feng', 'feng'],
  ['邓', 'deng', 'teng'],
  ['曹', 'cao', 'tsao'],
  ['彭', 'peng', 'peng'],
  ['曾', 'zeng', 'tseng'],
  ['肖', 'xiao', 'hsiao'],
  ['田', 'tian', 'tien'],
  ['董', 'dong', 'tung'],
  ['潘', 'pan', 'pan'],
  ['袁', 'yuan', 'yuan'],
  ['蔡', 'cai', 'tsai'],
  ['蒋', 'jiang', 'chiang'],
  ['杜', 'du', 'tu'],
  ['叶', 'ye', 'yeh'],
  ['程', 'cheng', 'cheng'],
  ['魏', 'wei', 'wei'],
  ['苏', 'su', 'su'],
  ['丁', 'ding', 'ting'],
  ['任', 'ren', 'jen'],
  ['沈', 'shen', 'shen'],
  ['姚', 'yao', 'yao'],
  ['卢', 'lu', 'lu'],
  ['钟', 'zhong', 'chung'],
  ['汪', 'wang', 'wang'],
  ['范', 'fan', 'fan'],
  ['方', 'fang', 'fang'],
  ['石', 'shi', 'shih'],
  ['廖', 'liao', 'liao'],
  ['贾', 'jia', 'chia'],
  ['夏', 'xia', 'hsia'],
  ['付', 'fu', 'fu'],
  ['邹', 'zou', 'tsou'],
  ['熊', 'xiong', 'hsiung'],
  ['孟', 'meng', 'meng'],
];
const GIVEN: readonly Syllable[] = [
  ['伟', 'wei', 'wei'],
  ['芳', 'fang', 'fang'],
  ['敏', 'min', 'min'],
  ['静', 'jing', 'ching'],
  ['丽', 'li', 'li'],
  ['强', 'qiang', 'chiang'],
  ['磊', 'lei', 'lei'],
  ['军', 'jun', 'chun'],
  ['洋', 'yang', 'yang'],
  ['勇', 'yong', 'yung'],
  ['艳', 'yan', 'yen'],
  ['杰', 'jie', 'chieh'],
  ['涛', 'tao', 'tao'],
  ['明', 'ming', 'ming'],
  ['超', 'chao', 'chao'],
  ['秀', 'xiu', 'hsiu'],
  ['霞', 'xia', 'hsia'],
  ['平', 'ping', 'ping'],
  ['刚', 'gang', 'kang'],
  ['英', 'ying', 'ying'],
  ['华', 'hua', 'hua'],
  ['建', 'jian', 'chien'],
  ['国', 'guo', 'kuo'],
  ['文', 'wen', 'wen'],
  ['志', 'zhi', 'chih'],
  ['红', 'hong', 'hung'],
  ['海', 'hai', 'hai'],
  ['辉', 'hui', 'hui'],
  ['鹏', 'peng', 'peng'],
  ['宇', 'yu', 'yu'],
  ['晓', 'xiao', 'hsiao'],
  ['婷', 'ting', 'ting'],
  ['玲', 'ling', 'ling'],
  ['斌', 'bin', 'pin'],
  ['峰', 'feng', 'feng'],
  ['春', 'chun', 'chun'],
  ['东', 'dong', 'tung'],
  ['亮', 'liang', 'liang'],
  ['成', 'cheng', 'cheng'],
  ['庆', 'qing', 'ching'],
  ['德', 'de', 'te'],
  ['新', 'xin', 'hsin'],
  ['金', 'jin', 'chin'],
  ['云', 'yun', 'yun'],
  ['雪', 'xue', 'hsueh'],
  ['梅', 'mei', 'mei'],
  ['兰', 'lan', 'lan'],
  ['荣', 'rong', 'jung'],
  ['波', 'bo', 'po'],
  ['宁', 'ning', 'ning'],
  ['浩', 'hao', 'hao'],
  ['康', 'kang', 'kang'],
  ['永', 'yong', 'yung'],
  ['振', 'zhen', 'chen'],
  ['祥', 'xiang', 'hsiang'],
  ['培', 'pei', 'pei'],
  ['思', 'si', 'ssu'],
  ['嘉', 'jia', 'chia'],
  ['俊', 'jun', 'chun'],
  ['慧', 'hui', 'hui'],
  ['琳', 'lin', 'lin'],
  ['安', 'an', 'an'],
  ['福', 'fu', 'fu'],
  ['良', 'liang', 'liang'],
  ['光', 'guang', 'kuang'],
  ['天', 'tian', 'tien'],
  ['家', 'jia', 'chia'],
  ['立', 'li', 'li'],
  ['松', 'song', 'sung'],
  ['泽', 'ze', 'tse'],
];
/** [Thai script, Royal Thai General System spelling] */
const THAI_GIVEN: readonly (readonly [string, string])[] = [
  ['สมชาย', 'Somchai'],
  ['สมศักดิ์', 'Somsak'],
  ['วิชัย', 'Wichai'],
  ['สุรชัย', 'Surachai'],
  ['อนุวัฒน์', 'Anuwat'],
  ['กิตติ', 'Kitti'],
  ['ณัฐพล', 'Natthaphon'],
  ['สมพงษ์', 'Somphong'],
  ['ธนากร', 'Thanakon'],
  ['สุดา', 'Suda'],
  ['มาลี', 'Mali'],
  ['วันดี', 'Wandi'],
  ['พรทิพย์', 'Phonthip'],
  ['ประเสริฐ', 'Prasoet'],
];
const THAI_SURNAMES: readonly (readonly [string, string])[] = [
  ['ใจดี', 'Jaidi'],
  ['ศรีสุข', 'Sisuk'],
  ['แสงทอง', 'Saengthong'],
  ['บุญมา', 'Bunma'],
  ['วงศ์สวัสดิ์', 'Wongsawat'],
  ['ทองดี', 'Thongdi'],
  ['รัตนพันธ์', 'Rattanaphan'],
  ['สุขสวัสดิ์', 'Suksawat'],
  ['พรหมมา', 'Phromma'],
  ['เพชรรัตน์', 'Phetcharat'],
  ['ศรีวงศ์', 'Siwong'],
  ['คงเจริญ', 'Khongcharoen'],
];
const MALAY_MALE = ['Ahmad', 'Mohd Faizal', 'Azman', 'Rosli', 'Hafiz', 'Zulkifli', 'Kamarul', 'Shahrul', 'Aminuddin', 'Ridzuan'];
const MALAY_FEMALE = ['Nurul Huda', 'Siti Aminah', 'Faridah', 'Noraini', 'Zarina', 'Rohani'];
const MALAY_FATHERS = ['Ismail', 'Abdullah', 'Hassan', 'Yusof', 'Osman', 'Rahman', 'Ibrahim', 'Hamid', 'Salleh', 'Jaafar', 'Harun'];
const VIET_SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const VIET_MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Ngọc', 'Quang', 'Thanh'];
const VIET_GIVEN = ['Minh', 'Hùng', 'Dũng', 'Tuấn', 'Hải', 'Lan', 'Hương', 'Thảo', 'Anh', 'Long', 'Phúc', 'Trang', 'Sơn', 'Cường'];

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const unaccented = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

type QueryForm = 'chinese' | 'pinyin_spaced' | 'given_first' | 'wade_giles_hyphen' | 'latin_th_ms_vi';
const QUERY_FORMS: readonly QueryForm[] = ['chinese', 'pinyin_spaced', 'given_first', 'wade_giles_hyphen', 'latin_th_ms_vi'];
const FORM_LABELS: Record<QueryForm, string> = {
  chinese: 'Chinese characters',
  pinyin_spaced: 'pinyin, spaced',
  given_first: 'given name first',
  wade_giles_hyphen: 'Wade–Giles, hyphen',
  latin_th_ms_vi: 'Thai/Malay/Viet Latin',
};

interface GeneratedName {
  names: string[];
  aliases: string[];
  nationality: string;
  gender: 'male' | 'female';
  /** The queries that should find this person, by form. */
  queries: Partial<Record<QueryForm, string>>;
  key: string;
}

type Random = () => number;
function prng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const between = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

function chineseName(random: Random): GeneratedName {
  const surname = pick(random, SURNAMES);
  const given = random() < 0.15 ? [pick(random, GIVEN)] : [pick(random, GIVEN), pick(random, GIVEN)];
  const han = surname[0] + given.map((g) => g[0]).join('');
  const givenPinyin = given.map((g) => g[1]).join('');
  const pinyinName = `${capital(surname[1])} ${capital(givenPinyin)}`;
  const wadeGiles = `${capital(surname[2])} ${capital(given.map((g) => g[2]).join('-'))}`;
  const roll = random();
  const aliases =
    roll < 0.55 ? [pinyinName] : roll < 0.7 ? [pinyinName.toUpperCase()] : roll < 0.85 ? [wadeGiles, pinyinName] : ([] as string[]);
  return {
    names: [han],
    aliases,
    nationality: 'CN',
    gender: random() < 0.8 ? 'male' : 'female',
    queries: {
      chinese: han,
      pinyin_spaced: [surname[1], ...given.map((g) => g[1])].join(' '),
      given_first: `${capital(givenPinyin)} ${capital(surname[1])}`,
      wade_giles_hyphen: wadeGiles,
    },
    key: han,
  };
}

function southeastAsianName(random: Random): GeneratedName {
  const kind = pick(random, ['th', 'ms', 'vi'] as const);
  if (kind === 'th') {
    const given = pick(random, THAI_GIVEN);
    const surname = pick(random, THAI_SURNAMES);
    const latin = `${given[1]} ${surname[1]}`;
    return {
      names: [`${given[0]} ${surname[0]}`],
      aliases: [latin],
      nationality: 'TH',
      gender: 'male',
      queries: { latin_th_ms_vi: latin.toUpperCase() },
      key: latin,
    };
  }
  if (kind === 'ms') {
    const female = random() < 0.3;
    const given = pick(random, female ? MALAY_FEMALE : MALAY_MALE);
    const father = pick(random, MALAY_FATHERS);
    return {
      names: [`${given} ${female ? 'binti' : 'bin'} ${father}`],
      aliases: [],
      nationality: 'MY',
      gender: female ? 'female' : 'male',
      queries: { latin_th_ms_vi: `${given} ${father}` },
      key: `${given} ${father}`,
    };
  }
  const female = random() < 0.3;
  const name = `${pick(random, VIET_SURNAMES)} ${female ? 'Thị' : pick(random, VIET_MIDDLE)} ${pick(random, VIET_GIVEN)}`;
  return {
    names: [name],
    aliases: [],
    nationality: 'VN',
    gender: female ? 'female' : 'male',
    queries: { latin_th_ms_vi: unaccented(name) },
    key: unaccented(name),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Persons: facts in a valid order

const DAY = 86_400_000;
const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const dayOf = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);
const LAST_DAY = dayOf('2026-06-30');
const SEA_STATES = ['TH', 'MY', 'SG', 'ID', 'VN', 'KH', 'LA', 'MM', 'PH'];
const CITIES: Record<string, string> = {
  TH: 'Bangkok',
  MY: 'Kuala Lumpur',
  SG: 'Singapore',
  ID: 'Jakarta',
  VN: 'Ho Chi Minh City',
  KH: 'Phnom Penh',
  LA: 'Vientiane',
  MM: 'Yangon',
  PH: 'Manila',
};
const RETURN_PATHS: readonly (readonly [StepFact['kind'], StepFact['means']][])[] = [
  [
    ['located', null],
    ['provisional_arrest', null],
    ['returned', 'extradition'],
    ['trial', null],
    ['verdict', null],
  ],
  [
    ['located', null],
    ['provisional_arrest', null],
    ['extradition_proceedings', null],
    ['returned', 'extradition'],
    ['trial', null],
    ['verdict', null],
  ],
  [
    ['located', null],
    ['detention', null],
    ['deportation', null],
    ['returned', 'deportation'],
    ['trial', null],
    ['verdict', null],
  ],
  [
    ['located', null],
    ['voluntary_return', null],
    ['returned', 'voluntary_return'],
    ['trial', null],
  ],
];
const OFFENCES: readonly FugitiveOffence[] = ['embezzlement', 'bribery', 'abuse_of_office', 'money_laundering', 'fraud'];

interface NoticePlan {
  history: [FugitiveNoticeStatus, string][];
}
interface SightingPlan {
  by: 'NSC' | 'MACC' | 'CPIB' | 'NACC';
  state: string;
  on: string;
  confidence: FugitiveConfidence;
}
interface PersonPlan {
  agency: 'NSC' | 'MACC';
  name: GeneratedName;
  birthDate: string;
  fledOn: string;
  offences: FugitiveOffence[];
  amount: string;
  notices: NoticePlan[];
  steps: StepFact[];
  sightings: SightingPlan[];
  /** Visible to the NSC (its own, or a published red notice). */
  visible: boolean;
}

function planPerson(random: Random, agency: 'NSC' | 'MACC', name: GeneratedName): PersonPlan {
  const fled = between(random, dayOf('2000-01-01'), LAST_DAY - 400);
  const fledOn = isoDay(fled);
  const notices: NoticePlan[] = [];
  const requested = fled + between(random, 5, 90);
  const published = requested + between(random, 10, 120);
  if (agency === 'MACC') {
    // Mostly published red notices (the NSC sees the person); the rest only requested (it does not).
    const publish = random() < 0.8;
    notices.push({
      history: publish
        ? [
            ['requested', isoDay(requested)],
            ['published', isoDay(published)],
          ]
        : [['requested', isoDay(requested)]],
    });
  } else if (random() < 0.85) {
    const roll = random();
    notices.push({
      history:
        roll < 0.6
          ? [
              ['requested', isoDay(requested)],
              ['published', isoDay(published)],
            ]
          : roll < 0.85
            ? [['requested', isoDay(requested)]]
            : [
                ['requested', isoDay(requested)],
                ['published', isoDay(published)],
                ['withdrawn', isoDay(published + between(random, 100, 300))],
              ],
    });
  }
  const steps: StepFact[] = [];
  const wanted = agency === 'MACC' ? between(random, 0, 2) : random() < 0.35 ? 0 : between(random, 1, 6);
  const route = pick(random, RETURN_PATHS);
  const state = pick(random, SEA_STATES);
  let day = fled + between(random, 30, 1500);
  for (const [kind, means] of route.slice(0, wanted)) {
    if (day > LAST_DAY) break;
    const inChina = kind === 'trial' || kind === 'verdict';
    const step: StepFact = { kind, on: isoDay(day), state: inChina ? 'CN' : state, city: inChina ? null : CITIES[state]!, means };
    const refusal = stepRefusal(steps, step, fledOn);
    if (refusal) throw new Error(`generated an invalid step for ${name.key}: ${refusal}`);
    steps.push(step);
    day += between(random, 10, 300);
  }
  const sightings: SightingPlan[] = [];
  const sightingCount = between(random, 0, 3);
  for (let i = 0; i < sightingCount; i += 1) {
    sightings.push({
      by: pick(random, ['NSC', 'MACC', 'CPIB', 'NACC'] as const),
      state: pick(random, SEA_STATES),
      on: isoDay(Math.min(LAST_DAY, fled + between(random, 10, 3000))),
      confidence: pick(random, ['low', 'medium', 'high'] as const),
    });
  }
  const visible = agency === 'NSC' || notices.some((notice) => notice.history.at(-1)![0] === 'published');
  return {
    agency,
    name,
    birthDate: random() < 0.2 ? String(between(random, 1950, 1985)) : isoDay(between(random, dayOf('1950-01-01'), dayOf('1985-12-31'))),
    fledOn,
    offences: [...new Set([pick(random, OFFENCES), pick(random, OFFENCES)])],
    amount: `${between(random, 1, 900_000)}${String(between(random, 0, 99)).padStart(2, '0')}000.00`,
    notices,
    steps,
    sightings,
    visible,
  };
}

class Population {
  private readonly random = prng(20261127);
  private readonly taken = new Set<string>();
  readonly plans: PersonPlan[] = [];

  private name(chineseShare: number): GeneratedName {
    for (let attempt = 0; attempt < 1000; attempt += 1) {
      const name = this.random() < chineseShare ? chineseName(this.random) : southeastAsianName(this.random);
      if (this.taken.has(name.key)) continue;
      this.taken.add(name.key);
      return name;
    }
    throw new Error('could not draw a new distinct name; the name tables are too small for this size');
  }

  /** Plans persons until the NSC has `nscCount` (beyond the demo's) and the MACC about a tenth of that. */
  grow(nscCount: number): PersonPlan[] {
    const fresh: PersonPlan[] = [];
    const count = (agency: string) => this.plans.filter((plan) => plan.agency === agency).length;
    const nscMissing = nscCount - count('NSC');
    const maccMissing = Math.round(nscCount * SECOND_AGENCY_SHARE) - count('MACC');
    for (let i = 0; i < nscMissing; i += 1) fresh.push(planPerson(this.random, 'NSC', this.name(0.85)));
    for (let i = 0; i < maccMissing; i += 1) fresh.push(planPerson(this.random, 'MACC', this.name(0.4)));
    this.plans.push(...fresh);
    return fresh;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Loading: bulk SQL, and a slice through the HTTP API

interface Loaded {
  plan: PersonPlan;
  id: string;
}

async function bulkInsert(services: Services, agencyIds: Map<string, string>, plans: readonly PersonPlan[]): Promise<Loaded[]> {
  const loaded: Loaded[] = [];
  for (let start = 0; start < plans.length; start += BATCH) {
    const batch = plans.slice(start, start + BATCH);
    await services.db.inScope(systemScope, async (trx) => {
      const rows = await trx
        .insertInto('fugitives')
        .values(
          batch.map((plan) => ({
            agency_id: agencyIds.get(plan.agency)!,
            names: plan.name.names,
            aliases: plan.name.aliases,
            birth_dates: [plan.birthDate],
            nationalities: [plan.name.nationality],
            gender: plan.name.gender,
            offences: plan.offences,
            amount: plan.amount,
            currency: 'CNY',
            case_references: [`BENCH-${plan.agency}-${plan.fledOn.slice(0, 4)}-${String(start + batch.indexOf(plan))}`],
            fled_on: plan.fledOn,
            fled_from: plan.agency === 'NSC' ? 'CN' : 'MY',
            created_by: null,
            updated_by: null,
          })),
        )
        .returning('id')
        .execute();
      const ids = rows.map((row) => row.id);
      const noticeRows = batch.flatMap((plan, i) =>
        plan.notices.map((notice) => ({ plan, notice, agencyId: agencyIds.get(plan.agency)!, fugitiveId: ids[i]! })),
      );
      if (noticeRows.length > 0) {
        const created = await trx
          .insertInto('fugitive_notices')
          .values(
            noticeRows.map(({ notice, agencyId, fugitiveId }) => {
              const [status, statusOn] = notice.history.at(-1)!;
              return {
                agency_id: agencyId,
                fugitive_id: fugitiveId,
                kind: 'red' as const,
                status,
                status_on: statusOn,
                created_by: null,
                updated_by: null,
              };
            }),
          )
          .returning('id')
          .execute();
        await trx
          .insertInto('fugitive_notice_events')
          .values(
            noticeRows.flatMap(({ notice, agencyId, fugitiveId }, i) =>
              notice.history.map(([status, on]) => ({
                agency_id: agencyId,
                notice_id: created[i]!.id,
                fugitive_id: fugitiveId,
                status,
                occurred_on: on,
                note: null,
                created_by: null,
              })),
            ),
          )
          .execute();
      }
      const steps = batch.flatMap((plan, i) =>
        plan.steps.map((step, seq) => ({
          agency_id: agencyIds.get(plan.agency)!,
          fugitive_id: ids[i]!,
          seq: seq + 1,
          kind: step.kind,
          occurred_on: step.on,
          state: step.state,
          city: step.city,
          means: step.means,
          note: null,
          created_by: null,
        })),
      );
      if (steps.length > 0) await trx.insertInto('fugitive_return_steps').values(steps).execute();
      const sightings = batch.flatMap((plan, i) =>
        plan.sightings.map((sighting) => ({
          agency_id: agencyIds.get(plan.agency)!,
          fugitive_id: ids[i]!,
          reported_by_agency_id: agencyIds.get(sighting.by)!,
          state: sighting.state,
          city: CITIES[sighting.state]!,
          seen_on: sighting.on,
          source: 'bench',
          confidence: sighting.confidence,
          note: null,
          created_by: null,
        })),
      );
      if (sightings.length > 0) await trx.insertInto('fugitive_sightings').values(sightings).execute();
      batch.forEach((plan, i) => loaded.push({ plan, id: ids[i]! }));
    });
  }
  return loaded;
}

class Client {
  constructor(
    readonly baseUrl: string,
    readonly cookie: string,
    readonly csrfToken: string,
  ) {}
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  failures = 0;

  /** One request over a kept-alive connection, without a client timeout (a cold search at 20,000 persons may take long). */
  request(method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown; ms: number }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { cookie: this.cookie };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
      headers['x-csrf-token'] = this.csrfToken;
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const request = http.request(`${this.baseUrl}${url}`, { method, headers, agent: this.agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const elapsed = performance.now() - started;
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: response.statusCode ?? 0, body: parsed, ms: elapsed });
        });
      });
      request.on('error', reject);
      request.end(payload);
    });
  }

  /** A request that must succeed; a failure is counted and reported, and ends the benchmark with exit code 1. */
  async ok(method: string, url: string, body?: unknown): Promise<{ body: unknown; ms: number }> {
    const result = await this.request(method, url, body);
    if (result.status < 200 || result.status > 299) {
      this.failures += 1;
      throw new Error(`${method} ${url}: HTTP ${result.status} ${JSON.stringify(result.body).slice(0, 400)}`);
    }
    return { body: result.body, ms: result.ms };
  }
}

const idOf = (body: unknown): string => (body as { id: string }).id;

async function signIn(baseUrl: string, login: { email: string; password: string } = LOGIN): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(login),
  });
  if (!response.ok) throw new Error(`login failed: HTTP ${response.status} ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [name, ...value] = (pair ?? '').split('=');
    if (name?.trim() === SESSION_COOKIE) return { cookie: `${SESSION_COOKIE}=${value.join('=')}`, csrfToken };
  }
  throw new Error(`login response set no ${SESSION_COOKIE} cookie`);
}

/** Records NSC persons through the HTTP API, as an investigator would: person, notice and its publication, steps, sightings. */
async function loadThroughApi(client: Client, plans: readonly PersonPlan[]) {
  const loaded: Loaded[] = [];
  let requests = 0;
  const started = performance.now();
  for (const plan of plans) {
    const person = await client.ok('POST', '/api/fugitives', {
      names: plan.name.names,
      aliases: plan.name.aliases,
      birthDates: [plan.birthDate],
      nationalities: [plan.name.nationality],
      gender: plan.name.gender,
      offences: plan.offences,
      amount: { value: plan.amount, currency: 'CNY' },
      caseReferences: [`BENCH-API-${loaded.length}`],
      fledOn: plan.fledOn,
      fledFrom: 'CN',
    });
    requests += 1;
    const id = idOf(person.body);
    for (const notice of plan.notices) {
      const [[, requestedOn], ...later] = notice.history as [[FugitiveNoticeStatus, string], ...[FugitiveNoticeStatus, string][]];
      const created = await client.ok('POST', `/api/fugitives/${id}/notices`, { kind: 'red', requestedOn });
      requests += 1;
      for (const [status, on] of later) {
        await client.ok('POST', `/api/fugitives/${id}/notices/${idOf(created.body)}/status`, { status, on });
        requests += 1;
      }
    }
    for (const step of plan.steps) {
      await client.ok('POST', `/api/fugitives/${id}/steps`, {
        kind: step.kind,
        on: step.on,
        state: step.state,
        city: step.city,
        ...(step.means ? { means: step.means } : {}),
      });
      requests += 1;
    }
    for (const sighting of plan.sightings) {
      await client.ok('POST', `/api/fugitives/${id}/sightings`, {
        state: sighting.state,
        city: CITIES[sighting.state]!,
        seenOn: sighting.on,
        source: 'bench',
        confidence: sighting.confidence,
      });
      requests += 1;
    }
    loaded.push({ plan, id });
  }
  const seconds = (performance.now() - started) / 1000;
  return { loaded, seconds, requests };
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring

interface Timing {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  perSecond: number;
}
function timing(latencies: readonly number[], wallMs: number): Timing {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  return {
    count: sorted.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    mean: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length),
    max: at(100),
    perSecond: wallMs > 0 ? (sorted.length / wallMs) * 1000 : 0,
  };
}
const timingLine = (label: string, t: Timing, extra = '') =>
  `  ${label.padEnd(34)} p50 ${ms(t.p50).padStart(7)}  p95 ${ms(t.p95).padStart(7)}  p99 ${ms(t.p99).padStart(7)}  max ${ms(t.max).padStart(7)} ms  ${t.perSecond > 0 ? `${t.perSecond.toFixed(1).padStart(7)} req/s` : ' '.repeat(13)}  (n=${t.count})${extra}`;

async function sequential(client: Client, urls: readonly string[]): Promise<{ timing: Timing; bodies: unknown[] }> {
  const latencies: number[] = [];
  const bodies: unknown[] = [];
  const started = performance.now();
  for (const url of urls) {
    const result = await client.ok('GET', url);
    latencies.push(result.ms);
    bodies.push(result.body);
  }
  return { timing: timing(latencies, performance.now() - started), bodies };
}

async function concurrent(client: Client, urls: readonly string[], connections: number): Promise<Timing> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        latencies.push((await client.ok('GET', url)).ms);
      }
    }),
  );
  return timing(latencies, performance.now() - started);
}

function sampleOf<T>(random: Random, list: readonly T[], count: number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}

interface FormResult {
  form: QueryForm;
  timing: Timing;
  found: number;
  queries: number;
  recall: number;
  misses: string[];
}

async function searchForms(client: Client, random: Random, targets: readonly Loaded[]): Promise<FormResult[]> {
  const results: FormResult[] = [];
  for (const form of QUERY_FORMS) {
    const candidates = targets.filter((target) => target.plan.name.queries[form] !== undefined);
    const chosen = sampleOf(random, candidates, queriesPerForm);
    const urls = chosen.map((target) => `/api/fugitives?q=${encodeURIComponent(target.plan.name.queries[form]!)}&limit=5`);
    const { timing: t, bodies } = await sequential(client, urls);
    let found = 0;
    const misses: string[] = [];
    bodies.forEach((body, i) => {
      const items = (body as { items: { id: string; caption: string; score: number | null }[] }).items;
      const target = chosen[i]!;
      if (items.slice(0, 5).some((item) => item.id === target.id)) found += 1;
      else
        misses.push(
          `${target.plan.name.queries[form]!} → wanted ${target.plan.name.names[0]!}; got ${items
            .slice(0, 5)
            .map((item) => `${item.caption} ${item.score?.toFixed(3) ?? '-'}`)
            .join(', ')}`,
        );
    });
    results.push({ form, timing: t, found, queries: chosen.length, recall: chosen.length > 0 ? found / chosen.length : 1, misses });
  }
  return results;
}

interface Breakdown {
  persons: number;
  /** A search's index step when the cached index is current: reading the search revision (migration 0010). */
  warmIndexMs: number;
  /** The same step with no cached index: revision, the visible persons and their stamps, their names, build. */
  coldIndexMs: number;
  /** Parts of a cold build, timed apart: reading the names of the visible persons, and building the index from them. */
  readNamesMs: number;
  buildMs: number;
  /** Mean time of one match against the index, over the in-process recall queries. */
  matchMs: number;
  /** Reading the 5 persons found, with their facts (steps, sightings, notices). */
  pageMs: number;
  /** recall@5 by query form over `recallQueries` persons each, against the index the endpoint uses. */
  recall: { form: QueryForm; found: number; queries: number; recall: number }[];
}

const medianOf = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * The steps of a search, timed apart in this process under the searcher's scope, as `listPersons`
 * (src/modules/fugitives/persons/persons.ts) and `searchIndexFor` (search-index.ts) do them; then a larger recall
 * sample than HTTP allows, each query form over `recallQueries` persons, against the index the endpoint uses.
 * Forgets the cached index once to time a cold build (the server's own cache: it is the same process).
 */
async function searchBreakdown(services: Services, actor: Actor, targets: readonly Loaded[], random: Random): Promise<Breakdown> {
  const inScope = <T>(work: (ctx: Ctx) => Promise<T>) =>
    services.db.inScope(scopeOf(actor), (trx) => work({ actor, trx, requestId: 'bench', now: new Date(), services }));
  const timed = async <T>(work: () => Promise<T> | T): Promise<[T, number]> => {
    const t0 = performance.now();
    const result = await work();
    return [result, performance.now() - t0];
  };
  const warm: number[] = [];
  for (let i = 0; i < 3; i += 1) warm.push((await inScope((ctx) => timed(() => searchIndexFor(ctx))))[1]);
  clearSearchIndexes();
  const [index, coldIndexMs] = await inScope((ctx) => timed(() => searchIndexFor(ctx)));
  const [rows, readNamesMs] = await inScope((ctx) =>
    timed(() =>
      ctx.trx
        .selectFrom('fugitives')
        .select(['id', 'names', 'aliases', 'birth_dates', 'nationalities', 'gender'])
        .where(visibleToActor(ctx))
        .execute(),
    ),
  );
  const [, buildMs] = await timed(() =>
    ScreeningIndex.build(
      rows.map((row) => ({
        id: row.id,
        schema: 'Person' as const,
        names: [...row.names, ...row.aliases],
        birthDates: row.birth_dates,
        nationalities: row.nationalities,
        gender: row.gender,
      })),
    ),
  );
  let matchTotalMs = 0;
  let matches = 0;
  let lastFound: string[] = [];
  const recall = QUERY_FORMS.map((form) => {
    const chosen = sampleOf(
      random,
      targets.filter((target) => target.plan.name.queries[form] !== undefined),
      recallQueries,
    );
    let found = 0;
    for (const target of chosen) {
      const t0 = performance.now();
      const results = index.match(
        { schema: 'Person', names: [target.plan.name.queries[form]!] },
        { limit: 5, threshold: DEFAULT_THRESHOLD, cutoff: DEFAULT_THRESHOLD },
      );
      matchTotalMs += performance.now() - t0;
      matches += 1;
      if (results.some((result) => result.id === target.id)) found += 1;
      if (results.length > 0) lastFound = results.map((result) => result.id);
    }
    return { form, found, queries: chosen.length, recall: chosen.length > 0 ? found / chosen.length : 1 };
  });
  const page: number[] = [];
  for (let i = 0; i < 5; i += 1) page.push((await inScope((ctx) => timed(() => visiblePersons(ctx, lastFound))))[1]);
  return {
    persons: index.size,
    warmIndexMs: medianOf(warm),
    coldIndexMs,
    readNamesMs,
    buildMs,
    matchMs: matches > 0 ? matchTotalMs / matches : 0,
    pageMs: medianOf(page),
    recall,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Interpol documents in the public API's shape (fictional persons, entity ids in the 2099/… range)

function interpolFolderDocuments(count: number): { fileName: string; text: string }[] {
  const random = prng(99);
  const files: { fileName: string; text: string }[] = [];
  const perPage = 20;
  const notices = Array.from({ length: count }, (_, i) => {
    const name = random() < 0.8 ? chineseName(random) : southeastAsianName(random);
    const latin = name.aliases[0] ?? name.queries.latin_th_ms_vi ?? name.queries.given_first ?? 'UNKNOWN';
    const [first, ...rest] = latin.toUpperCase().split(' ');
    const entityId = `2099/${String(100_000 + i)}`;
    const self = `https://ws-public.interpol.int/notices/v1/red/${entityId.replace('/', '-')}`;
    const year = between(random, 1950, 1985);
    const item = {
      entity_id: entityId,
      forename: rest.join(' ') || first!,
      name: first!,
      date_of_birth: `${year}/${String(between(random, 1, 12)).padStart(2, '0')}/${String(between(random, 1, 28)).padStart(2, '0')}`,
      nationalities: [name.nationality],
      _links: { self: { href: self }, images: { href: `${self}/images` }, thumbnail: { href: `${self}/images/${String(i)}` } },
    };
    const detail = {
      sex_id: name.gender === 'male' ? 'M' : 'F',
      arrest_warrants: [{ charge: 'Embezzlement of public funds (fictional)', issuing_country_id: 'CN', charge_translation: null }],
      place_of_birth: null,
      country_of_birth_id: name.nationality,
      distinguishing_marks: null,
      languages_spoken_ids: ['CHI'],
      eyes_colors_id: ['BRO'],
      hairs_id: ['BLA'],
      height: 1.6 + random() * 0.25,
      weight: between(random, 50, 95),
    };
    return { item, detail };
  });
  for (let page = 0; page * perPage < count; page += 1) {
    const items = notices.slice(page * perPage, (page + 1) * perPage).map(({ item }) => item);
    const href = `https://ws-public.interpol.int/notices/v1/red?page=${page + 1}&resultPerPage=${perPage}`;
    files.push({
      fileName: `list-red-page${String(page + 1).padStart(5, '0')}.json`,
      text: JSON.stringify({
        total: count,
        query: { page: page + 1, resultPerPage: perPage },
        _embedded: { notices: items },
        _links: { self: { href } },
      }),
    });
  }
  for (const { item, detail } of notices) {
    files.push({
      fileName: `detail-red-${item.entity_id.replace('/', '-')}.json`,
      text: JSON.stringify({ ...item, ...detail, _embedded: { links: [] } }),
    });
  }
  return files;
}

async function interpolRun(services: Services, agencyId: string, folder: string) {
  const fileNames = (await fs.readdir(folder)).filter((name) => name.endsWith('.json')).sort();
  let started = performance.now();
  const documents: ImportDocument[] = [];
  for (const fileName of fileNames) {
    const file = path.join(folder, fileName);
    const text = await fs.readFile(file, 'utf8');
    const fetchedAt = (await fs.stat(file)).mtime.toISOString();
    documents.push({ fileName, result: parseInterpolDocument(text, { fileName, fetchedAt }) });
  }
  const parseSeconds = (performance.now() - started) / 1000;
  const refused = documents.filter((document) => !document.result.ok);
  if (refused.length > 0) throw new Error(`synthetic Interpol documents refused: ${JSON.stringify(refused[0])}`);
  started = performance.now();
  const summary: ImportSummary = await services.db.inScope(systemScope, (trx) =>
    importInterpol({ trx, services, requestId: 'bench', now: new Date(), agencyId }, { documents, complete: false }),
  );
  return { files: fileNames.length, parseSeconds, importSeconds: (performance.now() - started) / 1000, summary };
}

// ---------------------------------------------------------------------------------------------------------------
// Main

interface StageFigures {
  size: number;
  nscPersons: number;
  visiblePersons: number;
  hiddenPersons: number;
  firstSearchMs: number;
  forms: FormResult[];
  concurrent: Timing;
  afterChange: Timing;
  breakdown: Breakdown;
  list: Timing;
  firstPage: Timing;
  otherFirstPage: Timing;
  view: Timing;
  timeline: Timing;
  progress: Timing | null;
  overview: Timing | null;
  overviewNote: string | null;
  rssMb: number;
}

async function main(): Promise<number> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'concord-bench-fugitives-'));
  const interpolDir = path.join(dataDir, 'interpol');
  const env: NodeJS.ProcessEnv = { ...process.env, CONCORD_DATA_DIR: dataDir, CONCORD_LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1' };
  const config = loadConfig(env);
  let exitCode = 0;
  const services = await startServices(config);
  let app: FastifyInstance | null = null;
  try {
    const seeded = await seedDemo(services);
    app = await buildApp(services);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${String((app.server.address() as { port: number }).port)}`;
    const session = await signIn(baseUrl);
    const client = new Client(baseUrl, session.cookie, session.csrfToken);
    // Another agency, which sees the NSC's persons only through their published red notices.
    const otherSession = await signIn(baseUrl, OTHER_LOGIN);
    const otherClient = new Client(baseUrl, otherSession.cookie, otherSession.csrfToken);
    const { agencyIds, actor } = await services.db.inScope(systemScope, async (trx) => {
      const agencies = await trx.selectFrom('agencies').select(['id', 'short_name']).execute();
      const user = await trx
        .selectFrom('users')
        .select(['id', 'agency_id', 'email', 'display_name', 'roles'])
        .where('email', '=', LOGIN.email)
        .executeTakeFirstOrThrow();
      return {
        agencyIds: new Map(agencies.map((agency) => [agency.short_name, agency.id])),
        actor: {
          userId: user.id,
          agencyId: user.agency_id,
          email: user.email,
          displayName: user.display_name,
          roles: user.roles,
          sessionId: crypto.randomUUID(),
        } satisfies Actor,
      };
    });

    say(
      `Concord fugitives benchmark: ${services.db.kind}${databaseUrl ? ` (${databaseUrl.replace(/\/\/[^@/]*@/, '//…@')})` : ''}; ` +
        `sizes ${sizes.map(int).join(' → ')} wanted persons of the NSC (+${SECOND_AGENCY_SHARE * 100} % of the MACC); ` +
        `${queriesPerForm} queries per form; signed in as ${LOGIN.email}; ${os.cpus().length} CPU cores, Node ${process.version}; ` +
        `${String(seeded.agencies)} demo agencies seeded`,
    );
    say(
      `Timings are wall-clock on a shared machine; other processes (tests of other work) may run at the same time: ` +
        `load average now ${loadAverage()}.`,
    );
    say();

    const population = new Population();
    const random = prng(7);
    const loaded: Loaded[] = [];
    const stages: StageFigures[] = [];
    let apiLoad: { persons: number; seconds: number; requests: number } | null = null;
    let bulkPersons = 0;
    let bulkSeconds = 0;
    let campaignId: string | null = null;

    for (const size of sizes) {
      const fresh = population.grow(size);
      let toBulk = fresh;
      if (apiLoad === null) {
        const slice = fresh.filter((plan) => plan.agency === 'NSC').slice(0, apiSlice);
        note(`loading ${slice.length} persons through the HTTP API…`);
        const result = await loadThroughApi(client, slice);
        loaded.push(...result.loaded);
        apiLoad = { persons: slice.length, seconds: result.seconds, requests: result.requests };
        toBulk = fresh.filter((plan) => !slice.includes(plan));
      }
      note(`bulk-inserting ${toBulk.length} persons…`);
      const started = performance.now();
      loaded.push(...(await bulkInsert(services, agencyIds, toBulk)));
      bulkSeconds += (performance.now() - started) / 1000;
      bulkPersons += toBulk.length;

      const nsc = loaded.filter((entry) => entry.plan.agency === 'NSC');
      const visible = loaded.filter((entry) => entry.plan.visible).length;
      note(`size ${size}: searching…`);
      const firstQuery = pick(random, nsc).plan.name.queries.pinyin_spaced ?? 'zhang wei';
      const firstSearchMs = (await client.ok('GET', `/api/fugitives?q=${encodeURIComponent(firstQuery)}&limit=5`)).ms;
      const forms = await searchForms(client, random, nsc);
      const mixed = sampleOf(random, nsc, 2 * queriesPerForm).map((entry) => {
        const queries = Object.values(entry.plan.name.queries);
        return `/api/fugitives?q=${encodeURIComponent(pick(random, queries))}&limit=5`;
      });
      const concurrentTiming = await concurrent(client, mixed, CONCURRENCY);
      const changed: number[] = [];
      for (const [i, entry] of sampleOf(random, nsc, 5).entries()) {
        await client.ok('PATCH', `/api/fugitives/${entry.id}`, { aliases: [...entry.plan.name.aliases, `Bench Alias ${size}-${i}`] });
        const query = entry.plan.name.queries.given_first ?? entry.plan.name.queries.latin_th_ms_vi ?? entry.plan.name.names[0]!;
        changed.push((await client.ok('GET', `/api/fugitives?q=${encodeURIComponent(query)}&limit=5`)).ms);
      }
      const afterChange = timing(changed, 0);
      const breakdown = await searchBreakdown(services, actor, nsc, random);

      note(`size ${size}: list, view, timeline…`);
      const list = (
        await sequential(
          client,
          Array.from({ length: 50 }, () => '/api/fugitives?limit=100'),
        )
      ).timing;
      const firstPage = (
        await sequential(
          client,
          Array.from({ length: 50 }, () => '/api/fugitives?limit=1'),
        )
      ).timing;
      const otherFirstPage = (
        await sequential(
          otherClient,
          Array.from({ length: 50 }, () => '/api/fugitives?limit=1'),
        )
      ).timing;
      const readIds = sampleOf(random, nsc, READS).map((entry) => entry.id);
      const view = (
        await sequential(
          client,
          readIds.map((id) => `/api/fugitives/${id}`),
        )
      ).timing;
      const timeline = (
        await sequential(
          client,
          readIds.map((id) => `/api/fugitives/${id}/timeline`),
        )
      ).timing;

      let progress: Timing | null = null;
      if (campaignId === null && nsc.length >= CAMPAIGN_MEMBERS) {
        const members = sampleOf(random, nsc, CAMPAIGN_MEMBERS).map((entry) => entry.id);
        const created = await client.ok('POST', '/api/fugitives/campaigns', {
          name: `Bench campaign of ${CAMPAIGN_MEMBERS} persons`,
          fugitiveIds: members,
        });
        campaignId = idOf(created.body);
      }
      if (campaignId !== null) {
        progress = (
          await sequential(
            client,
            Array.from({ length: SUMMARY_READS }, () => `/api/fugitives/campaigns/${campaignId!}/progress`),
          )
        ).timing;
      }
      let overview: Timing | null = null;
      let overviewNote: string | null = null;
      const probe = await client.request('GET', '/api/fugitives/overview');
      if (probe.status === 200)
        overview = (
          await sequential(
            client,
            Array.from({ length: SUMMARY_READS }, () => '/api/fugitives/overview'),
          )
        ).timing;
      else overviewNote = `GET /api/fugitives/overview answered HTTP ${probe.status}: not measured (not available yet)`;

      const figures: StageFigures = {
        size,
        nscPersons: nsc.length,
        visiblePersons: visible,
        hiddenPersons: loaded.length - visible,
        firstSearchMs,
        forms,
        concurrent: concurrentTiming,
        afterChange,
        breakdown,
        list,
        firstPage,
        otherFirstPage,
        view,
        timeline,
        progress,
        overview,
        overviewNote,
        rssMb: mb(process.memoryUsage.rss()),
      };
      stages.push(figures);
      reportStage(figures);
      for (const form of [...forms, ...breakdown.recall]) if (form.recall < RECALL_TARGET) exitCode = 1;
    }

    say('Data load');
    if (apiLoad) {
      say(
        `  through the HTTP API (use cases, audited)  ${apiLoad.persons} persons in ${apiLoad.seconds.toFixed(1)} s: ` +
          `${(apiLoad.persons / apiLoad.seconds).toFixed(1)} persons/s, ${(apiLoad.requests / apiLoad.seconds).toFixed(0)} requests/s ` +
          `(${(apiLoad.requests / apiLoad.persons).toFixed(1)} requests per person: person, notice, publication, steps, sightings)`,
      );
    }
    say(
      `  bulk SQL insert (batches of ${BATCH}, no audit)  ${int(bulkPersons)} persons in ${bulkSeconds.toFixed(1)} s: ${int(bulkPersons / bulkSeconds)} persons/s`,
    );
    say();

    note(`Interpol import of ${interpolNotices} notices…`);
    await fs.mkdir(interpolDir);
    for (const file of interpolFolderDocuments(interpolNotices)) await fs.writeFile(path.join(interpolDir, file.fileName), file.text);
    const nscId = agencyIds.get('NSC')!;
    const first = await interpolRun(services, nscId, interpolDir);
    const again = await interpolRun(services, nscId, interpolDir);
    const importLine = (label: string, run: typeof first) =>
      `  ${label.padEnd(18)} ${run.files} files parsed in ${run.parseSeconds.toFixed(2)} s (${int(run.files / run.parseSeconds)} files/s); ` +
      `import ${run.importSeconds.toFixed(2)} s = ${int(interpolNotices / run.importSeconds)} notices/s ` +
      `(new ${run.summary.new}, updated ${run.summary.updated}, unchanged ${run.summary.unchanged})`;
    say(
      `Interpol import: ${int(interpolNotices)} red notices as ${Math.ceil(interpolNotices / 20)} list pages + ${int(interpolNotices)} details`,
    );
    say(importLine('first import', first));
    say(importLine('unchanged re-import', again));
    say();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    say(
      `Memory: peak RSS ${mb(peakRss)} MB (whole process: server, database${services.db.kind === 'pglite' ? ' (PGlite, in-process)' : ''}, client)`,
    );
    if (client.failures > 0) exitCode = 1;
    const last = stages.at(-1)!;
    say(
      JSON.stringify({
        database: services.db.kind,
        sizes,
        searchP95Ms: Object.fromEntries(stages.map((stage) => [stage.size, Math.round(Math.max(...stage.forms.map((f) => f.timing.p95)))])),
        recallAt5: Object.fromEntries(last.forms.map((form) => [form.form, Number(form.recall.toFixed(3))])),
        apiLoadPersonsPerSec: apiLoad ? Number((apiLoad.persons / apiLoad.seconds).toFixed(1)) : null,
        interpolNoticesPerSec: Math.round(interpolNotices / first.importSeconds),
        interpolReimportNoticesPerSec: Math.round(interpolNotices / again.importSeconds),
        peakRssMb: mb(peakRss),
      }),
    );
  } catch (error) {
    process.stderr.write(`bench:fugitives failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    exitCode = 1;
  } finally {
    if (app) await app.close();
    await services.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  return exitCode;
}

function reportStage(stage: StageFigures): void {
  say(
    `Size ${int(stage.size)}: the NSC has ${int(stage.nscPersons + 4)} persons (4 of them demo) and sees ${int(stage.visiblePersons + 4)} ` +
      `(its own and the MACC's with a published red notice; ${int(stage.hiddenPersons)} MACC persons hidden); ` +
      `RSS ${stage.rssMb} MB; load average ${loadAverage()} (1/5/15 min)`,
  );
  say(`  first search after the load (the cached index brought up to date): ${ms(stage.firstSearchMs)} ms`);
  say('  name search GET /api/fugitives?q=…&limit=5, one request at a time, index current');
  for (const form of stage.forms) {
    const flag = form.recall < RECALL_TARGET ? `  BELOW ${RECALL_TARGET}` : '';
    say(timingLine(FORM_LABELS[form.form], form.timing, `  recall@5 ${form.recall.toFixed(3)} (${form.found}/${form.queries})${flag}`));
  }
  say(timingLine(`mixed forms, ${CONCURRENCY} at a time`, stage.concurrent));
  say(timingLine('search after a PATCH of a person', stage.afterChange));
  const b = stage.breakdown;
  const part = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(2));
  say(
    `  a search's parts, in-process (${int(b.persons)} persons in the index): index current (revision read) ${part(b.warmIndexMs)} ms; ` +
      `cold index ${part(b.coldIndexMs)} ms = read names ${part(b.readNamesMs)} + build ${part(b.buildMs)} + revision and stamps; ` +
      `match ${part(b.matchMs)} ms; read the 5 found with their facts ${part(b.pageMs)} ms`,
  );
  say(
    `  recall@5 in-process, ${recallQueries} persons per form against the endpoint's index: ` +
      b.recall
        .map((r) => `${FORM_LABELS[r.form]} ${r.recall.toFixed(3)}${r.recall < RECALL_TARGET ? ` BELOW ${RECALL_TARGET}` : ''}`)
        .join(', '),
  );
  say(timingLine('list, limit 100', stage.list));
  say(timingLine('list, limit 1', stage.firstPage));
  say(timingLine('list, limit 1, as the MACC', stage.otherFirstPage));
  say(timingLine('person view (audited)', stage.view));
  say(timingLine('timeline (audited)', stage.timeline));
  if (stage.progress) say(timingLine(`campaign progress, ${CAMPAIGN_MEMBERS} members`, stage.progress));
  else say(`  campaign progress                  not measured: fewer than ${CAMPAIGN_MEMBERS} persons`);
  if (stage.overview) say(timingLine('overview', stage.overview));
  else say(`  overview                           ${stage.overviewNote ?? ''}`);
  for (const form of stage.forms) {
    for (const miss of form.misses.slice(0, 3)) say(`  miss (${FORM_LABELS[form.form]}): ${miss}`);
  }
  say();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:fugitives failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
