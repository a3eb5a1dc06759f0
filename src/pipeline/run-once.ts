import { describeError } from '../core/errors.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { Clock } from '../ports/clock.js';
import type { DeliveryLog } from '../ports/delivery-store.js';
import type { FeedStateStore } from '../ports/feed-state-store.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import type { OneTimeClaims } from '../ports/one-time-claims.js';

import { deliveryId, summarizeUndelivered, type UndeliveredAlerts } from './undelivered-alerts.js';
import { enqueueDuePolls, type PendingSweeper } from './pipeline.js';

/** The feeds that failed, the alerts that did not go out (kept for `alerts replay`), and how many wait for quiet hours. */
export interface RunOnceResult {
  failed: { feedId: string; error: string }[];
  polled: number;
  undelivered: UndeliveredAlerts[];
  held: number;
}

export interface RunOnceDependencies {
  store: FeedStateStore & DeliveryLog & OneTimeClaims;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  settings: () => RuntimeSettings;
  sweeper: PendingSweeper;
  /** Redis mode: producers fail fast while Redis is away, and an outage can lose a job whose work the store recorded. */
  sharedQueue: boolean;
  /** True once the process is stopping (a signal). */
  stopping: () => boolean;
  /** Runs once the backend answered, before anything else: sets the run up or refuses it. */
  prepare: () => Promise<void>;
  /** Starts the workers (a no-op when running) and queues again the unfinished work. */
  startWorkers: () => Promise<void>;
}

/** Polls every feed once and finishes all resulting work: poll, drain the queues, sweep what lost its job. */
export async function runOnce(deps: RunOnceDependencies): Promise<RunOnceResult> {
  const { store, queue, clock, logger, sweeper } = deps;
  // Redis mode: fail fast when Redis is not there, rather than wait in the store's reconnect loop.
  if (deps.sharedQueue) await queue.counts('poll');
  await deps.prepare();
  const failedBefore = new Set((await store.listDeliveries({ status: 'failed' })).map(deliveryId));
  await deps.startWorkers();
  const startedAt = clock.now();
  let queued: string[] = [];
  for (let attempt = 1; ; attempt += 1) {
    try {
      queued = await enqueueDuePolls(deps.settings(), store, queue, startedAt, { all: true });
      break;
    } catch (error) {
      // Redis went away mid-way (producers fail fast): wait and queue them again; a feed polled twice finds
      // nothing new the second time.
      if (!deps.sharedQueue || attempt >= 30 || deps.stopping()) throw error;
      logger.warn({ err: describeError(error) }, 'could not queue the polls; trying again');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
  await queue.drain();
  // Redis mode: work recorded in the store whose job was lost (an outage between the two) is queued again.
  for (let round = 0; deps.sharedQueue && round < 3 && !deps.stopping(); round += 1) {
    const swept = await sweeper.sweep({ stale: 'all' });
    if (swept.articles + swept.deliveries === 0) break;
    logger.warn(swept, 'pending work had no job; queued it again');
    await queue.drain();
  }
  // Stopped by a signal: the store may already be closing, and the next run resumes what is pending.
  if (deps.stopping()) return { failed: [], polled: queued.length, undelivered: [], held: 0 };
  const states = await store.listFeedStates();
  const failed = states
    .filter((state) => queued.includes(state.feedId) && state.lastErrorAt !== null && state.lastErrorAt >= startedAt.toISOString())
    .map((state) => ({ feedId: state.feedId, error: state.lastError ?? 'unknown error' }));
  return { failed, polled: queued.length, ...(await summarizeUndelivered(store, failedBefore)) };
}
