/**
 * Counts failed authentications per client address, so a client guessing keys is stopped after a few tries
 * (OWASP: limit failed authentication). A fixed window opens at a client's first failure; once it holds
 * `max` failures the client is refused until the window closes, valid key or not, since answering a valid
 * key differently would let it go on guessing. Success is not counted. Memory is bounded: at most
 * `maxClients` addresses are remembered, the longest-quiet forgotten first. The clock is injected so tests
 * need no timers.
 */

export interface FailureLimit {
  /** Failures allowed per window; 0 turns the limit off. */
  readonly max: number;
  readonly windowMs: number;
}

interface Window {
  count: number;
  readonly resetAt: number;
}

/** Addresses remembered at once: about 1 MB. */
export const DEFAULT_MAX_CLIENTS = 10_000;

export class AuthFailureLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: FailureLimit,
    private readonly now: () => number = Date.now,
    private readonly maxClients: number = DEFAULT_MAX_CLIENTS,
  ) {}

  /** Milliseconds until this client may try again; 0 when it may try now. */
  blockedFor(client: string): number {
    const w = this.current(client);
    return this.limit.max > 0 && w !== undefined && w.count >= this.limit.max ? w.resetAt - this.now() : 0;
  }

  /** Records one failed authentication of this client. */
  fail(client: string): void {
    if (this.limit.max === 0) return;
    const w = this.current(client) ?? { count: 0, resetAt: this.now() + this.limit.windowMs };
    w.count++;
    // Re-inserting keeps the map ordered by last failure, so the first key is the longest quiet.
    this.windows.delete(client);
    this.windows.set(client, w);
    if (this.windows.size > this.maxClients) this.evict();
  }

  /** Addresses remembered (for tests of the memory bound). */
  get size(): number {
    return this.windows.size;
  }

  private current(client: string): Window | undefined {
    const w = this.windows.get(client);
    if (w !== undefined && w.resetAt <= this.now()) {
      this.windows.delete(client);
      return undefined;
    }
    return w;
  }

  private evict(): void {
    const now = this.now();
    for (const [client, w] of this.windows) if (w.resetAt <= now) this.windows.delete(client);
    while (this.windows.size > this.maxClients) {
      const oldest = this.windows.keys().next();
      if (oldest.done === true) break;
      this.windows.delete(oldest.value);
    }
  }
}
