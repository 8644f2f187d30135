import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import type { InterpolNotice, NoticeKind } from './parse-interpol.ts';

/**
 * Compares an Interpol snapshot with the notices Concord already holds. Pure: the importer loads `known`, calls this,
 * and writes the result in one transaction.
 *
 * Interpol's public pages show only the notices a member state agreed to publish; a notice that disappears from them
 * may have been cancelled, withdrawn, or merely unpublished — the public data cannot tell which. So a notice missing
 * from a *complete* list snapshot is "no longer public", never "cancelled"; a detail file or a partial list (one page,
 * a filtered query) says nothing about the notices it does not contain, and marks none.
 */

export interface NoticeFingerprints {
  /** Over every field the notice's shape carries: the summary fields for a list item, all fields for a detail. */
  fingerprint: string;
  /** Over the summary fields only (the ones a list page carries), so a list can be compared with a stored detail. */
  summaryFingerprint: string;
}

export interface KnownNotice {
  entityId: string;
  noticeKind: NoticeKind;
  fingerprint: string;
  /** Stored from the last import; when absent a list item is compared with `fingerprint`. */
  summaryFingerprint?: string | null;
  publicNow: boolean;
}

export interface FingerprintedNotice extends NoticeFingerprints {
  notice: InterpolNotice;
}

export interface UpdatedNotice extends FingerprintedNotice {
  previousFingerprint: string;
  /** The notice's content differs from what Concord holds. */
  contentChanged: boolean;
  /** The notice had been marked no longer public and appears again. */
  publicAgain: boolean;
}

export interface SnapshotDiff {
  added: FingerprintedNotice[];
  updated: UpdatedNotice[];
  unchanged: FingerprintedNotice[];
  noLongerPublic: KnownNotice[];
}

/**
 * `complete: true` only for the whole public list of one notice kind (every page, no filter); the kind bounds which
 * known notices may become "no longer public", so a complete yellow list never touches red notices.
 */
export type SnapshotScope = { complete: false } | { complete: true; noticeKind: NoticeKind };

const sha256Hex = (text: string): string => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
const hashOf = (value: unknown): string => sha256Hex(canonicalize(value) ?? '');

function summaryFields(notice: InterpolNotice) {
  return {
    entityId: notice.entityId,
    noticeKind: notice.noticeKind,
    forename: notice.forename,
    name: notice.name,
    dateOfBirth: notice.dateOfBirth,
    nationalities: [...notice.nationalities].sort(),
    photoUrl: notice.photoUrl,
  };
}

/** SHA-256 (hex) of the RFC 8785 canonical JSON of the notice's content; list order of nationalities does not count. */
export function fingerprintNotice(notice: InterpolNotice): NoticeFingerprints {
  const summaryFingerprint = hashOf(summaryFields(notice));
  if (notice.shape === 'list') return { fingerprint: summaryFingerprint, summaryFingerprint };
  // `shape` and `names` are left out: the one is where the notice was read, the other is derived from the names.
  const fingerprint = hashOf({
    ...summaryFields(notice),
    sex: notice.sex,
    placeOfBirth: notice.placeOfBirth,
    countryOfBirth: notice.countryOfBirth,
    charges: notice.charges,
    distinguishingMarks: notice.distinguishingMarks,
    languages: notice.languages,
    eyeColors: notice.eyeColors,
    hairColors: notice.hairColors,
    heightM: notice.heightM,
    weightKg: notice.weightKg,
  });
  return { fingerprint, summaryFingerprint };
}

const keyOf = (kind: NoticeKind, entityId: string): string => `${kind} ${entityId}`;

export interface SnapshotDocument {
  fileName: string;
  kind: 'list' | 'detail';
  notices: readonly InterpolNotice[];
}

export interface SnapshotContradiction {
  fileName: string;
  path: string;
  message: string;
}

/**
 * Notices of a snapshot that contradict each other, located in their files: the same entity id with two different
 * contents of the same shape (two details, or list items of overlapping pages that changed between fetches), or under
 * two notice kinds, in the snapshot or against the kind the agency holds it as (`heldKinds`: entity id → kind).
 * A list item and a detail of the same notice are no contradiction: the detail carries more. The importer refuses
 * a snapshot with any of these before writing, rather than choosing one version silently.
 */
