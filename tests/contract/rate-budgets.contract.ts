import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BudgetLease, RateBudgets } from '../../src/ports/rate-budgets.js';

/** Two handles onto one set of budgets, as two processes sharing them would hold (in memory: one instance twice). */
export interface BudgetPair {
  budgets: RateBudgets;
  twin: RateBudgets;
  dispose(): Promise<void>;
}

const LONG_HOLD = { holdMs: 10_000 };
/** How long a caller that must wait is watched to see that it does; a lower bound, so a slow machine cannot fail it. */
const WATCH_MS = 150;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `start` and records when (ms since the epoch) its promise resolves. */
function track<T>(start: () => Promise<T>): { done: () => boolean; at: () => number; result: Promise<T> } {
  let doneAt = 0;
  const result = start().then((value) => {
    doneAt = Date.now();
    return value;
  });
  result.catch(() => undefined);
  return { done: () => doneAt > 0, at: () => doneAt, result };
}

/**
 * The RateBudgets contract: what one handle grants, spaces or pauses, the other sees. Waits are checked from below
 * (never granted before the budget allows), which timing noise can only lengthen.
 */
export function describeRateBudgetsContract(name: string, open: () => Promise<BudgetPair>): void {
  describe(`RateBudgets contract (${name})`, () => {
    let pair: BudgetPair;
    let key: string;
    beforeEach(async () => {
      pair = await open();
      key = `contract-${randomBytes(4).toString('hex')}`;
    });
    afterEach(async () => {
      await pair.dispose();
    });

    it('grants one lease at a time across handles, the next once the first is returned', async () => {
      const { budgets, twin } = pair;
      const first = await budgets.acquire(key, { concurrent: 1, spacingMs: 0, ...LONG_HOLD });
      const second = track(() => twin.acquire(key, { concurrent: 1, spacingMs: 0, ...LONG_HOLD }));
      await sleep(WATCH_MS);
      expect(second.done()).toBe(false);
      const returnedAt = Date.now();
      await first.release();
      await (await second.result).release();
      expect(second.at()).toBeGreaterThanOrEqual(returnedAt);
    });

    it('grants up to `concurrent` leases at once', async () => {
      const { budgets, twin } = pair;
      const limits = { concurrent: 2, spacingMs: 0, ...LONG_HOLD };
      const held = await Promise.all([budgets.acquire(key, limits), twin.acquire(key, limits)]);
      const third = track(() => budgets.acquire(key, limits));
      await sleep(WATCH_MS);
      expect(third.done()).toBe(false);
      await held[1]?.release();
      await (await third.result).release();
      await held[0]?.release();
    });

    it('spaces leases by spacingMs from the return of the last one, whichever handle took it', async () => {
      const { budgets, twin } = pair;
      const limits = { concurrent: 1, spacingMs: 300, ...LONG_HOLD };
      const first = await budgets.acquire(key, limits);
      const returnedAt = Date.now();
      await first.release();
      const grantedAt = track(() => twin.acquire(key, limits));
      await (await grantedAt.result).release();
      // Both sides truncate to whole milliseconds.
      expect(grantedAt.at() - returnedAt).toBeGreaterThanOrEqual(300 - 2);
    });

    it('holds a pause set with a return for every handle, before any other lease is granted', async () => {
      const { budgets, twin } = pair;
      const limits = { concurrent: 1, spacingMs: 0, ...LONG_HOLD };
      const first = await budgets.acquire(key, limits);
      const waiting = track(() => twin.acquire(key, limits));
      const returnedAt = Date.now();
      await first.release({ pauseMs: 400 });
      await (await waiting.result).release();
      expect(waiting.at() - returnedAt).toBeGreaterThanOrEqual(400 - 2);
    });

    it('pauses leases and windows alike when asked to', async () => {
      const { budgets, twin } = pair;
      const pausedAt = Date.now();
      await budgets.pause(key, 300);
      await budgets.pause(`${key}-window`, 300);
      const lease = track(() => twin.acquire(key, { concurrent: 1, spacingMs: 0, ...LONG_HOLD }));
      const spent = track(() => twin.spend(`${key}-window`, { limit: 5, windowMs: 1_000 }));
      await spent.result;
      await (await lease.result).release();
      expect(lease.at() - pausedAt).toBeGreaterThanOrEqual(300 - 2);
      expect(spent.at() - pausedAt).toBeGreaterThanOrEqual(300 - 2);
    });

    it('lets a lease that is never returned lapse after holdMs', async () => {
      const { budgets, twin } = pair;
      // Taken before the request, as the other waits here are: the store grants (and starts the hold) after it.
      const askedAt = Date.now();
      await budgets.acquire(key, { concurrent: 1, spacingMs: 0, holdMs: 300 });
      const next = track(() => twin.acquire(key, { concurrent: 1, spacingMs: 0, ...LONG_HOLD }));
      await (await next.result).release();
      expect(next.at() - askedAt).toBeGreaterThanOrEqual(300 - 2);
    });

    it('gives a fixed window `limit` requests, shared by the handles, and the next one when it starts again', async () => {
      const { budgets, twin } = pair;
      const window = { limit: 3, windowMs: 400 };
      const startedAt = Date.now();
      await budgets.spend(key, window);
      await twin.spend(key, window);
      await budgets.spend(key, window);
      const fourth = track(() => twin.spend(key, window));
      await fourth.result;
      expect(fourth.at() - startedAt).toBeGreaterThanOrEqual(400 - 2);
    });

    it('follows what the platform reported of a window: none known means go, none left means wait for its reset', async () => {
      const { budgets, twin } = pair;
      const unknownAt = Date.now();
      await twin.spend(key, null);
      expect(Date.now() - unknownAt).toBeLessThan(WATCH_MS * 10);
      const learnedAt = Date.now();
      await budgets.learn(key, { remaining: 1, resetAfterMs: 300 });
      await twin.spend(key, null);
      const blocked = track(() => twin.spend(key, null));
      await blocked.result;
      expect(blocked.at() - learnedAt).toBeGreaterThanOrEqual(300 - 2);
    });

    it('keeps the lower count of two reports of one window, and takes a newer window as reported', async () => {
      const { budgets, twin } = pair;
      await budgets.learn(key, { remaining: 5, resetAfterMs: 400 });
      await twin.learn(key, { remaining: 0, resetAfterMs: 400 });
      // A late report of the same window saying more are left changes nothing.
      await budgets.learn(key, { remaining: 4, resetAfterMs: 350 });
      const learnedAt = Date.now();
      const held = track(() => twin.spend(key, null));
      await held.result;
      expect(held.at() - learnedAt).toBeGreaterThanOrEqual(300);
      // A report of a later window replaces what is known (a wait for the known one would outlast the test).
      await budgets.learn(key, { remaining: 0, resetAfterMs: 60_000 });
      await twin.learn(key, { remaining: 2, resetAfterMs: 61_000 });
      await budgets.spend(key, null);
      await twin.spend(key, null);
    });

    it('rejects a wait whose signal aborts with its reason, and leaves its place to the next caller', async () => {
      const { budgets, twin } = pair;
      const limits = { concurrent: 1, spacingMs: 0, ...LONG_HOLD };
      const holder = await budgets.acquire(key, limits);
      const controller = new AbortController();
      const aborted = twin.acquire(key, limits, controller.signal);
      const next = track(() => budgets.acquire(key, limits));
      controller.abort(new Error('deadline passed'));
      await expect(aborted).rejects.toThrow('deadline passed');
      await holder.release();
      const lease: BudgetLease = await next.result;
      await lease.release();
      // An already aborted signal never waits.
      await expect(twin.spend(key, { limit: 1, windowMs: 1_000 }, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    });
  });
}
