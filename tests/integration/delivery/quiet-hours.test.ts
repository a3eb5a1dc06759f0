import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlackApi } from '../../support/fake-slack-api.js';
import { cyberItem, cyberTopic, offlineDefaults, openApp, tempDir, writeConfig, writeFeed } from './harness.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const at = (iso: string) => ({ now: () => new Date(iso) });

describe('quiet hours with run --once', () => {
  it('hold the alert without keeping the run waiting; the first run after them sends it', async () => {
    const api = await startFakeSlackApi({ token: 'xoxb-quiet' });
    closers.push(() => api.close());
    const dir = tempDir();
    const feed = writeFeed(dir, 'wire', 'Cyber Wire', [cyberItem(1, { pubDate: 'Sat, 01 Jun 2024 21:30:00 GMT' })]);
    const config = writeConfig(dir, {
      defaults: offlineDefaults,
      feeds: [{ url: feed, id: 'wire', name: 'Cyber Wire' }],
      channels: {
        night: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0NIGHT', quiet_hours: { from: '22:00', to: '07:00', timezone: 'Europe/London' } },
      },
      topics: [cyberTopic(['night'])],
    });
    const env = { SLACK_BOT_TOKEN: 'xoxb-quiet', SLACK_API_URL: api.url };

    // 23:00 in London (BST): inside the quiet hours.
    const night = openApp(config, join(dir, 'data'), env, 'warn', at('2024-06-01T22:00:00Z'));
    const started = Date.now();
    const held = await night.app.runOnce();
    await night.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(held).toMatchObject({ undelivered: [], held: 1 });
    expect(api.requests).toEqual([]);

    // 07:30 in London: the next run sends what was held.
    const morning = openApp(config, join(dir, 'data'), env, 'warn', at('2024-06-02T06:30:00Z'));
    closers.push(morning.stop);
    const sent = await morning.app.runOnce();
    expect(sent).toMatchObject({ undelivered: [], held: 0 });
    const posts = api.requests.filter((request) => request.method === 'chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]?.body['blocks'])).toContain('Oslo hospital cancels surgeries');
  });

  it('do not hold back an explicit `alerts replay`', async () => {
    const api = await startFakeSlackApi({ token: 'xoxb-quiet' });
    closers.push(() => api.close());
    api.failNext('chat.postMessage', { error: 'not_in_channel' });
    const dir = tempDir();
    const feed = writeFeed(dir, 'wire', 'Cyber Wire', [cyberItem(2)]);
    const config = writeConfig(dir, {
      defaults: offlineDefaults,
      feeds: [{ url: feed, id: 'wire', name: 'Cyber Wire' }],
      channels: { night: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0NIGHT', quiet_hours: { from: '22:00', to: '07:00', timezone: 'UTC' } } },
      topics: [cyberTopic(['night'])],
    });
    const env = { SLACK_BOT_TOKEN: 'xoxb-quiet', SLACK_API_URL: api.url };
    const day = openApp(config, join(dir, 'data'), env, 'silent', at('2024-06-01T15:00:00Z'));
    expect((await day.app.runOnce()).undelivered).toMatchObject([{ channelId: 'night', count: 1, lastError: expect.stringContaining('not_in_channel') }]);
    await day.stop();

    const night = openApp(config, join(dir, 'data'), env, 'silent', at('2024-06-01T23:00:00Z'));
    closers.push(night.stop);
    expect(await night.app.replayAlerts({ channelId: 'night', since: '2024-06-01T00:00:00Z' })).toBe(1);
    expect(api.requests.map((request) => request.body['channel'])).toEqual(['C0NIGHT', 'C0NIGHT']);
    expect(await night.app.store.listDeliveries({ status: 'sent' })).toHaveLength(1);
  });

  it('send a replay at once even in a process whose run --once held the alert', async () => {
    const api = await startFakeSlackApi({ token: 'xoxb-quiet' });
    closers.push(() => api.close());
    const dir = tempDir();
    const feed = writeFeed(dir, 'wire', 'Cyber Wire', [cyberItem(3)]);
    const config = writeConfig(dir, {
      defaults: offlineDefaults,
      feeds: [{ url: feed, id: 'wire', name: 'Cyber Wire' }],
      channels: { night: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0NIGHT', quiet_hours: { from: '22:00', to: '07:00', timezone: 'UTC' } } },
      topics: [cyberTopic(['night'])],
    });
    const env = { SLACK_BOT_TOKEN: 'xoxb-quiet', SLACK_API_URL: api.url };
    const night = openApp(config, join(dir, 'data'), env, 'silent', at('2024-06-01T23:00:00Z'));
    closers.push(night.stop);
    // the run starts the workers holding quiet-hours alerts; the replay's own alerts go out regardless
    expect(await night.app.runOnce()).toMatchObject({ undelivered: [], held: 1 });
    expect(api.requests).toEqual([]);
    expect(await night.app.replayAlerts({ channelId: 'night', since: '2024-06-01T00:00:00Z' })).toBe(1);
    expect(api.requests.map((request) => request.body['channel'])).toEqual(['C0NIGHT']);
    expect(await night.app.store.listDeliveries({ status: 'sent' })).toHaveLength(1);
  });
});
