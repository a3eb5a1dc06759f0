import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { HEAVY_TEST_TIMEOUT_MS, holdHeavySlotDuringSuite } from '../../support/heavy-slot.js';
import { startOwnRedis, type OwnRedis } from '../../support/own-redis.js';
import { createTestPrefix } from '../../support/redis.js';
import { startNewswatch, waitUntil, type NewswatchProcess } from './processes.js';
import { generateWorkload, serveWorkload, type Workload } from './workload.js';

// The scenario of a Redis restart under real chat pacing: a scheduler and three workers alert 20 articles to 10
// Slack channels of a local Slack API, each channel paced at about a message a second by all the processes
// together, so most deliver jobs wait in their channel's lane when Redis goes away, and with a 5-second lock their
// locks lapse during the outage and the jobs go to other workers. A fourth worker starts while Redis is down.

const CHANNELS = 10;
const OUTAGE_MS = 3_000;
/** How long after Redis is back the run is watched for late repeats (they came 2 to 8 s after it, without claims). */
const WATCH_AFTER_RETURN_MS = 12_000;

/** A config alerting every workload article to each of the Slack channels, with the given job lock. */
function writeSlackConfig(dir: string, baseUrl: string, workload: Workload, lockDuration: string): string {
  const channelIds = Array.from({ length: CHANNELS }, (_, i) => `slack-${i}`);
  const lines = [
    'defaults:',
    '  allow_private_addresses: true',
    '  teaser_words: 0',
    '  first_poll: all',
    'queue: redis',
    'redis:',
    `  lock_duration: ${lockDuration}`,
    'scheduler:',
    '  tick: 1s',
    'feeds:',
    ...workload.feeds.map((feed) => `  - { url: "${baseUrl}${feed.path}", id: ${feed.id}, interval: 3s }`),
    'channels:',
    ...channelIds.map((id, i) => `  ${id}: { type: slack, token: xoxb-outage-test, channel: C${String(i).padStart(3, '0')} }`),
    'topics:',
    '  - id: cyber',
    '    name: Cyber attacks',
    '    query: hacker* OR ransomware OR cyber*',
    `    channels: [${channelIds.join(', ')}]`,
    '',
  ];
  const path = join(dir, 'newswatch.yaml');
  writeFileSync(path, lines.join('\n'));
  return path;
}

/** Each alert the Slack API accepted: which article (by the workload's title tag), which channel, when. */
function postedAlerts(slack: FakeSlackApi): { pair: string; at: number }[] {
  return slack.requests
    .filter((request) => request.method === 'chat.postMessage' && request.status === 200)
    .map((request) => {
      const tag = /\((o \d+-\d+)\)/.exec(String(request.body['text'] ?? ''))?.[1] ?? '?';
      return { pair: `${tag} @ ${String(request.body['channel'])}`, at: request.at };
    });
}

