import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startFakeSlackApi } from '../../support/fake-slack-api.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix, redisUrl } from '../../support/redis.js';
import { briefTopic } from '../../../src/compose/brief-topic.js';
import { openApp, tempDir, writeConfig } from '../delivery/harness.js';
import { OUTLETS, releaseStory, START } from '../delivery/surge-story.js';

// The surge scenario with three newswatch processes side by side on one Redis for every release of the story, the
// fourth and fifth outlets in the same step: both of their alerts find the story in surge, and whichever processes
// deliver them, the escalation is posted once per channel.

const closers: (() => Promise<void>)[] = [];
const prefixes: string[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(async () => {
  const redis = await connectTestRedis();
  for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
});

describe('surge escalation with three processes on Redis', () => {
  it('escalates the story exactly once per channel, and posts every alert once', async () => {
    const slack = await startFakeSlackApi({ token: 'xoxb-surge' });
    closers.push(() => slack.close());
    const prefix = createTestPrefix();
    prefixes.push(prefix);
    const env = { SLACK_BOT_TOKEN: 'xoxb-surge', SLACK_API_URL: slack.url, REDIS_URL: redisUrl, NEWSWATCH_REDIS_PREFIX: prefix };
    const channels = {
      desk: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0DESK', surge_mention: 'S0GULFDESK' },
      watch: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0WATCH', surge_mention: 'everyone' },
    };
    await releaseStory(channels, env, undefined, 3, [1, 2, 3, 5]);

    const posts = slack.requests.filter((request) => request.method === 'chat.postMessage');
    for (const [channel, mention] of [['C0DESK', '<!subteam^S0GULFDESK>'], ['C0WATCH', '<!everyone>']] as const) {
      const here = posts.filter((post) => post.body['channel'] === channel);
      const escalations = here.filter((post) => String(post.body['text']).includes('Developing'));
      expect(escalations.map((post) => post.body['text'])).toEqual([expect.stringMatching(new RegExp(`^${mention.replace(/[\^]/g, '\\$&')} Developing: [45] outlets in 6 min: `))]);
      // Five alerts, each posted once, and the one escalation.
      expect(here).toHaveLength(6);
      expect(new Set(here.map((post) => JSON.stringify(post.body['blocks']))).size).toBe(6);
    }
  });

  it('serves a topic brief from the shared alert log to any process: the story once, with all its outlets', async () => {
    const prefix = createTestPrefix();
    prefixes.push(prefix);
    const env = { REDIS_URL: redisUrl, NEWSWATCH_REDIS_PREFIX: prefix };
    await releaseStory({ console: { type: 'console' } }, env, undefined, 3);
    // A process that took no part in the runs reads the brief from Redis.
    const dir = tempDir();
    const config = writeConfig(dir, { feeds: [], channels: { console: { type: 'console' } }, topics: [{ id: 'shipping', name: 'Shipping security', query: 'tanker', channels: ['console'] }] });
    const { app, stop } = openApp(config, dir, env, 'warn');
    try {
      const now = new Date(START + 60 * 60_000);
      const brief = await briefTopic(app.store, app.settings().topics, { topic: 'shipping', since: '2h', limit: 10, now });
      expect(brief.total).toBe(1);
      expect([...(brief.entries[0]?.outlets ?? [])].sort()).toEqual([...OUTLETS].sort());
    } finally {
      await stop();
    }
  });
});
