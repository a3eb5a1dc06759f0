import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { startFakeDiscordApi } from '../../support/fake-discord-api.js';
import { startFakeSlackApi, type RecordedSlackRequest } from '../../support/fake-slack-api.js';
import { cyberItem, cyberTopic, offlineDefaults, openApp, tempDir, writeConfig, writeFeed } from './harness.js';

// Rate limits, server errors and permanent errors, through the whole pipeline and the real client libraries.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const items = (count: number) => Array.from({ length: count }, (_, index) => cyberItem(index + 1));

function configWith(dir: string, channels: Record<string, object>, extra: object = {}, articles = 1): string {
  const feed = writeFeed(dir, 'wire', 'Cyber Wire', items(articles));
  return writeConfig(dir, {
    defaults: offlineDefaults,
    feeds: [{ url: feed, id: 'wire', name: 'Cyber Wire' }],
    channels,
    topics: [cyberTopic(Object.keys(channels).filter((id) => id !== 'ops'))],
    ...extra,
  });
}

describe('a 429 on one channel', () => {
  it('is waited out for that channel only: the other channel keeps receiving at its own pace', async () => {
    const api = await startFakeSlackApi({ token: 'xoxb-limits' });
    closers.push(() => api.close());
    api.failNext('chat.postMessage', { status: 429, retryAfter: 5, channel: 'C0BUSY' });
    const dir = tempDir();
    const config = configWith(
      dir,
      {
        busy: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0BUSY' },
        calm: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0CALM' },
      },
      {},
      5,
    );
    const { app, stop } = openApp(config, join(dir, 'data'), { SLACK_BOT_TOKEN: 'xoxb-limits', SLACK_API_URL: api.url }, 'warn');
    closers.push(stop);
    const result = await app.runOnce();
    expect(result.undelivered).toEqual([]);

    const to = (channel: string): RecordedSlackRequest[] => api.requests.filter((r) => r.method === 'chat.postMessage' && r.body['channel'] === channel);
    const busy = to('C0BUSY');
    const calm = to('C0CALM');
    expect(busy.map((r) => r.status)).toEqual([429, 200, 200, 200, 200, 200]);
    expect(calm.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    // The busy channel honoured Retry-After...
    expect((busy[1]?.at ?? 0) - (busy[0]?.at ?? 0)).toBeGreaterThanOrEqual(4_900);
    // ...while the calm one went on at its one-a-second budget, never waiting for the busy one.
    const gaps = calm.slice(1).map((request, index) => request.at - (calm[index]?.at ?? 0));
    expect(Math.max(...gaps)).toBeLessThan(2_000);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);
    expect(calm.at(-1)?.at ?? 0).toBeLessThan(busy.at(-1)?.at ?? 0);
    const sent = await app.store.listDeliveries({ status: 'sent' });
    expect(sent).toHaveLength(10);
  });
});

describe('server errors', () => {
  it('are retried, past the sink giving up, by the queue, then delivered once', async () => {
    const api = await startFakeDiscordApi({ token: 'discord-5xx' });
    closers.push(() => api.close());
    // Four failures exhaust the sink's own attempts; the queue retries the job and the fifth try... fails too.
    for (let n = 0; n < 5; n += 1) api.failNext('createMessage', { status: n % 2 === 0 ? 502 : 500 });
    const dir = tempDir();
    const config = configWith(dir, { desk: { type: 'discord', token: '${DISCORD_BOT_TOKEN}', channel: '1400000000000000001' } });
    const { app, stop, logs } = openApp(config, join(dir, 'data'), { DISCORD_BOT_TOKEN: 'discord-5xx', DISCORD_API_URL: api.url }, 'warn');
    closers.push(stop);
    const result = await app.runOnce();
    expect(result.undelivered).toEqual([]);

    const posts = api.requests.filter((request) => request.route === 'createMessage');
    expect(posts.map((post) => post.status)).toEqual([502, 500, 502, 500, 502, 200]);
    expect(api.messages.size).toBe(1);
    const [record] = await app.store.listDeliveries({ channelId: 'desk' });
    expect(record).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    const retried = logs().find((line) => line.msg === 'alert delivery failed; will retry');
    expect(String(retried?.['err'])).toMatch(/discord channel "desk" \(1400000000000000001\): 50[02] .*gave up after 4 attempts/);
  }, 30_000);
});

describe('a permanent error (channel_not_found)', () => {
  it('is recorded as failed, reported, and sent by `alerts replay` once the channel works', async () => {
    const api = await startFakeSlackApi({ token: 'xoxb-gone' });
    closers.push(() => api.close());
    api.failNext('chat.postMessage', { error: 'channel_not_found', channel: 'C0GONE' });
    api.failNext('chat.postMessage', { error: 'channel_not_found', channel: 'C0GONE' });
    const dir = tempDir();
    const config = configWith(
      dir,
      {
        desk: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0GONE' },
        ops: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0OPS' },
      },
      { admin_channel: 'ops' },
      2,
    );
    const env = { SLACK_BOT_TOKEN: 'xoxb-gone', SLACK_API_URL: api.url, REDIS_URL: '', LOG_LEVEL: 'error' };
    const args = ['--config', config, '--data-dir', join(dir, 'data')];
    const to = (channel: string): RecordedSlackRequest[] => api.requests.filter((r) => r.method === 'chat.postMessage' && r.body['channel'] === channel);

    const run = await runCli([...args, 'run', '--once'], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('2 alert(s) to desk not delivered: slack channel "desk" (C0GONE): channel_not_found');
    expect(run.stderr).toContain('newswatch alerts replay --channel desk');
    expect(run.stderr).toMatch(/"msg":"alert delivery failed permanently; kept for replay"/);
    expect(to('C0GONE')).toHaveLength(2);
    // One notice in the admin channel, however many alerts failed.
    const notices = to('C0OPS');
    expect(notices).toHaveLength(1);
    expect(String(notices[0]?.body['text'])).toContain('Alerts to channel "desk" are not getting through');
    expect(JSON.stringify(notices[0]?.body['blocks'])).toContain('channel_not_found');

    const replay = await runCli([...args, 'alerts', 'replay', '--channel', 'desk', '--since', '1h'], { env });
    expect(replay.stderr).toContain('replayed 2 alerts to desk; 0 still failed');
    expect(replay.code).toBe(0);
    expect(to('C0GONE')).toHaveLength(4);

    const again = await runCli([...args, 'alerts', 'replay', '--channel', 'desk', '--since', '1h'], { env });
    expect(again.stderr).toContain('replayed 0 alerts to desk');
    expect(to('C0GONE')).toHaveLength(4);
    expect(to('C0OPS')).toHaveLength(1);
  }, 30_000);
});
