import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { describeCharacter, findUnsafeCharacter, findUnsafeText } from '../../../lib/safe-text.ts';
import { checkDates, checkMoney, createPersonInput, type Person } from '../persons/persons.ts';

/**
 * The FollowTheMoney (FtM) form of a wanted person (docs/fugitives-exchange.md), pure: no database, no clock but the
 * one passed in. One `Person` entity per line: `{id, schema: "Person", properties: {name, alias, birthDate,
 * nationality, gender, passportNumber, idNumber, topics}}`, every property a list of strings, nationalities in
 * lower-case ISO 3166-1 alpha-2 as FtM writes them. What FtM has no property for — the wanting agency, the alleged
 * offences, the amount and its conversion, case references, the flight, the issuing state of an identifier — travels
 * beside `properties` in one object under the key `concord:case`; FtM tools ignore keys they do not know.
 */
export const CONCORD_CASE = 'concord:case';
/** Entity ids Concord gives a person that was not imported: `concord-` and the person's id. */
export const CONCORD_ID_PREFIX = 'concord-';
/** At most this many problems are reported for one file; the count of all of them is given too. */
export const MAX_REPORTED_ERRORS = 50;

export type PersonInput = z.output<typeof createPersonInput>;

/** The person fields an export writes, as the API presents them, with its FtM id and wanting agency's short name. */
export type ExchangePerson = Pick<
  Person,
  | 'id'
  | 'names'
  | 'aliases'
  | 'birthDates'
  | 'nationalities'
  | 'gender'
  | 'identifiers'
  | 'offences'
  | 'amount'
  | 'converted'
  | 'caseReferences'
  | 'fledOn'
  | 'fledFrom'
> & { ftmId: string | null; wantingAgency: string | null };

export interface ConcordCase {
  wantingAgency: string | null;
  offences: Person['offences'];
  amount: Person['amount'];
  /** `value` is informative: an import recomputes it from the amount and the rate. */
  converted: Person['converted'];
  caseReferences: string[];
  fledOn: string | null;
  fledFrom: string | null;
  identifiers: Person['identifiers'];
}

export interface FtmPersonEntity {
  id: string;
  schema: 'Person';
  properties: Record<string, string[]>;
  [CONCORD_CASE]: ConcordCase;
}

/** FtM topics for the offences: every wanted person is `wanted`; fraud is `crime.fraud`, other financial crime `crime.fin`. */
const OFFENCE_TOPICS: Record<Person['offences'][number], string> = {
  embezzlement: 'crime.fin',
  bribery: 'crime.fin',
  money_laundering: 'crime.fin',
  fraud: 'crime.fraud',
  abuse_of_office: 'crime',
  other: 'crime',
};

export const ftmIdOf = (person: Pick<ExchangePerson, 'id' | 'ftmId'>): string => person.ftmId ?? `${CONCORD_ID_PREFIX}${person.id}`;

/** A person as one FtM entity; properties without a value are left out, as FtM does. */
export function personToFtm(person: ExchangePerson): FtmPersonEntity {
  const properties: Record<string, string[]> = {};
  const put = (property: string, values: readonly string[]) => {
    const distinct = [...new Set(values)];
    if (distinct.length > 0) properties[property] = distinct;
  };
  put('name', person.names);
  put('alias', person.aliases);
  put('birthDate', person.birthDates);
  put(
    'nationality',
    person.nationalities.map((code) => code.toLowerCase()),
  );
  put('gender', person.gender ? [person.gender] : []);
  put(
    'passportNumber',
    person.identifiers.filter((id) => id.type === 'passport').map((id) => id.number),
  );
  put(
    'idNumber',
    person.identifiers.filter((id) => id.type === 'national_id').map((id) => id.number),
  );
  put('topics', ['wanted', ...person.offences.map((offence) => OFFENCE_TOPICS[offence])]);
  return {
    id: ftmIdOf(person),
    schema: 'Person',
    properties,
    [CONCORD_CASE]: {
      wantingAgency: person.wantingAgency,
      offences: person.offences,
      amount: person.amount,
      converted: person.converted,
      caseReferences: person.caseReferences,
      fledOn: person.fledOn,
      fledFrom: person.fledFrom,
      identifiers: person.identifiers,
    },
  };
}

/** A line of the file: an entity id, a schema, string-list properties; other top-level keys of FtM are ignored. */
const entityLine = z.object({
  id: z.string().trim().min(1, 'the entity id is empty').max(200, 'the entity id is longer than 200 characters'),
  schema: z.string(),
  properties: z.record(z.string(), z.array(z.string(), 'every property is a list of strings')),
  [CONCORD_CASE]: z
    .object({
      offences: z.unknown().optional(),
      amount: z.unknown().optional(),
      converted: z.object({ rate: z.unknown(), rateOn: z.unknown(), currency: z.unknown() }).nullable().optional(),
      caseReferences: z.unknown().optional(),
      fledOn: z.unknown().optional(),
      fledFrom: z.unknown().optional(),
      identifiers: z.unknown().optional(),
    })
    .optional(),
});

export interface ImportedPerson {
  /** The 1-based line of the file. */
  line: number;
  ftmId: string;
  person: PersonInput;
  /** Whether the line carried `concord:case`; without it an import leaves a merged person's Concord fields alone. */
  carriesCase: boolean;
}

export interface LineProblem {
  line: number;
  message: string;
}

/** Where a field of the person input came from in the FtM line, for messages. */
const SOURCES: Record<string, string> = {
  names: 'name',
  aliases: 'alias',
  birthDates: 'birthDate',
  nationalities: 'nationality',
  gender: 'gender',
};

