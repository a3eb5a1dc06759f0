import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/compose/load-config.js';
import { findConfigWarnings } from '../../../src/compose/find-config-warnings.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import { runCli } from '../../support/cli.js';
import { startFakeSlackApi } from '../../support/fake-slack-api.js';
import { cyberItem, cyberTopic, offlineDefaults, openApp, tempDir, writeConfig, writeFeed } from './harness.js';

// A channel's send_interval: the spacing its requests keep, and what config check says of one faster than the
// platform allows.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function configWith(dir: string, desk: object, articles = 1): string {
  const feed = writeFeed(dir, 'wire', 'Cyber Wire', Array.from({ length: articles }, (_, index) => cyberItem(index + 1)));
  return writeConfig(dir, {
    defaults: offlineDefaults,
    feeds: [{ url: feed, id: 'wire', name: 'Cyber Wire' }],
    channels: { desk },
    topics: [cyberTopic(['desk'])],
  });
}

describe('send_interval', () => {
  it('spaces the requests to a channel from the answer to one to the start of the next', async () => {
    const api = await startFakeSlackApi({ token: 'xoxb-interval' });
    closers.push(() => api.close());
    const dir = tempDir();
    const config = configWith(dir, { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0PACE', send_interval: '400ms' }, 3);
    const { app, stop } = openApp(config, join(dir, 'data'), { SLACK_BOT_TOKEN: 'xoxb-interval', SLACK_API_URL: api.url }, 'warn');
    closers.push(stop);
    expect((await app.runOnce()).undelivered).toEqual([]);
    const times = api.requests.filter((request) => request.method === 'chat.postMessage').map((request) => request.at);
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i += 1) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(400);
  });

  it('is a duration, and config check warns when it is faster than the platform allows', async () => {
    const dir = tempDir();
    const hasty = configWith(dir, { type: 'slack', token: 'xoxb-hasty', channel: 'C0FAST', send_interval: '200ms' });
    const checked = await runCli(['config', 'check', hasty], { env: { REDIS_URL: '' } });
    expect(checked.code).toBe(0);
    expect(checked.stderr).toContain(
      'newswatch: warning: channel desk: send_interval 200ms is faster than Slack allows (about one message a second per channel), ' +
        'so it will answer 429 and every worker will wait; set 1s or more, unless the API at SLACK_API_URL allows more',
    );

    const environment = parseEnvironment({});
    const calm = configWith(dir, { type: 'discord', token: 'discord-calm', channel: '1400000000000000009', send_interval: '2s' });
    const loaded = loadSettings(calm, environment.variables);
    expect(await findConfigWarnings(calm, loaded.config, loaded.settings, environment)).toEqual([]);

    const wrong = configWith(dir, { type: 'slack', token: 'xoxb-wrong', channel: 'C0WRONG', send_interval: 'soon' });
    expect(() => loadSettings(wrong, environment.variables)).toThrow(/channels\.desk\.send_interval: expected a duration such as "90s"/);
  });
});
