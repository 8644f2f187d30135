import type { Role, ScreeningHitStatus, WatchlistVisibility } from '../../db/schema.ts';
import { isPlatformAdmin, type Actor } from '../platform/context.ts';
import { definePolicy } from '../platform/policy.ts';

/**
 * Who may screen, review and keep watchlists (docs/screening.md). Screening names against the lists and running
 * batches is the work of analysts, investigators and liaison officers (who check travellers and visa applicants for
 * their partners) and their administrators; deciding a hit takes an analyst, an investigator or an administrator;
 * keeping a list takes an investigator or an administrator, and a list every agency sees takes a platform
 * administrator. Row-level security (migration 0005) enforces the same visibility in the database.
 */
export const SCREENERS: readonly Role[] = ['analyst', 'investigator', 'liaison_officer', 'agency_admin'];
export const REVIEWERS: readonly Role[] = ['analyst', 'investigator', 'agency_admin'];
export const WATCHLIST_KEEPERS: readonly Role[] = ['investigator', 'agency_admin'];
const WATCHLIST_READERS: readonly Role[] = [...SCREENERS, 'platform_admin'];

interface WatchlistObject {
  agency_id: string;
  visibility: WatchlistVisibility;
}

const visibleWatchlist = (actor: Actor, list: WatchlistObject): boolean =>
  list.agency_id === actor.agencyId || list.visibility === 'platform';

/** The owning agency's keepers change an agency list; only its platform administrators a platform-visible one. */
const keepsWatchlist = (actor: Actor, list: WatchlistObject): boolean =>
  list.agency_id === actor.agencyId &&
  (list.visibility === 'platform' ? isPlatformAdmin(actor) : actor.roles.some((role) => WATCHLIST_KEEPERS.includes(role)));

export const watchlistPolicy = definePolicy<WatchlistObject, 'read' | 'list' | 'create' | 'import' | 'remove_entry' | 'match'>(
  'watchlist',
  {
    read: { roles: WATCHLIST_READERS, when: visibleWatchlist },
    list: { roles: WATCHLIST_READERS },
    create: { roles: [...WATCHLIST_KEEPERS, 'platform_admin'], when: keepsWatchlist },
    import: { roles: [...WATCHLIST_KEEPERS, 'platform_admin'], when: keepsWatchlist },
    remove_entry: { roles: [...WATCHLIST_KEEPERS, 'platform_admin'], when: keepsWatchlist },
    match: { roles: SCREENERS, when: visibleWatchlist },
  },
);

/** Matching against every watchlist the actor sees. */
export const screeningPolicy = definePolicy<null, 'match'>('screening', { match: { roles: SCREENERS } });

const ownAgency = (actor: Actor, record: { agency_id: string }): boolean => record.agency_id === actor.agencyId;

export const batchPolicy = definePolicy<{ agency_id: string }, 'read' | 'list' | 'create'>('screening_batch', {
  read: { roles: SCREENERS, when: ownAgency },
  list: { roles: SCREENERS },
  create: { roles: SCREENERS, when: ownAgency },
});

const UNDECIDED: readonly ScreeningHitStatus[] = ['open', 'suppressed'];

export const hitPolicy = definePolicy<{ agency_id: string; status: ScreeningHitStatus }, 'read' | 'list' | 'decide'>('screening_hit', {
  read: { roles: SCREENERS, when: ownAgency },
  list: { roles: SCREENERS },
  decide: { roles: REVIEWERS, when: (actor, hit) => ownAgency(actor, hit) && UNDECIDED.includes(hit.status) },
});