function describePath(path: readonly PropertyKey[]): string {
  const [field, ...rest] = path.map(String);
  if (field === undefined) return 'entity';
  const source = SOURCES[field] ?? `${CONCORD_CASE}.${field === 'conversion' ? 'converted' : field}`;
  return [source, ...rest].join('.');
}

const distinct = (values: readonly string[]): string[] => [...new Set(values.map((value) => value.trim()))];

/** Reads one line (already known not to be blank) into the person input that `createPerson` takes; throws a message. */
export function parseFtmEntity(text: string, now: Date): Omit<ImportedPerson, 'line'> {
  const raw = findUnsafeCharacter(text);
  if (raw) throw new Error(`column ${String(raw.column)} ${describeCharacter(raw.character)}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
  // An escape such as \u0000 or a lone \ud800 in a string.
  const unsafe = findUnsafeText(json);
  if (unsafe) throw new Error(`${unsafe.path.slice(1).replace(/\//g, '.') || 'entity'}: ${unsafe.message}`);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not a JSON object');
  const parsed = entityLine.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.map(String).join('.') || 'entity'}: ${issue.message}`);
  }
  const entity = parsed.data;
  if (entity.schema !== 'Person') throw new Error(`schema "${entity.schema}" is not accepted: only Person entities are imported`);
  const property = (name: string): string[] => distinct(entity.properties[name] ?? []);
  const names = property('name');
  if (names.length === 0) throw new Error('name: a Person needs at least one name');
  const genders = property('gender').map((value) => value.toLowerCase());
  if (genders.length > 1) throw new Error('gender: more than one value');
  const concordCase = entity[CONCORD_CASE];

  // Identifiers: those of `concord:case` (with their issuing state), then any passport or id number not among them.
  const identifiers: unknown[] = Array.isArray(concordCase?.identifiers) ? [...(concordCase.identifiers as unknown[])] : [];
  if (concordCase?.identifiers !== undefined && !Array.isArray(concordCase.identifiers)) {
    throw new Error(`${CONCORD_CASE}.identifiers: expected a list`);
  }
  const known = new Set(
    identifiers.map((id) =>
      typeof id === 'object' && id !== null
        ? `${String((id as { type?: unknown }).type)} ${String((id as { number?: unknown }).number)}`
        : '',
    ),
  );
  for (const [name, type] of [
    ['passportNumber', 'passport'],
    ['idNumber', 'national_id'],
  ] as const) {
    for (const number of property(name)) if (!known.has(`${type} ${number}`)) identifiers.push({ type, number, country: null });
  }

  const candidate = {
    names,
    aliases: property('alias')
      .concat(property('weakAlias'))
      .filter((alias, index, all) => !names.includes(alias) && all.indexOf(alias) === index),
    birthDates: property('birthDate'),
    nationalities: property('nationality').map((code) => code.toUpperCase()),
    gender: genders[0] ?? null,
    identifiers,
    ...(concordCase
      ? {
          offences: concordCase.offences ?? [],
          amount: concordCase.amount ?? null,
          conversion: concordCase.converted
            ? { rate: concordCase.converted.rate, rateOn: concordCase.converted.rateOn, currency: concordCase.converted.currency }
            : null,
          caseReferences: concordCase.caseReferences ?? [],
          fledOn: concordCase.fledOn ?? null,
          fledFrom: concordCase.fledFrom ?? null,
        }
      : {}),
  };
  const person = createPersonInput.safeParse(candidate);
  if (!person.success) {
    const issue = person.error.issues[0]!;
    throw new Error(`${describePath(issue.path)}: ${issue.message}`);
  }
  // The rules createPerson applies beyond the schema: money places and conversion, no flight in the future.
  try {
    checkMoney(person.data.amount, person.data.conversion, now);
    checkDates(person.data.fledOn, now);
  } catch (error) {
    if (error instanceof AppError) {
      const field = (error.details as { field?: string } | undefined)?.field;
      throw new Error(field ? `${describePath([field])}: ${error.message}` : error.message);
    }
    throw error;
  }
  return { ftmId: entity.id, person: person.data, carriesCase: concordCase !== undefined };
}

/**
 * Reads a whole file of FtM JSON lines. Blank lines are skipped; a byte-order mark is dropped. Every line is checked,
 * so that all problems (the first MAX_REPORTED_ERRORS of them) are reported at once; an entity id seen twice is a
 * problem of its second line.
 */
export function parseFtmLines(content: string, now: Date): { persons: ImportedPerson[]; problems: LineProblem[]; problemCount: number } {
  const persons: ImportedPerson[] = [];
  const problems: LineProblem[] = [];
  let problemCount = 0;
  const report = (line: number, message: string) => {
    problemCount += 1;
    if (problems.length < MAX_REPORTED_ERRORS) problems.push({ line, message });
  };
  const seen = new Map<string, number>();
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((text, index) => {
    const line = index + 1;
    if (text.trim() === '') return;
    try {
      const imported = parseFtmEntity(text, now);
      const earlier = seen.get(imported.ftmId);
      if (earlier !== undefined) {
        report(line, `entity id "${imported.ftmId}" is already on line ${earlier}`);
        return;
      }
      seen.set(imported.ftmId, line);
      persons.push({ line, ...imported });
    } catch (error) {
      report(line, error instanceof Error ? error.message : String(error));
    }
  });
  if (persons.length === 0 && problemCount === 0) report(1, 'the file holds no entity');
  return { persons, problems, problemCount };
}

/** The Concord person id named by a `concord-<uuid>` entity id, if it is one. */
export function concordIdOf(ftmId: string): string | null {
  const match = /^concord-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(ftmId);
  return match ? match[1]!.toLowerCase() : null;
}
