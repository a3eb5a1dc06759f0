import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { createHarness, DISCORD_OPS, SLACK_ANALYSTS, wireItem, type Harness } from './harness.js';
import { discordCommand, discordReplyText, post, signDiscord, slackCommand, slackReplyText } from './platform-requests.js';

const CALM = wireItem('calm-1', 'Markets close higher on Monday', 'Shares rose across Europe as investors weighed the latest earnings.');

describe('acceptance: slash commands change what newswatch watches, durably', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    h.serve([CALM]);
  });
  afterEach(async () => h.close());

  const runOnceCli = () => runCli(['--config', h.configPath, '--data-dir', h.dataDir, 'run', '--once'], { env: h.env });

  it('Slack: a signed /topic add stuxnet adds it, the next run --once alerts on it, and a restart still lists who added it', async () => {
    await h.start();
    const added = await h.slack('/topic add stuxnet', { user_id: 'U0ADMIN', user_name: 'alice' });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ response_type: 'in_channel' });
    expect(slackReplyText(added.body)).toContain('Topic stuxnet added by alice');
    expect(slackReplyText(added.body)).toContain('Alerts in: analysts');
    await h.stop();

    h.serve([CALM, wireItem('worm-1', 'Stuxnet-style worm found in refinery controllers', 'Investigators said the malware resembles Stuxnet, the worm that sabotaged Iranian centrifuges.')]);
    const run = await runOnceCli();
    expect(run.stderr).toContain('polled 1 feeds, 0 failed');
    expect(run.code).toBe(0);
    const posts = h.slackPosts(SLACK_ANALYSTS);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('Stuxnet-style worm found in refinery controllers');
    expect(posts[0]).toContain('stuxnet');

    await h.start();
    const listed = await h.slack('/topic list', { user_id: 'U0READER', user_name: 'carol' });
    expect(listed.body).toMatchObject({ response_type: 'ephemeral' });
    expect(slackReplyText(listed.body)).toMatch(/\*stuxnet\* added from chat by alice \(Slack\) on \d{4}-\d\d-\d\d \d\d:\d\d UTC → analysts/);
    expect(slackReplyText(listed.body)).toMatch(/\*sanctions\* from the YAML → analysts/);
  });

  it('Discord: the same through /discord/interactions', async () => {
    await h.start();
    const added = await h.discord('topic', 'add', { name: 'flame' }, { userName: 'bob', roles: ['1700000000000000006'], channelId: DISCORD_OPS });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] } } });
    expect(((added.body as { data: { flags: number } }).data.flags & 64)).toBe(0);
    expect(discordReplyText(added.body)).toContain('Topic flame added by bob');
    expect(discordReplyText(added.body)).toContain('Alerts in: ops');
    await h.stop();

    h.serve([CALM, wireItem('flame-1', 'Flame spyware resurfaces in new espionage campaign', 'Researchers said the Flame malware, first seen in 2012, was back with new modules.')]);
    const run = await runOnceCli();
    expect(run.code).toBe(0);
    const posts = h.discordPosts(DISCORD_OPS);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('Flame spyware resurfaces in new espionage campaign');

    await h.start();
    const listed = await h.discord('topic', 'list', {}, { userName: 'dave', roles: [] });
    expect((listed.body as { data: { flags: number } }).data.flags & 64).toBe(64);
    expect(discordReplyText(listed.body)).toMatch(/\*\*flame\*\* added from chat by bob \(Discord\) on .* → ops/);
  });

  it('answers PING, and refuses forged, stale and replayed requests on both endpoints with 401', async () => {
    const app = await h.start();
    const base = `http://127.0.0.1:${app.httpPort()}`;
    const ping = await post(`${base}/discord/interactions`, signDiscord({ type: 1, id: '1', application_id: '1', token: 't', version: 1 }, h.discordKey));
    expect(ping).toMatchObject({ status: 200, body: { type: 1 } });

    const forgedSlack = slackCommand({ command: '/topic', text: 'add forged' }, { secret: 'not-the-secret' });
    expect((await post(`${base}/slack/events`, forgedSlack)).status).toBe(401);
    const tampered = slackCommand({ command: '/topic', text: 'list' });
    expect((await post(`${base}/slack/events`, { ...tampered, body: tampered.body.replace('list', 'add%20evil') })).status).toBe(401);
    const stale = slackCommand({ command: '/topic', text: 'list' }, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect((await post(`${base}/slack/events`, stale)).status).toBe(401);
    const unsigned = slackCommand({ command: '/topic', text: 'list' });
    expect((await post(`${base}/slack/events`, { body: unsigned.body, headers: { 'content-type': unsigned.headers['content-type'] ?? '' } })).status).toBe(401);
    const once = slackCommand({ command: '/topic', text: 'list' });
    expect((await post(`${base}/slack/events`, once)).status).toBe(200);
    expect((await post(`${base}/slack/events`, once)).status).toBe(401);

    const { privateKey: otherKey } = await import('./platform-requests.js').then((m) => m.discordKeyPair());
    const command = discordCommand('topic', 'add', { name: 'forged' }, { roles: ['1700000000000000006'] });
    expect((await post(`${base}/discord/interactions`, signDiscord(command, otherKey))).status).toBe(401);
    const good = signDiscord(command, h.discordKey);
    expect((await post(`${base}/discord/interactions`, { ...good, body: good.body.replace('forged', 'evil') })).status).toBe(401);
    expect((await post(`${base}/discord/interactions`, signDiscord(command, h.discordKey, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }))).status).toBe(401);
    expect((await post(`${base}/discord/interactions`, { body: good.body, headers: { 'content-type': 'application/json' } })).status).toBe(401);
    const replay = signDiscord(discordCommand('topic', 'list'), h.discordKey);
    expect((await post(`${base}/discord/interactions`, replay)).status).toBe(200);
    expect((await post(`${base}/discord/interactions`, replay)).status).toBe(401);

    const topics = app.settings().topics.map((topic) => topic.id);
    expect(topics).toEqual(['sanctions']);
  });

  it("refuses a non-admin's /topic remove with a reason, on both platforms, and records it", async () => {
    const app = await h.start();
    const slack = await h.slack('/topic remove sanctions', { user_id: 'U0INTERN', user_name: 'ivan' });
    expect(slack.body).toMatchObject({ response_type: 'ephemeral' });
    expect(slackReplyText(slack.body)).toContain('Not allowed');
    expect(slackReplyText(slack.body)).toContain('only newswatch admins may change topics');
    const discord = await h.discord('topic', 'remove', { name: 'sanctions' }, { userName: 'ivan', roles: ['1799999999999999999'] });
    expect(discordReplyText(discord.body)).toContain('needs one of the admin roles or the Manage Server permission');
    expect(app.settings().topics.map((topic) => topic.id)).toEqual(['sanctions']);

    // Manage Server is enough on Discord when the YAML says so.
    const manager = await h.discord('topic', 'mute', { name: 'sanctions', duration: '1h' }, { userName: 'mona', permissions: 1n << 5n });
    expect(discordReplyText(manager.body)).toContain('Topic sanctions muted until');

    const audit = await h.slack('/newswatch audit', { user_id: 'U0INTERN', user_name: 'ivan' });
    const text = slackReplyText(audit.body);
    expect(text).toContain('mona (Discord)');
    expect(text).toMatch(/ivan \(Discord\) in #ops on Discord: `\/topic remove name:sanctions` → refused: only newswatch admins/);
    expect(text).toMatch(/ivan \(Slack\) in #analysts on Slack: `\/topic remove sanctions` → refused/);
  });
});
