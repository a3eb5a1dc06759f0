import { describe, expect, it } from 'vitest';
import { replyToText } from '../../../../src/core/commands/command.js';
import type { CommandFacts } from '../../../../src/core/commands/command-facts.js';
import { executeCommand } from '../../../../src/core/commands/execute-command.js';
import { deriveChatFeedId } from '../../../../src/core/commands/execute-feed-command.js';
import { defaultQuery, resolveChannelRef } from '../../../../src/core/commands/execute-topic-command.js';
import type { LiveConfig, LiveTopic } from '../../../../src/core/settings/chat-overlay.js';
import type { RecentArticle } from '../../../../src/core/commands/test-topic-query.js';
import { parseCommandText } from '../../../../src/core/commands/parse-command.js';
import { bob, context, EMPTY, NOW, standing } from './standing.js';

const facts = (extra: Partial<CommandFacts> = {}): CommandFacts => ({ now: NOW, standing: standing(), live: EMPTY, ...extra });
const run = (text: string, extra: Partial<CommandFacts> = {}, ctx = context()) => {
  const [name = '', ...rest] = text.split(' ');
  const parsed = parseCommandText(name, rest.join(' '));
  if (!parsed.ok) throw new Error(parsed.mistake.error);
  const outcome = executeCommand(parsed.command, { ...ctx, commandText: text }, facts(extra));
  return { ...outcome, text: replyToText(outcome.reply) };
};
const withTopic = (topic: LiveTopic): LiveConfig => ({ version: 1, topics: [topic], feeds: [] });

const article = (key: string, title: string, text: string, hoursAgo = 1, feedId = 'wire'): RecentArticle => ({
  key, feedId, source: 'Wire', title, url: `https://wire.example.test/${key}`, publishedAt: null,
  analyzedAt: new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString(), text,
});
const ARTICLES = [
  article('a', 'Worm hits centrifuges', 'A worm like Stuxnet hit centrifuge controllers at a plant.\n\nInvestigators said the code was sophisticated.', 2),
  article('b', 'Markets close higher', 'Shares rose on Monday.', 3),
  article('c', 'Stuxnet, ten years on', 'Stuxnet changed cyber warfare, experts said.', 30),
];

