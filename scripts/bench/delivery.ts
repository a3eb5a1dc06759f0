/**
 * Delivery throughput against the local fake Slack API through the real WebClient: 100 alerts to one channel,
 * then 100 alerts spread over 10 channels (one sink each), with a small send budget so it runs in seconds.
 * Checks that every alert arrives, that no channel gets requests faster than its budget, and how close ten
 * channels come to ten times one channel's rate (sinks must not hold each other up).
 */
import { pathToFileURL } from 'node:url';
import { createMemoryRateBudgets } from '../../src/adapters/budgets/memory-rate-budgets.js';
import { createSlackSink } from '../../src/adapters/chat/slack/slack-sink.js';
import type { Alert } from '../../src/core/alert.js';
import type { ChatSink } from '../../src/ports/chat-sink.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../tests/support/fake-slack-api.js';

export interface DeliveryRun {
  channels: number;
  alerts: number;
  delivered: number;
  seconds: number;
  /** Alerts per second over the whole run. */
  alertsPerSecond: number;
  /** Highest per-channel request rate seen, per second, from arrival times at the server. */
  maxChannelRatePerSecond: number;
  /** Smallest gap between two requests to the same channel, in ms. */
  minGapMs: number;
}

function alertFor(n: number, channelId: string): Alert {
  return {
    articleKey: `bench-${n}`,
    channelId,
    title: `Benchmark story ${n}: officials confirm the details of the incident`,
    url: `https://news.example.org/bench/${n}`,
    source: 'Bench Wire',
    publishedAt: '2024-05-01T12:00:00Z',
    topics: [{ id: 'bench', name: 'Benchmark', score: 0.9, terms: ['incident'] }],
    summary: ['Officials confirmed the details on Tuesday.', 'The investigation continues, they said.'],
    quotes: [{ text: 'We are looking into it', speaker: 'A. Spokesperson', role: 'spokesperson', score: 0.8 }],
    storyId: `story-${n}`,
    otherSources: ['Other Wire'],
    followUpOf: null,
  };
}

async function runDelivery(api: FakeSlackApi, channels: number, alerts: number, minIntervalMs: number): Promise<DeliveryRun> {
  // One process's budgets, as the app has them with SQLite.
  const budgets = createMemoryRateBudgets();
  const sinks: { channel: string; sink: ChatSink }[] = Array.from({ length: channels }, (_, i) => {
    const channel = `CBENCH${channels}X${i}`;
    return { channel, sink: createSlackSink({ channelId: `bench-${i}`, token: 'xoxb-bench', channel, apiUrl: api.url, minIntervalMs, budgets }) };
  });
  const first = api.requests.length;
  const started = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: alerts }, (_, n) => {
      const target = sinks[n % channels];
      if (target === undefined) throw new Error('no sink');
      return target.sink.postAlert(alertFor(n, `bench-${n % channels}`));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(sinks.map(({ sink }) => sink.close?.()));

  const requests = api.requests.slice(first).filter((r) => r.status === 200);
  let maxRate = 0;
  let minGap = Number.POSITIVE_INFINITY;
  for (const { channel } of sinks) {
    const times = requests.filter((r) => r.body.channel === channel).map((r) => r.at).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i += 1) minGap = Math.min(minGap, (times[i] ?? 0) - (times[i - 1] ?? 0));
    const span = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    if (times.length > 1 && span > 0) maxRate = Math.max(maxRate, (times.length - 1) / span);
  }
  const delivered = results.filter((r) => r.status === 'fulfilled').length;
  return {
    channels,
    alerts,
    delivered,
    seconds: Math.round(seconds * 1000) / 1000,
    alertsPerSecond: Math.round((delivered / seconds) * 10) / 10,
    maxChannelRatePerSecond: Math.round(maxRate * 10) / 10,
    minGapMs: Number.isFinite(minGap) ? minGap : 0,
  };
}

/**
 * Measures delivery over one channel and over ten with a `minIntervalMs` budget per channel (default 20 ms, i.e.
 * at most 50 requests a second per channel). Returns both runs and the ten-to-one throughput ratio.
 */
export async function benchDelivery(options: { alerts?: number; minIntervalMs?: number } = {}): Promise<{
  minIntervalMs: number;
  budgetPerChannelPerSecond: number;
  oneChannel: DeliveryRun;
  tenChannels: DeliveryRun;
  allDelivered: boolean;
  withinBudget: boolean;
  speedupTenVsOne: number;
}> {
  const alerts = options.alerts ?? 100;
  const minIntervalMs = options.minIntervalMs ?? 20;
  const api = await startFakeSlackApi({ token: 'xoxb-bench' });
  try {
    const oneChannel = await runDelivery(api, 1, alerts, minIntervalMs);
    const tenChannels = await runDelivery(api, 10, alerts, minIntervalMs);
    const budget = 1000 / minIntervalMs;
    // Arrival times at the server carry up to a millisecond of jitter either way.
    const withinBudget = [oneChannel, tenChannels].every((run) => run.minGapMs >= minIntervalMs - 1);
    return {
      minIntervalMs,
      budgetPerChannelPerSecond: budget,
      oneChannel,
      tenChannels,
      allDelivered: oneChannel.delivered === alerts && tenChannels.delivered === alerts,
      withinBudget,
      speedupTenVsOne: Math.round((tenChannels.alertsPerSecond / oneChannel.alertsPerSecond) * 100) / 100,
    };
  } finally {
    await api.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchDelivery(), null, 2));
}
