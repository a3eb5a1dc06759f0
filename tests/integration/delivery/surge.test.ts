import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscordApi } from '../../support/fake-discord-api.js';
import { startFakeSlackApi } from '../../support/fake-slack-api.js';
import type { TestItem } from '../../support/feed-server.js';
import { offlineDefaults, openApp, tempDir, writeConfig, writeFeed } from './harness.js';

// One invented story released by five outlets two minutes apart, in simulated time, through the whole pipeline
// (one run per release, each a fresh process on the same state): the story escalates exactly once per channel,
// at the fourth outlet (the default rule: 4 outlets in 30 minutes), with the channel's configured mention only.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const START = Date.parse('2025-05-06T09:00:00Z');
const OUTLETS = ['Daily Ledger', 'Harbour Times', 'Coast Wire', 'Bay Post', 'Northern Courier'] as const;

/** The same wire story in each outlet's words: the same ship, strait, crew count and owner. */
const REWRITES: readonly [title: string, lead: string][] = [
  ['Patrol boats seize tanker Nordic Star in the Strait of Veln with 23 crew aboard', 'Armed patrol boats seized the tanker Nordic Star in the Strait of Veln on Tuesday with 23 crew aboard, its owner Marlow Shipping said.'],
  ['Tanker Nordic Star seized in Strait of Veln, Marlow Shipping says 23 crew held', 'Marlow Shipping said its tanker Nordic Star was seized by patrol boats in the Strait of Veln on Tuesday and its 23 crew held.'],
  ['Nordic Star tanker with 23 crew seized by patrol boats in Strait of Veln', 'Patrol boats boarded and seized the Nordic Star, a tanker owned by Marlow Shipping, in the Strait of Veln on Tuesday; 23 crew were aboard.'],
  ['Strait of Veln: tanker Nordic Star seized, 23 crew aboard, owner Marlow Shipping says', 'The tanker Nordic Star was seized in the Strait of Veln on Tuesday by armed patrol boats, owner Marlow Shipping said, with 23 crew aboard.'],
  ['Seizure of tanker Nordic Star in Strait of Veln: Marlow Shipping seeks release of 23 crew', 'Marlow Shipping called for the release of the 23 crew of its tanker Nordic Star, seized by patrol boats in the Strait of Veln on Tuesday.'],
];

function rewrite(index: number): TestItem {
  const [title, lead] = REWRITES[index] ?? ['', ''];
  return {
    guid: `nordic-star-${index}`,
    title,
    link: `https://news.example.org/outlet-${index}/nordic-star`,
    pubDate: new Date(START + index * 120_000).toUTCString(),
    html: `<p>${lead}</p><p>The company said it had lost contact with the ship shortly after noon.</p>`,
  };
}

/** The config after `released` outlets ran the story: every outlet a feed, the later ones still empty. */
function configAfter(dir: string, released: number, channels: Record<string, object>, surge?: object | string): string {
  const feeds = OUTLETS.map((name, index) => ({ url: writeFeed(dir, `outlet-${index}`, name, index < released ? [rewrite(index)] : []), id: `outlet-${index}`, name }));
  return writeConfig(dir, {
    defaults: offlineDefaults,
    feeds,
    channels,
    topics: [{ id: 'shipping', name: 'Shipping security', query: 'tanker OR seized OR strait', channels: Object.keys(channels), ...(surge ? { surge } : {}) }],
  });
}

/** Releases the story outlet by outlet, two minutes apart, one fresh run of newswatch per release. */
async function releaseStory(channels: Record<string, object>, env: NodeJS.ProcessEnv, surge?: object | string): Promise<void> {
  const dir = tempDir();
  for (let released = 1; released <= OUTLETS.length; released++) {
    const at = new Date(START + (released - 1) * 120_000 + 30_000);
    const { app, stop } = openApp(configAfter(dir, released, channels, surge), join(dir, 'data'), env, 'warn', { now: () => at });
    try {
      expect((await app.runOnce()).failed).toEqual([]);
    } finally {
      await stop();
    }
  }
}

