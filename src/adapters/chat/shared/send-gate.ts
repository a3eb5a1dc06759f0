import { CodedError, PermanentError } from '../../../core/errors.js';
import type { Logger } from '../../../ports/logger.js';

/** How one failed attempt should be handled. */
export type SendFailure =
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'transient'; reason: string }
  | { kind: 'permanent'; reason: string };

export interface SendGateOptions {
  /** Names the destination in errors and logs, e.g. `slack channel "alerts" (C123)` or `discord channel "alerts" (1234)`. Never holds secrets. */
  destination: string;
  /**
   * Least time from the end of one request to the start of the next. Counting from the end (not the start)
   * guarantees the platform sees requests at least this far apart, whatever the network latency.
   */
  minIntervalMs: number;
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
  send<T>(request: () => Promise<T>): Promise<T>;
  /** Resolves once every send queued so far has settled. */
  drain(): Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;

const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

/**
 * Creates the send budget of one chat destination. Sends run one after another with at least `minIntervalMs`
 * between the end of a request and the start of the next; a rate limit blocks only this gate for its
 * Retry-After; transient failures back off exponentially up to `maxAttempts`; permanent ones fail at once with
 * PermanentError.
 */
export function createSendGate(options: SendGateOptions): SendGate {
  let tail: Promise<unknown> = Promise.resolve();
  let lastEnd = Number.NEGATIVE_INFINITY;
  let blockedUntil = 0;

  const attempt = async <T>(request: () => Promise<T>): Promise<T> => {
    for (let n = 1; ; n += 1) {
      await sleep(Math.max(lastEnd + options.minIntervalMs, blockedUntil) - Date.now());
      try {
        const result = await request();
        lastEnd = Date.now();
        return result;
      } catch (error) {
        lastEnd = Date.now();
        const failure = options.classify(error);
        const where = options.destination;
        if (failure.kind === 'permanent') {
          throw new PermanentError('delivery_permanent', `${where}: ${failure.reason}`, { cause: error });
        }
        if (failure.kind === 'rate_limited') {
          blockedUntil = Date.now() + failure.retryAfterMs;
          if (failure.retryAfterMs > options.maxRetryAfterMs || n >= options.maxAttempts) {
            const message = `${where}: rate limited, retry after ${failure.retryAfterMs} ms`;
            throw new CodedError('delivery_rate_limited', message, { cause: error });
          }
          options.logger?.warn({ destination: where, retryAfterMs: failure.retryAfterMs, attempt: n }, 'rate limited');
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
        blockedUntil = Math.max(blockedUntil, Date.now() + delay);
      }
    }
  };

  return {
    send<T>(request: () => Promise<T>): Promise<T> {
      const result = tail.then(() => attempt(request));
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
  destination: string,
  policy: SendPolicy,
  defaults: { minIntervalMs: number; maxAttempts: number; retryBaseMs: number; maxRetryAfterMs: number },
  classify: (error: unknown) => SendFailure,
): SendGate {
  return createSendGate({
    destination,
    minIntervalMs: policy.minIntervalMs ?? defaults.minIntervalMs,
    maxAttempts: Math.max(1, policy.maxAttempts ?? defaults.maxAttempts),
    retryBaseMs: policy.retryBaseMs ?? defaults.retryBaseMs,
    maxRetryAfterMs: policy.maxRetryAfterMs ?? defaults.maxRetryAfterMs,
    classify,
    logger: policy.logger,
  });
}