describe('executeCommand: topics', () => {
  it('adds a one-term topic routed to the configured channel it was typed in, for the channel to see', () => {
    const outcome = run('/topic add Stuxnet');
    expect(outcome.reply.ephemeral).toBe(false);
    expect(outcome.text).toBe('Topic stuxnet added by alice\nQuery: stuxnet\nAlerts in: analysts');
    expect(outcome.change).toEqual({
      kind: 'put-topic',
      topic: {
        id: 'stuxnet', name: 'Stuxnet', query: 'stuxnet', channels: ['analysts'], mutedUntil: null, removed: false, overrides: null,
        createdBy: { platform: 'slack', userId: 'U0ADMIN', userName: 'alice' }, createdAt: NOW.toISOString(),
        updatedBy: { platform: 'slack', userId: 'U0ADMIN', userName: 'alice' }, updatedAt: NOW.toISOString(),
      },
    });
    expect(outcome.audit).toEqual({ change: 'added topic stuxnet (query stuxnet)', outcome: 'applied' });
    const elsewhere = run('/topic add flame', {}, context(bob, '9999'));
    expect(elsewhere.change).toMatchObject({ topic: { channels: [], createdBy: { platform: 'discord', userName: 'bob' } } });
    expect(elsewhere.text).toContain('It alerts nowhere yet');
    expect(run('/topic add flame', {}, context(bob, '1300')).change).toMatchObject({ topic: { channels: ['ops'] } });
  });

  it('refuses to add a topic that exists, saying where it comes from', () => {
    const outcome = run('/topic add Sanctions');
    expect(outcome.change).toBeNull();
    expect(outcome.reply.ephemeral).toBe(true);
    expect(outcome.audit).toEqual({ change: expect.stringContaining('topic "sanctions" already exists (from the YAML)'), outcome: 'refused' });
  });

  it('removes a chat topic outright and a YAML topic by an override that keeps what the YAML said', () => {
    const live = withTopic({ ...(run('/topic add stuxnet').change as { topic: LiveTopic }).topic });
    expect(run('/topic remove stuxnet', { live }).change).toEqual({ kind: 'delete-topic', id: 'stuxnet' });
    const yaml = run('/topic remove gulf');
    expect(yaml.change).toMatchObject({
      kind: 'put-topic',
      topic: { id: 'gulf', removed: true, overrides: { name: 'Gulf', query: 'hormuz OR "persian gulf"', channels: ['analysts', 'ops'] } },
    });
    const removed = withTopic((yaml.change as { topic: LiveTopic }).topic);
    expect(run('/topic list', { live: removed }).text).toContain('gulf from the YAML, removed from chat by alice (Slack) on 2024-05-01 10:00 UTC');
    const restored = run('/topic add gulf', { live: removed });
    expect(restored.text).toContain('Topic gulf restored by alice');
    expect(restored.change).toMatchObject({ topic: { removed: false, query: 'hormuz OR "persian gulf"' } });
    expect(run('/topic remove nothing').text).toContain('there is no topic "nothing"; the topics are: sanctions, gulf');
  });

  it('routes to configured channels only, and mutes until a time', () => {
    expect(run('/topic route sanctions <#C0SECURITY|security> #ops').change).toMatchObject({ topic: { channels: ['security', 'ops'], overrides: { channels: ['analysts'] } } });
    expect(run('/topic route sanctions <#C0ELSEWHERE|random>').text).toContain('<#C0ELSEWHERE|random> is not a channel newswatch posts to; the configured channels are console, analysts, security, ops');
    const muted = run('/topic mute sanctions 2h');
    expect(muted.text).toBe('Topic sanctions muted until 2024-05-01 12:00 UTC\nMuted by alice; alerts resume in 2h.');
    expect(muted.change).toMatchObject({ topic: { mutedUntil: '2024-05-01T12:00:00.000Z' } });
    expect(run('/topic mute sanctions off', { live: withTopic((muted.change as { topic: LiveTopic }).topic) }).change).toMatchObject({ topic: { mutedUntil: null } });
  });

  it('sets when a topic’s stories escalate, or turns it off, and shows it', () => {
    const set = run('/topic surge sanctions 6 20');
    expect(set.text).toBe(
      'Topic sanctions escalates at 6 outlets in 20 min\nSet by alice: a story of this topic that 6 outlets carry within 20 minutes is marked as developing once per channel, with the channel\'s configured mention.',
    );
    expect(set.change).toMatchObject({ topic: { id: 'sanctions', surge: { outlets: 6, minutes: 20 }, overrides: { query: 'sanction*' } } });
    expect(set.audit?.change).toBe('set the surge rule of topic sanctions to 6 outlets in 20 min (was 4 outlets in 30 min)');
    const live = withTopic((set.change as { topic: LiveTopic }).topic);
    expect(run('/topic show sanctions', { live }).text).toContain('Escalates at: 6 outlets in 20 min');
    expect(run('/topic surge sanctions off', { live }).change).toMatchObject({ topic: { surge: null } });
    expect(run('/topic surge gulf 5').change).toMatchObject({ topic: { surge: { outlets: 5, minutes: 30 } } });
    const mistake = parseCommandText('/topic', 'surge gulf 1 30');
    expect(mistake.ok ? null : mistake.mistake.error).toBe('OUTLETS must be a whole number from 2 to 50, or "off" (found "1")');
    const tooLong = parseCommandText('/topic', 'surge gulf 4 2000');
    expect(tooLong.ok ? null : tooLong.mistake.error).toBe('MINUTES must be a whole number from 1 to 1440 (found "2000")');
  });

  it('lists every topic with where it comes from', () => {
    const live = withTopic({ ...(run('/topic add stuxnet').change as { topic: LiveTopic }).topic, mutedUntil: '2024-05-01T11:00:00.000Z' });
    expect(run('/topic list', { live }).text).toBe(
      [
        'Topics (3)',
        'sanctions from the YAML → analysts  sanction*',
        'gulf from the YAML → analysts, ops  hormuz OR "persian gulf"',
        'stuxnet added from chat by alice (Slack) on 2024-05-01 10:00 UTC → analysts, muted until 2024-05-01 11:00 UTC  stuxnet',
      ].join('\n'),
    );
  });

  it('tests a query over the last 7 days with the evidence, best first', () => {
    const outcome = run('/topic test stuxnet OR centrifuge*', { recentArticles: ARTICLES });
    expect(outcome.reply.ephemeral).toBe(true);
    expect(outcome.change).toBeNull();
    expect(outcome.text).toContain('2 of 3 articles analysed in the last 7 days would have matched.');
    const lines = outcome.text.split('\n');
    expect(lines[2]).toMatch(/^• Worm hits centrifuges \(Wire, 2h ago\) score \d\.\d\d, terms: stuxnet, centrifuge\*$/);
    expect(lines[3]).toBe('    “A worm like Stuxnet hit centrifuge controllers at a plant.”');
    expect(lines[4]).toMatch(/^• Stuxnet, ten years on \(Wire, 1d6h ago\)/);
  });

  it('shows a topic with its query, channels, what the YAML says under an override, and recent matches', () => {
    const routed = withTopic((run('/topic route sanctions #security').change as { topic: LiveTopic }).topic);
    const text = run('/topic show sanctions', { live: routed, recentArticles: [article('s', 'New sanctions on shippers', 'The Treasury imposed sanctions on shippers.')] }).text;
    expect(text).toContain('Topic sanctions: Sanctions\nQuery: sanction*\nComes from: from the YAML, changed from chat by alice (Slack) on 2024-05-01 10:00 UTC\nAlerts in: security');
    expect(text).toContain("The YAML says: sanction* → analysts (chat's change holds until an admin edits this topic in the YAML)");
    expect(text).toContain('Recent matches: 1 in the last 7 days\n• New sanctions on shippers (Wire, 1h ago)');
  });

  it('makes readable queries of bare names and resolves channel references', () => {
    expect(defaultQuery('stuxnet')).toBe('stuxnet');
    expect(defaultQuery('iran-sanctions')).toBe('"iran sanctions"');
    expect(defaultQuery('or')).toBe('"or"');
    const channels = standing().channels;
    expect(resolveChannelRef('<#C0SECURITY|security>', 'slack', channels)).toBe('security');
    expect(resolveChannelRef('<#1300>', 'discord', channels)).toBe('ops');
    expect(resolveChannelRef('#analysts', 'discord', channels)).toBe('analysts');
    expect(resolveChannelRef('<#1300>', 'slack', channels)).toMatchObject({ error: expect.any(String) });
  });
});

