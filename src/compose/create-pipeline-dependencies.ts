import { dirname, resolve } from 'node:path';
import { extractPage } from '../adapters/feeds/extract-page.js';
import { parseFeed } from '../adapters/feeds/parse-feed.js';
import { createPrometheusMetrics, type PrometheusMetrics } from '../adapters/http/prometheus-metrics.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { ChatSink } from '../ports/chat-sink.js';
import type { Clock } from '../ports/clock.js';
import type { FeedFetcher } from '../ports/feed-fetcher.js';
import type { Logger } from '../ports/logger.js';
import type { PipelineDependencies } from '../pipeline/pipeline.js';
import type { Backend } from './create-backend.js';
import { createFetcher } from './create-fetcher.js';
import { createPageFetcher } from './create-page-fetcher.js';

interface PipelineWiring {
  configPath: string;
  backend: Backend;
  sinks: ReadonlyMap<string, ChatSink>;
  settings: () => RuntimeSettings;
  clock: Clock;
  logger: Logger;
}

/** What the pipeline's steps run with: the feed and page fetchers, the feed parser, the metrics, the backend and the sinks. */
export function createPipelineDependencies(wiring: PipelineWiring): { deps: PipelineDependencies; fetcher: FeedFetcher & { close(): Promise<void> }; metrics: PrometheusMetrics } {
  const { backend, sinks, settings } = wiring;
  const { store, queue } = backend;
  // read per fetch: a YAML edit changes the address policy and limits of the next request
  const fetcher = createFetcher(dirname(resolve(wiring.configPath)), () => settings().fetch ?? {}, backend.budgets);
  const metrics = createPrometheusMetrics({
    queue,
    feedStates: () => store.listFeedStates(),
    subscriptionStates: async () => (await backend.subscriptions.list()).map((subscription) => subscription.state),
    platforms: [...new Set([...sinks.values()].map((sink) => sink.platform))],
  });
  const deps: PipelineDependencies = {
    fetcher,
    parseFeed,
    store,
    queue,
    clock: wiring.clock,
    logger: wiring.logger,
    settings,
    sinks: () => sinks,
    pages: { fetcher: createPageFetcher(fetcher), extract: extractPage },
    metrics,
    claimTtlMs: backend.deliveryClaimMs,
  };
  return { deps, fetcher, metrics };
}
