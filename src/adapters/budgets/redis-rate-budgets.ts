import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { BudgetLease, LeaseLimits, RateBudgets, WindowLimits } from '../../ports/rate-budgets.js';
import { abortableSleep } from './abortable-sleep.js';
import { SAME_WINDOW_MS } from './merge-window-report.js';
import { ACQUIRE_SCRIPT, LEARN_SCRIPT, PAUSE_SCRIPT, RELEASE_SCRIPT, SPEND_SCRIPT } from './redis-budget-scripts.js';

export interface RedisRateBudgetsOptions {
  /** Namespace of every key, as the state store's. */
  prefix: string;
}

/**
 * How soon, at least, a process asks again while every lease of a budget is out. A spaced budget (a chat channel)
 * is asked every half spacing instead: the spacing starts only when the lease comes back, so a process asking
 * that often learns of the return while the spacing still runs, and is granted the lease the moment it ends. An
 * unspaced one (a feed host) waits at most this long after a fetch ends.
 */
const BUSY_POLL_MS = 25;

const isAborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;

/**
 * The budgets of every process sharing one Redis: each budget is a hash under `<prefix>:budget:<key>`, changed
 * only by the Lua scripts in redis-budget-scripts.ts, and gone a minute after the last spacing, window, pause or
 * lease it holds has ended. A caller that must wait sleeps in its own process for the time the script names and
 * asks again, so the wait costs Redis one call per try. The caller owns the client.
 */
export function createRedisRateBudgets(redis: Redis | Cluster, options: RedisRateBudgetsOptions): RateBudgets {
  // Each script touches one budget's key, so on a cluster the keys may spread over the slots.
  const keyOf = (key: string): string => `${options.prefix}:budget:${key}`;

  return {
    async acquire(key: string, limits: LeaseLimits, signal?: AbortSignal): Promise<BudgetLease> {
      const token = randomUUID();
      const poll = Math.max(BUSY_POLL_MS, Math.floor(limits.spacingMs / 2));
      const args = [token, String(Math.max(1, Math.floor(limits.concurrent))), String(Math.round(limits.spacingMs)), String(Math.max(1, Math.round(limits.holdMs))), String(poll)];
      const release = async (pauseMs = 0): Promise<void> => {
        await redis.eval(RELEASE_SCRIPT, 1, keyOf(key), token, String(Math.round(limits.spacingMs)), String(Math.max(0, Math.round(pauseMs))));
      };
      for (;;) {
        if (signal?.aborted === true) throw signal.reason;
        const [granted, wait] = (await redis.eval(ACQUIRE_SCRIPT, 1, keyOf(key), ...args)) as [number, number];
        if (granted === 1) {
          // aborted while Redis answered: the lease goes straight back
          if (isAborted(signal)) {
            await release();
            throw signal?.reason;
          }
          let returned = false;
          return {
            async release(releaseOptions) {
              if (returned) return;
              returned = true;
              await release(releaseOptions?.pauseMs ?? 0);
            },
          };
        }
        await abortableSleep(Math.max(1, wait), signal);
      }
    },

    async spend(key: string, limits: WindowLimits | null, signal?: AbortSignal): Promise<void> {
      const args = limits === null ? ['-1', '0'] : [String(limits.limit), String(Math.round(limits.windowMs))];
      for (;;) {
        if (signal?.aborted === true) throw signal.reason;
        const wait = Number(await redis.eval(SPEND_SCRIPT, 1, keyOf(key), ...args));
        if (wait <= 0) return;
        await abortableSleep(wait, signal);
      }
    },

    async learn(key, report) {
      const remaining = String(Math.max(0, Math.floor(report.remaining)));
      await redis.eval(LEARN_SCRIPT, 1, keyOf(key), remaining, String(Math.max(0, Math.round(report.resetAfterMs))), String(SAME_WINDOW_MS));
    },

    async pause(key, ms) {
      await redis.eval(PAUSE_SCRIPT, 1, keyOf(key), String(Math.max(0, Math.round(ms))));
    },
  };
}
