import { quietHoursDelayMs } from '../core/quiet-hours.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { DeliveryRecord } from '../core/records/delivery.js';
import type { DeliveryLog } from '../ports/delivery-store.js';
import type { FeedStateStore } from '../ports/feed-state-store.js';
import type { OneTimeClaims } from '../ports/one-time-claims.js';
import type { SeenArticleStore } from '../ports/seen-article-store.js';
import { analyzePendingArticle, type AnalyzeDependencies } from './analyze-step.js';
import { createChannelLanes } from './channel-lanes.js';
import { deliverAlert, type DeliverDependencies } from './deliver-step.js';
import { pollFeed, type PollDependencies, type PollOutcome } from './poll-feed.js';

export type PipelineDependencies = PollDependencies &
  AnalyzeDependencies &
  DeliverDependencies & {
    onPolled?: (feedId: string, outcome: PollOutcome) => void;
  };

export interface Concurrency {
  poll: number;
  analyze: number;
  /** Deliver jobs held at once; at least DELIVER_JOBS_HELD, since each waits in its channel's lane. */
  deliver: number;
}

/**
 * Deliver jobs one process holds at once. Each waits in its channel's lane and sends one at a time, so a busy
 * or rate-limited channel parks its own backlog without taking the slots other channels need.
 */
export const DELIVER_JOBS_HELD = 1_000;

/** The running pipeline of one process. */
export interface RunningPipeline {
  /** Stops starting deliveries: jobs still waiting in a channel's lane go back to the queue. Call before closing it. */
  stop(): void;
}

/** Registers the three steps as queue handlers: poll → analyze → deliver. */
export function startPipeline(deps: PipelineDependencies, concurrency: Concurrency): RunningPipeline {
  deps.queue.process(
    'poll',
    async (data) => {
      const feedId = data['feedId'] ?? '';
      const feed = deps.settings().feeds.find((candidate) => candidate.id === feedId);
      if (!feed) return;
      const outcome = await pollFeed(feed, deps);
      deps.onPolled?.(feedId, outcome);
    },
    concurrency.poll,
  );
  deps.queue.process('analyze', (data) => analyzePendingArticle(data['key'] ?? '', deps), concurrency.analyze);
  const lanes = createChannelLanes();
  deps.queue.process(
    'deliver',
    (data) => {
      const channelId = data['channelId'] ?? '';
      // a job can ask for its alert to go out in quiet hours whatever these workers do with them (alerts replay)
      const stepDeps = data['quietHours'] === 'ignore' ? { ...deps, quietHours: 'ignore' as const } : deps;
      return lanes.run(channelId, () => deliverAlert(data['articleKey'] ?? '', channelId, stepDeps, { waitingForParentSince: data['waitingForParentSince'] }));
    },
    Math.max(concurrency.deliver, DELIVER_JOBS_HELD),
  );
  return { stop: () => lanes.close() };
}

/** Queues again what a stopped process left half done: pending analyses and pending deliveries. */
export async function recoverPendingWork(store: SeenArticleStore & DeliveryLog, queue: JobQueue): Promise<{ articles: number; deliveries: number }> {
  const articles = await store.listPendingArticles();
  for (const article of articles) await queue.add('analyze', article.key, { key: article.key });
  const deliveries = await store.listDeliveries({ status: 'pending' });
  for (const delivery of deliveries) {
    await queue.add('deliver', `${delivery.articleKey}|${delivery.channelId}`, {
      articleKey: delivery.articleKey,
      channelId: delivery.channelId,
    });
  }
  return { articles: articles.length, deliveries: deliveries.length };
}

/** Re-queues pending work whose job was lost; see `createPendingSweeper`. */
export interface PendingSweeper {
  /**
   * Re-queues what is pending now and was pending at the previous sweep too (with `stale: 'all'`, everything
   * pending: right after the queues drained, nothing pending can still be on its way).
   */
  sweep(options?: { stale?: 'repeat' | 'all' }): Promise<{ articles: number; deliveries: number }>;
}

