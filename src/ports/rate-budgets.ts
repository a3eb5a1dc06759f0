/** How a lease budget is shared: how many at once, how far apart, and how long an unreturned lease lasts. */
export interface LeaseLimits {
  /** Leases out at once (1: one request at a time). */
  concurrent: number;
  /** Least time from the return of one lease to the grant of the next. */
  spacingMs: number;
  /** A lease not returned within this lapses, so a holder that died frees the budget. */
  holdMs: number;
}

/** A fixed window: at most `limit` requests per `windowMs`. */
export interface WindowLimits {
  limit: number;
  windowMs: number;
}

/** A granted lease; return it once the request is answered. */
export interface BudgetLease {
  /**
   * Returns the lease; the spacing counts from now. With `pauseMs` (a 429's Retry-After), nothing starts on the
   * budget for that long, and the pause is in force before another lease can be granted.
   */
  release(options?: { pauseMs?: number }): Promise<void>;
}

/**
 * The rate budgets newswatch keeps toward the outside world: one request at a time per chat channel, spaced;
 * windows per API route, per Slack method tier and per Discord bot; a few fetches at a time per feed host. Keys
 * name what a budget is for. In one process they live in memory; processes sharing Redis share them, so N workers
 * together keep to one channel's budget, and a pause set by one (a 429's Retry-After) holds for all.
 */
export interface RateBudgets {
  /**
   * Waits for a lease on `key`: fewer than `concurrent` leases out, `spacingMs` passed since the last one was
   * returned, and no pause in force. Rejects with the signal's reason when it aborts while waiting.
   */
  acquire(key: string, limits: LeaseLimits, signal?: AbortSignal): Promise<BudgetLease>;
  /**
   * Takes one request from `key`'s window, waiting while it is empty or paused. With `limits`, a fixed window
   * of its own; with null, only what `learn` reported about the window counts (nothing known: no wait).
   */
  spend(key: string, limits: WindowLimits | null, signal?: AbortSignal): Promise<void>;
  /**
   * What the platform said of `key`'s window (Discord's X-RateLimit-Remaining and -Reset-After). Within a
   * window already known, the lower remaining count wins, since other requests may be on their way.
   */
  learn(key: string, report: { remaining: number; resetAfterMs: number }): Promise<void>;
  /** Starts nothing on `key` for `ms`, in every process sharing the budgets (a 429's Retry-After). */
  pause(key: string, ms: number): Promise<void>;
}
