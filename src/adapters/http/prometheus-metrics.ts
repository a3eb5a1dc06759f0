import type { Express, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JobQueue, QueueCounts, QueueName } from '../../ports/job-queue.js';
import type { Metrics, PushResult, VerificationResult } from '../../ports/metrics.js';

/** What a scrape reads about one feed, to count healthy, failing and paused feeds. */
export interface FeedHealthSample {
  paused: boolean;
  consecutiveFailures: number;
}

export interface PrometheusMetricsOptions {
  /** Queue depths are read from it at each scrape. */
  queue: JobQueue;
  /** Feed states, read at each scrape for the feeds-by-status gauge. */
  feedStates?: () => Promise<readonly FeedHealthSample[]>;
  /** WebSub subscriptions by state, read at each scrape; without it the gauge is left out. */
  subscriptionStates?: () => Promise<readonly string[]>;
  /** Platforms whose alert counters should exist from the start (at 0), so rates work before the first alert. */
  platforms?: readonly string[];
  /** Most time a scrape waits for the queue or the store: a dead Redis leaves gauges empty, not the scrape hung. */
  collectTimeoutMs?: number;
}

/** Metrics kept in a prom-client registry of their own, rendered in the Prometheus text format. */
export interface PrometheusMetrics extends Metrics {
  registry: Registry;
  /** Adds the process metrics (CPU, memory, handles, GC, event-loop lag); later calls do nothing. */
  collectProcessMetrics(): void;
}

const QUEUES: readonly QueueName[] = ['poll', 'analyze', 'deliver'];
const QUEUE_STATES: readonly (keyof QueueCounts)[] = ['waiting', 'active', 'delayed', 'failed'];
/** Publication to alert: seconds to a day, since feeds are polled every few minutes to an hour. */
const DELAY_BUCKETS = [10, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 21_600, 86_400];
const POLL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const PUSH_RESULTS: readonly PushResult[] = ['accepted', 'unsigned', 'bad_signature', 'not_subscribed', 'malformed', 'too_large'];
const VERIFICATION_RESULTS: readonly VerificationResult[] = ['confirmed', 'refused', 'denied'];
const SUBSCRIPTION_STATES = ['pending', 'active', 'failed', 'denied', 'unsubscribing'];

