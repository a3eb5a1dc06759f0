import { describeError } from '../core/errors.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import type { DeliveryLog } from '../ports/delivery-store.js';
import type { OneTimeClaims } from '../ports/one-time-claims.js';
import type { SeenArticleStore } from '../ports/seen-article-store.js';
import { recoverPendingWork } from './pipeline.js';
import { retryWithBackoff } from './retry-with-backoff.js';

export interface ResumeDependencies {
  store: SeenArticleStore & DeliveryLog & OneTimeClaims;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** True once the process is stopping: no further try is made. */
  stopped: () => boolean;
}

/**
 * Queues again what is pending in the store: at start, and each time Redis is back from an outage (work whose
 * job could not be queued meanwhile then waits for nothing else). Retried while Redis is away: a long-running
 * process waits it out, however long; a one-shot command passes `giveUpAfterMs` (two minutes, as its drain does).
 */
export function resumePendingWork(deps: ResumeDependencies, when: string, giveUpAfterMs?: number): Promise<unknown> {
  const { store, queue, logger } = deps;
  return retryWithBackoff(
    async () => {
      const recovered = await recoverPendingWork(store, queue);
      if (recovered.articles + recovered.deliveries > 0) logger.info({ ...recovered, when }, 'resumed unfinished work');
    },
    { what: 'queue the unfinished work', logger, stopped: deps.stopped, ...(giveUpAfterMs ? { giveUpAfterMs } : {}) },
  );
}

/** After Redis is back: every process reconnects within a few seconds, and the one that claims it queues the pending work again. */
export function resumeAfterReconnect(deps: ResumeDependencies): void {
  void deps.store
    .claimOnce('resume-after-reconnect', 5_000, deps.clock.now())
    .then((mine) => mine && resumePendingWork(deps, 'Redis reconnected'))
    .catch((error: unknown) => deps.logger.warn({ err: describeError(error) }, 'could not queue the unfinished work after reconnecting'));
}