describe('executeCommand: feeds, status, audit, help', () => {
  it('adds a feed that fetched as a feed, with a readable id, and refuses one that did not', () => {
    const added = run('/feed add https://www.example.com/world/rss.xml', { feedProbe: { ok: true, title: 'Example World', items: 25 } });
    expect(added.text).toBe('Feed example-com-world-rss-xml added by alice\nExample World: 25 items now; polled every 10m.\nRemove it with /feed remove example-com-world-rss-xml');
    expect(added.change).toMatchObject({ kind: 'put-feed', feed: { id: 'example-com-world-rss-xml', url: 'https://www.example.com/world/rss.xml', name: 'Example World', removed: false } });
    const refused = run('/feed add https://www.example.com/page', { feedProbe: { ok: false, error: 'feed https://www.example.com/page: not a feed' } });
    expect(refused).toMatchObject({ change: null, audit: { outcome: 'refused' } });
    expect(refused.text).toContain('cannot be used as a feed: feed https://www.example.com/page: not a feed');
    expect(run('/feed add https://wire.example.test/rss.xml').text).toContain('is already polled as wire');
    expect(deriveChatFeedId('https://www.example.com/rss', new Set(['example-com-rss', 'example-com-rss-2']))).toBe('example-com-rss-3');
  });

  it('removes chat feeds outright and YAML feeds by an override', () => {
    expect(run('/feed remove wire').change).toMatchObject({ kind: 'put-feed', feed: { id: 'wire', removed: true, overrides: { location: 'https://wire.example.test/rss.xml' } } });
    expect(run('/feed remove nope').text).toContain('there is no feed "nope"; the feeds are: wire');
  });

  it('lists feeds with their health and items a day', () => {
    const text = run('/feed list', {
      recentArticles: ARTICLES,
      feedHealth: [{ feedId: 'wire', lastSuccessAt: '2024-05-01T09:50:00.000Z', lastError: 'HTTP 503', lastErrorAt: '2024-05-01T07:00:00.000Z', consecutiveFailures: 0, paused: false }],
    }).text;
    expect(text).toBe('Feeds (1)\nwire Wire (from the YAML)\n    last success 10m ago; last error 3h ago: HTTP 503; 0.4 items a day');
  });

  it('reports status, the audit log and help', () => {
    const status = run('/newswatch status', {
      feedHealth: [{ feedId: 'wire', lastSuccessAt: null, lastError: 'timeout', lastErrorAt: null, consecutiveFailures: 2, paused: false }],
      queues: [{ name: 'deliver', waiting: 1, active: 2, delayed: 0, failed: 3 }],
      lastAlert: { title: 'Worm hits centrifuges', channelId: 'analysts', sentAt: '2024-05-01T09:00:00.000Z' },
    }).text;
    expect(status).toBe(
      'newswatch status\nFeeds: 1 polled, 1 failing (wire)\nTopics: 2 (2 from the YAML, 0 from chat), 0 muted\nQueue deliver: 1 waiting, 2 running, 0 delayed, 3 failed\nLast alert: Worm hits centrifuges → analysts, 1h ago',
    );
    const audit = run('/newswatch audit 1', {
      audit: [{ at: NOW.toISOString(), actor: bob, place: { platform: 'discord', channelId: '1300', channelName: 'ops', workspaceId: null }, command: '/topic remove name:gulf', change: 'not allowed', outcome: 'refused' }],
    }).text;
    expect(audit).toBe('Audit log: the latest 1 entry\n2024-05-01 10:00 UTC  bob (Discord) in #ops on Discord: /topic remove name:gulf → refused: not allowed');
    expect(run('/newswatch audit').text).toBe('Audit log\nNo changes have been made from chat yet.');
    const help = run('/feed help').text;
    expect(help.split('\n').slice(0, 4)).toEqual(['/feed commands', '/feed add URL  poll a new feed', '/feed remove ID  stop polling a feed', '/feed list  every feed with its health']);
  });
});
