import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestItem } from '../../support/feed-server.js';
import { createHarness, DISCORD_OPS, SLACK_ANALYSTS, SLACK_SECURITY, wireItem, type Harness } from './harness.js';
import { discordReplyText, slackReplyText } from './platform-requests.js';

const CALM = wireItem('calm-1', 'Markets close higher on Monday', 'Shares rose across Europe as investors weighed the latest earnings.');
let serial = 0;
const stuxnetItem = (): TestItem => {
  serial += 1;
  return wireItem(
    `worm-${serial}`,
    `Stuxnet-like worm number ${serial} hits centrifuge controllers`,
    `Engineers said worm ${serial} resembled Stuxnet and targeted centrifuge controllers at a plant. "It is the same playbook," said Kim Zetter, an author.`,
  );
};
const sanctionsItem = (n: number): TestItem =>
  wireItem(`sanctions-${n}`, `New sanctions on shipping firms, round ${n}`, `The Treasury imposed sanctions on six shipping firms in round ${n}, officials said.`);

describe('every command, end to end: request in, state changed, reply out, next article routed accordingly', () => {
  let h: Harness;
  const items: TestItem[] = [CALM];
  beforeEach(async () => {
    h = await createHarness();
    items.splice(1);
    h.serve(items);
  });
  afterEach(async () => h.close());

  /** Publishes items on the wire and runs one poll round; returns the new posts per channel. */
  const publish = async (...added: TestItem[]) => {
    const before = { analysts: h.slackPosts(SLACK_ANALYSTS).length, security: h.slackPosts(SLACK_SECURITY).length, ops: h.discordPosts(DISCORD_OPS).length };
    items.push(...added);
    h.serve(items);
    await h.app().runOnce();
    return {
      analysts: h.slackPosts(SLACK_ANALYSTS).slice(before.analysts),
      security: h.slackPosts(SLACK_SECURITY).slice(before.security),
      ops: h.discordPosts(DISCORD_OPS).slice(before.ops),
    };
  };

  it('/topic add, route, mute, show, test and remove steer the next alerts', async () => {
    await h.start();
    expect(slackReplyText((await h.slack('/topic add stuxnet')).body)).toContain('Alerts in: analysts');
    let posts = await publish(stuxnetItem());
    expect(posts.analysts).toHaveLength(1);

    const routed = await h.slack(`/topic route stuxnet <#${SLACK_SECURITY}|security>`);
    expect(routed.body).toMatchObject({ response_type: 'in_channel' });
    expect(slackReplyText(routed.body)).toContain('Topic stuxnet now alerts in security');
    posts = await publish(stuxnetItem());
    expect(posts).toMatchObject({ analysts: [], security: [expect.stringContaining('worm number 2')] });

    const unknownChannel = await h.slack('/topic route stuxnet <#C0NOWHERE|random>');
    expect(slackReplyText(unknownChannel.body)).toContain('is not a channel newswatch posts to; the configured channels are console, analysts, security, ops');

    expect(slackReplyText((await h.slack('/topic mute stuxnet 2h')).body)).toMatch(/Topic stuxnet muted until \d{4}-\d\d-\d\d/);
    posts = await publish(stuxnetItem());
    expect(posts.security).toEqual([]);
    expect(slackReplyText((await h.slack('/topic mute stuxnet off')).body)).toContain('Topic stuxnet unmuted by alice');
    posts = await publish(stuxnetItem());
    expect(posts.security).toHaveLength(1);

    const shown = slackReplyText((await h.slack('/topic show stuxnet', { user_id: 'U0READER' })).body);
    expect(shown).toContain('*Query:* `stuxnet`');
    expect(shown).toContain('added from chat by alice (Slack)');
    expect(shown).toContain('*Alerts in:* security');
    expect(shown).toContain('*Recent matches:* 4 in the last 7 days');

    const tested = await h.slack('/topic test stuxnet AND centrifuge* AND NOT "number 1"', { user_id: 'U0READER' });
    expect(tested.body).toMatchObject({ response_type: 'ephemeral' });
    const testText = slackReplyText(tested.body);
    expect(testText).toContain('3 of 5 articles analysed in the last 7 days would have matched.');
    expect(testText).toContain('Stuxnet-like worm number 4 hits centrifuge controllers');
    expect(testText).toContain('terms: `stuxnet, centrifuge*`');
    expect(testText).toContain('“Engineers said worm');
    expect(testText).not.toContain('worm number 1 hits');

    const badQuery = slackReplyText((await h.slack('/topic test iran AND (cyber')).body);
    expect(badQuery).toContain('query: expected ")" at column 16: iran AND (cyber');
    expect(badQuery).toContain('Usage: `/topic test QUERY`');

    expect(slackReplyText((await h.slack('/topic remove stuxnet')).body)).toContain('Topic stuxnet removed by alice');
    posts = await publish(stuxnetItem());
    expect(posts.security).toEqual([]);
    expect(h.app().settings().topics.map((topic) => topic.id)).toEqual(['sanctions']);
  });

  it('a chat change to a YAML topic overrides it until the YAML changes that topic', async () => {
    const app = await h.start();
    await h.slack(`/topic route sanctions <#${SLACK_SECURITY}|security>`);
    let posts = await publish(sanctionsItem(1));
    expect(posts).toMatchObject({ analysts: [], security: [expect.stringContaining('round 1')] });
    const shown = slackReplyText((await h.slack('/topic show sanctions')).body);
    expect(shown).toContain('from the YAML, changed from chat by alice (Slack)');
    expect(shown).toContain('*The YAML says:* `sanction*` → analysts');

    // An unrelated YAML edit leaves the override in force.
    writeFileSync(h.configPath, readFileSync(h.configPath, 'utf8').replace('# the wire service', '# the wire'));
    expect(await app.reloadConfig()).toBe(true);
    posts = await publish(sanctionsItem(2));
    expect(posts.security).toHaveLength(1);

    // The admins edit the topic itself: the YAML wins again.
    writeFileSync(h.configPath, readFileSync(h.configPath, 'utf8').replace('query: sanction*', 'query: sanction* OR embargo*'));
    expect(await app.reloadConfig()).toBe(true);
    posts = await publish(sanctionsItem(3));
    expect(posts).toMatchObject({ security: [], analysts: [expect.stringContaining('round 3')] });
    expect(slackReplyText((await h.slack('/topic list')).body)).toContain('*sanctions* from the YAML → analysts');

    // Removing a YAML topic from chat, and adding it back.
    expect(slackReplyText((await h.slack('/topic remove sanctions')).body)).toContain('It comes from the YAML');
    posts = await publish(sanctionsItem(4));
    expect(posts.analysts).toEqual([]);
    expect(slackReplyText((await h.slack('/topic list')).body)).toContain('*sanctions* from the YAML, removed from chat by alice (Slack)');
    expect(slackReplyText((await h.slack('/topic add sanctions')).body)).toContain('Topic sanctions restored by alice');
    posts = await publish(sanctionsItem(5));
    expect(posts.analysts).toHaveLength(1);
  });

  it('/feed add, list and remove: chat feeds are fetched first, polled, and dropped again', async () => {
    await h.start();
    await h.slack('/topic add stuxnet');
    h.serve([stuxnetItem()], '/extra.xml');
    const added = await h.slack(`/feed add ${h.feeds.url}/extra.xml`);
    expect(added.body).toMatchObject({ response_type: 'in_channel' });
    expect(slackReplyText(added.body)).toContain('Feed 127-0-0-1-extra-xml added by alice');
    expect(slackReplyText(added.body)).toContain('Wire: 1 items now; polled every 10m.');
    expect(h.app().settings().feeds.map((feed) => feed.id)).toEqual(['wire', '127-0-0-1-extra-xml']);
    let posts = await publish();
    expect(posts.analysts).toHaveLength(1);

    const listed = slackReplyText((await h.slack('/feed list', { user_id: 'U0READER' })).body);
    expect(listed).toContain(`*wire* ${h.feeds.url}/wire.xml (from the YAML)`);
    expect(listed).toContain('*127-0-0-1-extra-xml* Wire (added from chat by alice (Slack))');
    expect(listed).toMatch(/last success (just now|\d+m ago); last error none; 0\.1 items a day/);

    expect(slackReplyText((await h.slack(`/feed add ${h.feeds.url}/extra.xml`)).body)).toContain('is already polled as 127-0-0-1-extra-xml');
    h.feeds.route('/page.html', { headers: { 'content-type': 'text/html' }, body: '<html><body>no feed</body></html>' });
    expect(slackReplyText((await h.slack(`/feed add ${h.feeds.url}/page.html`)).body)).toContain('cannot be used as a feed');
    const fileUrl = slackReplyText((await h.slack('/feed add file:///etc/passwd')).body);
    expect(fileUrl).toContain('only http and https feeds can be added from chat (found file)');
    expect(fileUrl).toContain('Example: `/feed add https://www.example.com/rss.xml`');

    expect(slackReplyText((await h.slack('/feed remove 127-0-0-1-extra-xml')).body)).toContain('Feed 127-0-0-1-extra-xml removed by alice');
    const polledBefore = h.feeds.requests.filter((request) => request.path === '/extra.xml').length;
    posts = await publish();
    expect(h.feeds.requests.filter((request) => request.path === '/extra.xml').length).toBe(polledBefore);

    // A YAML feed removed from chat stops being polled; adding its URL back restores it.
    expect(slackReplyText((await h.slack('/feed remove wire')).body)).toContain('It comes from the YAML');
    const wireBefore = h.feeds.requests.filter((request) => request.path === '/wire.xml').length;
    await publish(stuxnetItem());
    expect(h.feeds.requests.filter((request) => request.path === '/wire.xml').length).toBe(wireBefore);
    expect(slackReplyText((await h.slack(`/feed add ${h.feeds.url}/wire.xml`)).body)).toContain('Feed wire restored by alice');
    posts = await publish();
    expect(posts.analysts).toHaveLength(1);
  });

  it('/newswatch status, help and audit; mistakes get the usage line and an example', async () => {
    await h.start();
    await h.slack('/topic add stuxnet');
    await publish(stuxnetItem());
    const status = slackReplyText((await h.slack('/newswatch status', { user_id: 'U0READER' })).body);
    expect(status).toContain('*Feeds:* 1 polled, 0 failing');
    expect(status).toContain('*Topics:* 2 (1 from the YAML, 1 from chat), 0 muted');
    expect(status).toContain('*Queue deliver:* 0 waiting, 0 running, 0 delayed, 0 failed');
    expect(status).toMatch(/\*Last alert:\* Stuxnet-like worm number \d+ hits centrifuge controllers → analysts, just now/);

    const help = slackReplyText((await h.slack('/newswatch help')).body);
    for (const usage of ['/topic add NAME [QUERY]', '/topic route NAME #CHANNEL', '/topic mute NAME DURATION', '/feed remove ID', '/newswatch audit [COUNT]']) {
      expect(help).toContain(usage);
    }
    expect(slackReplyText((await h.slack('/topic')).body)).toContain('/topic commands');
    expect(slackReplyText((await h.slack('/newswatch topic list')).body)).toContain('*stuxnet* added from chat');

    const mistake = await h.slack('/topic mute stuxnet soon');
    expect(mistake.body).toMatchObject({ response_type: 'ephemeral' });
    expect(slackReplyText(mistake.body)).toBe(
      '*That command needs a fix*\nDURATION must be a duration from 1m to 366d such as 2h or 3d, or "off" (found "soon")\nUsage: `/topic mute NAME DURATION`\nExample: `/topic mute stuxnet 2h`',
    );
    expect(slackReplyText((await h.slack('/topic frobnicate')).body)).toContain('unknown subcommand "frobnicate" for /topic');
    expect(slackReplyText((await h.slack('/topic add "two words"')).body)).toContain('(found ""two")\nUsage: `/topic add NAME [QUERY]`');

    const audit = slackReplyText((await h.slack('/newswatch audit 2')).body);
    expect(audit).toContain('Audit log: the latest 1 entry');
    expect(audit).toContain('alice (Slack) in #analysts on Slack: `/topic add stuxnet` → added topic stuxnet (query stuxnet)');
  });

  it('Discord: route with a channel picker, autocomplete, and a topic added where newswatch does not post', async () => {
    const app = await h.start();
    await h.slack('/topic add stuxnet', { channel_id: 'C0RANDOM', channel_name: 'random' });
    expect(app.settings().topics.find((topic) => topic.id === 'stuxnet')?.channels).toEqual([]);
    const nowhere = await h.slack('/topic add flame', { channel_id: 'C0RANDOM', channel_name: 'random' });
    expect(slackReplyText(nowhere.body)).toContain('It alerts nowhere yet: this channel is not one newswatch posts to. Use `/topic route flame #channel`');

    const routed = await h.discord('topic', 'route', { name: 'stuxnet', channel: DISCORD_OPS }, { roles: ['1700000000000000006'], channelTypes: { channel: 7 } });
    expect(discordReplyText(routed.body)).toContain('Topic stuxnet now alerts in ops');
    const posts = await publish(stuxnetItem());
    expect(posts.ops).toHaveLength(1);

    const base = `http://127.0.0.1:${app.httpPort()}/discord/interactions`;
    const { post, signDiscord } = await import('./platform-requests.js');
    const autocomplete = {
      type: 4, id: '19', application_id: '1100000000000000001', token: 'tok', version: 1, guild_id: '1', channel_id: DISCORD_OPS,
      member: { user: { id: '5', username: 'bob' }, roles: [], permissions: '0' },
      data: { id: '1', name: 'topic', type: 1, options: [{ type: 1, name: 'remove', options: [{ type: 3, name: 'name', value: 'st', focused: true }] }] },
    };
    const answer = await post(base, signDiscord(autocomplete, h.discordKey));
    expect(answer.body).toEqual({ type: 8, data: { choices: [{ name: 'stuxnet', value: 'stuxnet' }] } });
    const feedsAnswer = await post(base, signDiscord({ ...autocomplete, id: '20', data: { ...autocomplete.data, name: 'feed', options: [{ type: 1, name: 'remove', options: [{ type: 3, name: 'id', value: '', focused: true }] }] } }, h.discordKey));
    expect(feedsAnswer.body).toEqual({ type: 8, data: { choices: [{ name: 'wire', value: 'wire' }] } });
  });
});

describe('feeds added from chat are untrusted URLs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness('', { allowPrivate: false });
  });
  afterEach(async () => h.close());

  it('refuses loopback, link-local metadata and IPv6-mapped addresses unless the YAML allows private addresses', async () => {
    await h.start();
    const before = h.feeds.requests.length;
    for (const url of [`${h.feeds.url}/other.xml`, 'http://169.254.169.254/latest/meta-data/', `http://[::ffff:127.0.0.1]:${new URL(h.feeds.url).port}/other.xml`]) {
      const reply = slackReplyText((await h.slack(`/feed add ${url}`)).body);
      expect(reply).toContain('Feed not added');
      expect(reply).toMatch(/a loopback, private or reserved address|a link-local or cloud metadata address/);
    }
    expect(h.feeds.requests.length).toBe(before);
    expect(h.app().settings().feeds.map((feed) => feed.id)).toEqual(['wire']);
    const audit = slackReplyText((await h.slack('/newswatch audit')).body);
    expect(audit).toContain('→ refused: http://169.254.169.254/latest/meta-data/ cannot be used as a feed');
  });
});
