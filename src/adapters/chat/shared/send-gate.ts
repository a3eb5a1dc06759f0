import { CodedError, PermanentError } from '../../../core/errors.js';
import type { Logger } from '../../../ports/logger.js';
import type { BudgetLease, RateBudgets, WindowLimits } from '../../../ports/rate-budgets.js';

/** How one failed attempt should be handled. */
export type SendFailure =
  | { kind: 'rate_limited'; retryAfterMs: number; /** The platform said the limit is global (Discord's X-RateLimit-Global). */ global?: boolean }
  | { kind: 'transient'; reason: string }
  | { kind: 'permanent'; reason: string };

/**
 * A window a request spends from besides its destination's own budget: an API route, a method tier, a bot. A
 * fixed window counts each request as it is spent, so it is spent before the destination's turn; a learned one is
 * known only from the answer to the request before, so it is spent in the turn, once that answer is in.
 */
export interface SendWindow {
  key: string;
  /** A fixed window, or null for one known only from what the platform reports (`RateBudgets.learn`). */
  limits: WindowLimits | null;
  /** `request`: a 429 answering the request pauses this window too; `global`: only a 429 marked global does. */
  pausedBy: 'request' | 'global';
}

export interface SendGateOptions {
  /** Names the destination in errors and logs, e.g. `slack channel "alerts" (C123)` or `discord channel "alerts" (1234)`. Never holds secrets. */
  destination: string;
  /** Where the destination's budget lives: this process's memory, or Redis shared by every worker. */
  budgets: RateBudgets;
  /** The destination's budget key (no secrets: tokens go in as digests). */
  key: string;
  /**
   * Least time from the end of one request to the start of the next, across every process sharing the budgets.
   * Counting from the end (not the start) guarantees the platform sees requests at least this far apart,
   * whatever the network latency.
   */
  minIntervalMs: number;
  /** Time limit of one request: a lease on the budget held longer than this (and a margin) was a dead holder's. */
  requestTimeoutMs: number;
  /** Requests per send, the first one included. */
  maxAttempts: number;
  /** First backoff delay after a transient failure; doubles on each further one. */
  retryBaseMs: number;
  /** Longest Retry-After waited in place; a longer one fails the send as rate limited. */
  maxRetryAfterMs: number;
  classify(error: unknown): SendFailure;
  logger?: Pick<Logger, 'warn'> | undefined;
}

