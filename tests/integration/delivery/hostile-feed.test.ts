import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscordMessage } from '../../../src/adapters/chat/discord/index.js';
import type { SlackMessage } from '../../../src/adapters/chat/slack/index.js';
import { startFakeDiscordApi } from '../../support/fake-discord-api.js';
import { startFakeSlackApi } from '../../support/fake-slack-api.js';
import { discordTexts, expectDefusedDiscord, expectDefusedSlack, slackTexts } from '../chat/defused.js';
import { cyberTopic, offlineDefaults, openApp, tempDir, writeConfig, writeFeed } from './harness.js';

// A feed is untrusted: mentions, links and markup in its titles, summaries and quotes must arrive as plain text.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const hostileItem = {
  guid: 'hostile-1',
  title: '<!channel> @everyone Ransomware gang [claims](http://evil.example/x) **port** attack <@U0ADMIN> <http://evil.example|click>',
  link: 'https://news.example.org/hostile/1',
  pubDate: new Date(Date.now() - 3_600_000).toUTCString(),
  // Entities, so the article text (not the HTML) carries the control sequences.
  html:
    '<p>&lt;!here&gt; @here Ransomware hit the port on Monday, see [the leak](http://evil.example/leak) and &lt;http://evil.example|this&gt; &lt;@&amp;123456&gt; ||spoiler|| `code`.</p>' +
    '<p>\u201c&lt;!channel&gt; We paid nothing @everyone, and we never will,\u201d said Mallory Quinn, the port\u2019s **IT director** &lt;@U0CEO&gt;.</p>',
};

describe('hostile feed text', () => {
  it('reaches Slack and Discord defused: no mention, link or markup from the feed survives', async () => {
    const slack = await startFakeSlackApi({ token: 'xoxb-hostile' });
    const discord = await startFakeDiscordApi({ token: 'discord-hostile' });
    closers.push(() => slack.close(), () => discord.close());
    const dir = tempDir();
    // No `name:`, so the source shown is the feed's own (hostile) title.
    const feed = writeFeed(dir, 'evil', '<!channel> Evil Wire @here [home](http://evil.example)', [hostileItem]);
    const config = writeConfig(dir, {
      defaults: offlineDefaults,
      feeds: [{ url: feed, id: 'evil' }],
      channels: {
        slack: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0HOSTILE' },
        discord: { type: 'discord', token: '${DISCORD_BOT_TOKEN}', channel: '1500000000000000001' },
      },
      topics: [{ ...cyberTopic(['slack', 'discord']), name: '<!everyone> *Cyber* @here' }],
    });
    const env = { SLACK_BOT_TOKEN: 'xoxb-hostile', SLACK_API_URL: slack.url, DISCORD_BOT_TOKEN: 'discord-hostile', DISCORD_API_URL: discord.url };
    const { app, stop } = openApp(config, join(dir, 'data'), env, 'warn');
    closers.push(stop);
    const result = await app.runOnce();
    expect(result.undelivered).toEqual([]);

    const [slackPost] = slack.requests.filter((request) => request.method === 'chat.postMessage');
    expect(slackPost?.status).toBe(200);
    const slackMessage = slackPost?.body as unknown as SlackMessage;
    const slackAll = slackTexts(slackMessage).join('\n');
    // The text is all there, as text: escaped, not dropped.
    expect(slackAll).toContain('&lt;!channel&gt;');
    expect(slackAll).toContain('Mallory Quinn');
    expect(slackAll).toContain('<https://news.example.org/hostile/1|');
    expectDefusedSlack(slackTexts(slackMessage));

    const [discordPost] = discord.requests.filter((request) => request.route === 'createMessage');
    expect(discordPost?.status).toBe(200);
    expect(discordPost?.body['allowed_mentions']).toEqual({ parse: [] });
    const discordMessage = discordPost?.body as unknown as DiscordMessage;
    const discordAll = discordTexts(discordMessage).join('\n');
    expect(discordAll).toContain('Mallory Quinn');
    expect(discordMessage.embeds[0]?.url).toBe('https://news.example.org/hostile/1');
    // Discord shows an embed's author (the source) as plain text: markup is inert there, only mentions need defusing.
    const author = discordMessage.embeds[0]?.author?.name ?? '';
    expect(author).toContain('Evil Wire');
    expect(author).not.toMatch(/@(everyone|here)|<[@#]/);
    expectDefusedDiscord(discordTexts(discordMessage).filter((text) => text !== author));
  });
});
