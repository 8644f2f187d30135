import crypto from 'node:crypto';
import { z } from 'zod';
import { FIELD_LIMITS } from '../../../lib/field-limits.ts';
import { findUnsafeText } from '../../../lib/safe-text.ts';
import { normaliseDate } from '../../screening/records.ts';

/**
 * Reads one document of Interpol's public notices API (`ws-public.interpol.int/notices/v1/…`) saved to a file: a list
 * page (`{ total, query, _embedded: { notices: [...] }, _links }`) or one notice's detail. Pure: no database, no HTTP,
 * no file system; links are kept as strings and never fetched. All-or-nothing: if any notice is invalid the whole
 * document is refused with every problem and its JSON path, so the importer never writes part of a snapshot.
 */

export const NOTICE_KINDS = ['red', 'yellow', 'un'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export type DocumentKind = 'list' | 'detail';

export interface InterpolCharge {
  charge: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  issuingCountry: string | null;
  chargeTranslation: string | null;
}

export interface InterpolLinks {
  self: string | null;
  images: string | null;
  thumbnail: string | null;
}

/**
 * One notice as Concord reads it. `shape` says which document it came from: a list item carries only the summary
 * fields (entityId, names, dateOfBirth, nationalities, links); its detail-only fields are empty because the list does
 * not carry them, not because the notice has none.
 */
export interface InterpolNotice {
  /** Interpol's id, `YYYY/NNNNN`. */
  entityId: string;
  noticeKind: NoticeKind;
  shape: DocumentKind;
  forename: string | null;
  name: string | null;
  /** The full name in the notice's order, "FORENAME NAME" (FtM `name`). */
  names: string[];
  /** FtM date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; an impossible month or day is dropped. */
  dateOfBirth: string | null;
  /** ISO 3166-1 alpha-2, upper case, in the notice's order. */
  nationalities: string[];
  sex: 'male' | 'female' | null;
  placeOfBirth: string | null;
  countryOfBirth: string | null;
  charges: InterpolCharge[];
  distinguishingMarks: string | null;
  /** Interpol's language ids (ISO 639 three-letter), lower case. */
  languages: string[];
  /** Interpol's colour codes (`BRO`, `BLA`…), upper case. */
  eyeColors: string[];
  hairColors: string[];
  heightM: number | null;
  weightKg: number | null;
  photoUrl: string | null;
  links: InterpolLinks;
}

export interface InterpolProblem {
  /** JSON path in the document (`_embedded.notices[3].entity_id`); `$` for the document itself. */
  path: string;
  message: string;
}

export interface InterpolListInfo {
  total: number | null;
  page: number | null;
  resultPerPage: number | null;
}

export type InterpolParseResult =
  | {
      ok: true;
      kind: DocumentKind;
      /** SHA-256 (hex) of the document's text as UTF-8 bytes. */
      sha256: string;
      fetchedAt: string | null;
      notices: InterpolNotice[];
      /** For a list page: Interpol's total and the page it is; null for a detail. */
      list: InterpolListInfo | null;
      /** Values read with loss (an impossible date shortened, an implausible height dropped); they do not refuse the document. */
      warnings: InterpolProblem[];
    }
  | { ok: false; errors: InterpolProblem[] };

export interface InterpolSource {
  fileName: string;
  fetchedAt?: string;
}

/** Beyond this many, the rest of the errors are counted, not listed. */
const MAX_ERRORS = 50;
/** Interpol's pages hold at most 160 notices; a page of more is not one of its documents. */
const MAX_NOTICES = 1000;

const sha256Hex = (text: string): string => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

// ------------------------------------------------------------------------------------------------------------------
// Schemas: Interpol's field names and types. Unknown fields are allowed (the API adds fields over time); Interpol
// writes null for an unknown value, so every optional field is nullish.
// ------------------------------------------------------------------------------------------------------------------

const limited = (max: number) => z.string().max(max, `longer than ${max} characters`).nullish();
const nameText = limited(FIELD_LIMITS.personName);
const shortText = limited(FIELD_LIMITS.title);
const longText = limited(FIELD_LIMITS.longText);
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max, `more than ${max} values`).nullish();
const alpha2 = z.string().regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code');
const href = z.looseObject({ href: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }) });
const linksSchema = z.looseObject({ self: href.nullish(), images: href.nullish(), thumbnail: href.nullish() }).nullish();

