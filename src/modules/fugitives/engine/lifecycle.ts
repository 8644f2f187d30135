/**
 * The rules of a wanted person's life cycle, as pure functions over plain data (docs/fugitives.md): which notice
 * status may follow which, which return step may follow the steps already recorded, and the figures derived from
 * them (stage, time on the run, last known location, median time to return).
 */

export type NoticeStatus = 'requested' | 'published' | 'withdrawn' | 'cancelled' | 'no_longer_public';
export type StepKind =
  | 'located'
  | 'provisional_arrest'
  | 'detention'
  | 'extradition_proceedings'
  | 'deportation'
  | 'repatriation'
  | 'voluntary_return'
  | 'returned'
  | 'trial'
  | 'verdict';
export type ReturnMeans = 'extradition' | 'deportation' | 'repatriation' | 'voluntary_return';

/**
 * Who moves a notice: a user of the wanting agency, or the import of Interpol's public notices, which alone marks a
 * notice that stopped appearing as no longer public (and published again when it reappears).
 */
export type NoticeActor = 'user' | 'import';

const USER_TRANSITIONS: Record<NoticeStatus, readonly NoticeStatus[]> = {
  requested: ['published', 'cancelled'],
  published: ['withdrawn', 'cancelled'],
  no_longer_public: ['withdrawn', 'cancelled'],
  withdrawn: [],
  cancelled: [],
};
const IMPORT_TRANSITIONS: Record<NoticeStatus, readonly NoticeStatus[]> = {
  requested: ['published'],
  published: ['no_longer_public'],
  no_longer_public: ['published'],
  withdrawn: [],
  cancelled: [],
};

/** Null when `to` may follow `from`; else why not. */
export function noticeTransitionRefusal(from: NoticeStatus, to: NoticeStatus, by: NoticeActor): string | null {
  const allowed = (by === 'user' ? USER_TRANSITIONS : IMPORT_TRANSITIONS)[from];
  if (allowed.includes(to)) return null;
  if (allowed.length === 0) return `A ${from} notice is final; it cannot become ${to}`;
  return `A ${from} notice can become ${allowed.join(' or ')}, not ${to}`;
}

export interface StepFact {
  kind: StepKind;
  on: string;
  state: string | null;
  city: string | null;
  means: ReturnMeans | null;
}

const PROCEEDINGS: readonly StepKind[] = [
  'provisional_arrest',
  'detention',
  'extradition_proceedings',
  'deportation',
  'repatriation',
  'voluntary_return',
];

/**
 * Null when `next` may be appended to `steps` (in the order they were recorded) for a person who fled on `fledOn`;
 * else why not. Steps are appended in date order: a step is never earlier than the one before it, nor than the
 * flight. Nothing is returned before it is located, tried before it is returned, or sentenced before it is tried;
 * a person is returned, tried and sentenced once; after the return only trial and verdict follow.
 */
export function stepRefusal(steps: readonly StepFact[], next: Pick<StepFact, 'kind' | 'on'>, fledOn: string | null): string | null {
  const last = steps.at(-1);
  if (last && next.on < last.on) {
    return `A ${next.kind} step on ${next.on} cannot be earlier than the previous step (${last.kind} on ${last.on})`;
  }
  if (fledOn && next.on < fledOn) return `A ${next.kind} step on ${next.on} cannot be earlier than the flight (${fledOn})`;
  const has = (kind: StepKind) => steps.some((step) => step.kind === kind);
  switch (next.kind) {
    case 'located':
      return has('returned') ? 'The person has already been returned; a later location is not a return step' : null;
    case 'provisional_arrest':
    case 'detention':
    case 'extradition_proceedings':
    case 'deportation':
    case 'repatriation':
    case 'voluntary_return':
      if (has('returned')) return `The person has already been returned; no ${next.kind} step follows a return`;
      return has('located') ? null : `No ${next.kind} before the person has been located`;
    case 'returned':
      if (has('returned')) return 'The person has already been returned';
      return has('located') ? null : 'No return before the person has been located';
    case 'trial':
      if (has('trial')) return 'The trial has already been recorded';
      return has('returned') ? null : 'No trial before the person has been returned';
    case 'verdict':
      if (has('verdict')) return 'The verdict has already been recorded';
      return has('trial') ? null : 'No verdict before the trial';
  }
}

export type Stage = 'at_large' | 'located' | 'returned' | 'on_trial' | 'sentenced';

export function stageOf(steps: readonly StepFact[]): Stage {
  const kinds = new Set(steps.map((step) => step.kind));
  if (kinds.has('verdict')) return 'sentenced';
  if (kinds.has('trial')) return 'on_trial';
  if (kinds.has('returned')) return 'returned';
  if (kinds.has('located') || PROCEEDINGS.some((kind) => kinds.has(kind))) return 'located';
  return 'at_large';
}

export interface ReturnFact {
  on: string;
  from: string;
  means: ReturnMeans;
}

export function returnOf(steps: readonly StepFact[]): ReturnFact | null {
  const step = steps.find((candidate) => candidate.kind === 'returned');
  return step?.state && step.means ? { on: step.on, from: step.state, means: step.means } : null;
}

const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** Days on the run: from the flight to the return, or to `today` while at large; null when the flight date is unknown. */
export function daysOnTheRun(fledOn: string | null, returned: ReturnFact | null, today: string): number | null {
  if (!fledOn) return null;
  return Math.max(0, Math.round(dayNumber(returned?.on ?? today) - dayNumber(fledOn)));
}

export interface SightingFact {
  on: string;
  state: string;
  city: string | null;
  recordedAt: string;
}

export interface KnownLocation {
  state: string;
  city: string | null;
  on: string;
  source: 'sighting' | 'located';
}

/**
 * The last known location: the latest sighting or `located` step by date; on the same date a `located` step, which
 * is the wanting agency's own finding, wins over a sighting, and of two sightings the later recorded.
 */
export function lastKnownLocation(steps: readonly StepFact[], sightings: readonly SightingFact[]): KnownLocation | null {
  let best: KnownLocation | null = null;
  let bestRecorded = '';
  for (const sighting of sightings) {
    if (!best || sighting.on > best.on || (sighting.on === best.on && sighting.recordedAt > bestRecorded)) {
      best = { state: sighting.state, city: sighting.city, on: sighting.on, source: 'sighting' };
      bestRecorded = sighting.recordedAt;
    }
  }
  for (const step of steps) {
    if (step.kind === 'located' && step.state && (!best || step.on >= best.on)) {
      best = { state: step.state, city: step.city, on: step.on, source: 'located' };
    }
  }
  return best;
}

/** The median of whole numbers (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const TIME_ON_RUN_BUCKETS = ['under_1y', '1_2y', '2_5y', '5_10y', '10y_plus'] as const;
export type TimeOnRunBucket = (typeof TIME_ON_RUN_BUCKETS)[number];

/**
 * The bucket of a time on the run, counted in whole years from the flight as the calendar counts them (a person who
 * fled on 2020-05-10 has been away one year on 2021-05-10), so that leap days do not move a person between buckets.
 */
export function timeOnRunBucket(fledOn: string, until: string): TimeOnRunBucket {
  const [fy, fm, fd] = fledOn.split('-').map(Number) as [number, number, number];
  const [uy, um, ud] = until.split('-').map(Number) as [number, number, number];
  const years = uy - fy - (um < fm || (um === fm && ud < fd) ? 1 : 0);
  if (years < 1) return 'under_1y';
  if (years < 2) return '1_2y';
  if (years < 5) return '2_5y';
  if (years < 10) return '5_10y';
  return '10y_plus';
}
