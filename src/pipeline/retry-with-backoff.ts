import { describeError } from '../core/errors.js';
import type { Logger } from '../ports/logger.js';

export interface RetryOptions {
  /** What is being tried, for the log: "queue the unfinished work". */
  what: string;
  logger: Logger;
  /** True once the process is stopping: no further try is made. */
  stopped: () => boolean;
  /** Wait after the first failure (default 1 s); each later one waits twice as long, up to `maxDelayMs` (10 s). */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Past this long since the first try, the last failure is thrown instead of trying again (default never). */
  giveUpAfterMs?: number;
}

/**
 * Runs `task` until it succeeds, waiting longer after each failure, so work a process must do at start or after
 * a reconnect (queueing what is pending, the first polls) waits out a Redis outage of any length instead of
 * ending the process. Resolves with the task's result, or null when the process began stopping first.
 */
export async function retryWithBackoff<T>(task: () => Promise<T>, options: RetryOptions): Promise<T | null> {
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  let delayMs = options.firstDelayMs ?? 1_000;
  const giveUpAt = Date.now() + (options.giveUpAfterMs ?? Number.POSITIVE_INFINITY);
  for (let attempt = 1; ; attempt += 1) {
    if (options.stopped()) return null;
    try {
      return await task();
    } catch (error) {
      if (options.stopped()) return null;
      if (Date.now() + delayMs > giveUpAt) throw error;
      options.logger.warn({ attempt, retryInMs: delayMs, err: describeError(error) }, `could not ${options.what}; trying again`);
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, maxDelayMs);
  }
}