/**
 * A safety net for work recorded in the store whose job never reached the queue or was lost with it: a crash,
 * or a Redis outage, between recording an article (or its alerts) and queueing the job. Deliveries are re-queued
 * only while never attempted, since a tried one has its retries in the queue, and not while `isHeld` (quiet
 * hours); each item at most `maxRequeues` times per process, so a job that fails for good is left to
 * `queues retry-failed` instead of looping.
 */
export function createPendingSweeper(
  store: SeenArticleStore & DeliveryLog,
  queue: JobQueue,
  options: { maxRequeues?: number; isHeld?: (delivery: DeliveryRecord) => boolean } = {},
): PendingSweeper {
  const maxRequeues = options.maxRequeues ?? 3;
  let previous = new Set<string>();
  const requeued = new Map<string, number>();
  return {
    async sweep({ stale = 'repeat' } = {}) {
      const articles = (await store.listPendingArticles()).map((article) => ({ id: `analyze ${article.key}`, key: article.key }));
      const deliveries = (await store.listDeliveries({ status: 'pending' }))
        .filter((delivery) => delivery.attempts === 0 && !options.isHeld?.(delivery))
        .map((delivery) => ({ id: `deliver ${delivery.articleKey}|${delivery.channelId}`, delivery }));
      const current = new Set([...articles.map((item) => item.id), ...deliveries.map((item) => item.id)]);
      for (const id of requeued.keys()) if (!current.has(id)) requeued.delete(id);
      const before = previous;
      previous = current;
      const due = (id: string): boolean => {
        if (stale === 'repeat' && !before.has(id)) return false;
        const count = requeued.get(id) ?? 0;
        if (count >= maxRequeues) return false;
        requeued.set(id, count + 1);
        return true;
      };
      const counts = { articles: 0, deliveries: 0 };
      for (const { id, key } of articles) {
        if (!due(id)) continue;
        await queue.add('analyze', key, { key });
        counts.articles += 1;
      }
      for (const { id, delivery } of deliveries) {
        if (!due(id)) continue;
        const { articleKey, channelId } = delivery;
        await queue.add('deliver', `${articleKey}|${channelId}`, { articleKey, channelId });
        counts.deliveries += 1;
      }
      return counts;
    },
  };
}

/** Whether a delivery's channel is in its quiet hours now, for the sweeper to leave it alone (`isHeld`). */
export function inQuietHours(clock: Clock, settings: () => RuntimeSettings): (delivery: DeliveryRecord) => boolean {
  return (delivery) => quietHoursDelayMs(clock.now(), settings().channels.get(delivery.channelId)?.quietHours ?? null) > 0;
}

/**
 * Queues a poll for every feed that is due (or every feed, with `all`). Each due poll is claimed in the state
 * store under the feed's next-poll time first, so however many schedulers share the store, each feed is fetched
 * once per interval; the job id is the feed id, so a poll still queued or running is not queued again.
 */
export async function enqueueDuePolls(
  settings: RuntimeSettings,
  store: FeedStateStore & OneTimeClaims,
  queue: JobQueue,
  now: Date,
  options: { all?: boolean } = {},
): Promise<string[]> {
  const states = new Map((await store.listFeedStates()).map((state) => [state.feedId, state]));
  const queued: string[] = [];
  for (const feed of settings.feeds) {
    const state = states.get(feed.id);
    // feeds paused for failing are still probed when due (at the longest interval); admin-paused ones are not
    if (state?.paused && state.pausedReason !== 'failures') continue;
    if (!options.all) {
      if (state?.nextPollAt && Date.parse(state.nextPollAt) > now.getTime()) continue;
      const claimed = await store.claimOnce(`poll:${feed.id}:${state?.nextPollAt ?? 'first'}`, Math.max(feed.intervalMs, 60_000), now);
      if (!claimed) continue;
    }
    await queue.add('poll', feed.id, { feedId: feed.id });
    queued.push(feed.id);
  }
  return queued;
}
