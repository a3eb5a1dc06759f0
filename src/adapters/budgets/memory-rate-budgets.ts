import type { BudgetLease, LeaseLimits, RateBudgets, WindowLimits } from '../../ports/rate-budgets.js';
import { abortableSleep } from './abortable-sleep.js';
import { mergeWindowReport } from './merge-window-report.js';

interface Budget {
  leases: number;
  /** Acquirers waiting for a lease, first come first served. */
  waiting: (() => void)[];
  /** Callers between their call and their grant (sleeping out a spacing, a pause or a window). */
  busy: number;
  lastReturn: number;
  spacingMs: number;
  pausedUntil: number;
  remaining: number | null;
  resetAt: number;
  forget: NodeJS.Timeout | null;
}

/**
 * The budgets of one process, in memory: leases are granted in arrival order and handed straight from one holder
 * to the next waiter, and a budget is forgotten once nothing holds, waits on or remembers anything of it (so a
 * host fetched once does not stay in the map).
 */
export function createMemoryRateBudgets(): RateBudgets {
  const budgets = new Map<string, Budget>();

  const budgetOf = (key: string): Budget => {
    let budget = budgets.get(key);
    if (budget === undefined) {
      budget = { leases: 0, waiting: [], busy: 0, lastReturn: Number.NEGATIVE_INFINITY, spacingMs: 0, pausedUntil: 0, remaining: null, resetAt: 0, forget: null };
      budgets.set(key, budget);
    }
    if (budget.forget !== null) {
      clearTimeout(budget.forget);
      budget.forget = null;
    }
    return budget;
  };

  const forgetWhenIdle = (key: string, budget: Budget): void => {
    if (budget.leases > 0 || budget.waiting.length > 0 || budget.busy > 0 || budget.forget !== null) return;
    const left = Math.max(budget.lastReturn + budget.spacingMs, budget.pausedUntil, budget.resetAt) - Date.now();
    if (left <= 0) {
      budgets.delete(key);
      return;
    }
    budget.forget = setTimeout(() => {
      budget.forget = null;
      forgetWhenIdle(key, budget);
    }, left);
    budget.forget.unref();
  };

  const takeSlot = (budget: Budget, concurrent: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    if (budget.leases < concurrent && budget.waiting.length === 0) {
      budget.leases += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        budget.waiting.splice(budget.waiting.indexOf(grant), 1);
        reject(signal?.reason);
      };
      // a returned slot passes straight to the next waiter, so `leases` stays as it is
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      budget.waiting.push(grant);
    });
  };

  const freeSlot = (key: string, budget: Budget): void => {
    const next = budget.waiting.shift();
    if (next) next();
    else {
      budget.leases -= 1;
      forgetWhenIdle(key, budget);
    }
  };

  return {
    async acquire(key: string, limits: LeaseLimits, signal?: AbortSignal): Promise<BudgetLease> {
      const budget = budgetOf(key);
      budget.spacingMs = limits.spacingMs;
      budget.busy += 1;
      try {
        await takeSlot(budget, Math.max(1, Math.floor(limits.concurrent)), signal);
        try {
          // A pause may grow while this sleeps, so the wait is checked again after it.
          for (let wait = 1; wait > 0; ) {
            wait = Math.max(budget.pausedUntil, budget.lastReturn + limits.spacingMs) - Date.now();
            await abortableSleep(wait, signal);
          }
        } catch (error) {
          freeSlot(key, budget);
          throw error;
        }
      } finally {
        budget.busy -= 1;
        forgetWhenIdle(key, budget);
      }
      let returned = false;
      const giveBack = (pauseMs: number): void => {
        if (returned) return;
        returned = true;
        clearTimeout(lapse);
        const now = Date.now();
        budget.lastReturn = now;
        if (pauseMs > 0) budget.pausedUntil = Math.max(budget.pausedUntil, now + pauseMs);
        freeSlot(key, budget);
      };
      const lapse = setTimeout(() => giveBack(0), limits.holdMs);
      lapse.unref();
      return { release: async (options) => giveBack(options?.pauseMs ?? 0) };
    },

    async spend(key: string, limits: WindowLimits | null, signal?: AbortSignal): Promise<void> {
      if (signal?.aborted === true) throw signal.reason;
      const budget = budgetOf(key);
      budget.busy += 1;
      try {
        for (;;) {
          const now = Date.now();
          let wait = budget.pausedUntil - now;
          if (wait <= 0) {
            if (budget.resetAt <= now) {
              budget.remaining = limits === null ? null : limits.limit;
              budget.resetAt = limits === null ? 0 : now + limits.windowMs;
            }
            if (budget.remaining === null) return;
            if (budget.remaining > 0) {
              budget.remaining -= 1;
              return;
            }
            wait = budget.resetAt - now;
          }
          await abortableSleep(wait, signal);
        }
      } finally {
        budget.busy -= 1;
        forgetWhenIdle(key, budget);
      }
    },

    async learn(key, report) {
      const budget = budgetOf(key);
      const merged = mergeWindowReport({ remaining: budget.remaining, resetAt: budget.resetAt }, report, Date.now());
      budget.remaining = merged.remaining;
      budget.resetAt = merged.resetAt;
      forgetWhenIdle(key, budget);
    },

    async pause(key, ms) {
      const budget = budgetOf(key);
      budget.pausedUntil = Math.max(budget.pausedUntil, Date.now() + ms);
      forgetWhenIdle(key, budget);
    },
  };
}
