import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/compose/app.js';
import { createApp } from '../../../src/compose/create-app.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { rssFeed, startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { waitUntil } from '../../support/wait-until.js';
import { parseMetrics } from '../../support/prometheus-text.js';
import { capture, cyberItem, writeConfig, type LogLine } from './harness.js';

function value(series: Map<string, number>, name: string): number {
  const found = series.get(name);
  if (found === undefined) throw new Error(`no series ${name} in:\n${[...series.keys()].join('\n')}`);
  return found;
}

const logLines = (text: string): LogLine[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

const pollLogs = (text: string): LogLine[] => logLines(text).filter((line) => ['feed polled', 'feed not modified', 'feed poll failed'].includes(line.msg));

describe('GET /metrics during a run', () => {
  let feeds: FeedServer;
  let slack: FakeSlackApi;
  let app: App | null = null;
  beforeEach(async () => {
    feeds = await startFeedServer();
    slack = await startFakeSlackApi();
  });
  afterEach(async () => {
    await app?.stop();
    app = null;
    await Promise.all([feeds.close(), slack.close()]);
  });

  it('shows every metric with the values of the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-metrics-'));
    // In the second cycle the wire's answer is held until the scrape has seen that poll in flight.
    let holdPoll = false;
    const held: (() => void)[] = [];
    feeds.route('/wire.xml', (req, res) => {
      const reply = (): void => {
        if (req.headers['if-none-match'] === '"w1"') res.writeHead(304, { etag: '"w1"' }).end();
        else res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"w1"' }).end(rssFeed('Wire', [cyberItem(1), cyberItem(2)]));
      };
      if (holdPoll) held.push(reply);
      else reply();
    });
    feeds.route('/other.xml', { body: rssFeed('Other', [cyberItem(3, { title: 'Parliament debates the budget', html: '<p>The budget passed.</p>' })]) });
    const config = writeConfig(
      dir,
      [
        { id: 'wire', url: `${feeds.url}/wire.xml` },
        { id: 'other', url: `${feeds.url}/other.xml` },
        { id: 'gone', url: `${feeds.url}/gone.xml` },
      ],
      {
        channels: ['  analysts: { type: slack, token: xoxb-test, channel: CGOOD }', '  broken: { type: slack, token: xoxb-test, channel: CBAD }'],
        topics: ['  - id: hospitals', '    name: Hospitals', '    query: hospital*', '    channels: [analysts, broken]'],
      },
    );
    slack.failNext('chat.postMessage', { ok: false, error: 'channel_not_found', channel: 'CBAD' });
    slack.failNext('chat.postMessage', { ok: false, error: 'channel_not_found', channel: 'CBAD' });

    const out = capture();
    const err = capture();
    app = createApp({
      configPath: config,
      dataDir: join(dir, 'data'),
      output: 'jsonl',
      logLevel: 'info',
      environment: parseEnvironment({ PORT: '0', HOST: '127.0.0.1', SLACK_API_URL: slack.url }),
      stdout: out.stream,
      stderr: err.stream,
    });
    await app.start();
    // start queues the first polls without waiting for them: the first cycle is over once all three are logged
    await waitUntil(() => pollLogs(err.text()).length >= 3, 'the first poll of every feed');
    await app.queue.drain();
    const base = `http://127.0.0.1:${app.httpPort()}`;

    // a second cycle: the wire answers 304 only after the scrape, which so sees a poll in flight
    holdPoll = true;
    const second = app.runOnce();
    await waitUntil(() => held.length > 0, 'the wire to be polled again');
    const during = parseMetrics(await (await fetch(`${base}/metrics`)).text());
    held.forEach((reply) => reply());
    expect(value(during, 'newswatch_queue_jobs{queue="poll",state="active"}')).toBeGreaterThanOrEqual(1);
    await second;

    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const series = parseMetrics(await response.text());
    expect(value(series, 'newswatch_feed_polls_total{result="modified"}')).toBe(3);
    expect(value(series, 'newswatch_feed_polls_total{result="not_modified"}')).toBe(1);
    expect(value(series, 'newswatch_feed_polls_total{result="failed"}')).toBe(2);
    expect(value(series, 'newswatch_feed_poll_failures_total{code="feed_http_status"}')).toBe(2);
    expect(value(series, 'newswatch_feed_not_modified_ratio')).toBeCloseTo(1 / 4);
    expect(value(series, 'newswatch_feed_bytes_total')).toBeGreaterThan(500);
    expect(value(series, 'newswatch_feed_poll_duration_seconds_count')).toBe(6);
    expect(value(series, 'newswatch_new_articles_total')).toBe(3);
    expect(value(series, 'newswatch_topic_matches_total{topic="cyber"}')).toBe(2);
    expect(value(series, 'newswatch_topic_matches_total{topic="hospitals"}')).toBe(2);
    expect(value(series, 'newswatch_alerts_sent_total{platform="console"}')).toBe(2);
    expect(value(series, 'newswatch_alerts_sent_total{platform="slack"}')).toBe(2);
    expect(value(series, 'newswatch_alerts_failed_total{platform="slack"}')).toBe(2);
    // items published an hour ago: every posted alert lands in the 2-hour bucket, none in the 30-minute one
    expect(value(series, 'newswatch_alert_delay_seconds_count')).toBe(4);
    expect(value(series, 'newswatch_alert_delay_seconds_bucket{le="1800"}')).toBe(0);
    expect(value(series, 'newswatch_alert_delay_seconds_bucket{le="7200"}')).toBe(4);
    expect(value(series, 'newswatch_alert_delay_seconds_sum') / 4).toBeGreaterThan(3_590);
    for (const queue of ['poll', 'analyze', 'deliver']) {
      expect(value(series, `newswatch_queue_jobs{queue="${queue}",state="waiting"}`)).toBe(0);
    }
    expect(value(series, 'newswatch_feeds{status="ok"}')).toBe(2);
    expect(value(series, 'newswatch_feeds{status="failing"}')).toBe(1);
    expect(value(series, 'nodejs_eventloop_lag_seconds')).toBeGreaterThan(0);
    expect(value(series, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);

    // one log line per poll and per alert, each naming its feed or article
    const logs = logLines(err.text());
    const polls = pollLogs(err.text());
    expect(polls).toHaveLength(6);
    expect(polls.every((line) => typeof line.feed === 'string' && line.feed !== '')).toBe(true);
    const sent = logs.filter((line) => line.msg === 'alert sent');
    expect(sent).toHaveLength(4);
    expect(sent.every((line) => typeof line.article === 'string' && typeof line['channel'] === 'string')).toBe(true);
  });
});