async function within<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([work.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Creates the Metrics the pipeline reports to, as Prometheus series: polls by result (so the 304 ratio is
 * derivable, and given as a gauge), failures by code, bytes, new articles, matches per topic, alerts sent and
 * failed per platform, the publication-to-alert delay, queue depth per queue and feeds by health (both read at
 * scrape time), plus the process metrics once collectProcessMetrics is called.
 */
export function createPrometheusMetrics(options: PrometheusMetricsOptions): PrometheusMetrics {
  const registry = new Registry();
  const registers = [registry];
  const timeoutMs = options.collectTimeoutMs ?? 2_000;
  const polls = new Counter({ name: 'newswatch_feed_polls_total', help: 'Feed polls by result: modified (HTTP 200), not_modified (HTTP 304), failed.', labelNames: ['result'], registers });
  for (const result of ['modified', 'not_modified', 'failed']) polls.inc({ result }, 0);
  const failures = new Counter({ name: 'newswatch_feed_poll_failures_total', help: 'Failed feed polls by error code.', labelNames: ['code'], registers });
  new Gauge({
    name: 'newswatch_feed_not_modified_ratio',
    help: 'Share of answered polls since start that were 304 Not Modified (not_modified / (modified + not_modified)).',
    registers,
    async collect() {
      const values = (await polls.get()).values;
      const count = (result: string): number => values.find((value) => value.labels['result'] === result)?.value ?? 0;
      const answered = count('modified') + count('not_modified');
      this.set(answered === 0 ? 0 : count('not_modified') / answered);
    },
  });
  const bytes = new Counter({ name: 'newswatch_feed_bytes_total', help: 'Feed bytes received, after decompression.', registers });
  const pollSeconds = new Histogram({ name: 'newswatch_feed_poll_duration_seconds', help: 'Time one feed poll took: fetch, parse and bookkeeping.', buckets: POLL_BUCKETS, registers });
  const newArticles = new Counter({ name: 'newswatch_new_articles_total', help: 'Articles new to newswatch and queued for analysis.', registers });
  const matches = new Counter({ name: 'newswatch_topic_matches_total', help: 'Articles that matched a topic, per topic.', labelNames: ['topic'], registers });
  const sent = new Counter({ name: 'newswatch_alerts_sent_total', help: 'Alerts posted, per chat platform.', labelNames: ['platform'], registers });
  const failed = new Counter({ name: 'newswatch_alerts_failed_total', help: 'Alert posts that failed (retried or not), per chat platform.', labelNames: ['platform'], registers });
  for (const platform of new Set(options.platforms ?? [])) {
    sent.inc({ platform }, 0);
    failed.inc({ platform }, 0);
  }
  const delay = new Histogram({
    name: 'newswatch_alert_delay_seconds',
    help: "Time from an article's publication (its feed date) to its alert being posted.",
    buckets: DELAY_BUCKETS,
    registers,
  });
  new Gauge({
    name: 'newswatch_queue_jobs',
    help: 'Jobs per pipeline queue and state, read from the queue at scrape time.',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      this.reset();
      const counts = await Promise.all(QUEUES.map((queue) => within(options.queue.counts(queue), timeoutMs)));
      QUEUES.forEach((queue, index) => {
        const count = counts[index];
        if (count) for (const state of QUEUE_STATES) this.set({ queue, state }, count[state]);
      });
    },
  });
  const feedStates = options.feedStates;
  if (feedStates) {
    new Gauge({
      name: 'newswatch_feeds',
      help: 'Feeds by health: ok, failing (last poll failed), paused.',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        const states = await within(feedStates(), timeoutMs);
        if (!states) return;
        const tally = { ok: 0, failing: 0, paused: 0 };
        for (const state of states) tally[state.paused ? 'paused' : state.consecutiveFailures > 0 ? 'failing' : 'ok'] += 1;
        for (const [status, value] of Object.entries(tally)) this.set({ status }, value);
      },
    });
  }
  // by result only: a feed-id label would let anyone who can reach the callback grow the series without bound
  const pushes = new Counter({
    name: 'newswatch_websub_pushes_total',
    help: 'WebSub deliveries to the callback by result: accepted, or refused as unsigned, bad_signature, not_subscribed, malformed, too_large.',
    labelNames: ['result'],
    registers,
  });
  for (const result of PUSH_RESULTS) pushes.inc({ result }, 0);
  const verifications = new Counter({
    name: 'newswatch_websub_verifications_total',
    help: "Hubs' verifications of intent by result: confirmed, refused (no matching request of ours), denied (by the hub).",
    labelNames: ['result'],
    registers,
  });
  for (const result of VERIFICATION_RESULTS) verifications.inc({ result }, 0);
  const subscriptionStates = options.subscriptionStates;
  if (subscriptionStates) {
    new Gauge({
      name: 'newswatch_websub_subscriptions',
      help: 'WebSub subscriptions by state: pending, active, failed, denied, unsubscribing.',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        const states = await within(subscriptionStates(), timeoutMs);
        if (!states) return;
        for (const state of SUBSCRIPTION_STATES) this.set({ state }, states.filter((value) => value === state).length);
      },
    });
  }
  let processMetrics = false;

  return {
    registry,
    collectProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry });
    },
    feedPolled(event) {
      polls.inc({ result: event.result === 'fetched' ? 'modified' : event.result === 'not-modified' ? 'not_modified' : 'failed' });
      if (event.result === 'failed') failures.inc({ code: event.errorCode ?? 'unexpected' });
      bytes.inc(event.bytes);
      newArticles.inc(event.newArticles);
      pollSeconds.observe(event.seconds);
    },
    topicMatched(topicId) {
      matches.inc({ topic: topicId });
    },
    alertDelivered(event) {
      (event.ok ? sent : failed).inc({ platform: event.platform });
      if (event.ok && event.delaySeconds !== null) delay.observe(event.delaySeconds);
    },
    pushReceived(event) {
      pushes.inc({ result: event.result });
      newArticles.inc(event.newArticles);
    },
    hubVerification(result) {
      verifications.inc({ result });
    },
  };
}

/** Serves the registry at GET /metrics in the Prometheus text format. */
export function mountMetricsRoute(app: Express, metrics: PrometheusMetrics): void {
  app.get('/metrics', async (_req: Request, res: Response) => {
    try {
      const body = await metrics.registry.metrics();
      res.set('content-type', metrics.registry.contentType).send(body);
    } catch (error) {
      res.status(500).type('text/plain').send(`metrics could not be collected: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  });
}
