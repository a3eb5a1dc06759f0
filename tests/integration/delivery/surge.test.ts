import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscordApi } from '../../support/fake-discord-api.js';
import { startFakeSlackApi } from '../../support/fake-slack-api.js';
import { OUTLETS, releaseStory } from './surge-story.js';

// One invented story released by five outlets two minutes apart, in simulated time, through the whole pipeline
// (one run per release, each a fresh process on the same state): the story escalates exactly once per channel,
// at the fourth outlet (the default rule: 4 outlets in 30 minutes), with the channel's configured mention only.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

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