describe('surge escalation', () => {
  it('escalates a story once per channel at the fourth outlet, with the configured Slack user group and Discord role only', async () => {
    const slack = await startFakeSlackApi({ token: 'xoxb-surge' });
    closers.push(() => slack.close());
    const discord = await startFakeDiscordApi({ token: 'discord-surge' });
    closers.push(() => discord.close());
    const env = { SLACK_BOT_TOKEN: 'xoxb-surge', SLACK_API_URL: slack.url, DISCORD_BOT_TOKEN: 'discord-surge', DISCORD_API_URL: discord.url };
    await releaseStory(
      {
        desk: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0SURGE', surge_mention: 'S0GULFDESK' },
        ops: { type: 'discord', token: '${DISCORD_BOT_TOKEN}', channel: '1200000000000000077', surge_mention: '1300000000000000099' },
        quiet: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0NOMENTION' },
      },
      env,
    );

    const posts = slack.requests.filter((request) => request.method === 'chat.postMessage');
    const inDesk = posts.filter((post) => post.body['channel'] === 'C0SURGE');
    // Five alerts (the first, four follow-ups in its thread) and one escalation.
    expect(inDesk).toHaveLength(6);
    const escalations = inDesk.filter((post) => String(post.body['text']).includes('Developing'));
    expect(escalations).toHaveLength(1);
    const [escalation] = escalations;
    expect(escalation?.body['text']).toMatch(/^<!subteam\^S0GULFDESK> Developing: 4 outlets in 6 min: /);
    expect(String(escalation?.body['reply_broadcast'])).toBe('true');
    expect(escalation?.body['thread_ts']).toBe(inDesk[0]?.body['ts'] ?? inDesk[1]?.body['thread_ts']);
    const timeline = JSON.stringify(escalation?.body['blocks']);
    for (const outlet of OUTLETS.slice(0, 4)) expect(timeline).toContain(outlet);
    expect(timeline).toContain('09:00 UTC');
    expect(timeline).toContain('09:06 UTC');
    // It came with the fourth outlet's alert, and the story's first alert now carries the marker.
    const order = inDesk.map((post) => (String(post.body['text']).includes('Developing') ? 'escalation' : 'alert'));
    expect(order).toEqual(['alert', 'alert', 'alert', 'alert', 'escalation', 'alert']);
    const lastUpdate = slack.requests.filter((request) => request.method === 'chat.update' && request.body['channel'] === 'C0SURGE').at(-1);
    expect(JSON.stringify(lastUpdate?.body['blocks'])).toContain('Developing: 5 outlets in 8 min');
    // No other message mentions anyone, and the channel without a configured mention gets none.
    const mentionsOutsideEscalation = posts.filter((post) => post !== escalation && /<!(subteam|here|channel|everyone)/.test(JSON.stringify(post.body)));
    expect(mentionsOutsideEscalation).toEqual([]);
    const quiet = posts.filter((post) => post.body['channel'] === 'C0NOMENTION' && String(post.body['text']).includes('Developing'));
    expect(quiet).toHaveLength(1);
    expect(quiet[0]?.body['text']).toMatch(/^Developing: 4 outlets in 6 min: /);

    const creates = discord.requests.filter((request) => request.route === 'createMessage');
    const discordEscalations = creates.filter((request) => String(request.body['content'] ?? '').includes('Developing'));
    expect(discordEscalations).toHaveLength(1);
    expect(discordEscalations[0]?.channel).toBe('1200000000000000077');
    expect(discordEscalations[0]?.body['content']).toBe('<@&1300000000000000099> \ud83d\udd3a **Developing: 4 outlets in 6 min**');
    expect(discordEscalations[0]?.body['allowed_mentions']).toEqual({ parse: [], roles: ['1300000000000000099'] });
    for (const other of creates.filter((request) => request !== discordEscalations[0])) expect(other.body['allowed_mentions']).toEqual({ parse: [] });
  });

  it('follows the topic’s own rule, and never escalates a topic whose surge is off', async () => {
    const slack = await startFakeSlackApi({ token: 'xoxb-surge' });
    closers.push(() => slack.close());
    const env = { SLACK_BOT_TOKEN: 'xoxb-surge', SLACK_API_URL: slack.url };
    const channels = { desk: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0RULE', surge_mention: 'here' } };
    await releaseStory(channels, env, { outlets: 5, minutes: 10 });
    const escalations = slack.requests.filter((request) => request.method === 'chat.postMessage' && String(request.body['text']).includes('Developing'));
    expect(escalations.map((post) => post.body['text'])).toEqual([expect.stringMatching(/^<!here> Developing: 5 outlets in 8 min: /)]);

    const off = await startFakeSlackApi({ token: 'xoxb-surge' });
    closers.push(() => off.close());
    await releaseStory(channels, { SLACK_BOT_TOKEN: 'xoxb-surge', SLACK_API_URL: off.url }, 'off');
    const offPosts = off.requests.filter((request) => request.method === 'chat.postMessage');
    expect(offPosts).toHaveLength(5);
    expect(offPosts.filter((post) => JSON.stringify(post.body).includes('Developing'))).toEqual([]);
  });
});
