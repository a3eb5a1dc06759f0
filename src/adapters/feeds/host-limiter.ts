import type { RateBudgets } from '../../ports/rate-budgets.js';

/** Runs tasks with at most a fixed number in flight per host, so one busy site is not hammered. */
export interface HostLimiter {
  /** Runs `task` once the host has a free slot; `deadlineMs` is the longest the task can take. */
  run<T>(host: string, task: () => Promise<T>, options: { deadlineMs: number; signal?: AbortSignal }): Promise<T>;
}

/** How much longer than its fetch's deadline a slot may be held before it is taken for a dead process's. */
const HOLD_MARGIN_MS = 5_000;

/**
 * Creates a per-host limiter on the budgets: at most `perHost` fetches in flight to one host, in this process or
 * (with Redis budgets) in all of them together. A task whose signal aborts while it waits leaves with the signal's
 * reason, so deadlines cover queueing time too.
 */
export function createHostLimiter(perHost: number, budgets: RateBudgets): HostLimiter {
  const concurrent = Math.max(1, Math.floor(perHost));
  return {
    async run(host, task, { deadlineMs, signal }) {
      const lease = await budgets.acquire(`host:${host.toLowerCase()}`, { concurrent, spacingMs: 0, holdMs: deadlineMs + HOLD_MARGIN_MS }, signal);
      try {
        return await task();
      } finally {
        // The fetch's outcome stands: a slot that cannot be returned lapses by itself.
        await lease.release().catch(() => undefined);
      }
    },
  };
}