/** What identifies a notice; checked separately from the rest so that both kinds of problem are reported together. */
const identitySchema = z
  .looseObject({
    entity_id: z
      .string({
        error: (issue) =>
          issue.input === undefined || issue.input === null ? 'a notice needs an entity_id' : 'entity_id must be a string',
      })
      .regex(/^\d{4}\/\d{1,10}$/, 'expected an entity_id like "2016/12345"'),
    forename: nameText,
    name: nameText,
  })
  .refine(
    (notice) =>
      [cleanText(notice.forename), cleanText(notice.name)].filter((part) => part !== null).join(' ').length <= FIELD_LIMITS.personName,
    {
      error: `forename and name together are longer than ${FIELD_LIMITS.personName} characters`,
      path: ['name'],
      when: (payload) => payload.issues.every((issue) => issue.path?.[0] !== 'forename' && issue.path?.[0] !== 'name'),
    },
  )
  .refine((notice) => cleanText(notice.forename) !== null || cleanText(notice.name) !== null, {
    error: 'a notice needs a forename or a name',
    // Also when entity_id is wrong, so that both problems are reported; the names themselves must have parsed.
    when: (payload) => payload.issues.every((issue) => issue.path?.[0] !== 'forename' && issue.path?.[0] !== 'name'),
  });

const detailsSchema = z.looseObject({
  date_of_birth: shortText,
  nationalities: list(alpha2, 20),
  sex_id: z.enum(['M', 'F', 'U'], { error: 'expected sex_id "M", "F" or "U"' }).nullish(),
  place_of_birth: shortText,
  country_of_birth_id: alpha2.nullish(),
  arrest_warrants: list(z.looseObject({ charge: longText, issuing_country_id: alpha2.nullish(), charge_translation: longText }), 50),
  distinguishing_marks: longText,
  languages_spoken_ids: list(z.string().regex(/^[A-Za-z]{2,3}$/, 'expected a language code'), 20),
  eyes_colors_id: list(z.string().max(20, 'longer than 20 characters'), 10),
  hairs_id: list(z.string().max(20, 'longer than 20 characters'), 10),
  height: z.number().nonnegative().nullish(),
  weight: z.number().nonnegative().nullish(),
  _links: linksSchema,
});

const listSchema = z.looseObject({
  total: z.number().int().nonnegative().nullish(),
  query: z.looseObject({ page: z.number().int().positive().nullish(), resultPerPage: z.number().int().positive().nullish() }).nullish(),
  _embedded: z.looseObject({
    notices: z
      .array(z.unknown(), { error: '_embedded.notices must be an array of notices' })
      .max(MAX_NOTICES, `more than ${MAX_NOTICES} notices on one page`),
  }),
  _links: linksSchema,
});

const fetchedAtSchema = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' });

// ------------------------------------------------------------------------------------------------------------------

function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = value.normalize('NFC').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

const uniqueUpper = (values: readonly string[] | null | undefined): string[] => [
  ...new Set((values ?? []).map((v) => v.trim().toUpperCase())),
];

/** `_embedded.notices[3].entity_id` from a base path and zod's path segments. */
function joinPath(base: string, segments: readonly PropertyKey[]): string {
  let path = base;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path === '' ? String(segment) : `.${String(segment)}`;
  }
  return path === '' ? '$' : path;
}

/** `_embedded.notices[3].name` from the JSON Pointer `/_embedded/notices/3/name`. */
function pathOfPointer(pointer: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  return joinPath(
    '',
    segments.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment)),
  );
}

const problemsOf = (error: z.ZodError, base: string): InterpolProblem[] =>
  error.issues.map((issue) => ({ path: joinPath(base, issue.path), message: issue.message }));

/** `/notices/v1/red/…`, `/notices/v1/yellow/…`, `/notices/v1/un/persons/…` → the notice kind. */
function kindFromUrl(url: string | null | undefined): NoticeKind | null {
  if (url === null || url === undefined) return null;
  const match = /\/notices\/v1\/(red|yellow|un)(?:[/?#]|$)/i.exec(url);
  return match ? (match[1]!.toLowerCase() as NoticeKind) : null;
}

function kindFromFileName(fileName: string): NoticeKind | null {
  const match = /(?:^|[^a-z])(red|yellow|un)(?:[^a-z]|$)/i.exec(fileName.split(/[\\/]/).pop() ?? '');
  return match ? (match[1]!.toLowerCase() as NoticeKind) : null;
}

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1) ?? '').length + 1 };
}

