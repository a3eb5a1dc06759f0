import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscordApi } from '../../support/fake-discord-api.js';
import { startFakeSlackApi } from '../../support/fake-slack-api.js';
import { cyberTopic, offlineDefaults, openApp, tempDir, wireStory, writeConfig, writeFeed } from './harness.js';

// A story carried by a second outlet goes into the thread of the first outlet's alert, and the first alert's
// source count grows, on both platforms, through the whole pipeline.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function storyConfig(dir: string, channel: object, feeds: { ledger: boolean; harbour: boolean }): string {
  const ledger = writeFeed(dir, 'ledger', 'Daily Ledger', feeds.ledger ? [wireStory.first] : []);
  const harbour = writeFeed(dir, 'harbour', 'Harbour Times', feeds.harbour ? [wireStory.rewrite] : []);
  return writeConfig(dir, {
    defaults: offlineDefaults,
    feeds: [
      { url: ledger, id: 'ledger', name: 'Daily Ledger' },
      { url: harbour, id: 'harbour', name: 'Harbour Times' },
    ],
    channels: { desk: channel },
    topics: [cyberTopic(['desk'])],
  });
}

async function runOnce(configPath: string, dataDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { app, stop } = openApp(configPath, dataDir, env, 'warn');
  try {
    const result = await app.runOnce();
    expect(result.failed).toEqual([]);
  } finally {
    await stop();
  }
}

describe('follow-ups of a story in Slack', () => {
  it('go into the thread of the first alert (thread_ts), whose source count is updated', async () => {
    const api = await startFakeSlackApi({ token: 'xoxb-threads' });
    closers.push(() => api.close());
    const env = { SLACK_BOT_TOKEN: 'xoxb-threads', SLACK_API_URL: api.url };
    const dir = tempDir();
    const channel = { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0THREADS' };
    await runOnce(storyConfig(dir, channel, { ledger: true, harbour: false }), join(dir, 'data'), env);
    await runOnce(storyConfig(dir, channel, { ledger: true, harbour: true }), join(dir, 'data'), env);

    const posts = api.requests.filter((request) => request.method === 'chat.postMessage');
    expect(posts).toHaveLength(2);
    const [original, followUp] = posts;
    expect(original?.body['thread_ts']).toBeUndefined();
    expect(JSON.stringify(original?.body['blocks'])).toContain('Hackers hit Baltic port operator');
    expect(JSON.stringify(followUp?.body['blocks'])).toContain('Ransomware attack halts container traffic');
    expect(JSON.stringify(followUp?.body['blocks'])).toContain('+1 more source: Daily Ledger');

    const updates = api.requests.filter((request) => request.method === 'chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.status).toBe(200);
    expect(updates[0]?.body['channel']).toBe('C0THREADS');
    const updated = JSON.stringify(updates[0]?.body['blocks']);
    expect(updated).toContain('Hackers hit Baltic port operator');
    expect(updated).toContain('+1 more source: Harbour Times');
    // The reply went into the thread of the message that was updated: the original alert.
    expect(typeof followUp?.body['thread_ts']).toBe('string');
    expect(followUp?.body['thread_ts']).toBe(updates[0]?.body['ts']);
  });

  it('thread the later of two rewrites that arrive in one run under the earlier one', async () => {
    const api = await startFakeSlackApi({ token: 'xoxb-threads' });
    closers.push(() => api.close());
    const dir = tempDir();
    const config = storyConfig(dir, { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0ONERUN' }, { ledger: true, harbour: true });
    await runOnce(config, join(dir, 'data'), { SLACK_BOT_TOKEN: 'xoxb-threads', SLACK_API_URL: api.url });

    const posts = api.requests.filter((request) => request.method === 'chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(posts[0]?.body['thread_ts']).toBeUndefined();
    expect(typeof posts[1]?.body['thread_ts']).toBe('string');
    const updates = api.requests.filter((request) => request.method === 'chat.update');
    expect(updates.map((update) => update.body['ts'])).toEqual([posts[1]?.body['thread_ts']]);
    expect(JSON.stringify(updates[0]?.body['blocks'])).toMatch(/\+1 more source: (Harbour Times|Daily Ledger)/);
  });
});

describe('follow-ups of a story in Discord', () => {
  it('go into a thread started on the first alert, whose embed is edited with the new source', async () => {
    const token = 'discord-threads-token';
    const api = await startFakeDiscordApi({ token });
    closers.push(() => api.close());
    const env = { DISCORD_BOT_TOKEN: token, DISCORD_API_URL: api.url };
    const dir = tempDir();
    const channel = { type: 'discord', token: '${DISCORD_BOT_TOKEN}', channel: '1200000000000000042' };
    await runOnce(storyConfig(dir, channel, { ledger: true, harbour: false }), join(dir, 'data'), env);
    await runOnce(storyConfig(dir, channel, { ledger: true, harbour: true }), join(dir, 'data'), env);

    const creates = api.requests.filter((request) => request.route === 'createMessage');
    expect(creates).toHaveLength(2);
    const originalId = [...api.messages.values()].find((message) => message.channel === '1200000000000000042')?.id;
    expect(originalId).toBeDefined();
    const threads = api.requests.filter((request) => request.route === 'startThread');
    expect(threads).toHaveLength(1);
    expect(threads[0]?.message).toBe(originalId);
    // Named after the story's latest development, which is what the thread holds.
    expect(String(threads[0]?.body['name'])).toMatch(/^Follow-ups: Ransomware attack halts container traffic/);
    // A thread started on a message shares its id: the follow-up is posted into it.
    expect(creates[1]?.channel).toBe(originalId);
    expect(creates[1]?.body['allowed_mentions']).toEqual({ parse: [] });

    const edits = api.requests.filter((request) => request.route === 'editMessage');
    expect(edits).toHaveLength(1);
    expect(edits[0]?.channel).toBe('1200000000000000042');
    expect(edits[0]?.message).toBe(originalId);
    expect(JSON.stringify(api.messages.get(originalId ?? '')?.embeds)).toContain('+1 more source: Harbour Times');
  });
});