export function snapshotContradictions(
  documents: readonly SnapshotDocument[],
  heldKinds: ReadonlyMap<string, NoticeKind> = new Map(),
): SnapshotContradiction[] {
  const first = new Map<string, { fileName: string; path: string; notice: InterpolNotice; fingerprint: string }>();
  const problems: SnapshotContradiction[] = [];
  for (const document of documents) {
    document.notices.forEach((notice, index) => {
      const path = document.kind === 'list' ? `_embedded.notices[${index}]` : '$';
      const held = heldKinds.get(notice.entityId);
      if (held !== undefined && held !== notice.noticeKind) {
        problems.push({
          fileName: document.fileName,
          path,
          message: `${notice.entityId} is a ${notice.noticeKind} notice here, but your agency holds it as a ${held} notice`,
        });
        return;
      }
      const { fingerprint } = fingerprintNotice(notice);
      const earlier = first.get(notice.entityId);
      if (earlier === undefined) {
        first.set(notice.entityId, { fileName: document.fileName, path, notice, fingerprint });
        return;
      }
      const earlierWhere = `${earlier.fileName}${earlier.path === '$' ? '' : ` at ${earlier.path}`}`;
      if (earlier.notice.noticeKind !== notice.noticeKind) {
        problems.push({
          fileName: document.fileName,
          path,
          message: `${notice.entityId} is a ${notice.noticeKind} notice here and a ${earlier.notice.noticeKind} notice in ${earlierWhere}`,
        });
      } else if (earlier.notice.shape === notice.shape && earlier.fingerprint !== fingerprint) {
        problems.push({
          fileName: document.fileName,
          path,
          message: `${notice.entityId} differs from the same notice in ${earlierWhere}; import the newer file alone`,
        });
      }
    });
  }
  return problems;
}

/**
 * The same notice twice in one snapshot (overlapping pages, a list and its details): a detail wins over a list item;
 * two different versions of the same shape are a contradiction the importer must not resolve silently.
 */
function uniqueIncoming(incoming: readonly InterpolNotice[]): FingerprintedNotice[] {
  const byKey = new Map<string, FingerprintedNotice>();
  for (const notice of incoming) {
    const entry = { notice, ...fingerprintNotice(notice) };
    const key = keyOf(notice.noticeKind, notice.entityId);
    const earlier = byKey.get(key);
    if (earlier === undefined || (earlier.notice.shape === 'list' && notice.shape === 'detail')) {
      byKey.set(key, entry);
    } else if (earlier.notice.shape === notice.shape && earlier.fingerprint !== entry.fingerprint) {
      throw new RangeError(`${notice.noticeKind} notice ${notice.entityId} appears twice in the snapshot with different content`);
    }
  }
  return [...byKey.values()];
}

export function diffSnapshot(known: readonly KnownNotice[], incoming: readonly InterpolNotice[], scope: SnapshotScope): SnapshotDiff {
  if (scope.complete) {
    const stray = incoming.find((notice) => notice.noticeKind !== scope.noticeKind);
    if (stray) throw new RangeError(`a complete ${scope.noticeKind} snapshot holds a ${stray.noticeKind} notice (${stray.entityId})`);
  }
  const knownByKey = new Map(known.map((notice) => [keyOf(notice.noticeKind, notice.entityId), notice]));
  const diff: SnapshotDiff = { added: [], updated: [], unchanged: [], noLongerPublic: [] };
  const seen = new Set<string>();

  for (const entry of uniqueIncoming(incoming)) {
    const key = keyOf(entry.notice.noticeKind, entry.notice.entityId);
    seen.add(key);
    const held = knownByKey.get(key);
    if (held === undefined) {
      diff.added.push(entry);
      continue;
    }
    const contentChanged =
      entry.notice.shape === 'list'
        ? entry.summaryFingerprint !== (held.summaryFingerprint ?? held.fingerprint)
        : entry.fingerprint !== held.fingerprint;
    const publicAgain = !held.publicNow;
    if (contentChanged || publicAgain) diff.updated.push({ ...entry, previousFingerprint: held.fingerprint, contentChanged, publicAgain });
    else diff.unchanged.push(entry);
  }

  if (scope.complete) {
    diff.noLongerPublic = known.filter(
      (notice) => notice.publicNow && notice.noticeKind === scope.noticeKind && !seen.has(keyOf(notice.noticeKind, notice.entityId)),
    );
  }
  return diff;
}