/**
 * Where JSON.parse stopped, from its message. V8 says "at position N" for most errors, and a text that ends too soon
 * stops at its end; for an unexpected token it quotes the source instead — whole when short, else from the start or
 * to the end, or with 10 characters on each side of the token — and the position follows from where the quote is.
 * Null when the message tells neither (no place is then claimed).
 */
function syntaxErrorOffset(source: string, message: string): number | null {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (message.startsWith('Unexpected end of JSON input')) return source.length;
  const quoted = /^Unexpected token '([\s\S]+?)', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (!quoted) return null;
  const [, token = '', before, context = '', after] = quoted;
  let offset: number;
  if (before) {
    const start = source.indexOf(context);
    offset = start < 0 ? -1 : start + 10;
  } else if (after) offset = context.length - 10;
  else offset = context.indexOf(token);
  return offset >= 0 && source.startsWith(token, offset) ? offset : null;
}

function parseJson(source: string): { ok: true; value: unknown } | { ok: false; problem: InterpolProblem } {
  try {
    return { ok: true, value: JSON.parse(source.replace(/^\uFEFF/, '')) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const bom = source.startsWith('\uFEFF') ? 1 : 0;
    const found = syntaxErrorOffset(source.slice(bom), message);
    const token = /^Unexpected token '([\s\S]+?)',/.exec(message)?.[1];
    // The quote of the source is left out: it may hold line breaks and the very character that is wrong.
    const reason =
      token === undefined
        ? message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s*in JSON at position \d+/, '')
        : `unexpected character ${JSON.stringify(token)}`;
    if (found === null) return { ok: false, problem: { path: '$', message: `malformed JSON: ${reason}` } };
    const offset = found + bom;
    const { line, column } = lineAndColumn(source, offset);
    return {
      ok: false,
      problem: { path: '$', message: `malformed JSON at line ${line}, column ${column} (position ${offset}): ${reason}` },
    };
  }
}

function readDate(value: string | null | undefined, path: string, warnings: InterpolProblem[]): string | null {
  const spelled = cleanText(value);
  if (spelled === null) return null;
  const date = /^\d{4}(?:\/\d{1,2}){0,2}$/.test(spelled) ? normaliseDate(spelled) : undefined;
  if (date === undefined) {
    warnings.push({ path, message: `date "${spelled}" is not a year-first date from the year 1000; left out` });
    return null;
  }
  if (date.split('-').length < spelled.split('/').length) {
    warnings.push({ path, message: `date "${spelled}" does not exist; kept what is certain: ${date}` });
  }
  return date;
}

/** Interpol writes 0 for an unknown height or weight; a value outside human range is dropped with a warning. */
function readMeasure(value: number | null | undefined, max: number, unit: string, path: string, warnings: InterpolProblem[]) {
  if (value === null || value === undefined || value === 0) return null;
  if (value > max) {
    warnings.push({ path, message: `${value} is not a plausible value in ${unit}; left out` });
    return null;
  }
  return value;
}

