import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { startFakeDiscordApi, type FakeDiscordApi } from '../../support/fake-discord-api.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { demoConfig, tempDir, writeConfig } from './harness.js';

// `newswatch run --once` on the demo feeds, with a chat channel instead of the console: both seed articles
// arrive as rich alerts through the real client libraries, quotes and speakers included.

const SEED_TITLES = ['Iran denies US cyber-attack, ahead of new sanctions', 'Iran says it dismantled CIA cyber-espionage network'];
const SPEAKERS = ['Mohammad Javad Azari Jahromi', 'Ali Shamkhani'];
// REDIS_URL empty keeps the run on SQLite and the in-process queue whatever the test environment holds.
const baseEnv = { REDIS_URL: '', LOG_LEVEL: 'warn' };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function runDemo(channel: object, env: NodeJS.ProcessEnv) {
  const dir = tempDir();
  const config = writeConfig(dir, demoConfig({ analysts: channel }));
  return runCli(['run', '--once', '--config', config, '--data-dir', join(dir, 'data')], { env: { ...baseEnv, ...env } });
}

describe('run --once on the demo feeds posts both seed alerts', () => {
  it('to Slack with a bot token (SLACK_BOT_TOKEN, SLACK_API_URL): Block Kit, quotes with speakers', async () => {
    const token = 'xoxb-acceptance-token';
    const api: FakeSlackApi = await startFakeSlackApi({ token });
    closers.push(() => api.close());
    const result = await runDemo(
      { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0ACCEPT01' },
      { SLACK_BOT_TOKEN: token, SLACK_API_URL: api.url },
    );
    expect(result.stderr).toContain('polled 2 feeds, 0 failed');
    expect(result.code).toBe(0);
    const posts = api.requests.filter((request) => request.method === 'chat.postMessage');
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      expect(post.status).toBe(200);
      expect(post.headers.authorization).toBe(`Bearer ${token}`);
      expect(post.body['channel']).toBe('C0ACCEPT01');
      expect(Array.isArray(post.body['blocks'])).toBe(true);
    }
    const messages = posts.map((post) => JSON.stringify(post.body['blocks']));
    SEED_TITLES.forEach((title, index) => {
      const message = messages.find((text) => text.includes(title));
      expect(message, title).toBeDefined();
      expect(message).toContain(`*${SPEAKERS[index]}*`);
      expect(message).toContain('Why it matched');
    });
    expect(posts.map((post) => post.body['text']).join('\n')).toContain(SEED_TITLES[0]);
  });

  it('to a Slack incoming webhook', async () => {
    const api = await startFakeSlackApi();
    closers.push(() => api.close());
    const result = await runDemo({ type: 'slack', webhook_url: '${SLACK_WEBHOOK_URL}' }, { SLACK_WEBHOOK_URL: api.webhookUrl('T01-B01-acceptance') });
    expect(result.code).toBe(0);
    const posts = api.requests.filter((request) => request.method === 'webhook');
    expect(posts.map((post) => post.status)).toEqual([200, 200]);
    const all = posts.map((post) => JSON.stringify(post.body['blocks'])).join('\n');
    for (const speaker of SPEAKERS) expect(all).toContain(speaker);
  });

  it('to Discord with a bot token (DISCORD_API_URL): embeds with quote fields, mentions off', async () => {
    const token = 'discord-acceptance-token';
    const api: FakeDiscordApi = await startFakeDiscordApi({ token });
    closers.push(() => api.close());
    const result = await runDemo(
      { type: 'discord', token: '${DISCORD_BOT_TOKEN}', channel: '1100000000000000001' },
      { DISCORD_BOT_TOKEN: token, DISCORD_API_URL: api.url },
    );
    expect(result.code).toBe(0);
    const posts = api.requests.filter((request) => request.route === 'createMessage');
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      expect(post.status).toBe(200);
      expect(post.headers.authorization).toBe(`Bot ${token}`);
      expect(post.channel).toBe('1100000000000000001');
      expect(post.body['allowed_mentions']).toEqual({ parse: [] });
    }
    SEED_TITLES.forEach((title, index) => {
      const post = posts.find((candidate) => JSON.stringify(candidate.body).includes(title));
      const embed = (post?.body['embeds'] as { title: string; fields: { name: string; value: string }[] }[] | undefined)?.[0];
      expect(embed?.title).toBe(title);
      expect(embed?.fields.some((field) => field.name.startsWith(SPEAKERS[index] ?? '?') && field.value.startsWith('\u201c'))).toBe(true);
    });
  });

  it('to a Discord webhook URL', async () => {
    const api = await startFakeDiscordApi();
    closers.push(() => api.close());
    const webhook = api.webhookUrl('1300000000000000001', 'acceptance-webhook-token');
    const result = await runDemo({ type: 'discord', webhook_url: '${DISCORD_WEBHOOK_URL}' }, { DISCORD_WEBHOOK_URL: webhook, DISCORD_API_URL: api.url });
    expect(result.code).toBe(0);
    const posts = api.requests.filter((request) => request.route === 'executeWebhook');
    expect(posts.map((post) => post.status)).toEqual([200, 200]);
    expect(posts.every((post) => post.query.get('wait') === 'true' && post.headers.authorization === undefined)).toBe(true);
    const all = posts.map((post) => JSON.stringify(post.body)).join('\n');
    for (const title of SEED_TITLES) expect(all).toContain(title);
    for (const speaker of SPEAKERS) expect(all).toContain(speaker);
  });
});