/** A per-destination queue: one request at a time, spaced, retried, with failures turned into coded errors. */
export interface SendGate {
  /** Sends `request` in turn, spending from `windows` first (see SendWindow). */
  send<T>(request: () => Promise<T>, windows?: readonly SendWindow[]): Promise<T>;
  /** Resolves once every send queued so far has settled. */
  drain(): Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;
/** How much longer than its request a lease may be held before it is taken for a dead holder's. */
const HOLD_MARGIN_MS = 5_000;

const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

/**
 * Creates the send gate of one chat destination. Each request takes a lease on the destination's budget (one at a
 * time, `minIntervalMs` from the end of the previous request, in this process or any other sharing the budgets),
 * after spending from its windows. A rate limit pauses the destination's budget for its Retry-After, for every
 * process, before the lease is returned; transient failures back off exponentially up to `maxAttempts`; permanent
 * ones fail at once with PermanentError. Within the process, sends still go out one after another in call order.
 */
export function createSendGate(options: SendGateOptions): SendGate {
  let tail: Promise<unknown> = Promise.resolve();
  const where = options.destination;
  const leaseLimits = { concurrent: 1, spacingMs: options.minIntervalMs, holdMs: options.requestTimeoutMs + HOLD_MARGIN_MS };

  // The request's outcome stands whatever happens here: a lease that cannot be returned lapses by itself.
  const giveBack = async (lease: BudgetLease, pauseMs = 0): Promise<void> => {
    await lease.release(pauseMs > 0 ? { pauseMs } : {}).catch((error: unknown) => {
      options.logger?.warn({ destination: where, err: error instanceof Error ? error.message : String(error) }, 'could not return the send budget');
    });
  };

  const attempt = async <T>(request: () => Promise<T>, windows: readonly SendWindow[]): Promise<T> => {
    for (let n = 1; ; n += 1) {
      for (const window of windows) if (window.limits !== null) await options.budgets.spend(window.key, window.limits);
      const lease = await options.budgets.acquire(options.key, leaseLimits);
      let failure: SendFailure;
      try {
        for (const window of windows) if (window.limits === null) await options.budgets.spend(window.key, null);
        const result = await request();
        await giveBack(lease);
        return result;
      } catch (error) {
        failure = options.classify(error);
        await giveBack(lease, failure.kind === 'rate_limited' ? failure.retryAfterMs : 0);
        if (failure.kind === 'permanent') {
          throw new PermanentError('delivery_permanent', `${where}: ${failure.reason}`, { cause: error });
        }
        if (failure.kind === 'rate_limited') {
          const scope = failure.global === true ? 'global' : 'request';
          const { retryAfterMs } = failure;
          await Promise.all(windows.filter((window) => window.pausedBy === scope).map((window) => options.budgets.pause(window.key, retryAfterMs)));
          if (retryAfterMs > options.maxRetryAfterMs || n >= options.maxAttempts) {
            throw new CodedError('delivery_rate_limited', `${where}: rate limited, retry after ${retryAfterMs} ms`, { cause: error });
          }
          options.logger?.warn({ destination: where, retryAfterMs, attempt: n, global: failure.global === true }, 'rate limited');
          continue;
        }
        if (n >= options.maxAttempts) {
          const message = `${where}: ${failure.reason} (gave up after ${n} attempts)`;
          throw new CodedError('delivery_transient', message, { cause: error });
        }
        const backoff = Math.min(options.retryBaseMs * 2 ** (n - 1), MAX_BACKOFF_MS);
        // Half fixed, half random, so sinks that failed together do not retry in lockstep.
        const delay = backoff / 2 + Math.random() * (backoff / 2);
        options.logger?.warn({ destination: where, reason: failure.reason, attempt: n, delayMs: Math.round(delay) }, 'send failed, retrying');
        await sleep(delay);
      }
    }
  };

  return {
    send<T>(request: () => Promise<T>, windows: readonly SendWindow[] = []): Promise<T> {
      const result = tail.then(() => attempt(request, windows));
      tail = result.catch(() => undefined);
      return result;
    },
    async drain(): Promise<void> {
      await tail;
    },
  };
}

/** A sink's pacing and retry options as its configuration gives them; unset ones take the platform's defaults. */
export interface SendPolicy {
  minIntervalMs?: number | undefined;
  maxAttempts?: number | undefined;
  retryBaseMs?: number | undefined;
  maxRetryAfterMs?: number | undefined;
  logger?: Pick<Logger, 'warn'> | undefined;
}

/** The gate of one chat destination, with the platform's defaults filled in and at least one attempt. */
export function createPlatformGate(
  destination: { name: string; key: string; budgets: RateBudgets; requestTimeoutMs: number },
  policy: SendPolicy,
  defaults: { minIntervalMs: number; maxAttempts: number; retryBaseMs: number; maxRetryAfterMs: number },
  classify: (error: unknown) => SendFailure,
): SendGate {
  return createSendGate({
    destination: destination.name,
    budgets: destination.budgets,
    key: destination.key,
    requestTimeoutMs: destination.requestTimeoutMs,
    minIntervalMs: policy.minIntervalMs ?? defaults.minIntervalMs,
    maxAttempts: Math.max(1, policy.maxAttempts ?? defaults.maxAttempts),
    retryBaseMs: policy.retryBaseMs ?? defaults.retryBaseMs,
    maxRetryAfterMs: policy.maxRetryAfterMs ?? defaults.maxRetryAfterMs,
    classify,
    logger: policy.logger,
  });
}
