import type { RuntimeSettings } from '../core/settings.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { StateStore } from '../ports/state-store.js';
import { analyzePendingArticle, type AnalyzeDependencies } from './analyze-step.js';
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
  deliver: number;
}

/** Registers the three steps as queue handlers: poll → analyze → deliver. */
export function startPipeline(deps: PipelineDependencies, concurrency: Concurrency): void {
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
  deps.queue.process(
    'deliver',
    (data) => deliverAlert(data['articleKey'] ?? '', data['channelId'] ?? '', deps),
    concurrency.deliver,
  );
}

/** Queues again what a stopped process left half done: pending analyses and pending deliveries. */
export async function recoverPendingWork(store: StateStore, queue: JobQueue): Promise<{ articles: number; deliveries: number }> {
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

/**
 * Queues a poll for every feed that is due (or every feed, with `all`). Each due poll is claimed in the state
 * store under the feed's next-poll time first, so however many schedulers share the store, each feed is fetched
 * once per interval; the job id is the feed id, so a poll still queued or running is not queued again.
 */
export async function enqueueDuePolls(
  settings: RuntimeSettings,
  store: StateStore,
  queue: JobQueue,
  now: Date,
  options: { all?: boolean } = {},
): Promise<string[]> {
  const states = new Map((await store.listFeedStates()).map((state) => [state.feedId, state]));
  const queued: string[] = [];
  for (const feed of settings.feeds) {
    const state = states.get(feed.id);
    if (state?.paused) continue;
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