function readNotice(
  raw: unknown,
  base: string,
  shape: DocumentKind,
  documentKind: NoticeKind,
  warnings: InterpolProblem[],
): { ok: true; notice: InterpolNotice } | { ok: false; errors: InterpolProblem[] } {
  const prefix = base === '' ? '' : `${base}.`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ path: base === '' ? '$' : base, message: 'expected a notice object' }] };
  }
  const identity = identitySchema.safeParse(raw);
  const details = detailsSchema.safeParse(raw);
  const errors = [
    ...(identity.success ? [] : problemsOf(identity.error, base)),
    ...(details.success ? [] : problemsOf(details.error, base)),
  ];
  if (!identity.success || !details.success) return { ok: false, errors };

  const id = identity.data;
  const d = details.data;
  const forename = cleanText(id.forename);
  const name = cleanText(id.name);
  const links: InterpolLinks = {
    self: d._links?.self?.href ?? null,
    images: d._links?.images?.href ?? null,
    thumbnail: d._links?.thumbnail?.href ?? null,
  };
  const sex = d.sex_id === 'M' ? 'male' : d.sex_id === 'F' ? 'female' : null;
  return {
    ok: true,
    notice: {
      entityId: id.entity_id,
      noticeKind: kindFromUrl(links.self) ?? documentKind,
      shape,
      forename,
      name,
      names: [[forename, name].filter((part) => part !== null).join(' ')],
      dateOfBirth: readDate(d.date_of_birth, `${prefix}date_of_birth`, warnings),
      nationalities: uniqueUpper(d.nationalities),
      sex,
      placeOfBirth: cleanText(d.place_of_birth),
      countryOfBirth: d.country_of_birth_id?.toUpperCase() ?? null,
      charges: (d.arrest_warrants ?? [])
        .map((warrant) => ({
          charge: cleanText(warrant.charge),
          issuingCountry: warrant.issuing_country_id?.toUpperCase() ?? null,
          chargeTranslation: cleanText(warrant.charge_translation),
        }))
        .filter((charge) => charge.charge !== null || charge.issuingCountry !== null),
      distinguishingMarks: cleanText(d.distinguishing_marks),
      languages: uniqueUpper(d.languages_spoken_ids).map((code) => code.toLowerCase()),
      eyeColors: uniqueUpper(d.eyes_colors_id),
      hairColors: uniqueUpper(d.hairs_id),
      heightM: readMeasure(d.height, 2.8, 'metres', `${prefix}height`, warnings),
      weightKg: readMeasure(d.weight, 400, 'kilograms', `${prefix}weight`, warnings),
      photoUrl: links.thumbnail,
      links,
    },
  };
}

function capped(errors: InterpolProblem[]): InterpolProblem[] {
  if (errors.length <= MAX_ERRORS) return errors;
  return [...errors.slice(0, MAX_ERRORS), { path: '$', message: `…and ${errors.length - MAX_ERRORS} more problems` }];
}

export function parseInterpolDocument(text: string, source: InterpolSource): InterpolParseResult {
  const errors: InterpolProblem[] = [];
  const warnings: InterpolProblem[] = [];

  let fetchedAt: string | null = null;
  if (source.fetchedAt !== undefined) {
    const parsed = fetchedAtSchema.safeParse(source.fetchedAt);
    if (parsed.success) fetchedAt = parsed.data;
    else errors.push({ path: 'source.fetchedAt', message: `"${source.fetchedAt}": ${parsed.error.issues[0]?.message ?? 'invalid'}` });
  }

  const json = parseJson(text);
  if (!json.ok) return { ok: false, errors: [...errors, json.problem] };
  const document = json.value;
  const unsafe = findUnsafeText(document);
  if (unsafe) return { ok: false, errors: [...errors, { path: pathOfPointer(unsafe.path), message: unsafe.message }] };
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { ok: false, errors: [...errors, { path: '$', message: 'expected an Interpol notice list or notice detail object' }] };
  }

  const embedded = (document as { _embedded?: unknown })._embedded;
  const isList = typeof embedded === 'object' && embedded !== null && Object.hasOwn(embedded, 'notices');
  const fileKind = kindFromFileName(source.fileName);
  const notices: InterpolNotice[] = [];
  let list: InterpolListInfo | null = null;

  if (isList) {
    const envelope = listSchema.safeParse(document);
    if (!envelope.success) return { ok: false, errors: capped([...errors, ...problemsOf(envelope.error, '')]) };
    const { total, query, _embedded, _links } = envelope.data;
    list = { total: total ?? null, page: query?.page ?? null, resultPerPage: query?.resultPerPage ?? null };
    const documentKind = kindFromUrl(_links?.self?.href) ?? fileKind ?? 'red';
    const seen = new Map<string, string>();
    _embedded.notices.forEach((raw, index) => {
      const path = `_embedded.notices[${index}]`;
      const read = readNotice(raw, path, 'list', documentKind, warnings);
      if (!read.ok) {
        errors.push(...read.errors);
        return;
      }
      const key = `${read.notice.noticeKind} ${read.notice.entityId}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        errors.push({ path: `${path}.entity_id`, message: `${read.notice.entityId} appears twice on the page (also at ${earlier})` });
        return;
      }
      seen.set(key, path);
      notices.push(read.notice);
    });
  } else {
    const read = readNotice(document, '', 'detail', fileKind ?? 'red', warnings);
    if (read.ok) notices.push(read.notice);
    else errors.push(...read.errors);
  }

  if (errors.length > 0) return { ok: false, errors: capped(errors) };
  return { ok: true, kind: isList ? 'list' : 'detail', sha256: sha256Hex(text), fetchedAt, notices, list, warnings };
}