describe('Redis stopped and restarted while alerts wait for their Slack channels', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  // Several newswatch processes at once: one such scenario at a time in the whole run.
  holdHeavySlotDuringSuite();
  const running: NewswatchProcess[] = [];
  let feeds: FeedServer | null = null;
  let slack: FakeSlackApi | null = null;
  let redis: OwnRedis | null = null;
  let dir = '';

  afterEach(async () => {
    await Promise.all(running.splice(0).map((process) => process.stop('SIGKILL')));
    await redis?.kill();
    await feeds?.close();
    await slack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every process up, loses nothing, repeats only posts in flight, and finishes soon after Redis is back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-outage-'));
    redis = await startOwnRedis(dir);
    feeds = await startFeedServer();
    slack = await startFakeSlackApi();
    const workload = generateWorkload({ feeds: 10, items: 2, tag: 'o' });
    serveWorkload(feeds, workload);
    const configPath = writeSlackConfig(dir, feeds.url, workload, '5s');
    const env = { REDIS_URL: redis.url, NEWSWATCH_REDIS_PREFIX: createTestPrefix(), SLACK_API_URL: slack.url, PORT: '' };
    const args = ['--config', configPath, '--data-dir', join(dir, 'data')];
    const expected = workload.titles.flatMap((title) => {
      const tag = /\((o \d+-\d+)\)/.exec(title)?.[1] ?? '?';
      return Array.from({ length: CHANNELS }, (_, i) => `${tag} @ C${String(i).padStart(3, '0')}`);
    });

    const workers = ['w1', 'w2', 'w3'].map((name) => startNewswatch(name, [...args, 'worker', '--concurrency', '4'], env));
    running.push(...workers);
    await Promise.all(workers.map((worker) => worker.waitForLog('worker running')));
    const scheduler = startNewswatch('scheduler', [...args, 'run'], { ...env, PORT: '0' });
    running.push(scheduler);

    // Two thirds of the way: enough left to be stranded by the outage (about 7 alerts a channel), and few enough
    // that the channels' pace (1.1 s between two posts to a channel, whichever process posts) drains them in about
    // 8 s after Redis is back, so the last alert's time measures the recovery.
    await waitUntil(() => postedAlerts(slack as FakeSlackApi).length >= (expected.length * 2) / 3, 'two thirds of the alerts', 40_000);
    // SIGTERM: Redis writes its AOF and exits, as in a restart.
    const downAt = Date.now();
    await redis.kill('SIGTERM');
    // A worker starting while Redis is away must wait for it, not exit.
    const late = startNewswatch('late worker', [...args, 'worker', '--concurrency', '4'], env);
    running.push(late);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await redis.start();
    const backAt = Date.now();

    const missing = (): string[] => {
      const posted = new Set(postedAlerts(slack as FakeSlackApi).map((alert) => alert.pair));
      return expected.filter((pair) => !posted.has(pair));
    };
    await waitUntil(() => missing().length === 0, 'every alert posted', 20_000).catch(() => undefined);
    const lastAt = Math.max(...postedAlerts(slack).map((alert) => alert.at));
    const firstAfterReturn = Math.min(...postedAlerts(slack).flatMap((alert) => (alert.at >= backAt ? [alert.at] : [])));
    // Watched a while longer: without claims, repeats by live processes came 1 to 6 s after the return.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, backAt + WATCH_AFTER_RETURN_MS - Date.now())));

    expect(missing()).toEqual([]);
    const copies = new Map<string, number[]>();
    for (const alert of postedAlerts(slack)) copies.set(alert.pair, [...(copies.get(alert.pair) ?? []), alert.at]);
    const repeated = [...copies].filter(([, times]) => times.length > 1);
    // Only an alert whose post was in flight when Redis went away may go out again: its first copy reached Slack
    // during the outage or just before it (a post is recorded within milliseconds of its answer). At most one per
    // channel and process (five of them) is in flight at a time.
    const outsideFlight = repeated.filter(([, times]) => (times[0] ?? 0) < downAt - 1_000 || (times[0] ?? 0) > backAt);
    expect(outsideFlight.map(([pair, times]) => `${pair}: first at ${(times[0] ?? 0) - downAt} ms from the stop`)).toEqual([]);
    expect(repeated.length).toBeLessThanOrEqual(CHANNELS * 5);
    process.stderr.write(
      `redis outage: ${expected.length} alerts, ${missing().length} lost, ${repeated.length} repeated; after Redis was back, the first in ${firstAfterReturn - backAt} ms, the last in ${lastAt - backAt} ms\n`,
    );
    expect(lastAt - backAt, 'the last alert, in ms after Redis was back').toBeLessThanOrEqual(15_000);
    for (const member of [...workers, scheduler, late]) {
      expect(member.child.exitCode, `${member.name} still running: ${member.otherErrors.join('\n')}`).toBeNull();
    }
    await late.waitForLog('worker running', 1_000);
  }, HEAVY_TEST_TIMEOUT_MS);
});
