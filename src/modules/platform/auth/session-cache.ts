import type { ResolvedSession } from './resolve-session.ts';

/**
 * Resolved sessions kept in memory for a few seconds, so that a signed-in request costs one transaction, not two.
 * Correctness does not rest on the time limit: every change that can end or narrow a session notifies all servers
 * (migration 0002, LISTEN in runtime.ts), which drop the whole cache; this server also drops it after each of its
 * own writes. A look-up that raced with such a change is not cached (generation check). While the notification
 * channel is down the cache is off.
 */
export class SessionCache {
  private readonly entries = new Map<string, { session: ResolvedSession; until: number; sessionExpiresAt: number; lastSeenAt: number }>();
  private generationCounter = 0;
  private enabled = false;

  constructor(
    private readonly ttlMs = 5000,
    private readonly maxEntries = 50_000,
  ) {}

  get generation(): number {
    return this.generationCounter;
  }

  /** A cached session, unless it is stale or the session's own expiry or idle limit has passed. */
  get(key: string, now: number, idleMs: number): ResolvedSession | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= now || entry.sessionExpiresAt <= now || now - entry.lastSeenAt >= idleMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.session;
  }

  set(key: string, session: ResolvedSession, generationAtLookup: number, now: number, sessionExpiresAt: number, lastSeenAt: number): void {
    if (!this.enabled || generationAtLookup !== this.generationCounter) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { session, until: now + this.ttlMs, sessionExpiresAt, lastSeenAt });
  }

  invalidateAll(): void {
    this.generationCounter += 1;
    this.entries.clear();
  }

  /** The notification channel is up: caching may start. */
  enable(): void {
    this.invalidateAll();
    this.enabled = true;
  }

  /** The notification channel is down: nothing may be served from memory. */
  disable(): void {
    this.enabled = false;
    this.invalidateAll();
  }
}
