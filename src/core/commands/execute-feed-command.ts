import { formatDuration } from '../duration.js';
import { bold, code, type Command, type ReplyLine } from './command.js';
import { RECENT_WINDOW_MS, type CommandContext, type CommandFacts, type CommandOutcome } from './command-facts.js';
import { describeAuthor, formatRelative, shorten } from './format-reply.js';
import type { ChatAuthor, LiveFeed } from '../settings/chat-overlay.js';
import { fingerprintYamlFeed } from '../settings/standing-config.js';
import type { ResolvedConfig } from '../settings/merge-chat-overlay.js';

type FeedCommand = Extract<Command, { kind: `feed.${string}` }>;

/** Runs a `/feed` command; see executeCommand. Feeds from chat are checked by fetching them first (`facts.feedProbe`). */
export function executeFeedCommand(command: FeedCommand, context: CommandContext, facts: CommandFacts, resolved: ResolvedConfig): CommandOutcome {
  const now = facts.now;
  const author: ChatAuthor = { platform: context.actor.platform, userId: context.actor.userId, userName: context.actor.userName };
  const refuse = (title: string, reason: string): CommandOutcome => ({ reply: { ephemeral: true, title, lines: [[reason]] }, change: null, audit: { change: reason, outcome: 'refused' } });

  switch (command.kind) {
    case 'feed.list':
      return { reply: listReply(resolved, facts), change: null, audit: null };
    case 'feed.add': {
      const same = resolved.feeds.find((entry) => sameLocation(entry.feed.location, command.url));
      if (same) return refuse('Feed already polled', `${command.url} is already polled as ${same.feed.id}`);
      const removed = resolved.removedFeeds.find((entry) => sameLocation(entry.feed.location, command.url));
      if (removed) {
        return {
          reply: { ephemeral: false, title: `Feed ${removed.feed.id} restored by ${author.userName}`, lines: [['It comes from the YAML and is polled again.']] },
          change: { kind: 'delete-feed', id: removed.feed.id },
          audit: { change: `restored YAML feed ${removed.feed.id}`, outcome: 'applied' },
        };
      }
      const probe = facts.feedProbe;
      if (!probe || !probe.ok) return refuse('Feed not added', `${command.url} cannot be used as a feed: ${probe?.ok === false ? probe.error : 'it was not fetched'}`);
      const taken = new Set([...resolved.feeds.map((entry) => entry.feed.id), ...resolved.removedFeeds.map((entry) => entry.feed.id), ...facts.live.feeds.map((feed) => feed.id)]);
      const id = deriveChatFeedId(command.url, taken);
      const name = shorten(probe.title ?? new URL(command.url).hostname, 100);
      const feed: LiveFeed = { id, url: command.url, name, removed: false, overrides: null, createdBy: author, createdAt: now.toISOString() };
      return {
        reply: {
          ephemeral: false,
          title: `Feed ${id} added by ${author.userName}`,
          lines: [[`${name}: ${probe.items} items now; polled every ${formatDuration(facts.standing.feedDefaults.intervalMs)}.`], ['Remove it with ', code(`/feed remove ${id}`)]],
        },
        change: { kind: 'put-feed', feed },
        audit: { change: `added feed ${id} (${command.url})`, outcome: 'applied' },
      };
    }
    case 'feed.remove': {
      const entry = resolved.feeds.find((candidate) => candidate.feed.id === command.id);
      if (!entry) {
        return refuse(`No feed "${command.id}"`, `there is no feed "${command.id}"; the feeds are: ${resolved.feeds.map((f) => f.feed.id).join(', ') || 'none'} (see /feed list)`);
      }
      if (entry.record) {
        return {
          reply: { ephemeral: false, title: `Feed ${command.id} removed by ${author.userName}`, lines: [[`It was added from chat by ${describeAuthor(entry.record.createdBy, facts.standing.platforms)}.`]] },
          change: { kind: 'delete-feed', id: command.id },
          audit: { change: `removed feed ${command.id}`, outcome: 'applied' },
        };
      }
      const record: LiveFeed = {
        id: entry.feed.id, url: entry.feed.location, name: entry.feed.name, removed: true,
        overrides: { location: entry.feed.location, fingerprint: fingerprintYamlFeed(entry.feed) },
        createdBy: author, createdAt: now.toISOString(),
      };
      return {
        reply: {
          ephemeral: false,
          title: `Feed ${command.id} removed by ${author.userName}`,
          lines: [['It comes from the YAML: it stays off until an admin changes it there, or ', code(`/feed add ${entry.feed.location}`), ' restores it.']],
        },
        change: { kind: 'put-feed', feed: record },
        audit: { change: `removed YAML feed ${command.id}`, outcome: 'applied' },
      };
    }
  }
}

function sameLocation(a: string, b: string): boolean {
  const normalize = (value: string): string => {
    try {
      return new URL(value).href;
    } catch {
      return value;
    }
  };
  return normalize(a) === normalize(b);
}

/** A readable id for a feed added from chat, from its host and path, distinct from every id in use. */
export function deriveChatFeedId(url: string, taken: ReadonlySet<string>): string {
  const parsed = new URL(url);
  const base =
    `${parsed.hostname.replace(/^www\./, '')}${parsed.pathname}`
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'feed';
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  return id;
}

function listReply(resolved: ResolvedConfig, facts: CommandFacts): CommandOutcome['reply'] {
  if (resolved.feeds.length === 0) return { ephemeral: true, title: 'No feeds yet', lines: [['Add one: ', code('/feed add https://www.example.com/rss.xml')]] };
  const health = new Map((facts.feedHealth ?? []).map((entry) => [entry.feedId, entry]));
  const counts = new Map<string, number>();
  for (const article of facts.recentArticles ?? []) counts.set(article.feedId, (counts.get(article.feedId) ?? 0) + 1);
  const days = RECENT_WINDOW_MS / 86_400_000;
  const lines: ReplyLine[] = [];
  for (const { feed, record } of resolved.feeds) {
    const state = health.get(feed.id);
    const origin = record ? `added from chat by ${describeAuthor(record.createdBy, facts.standing.platforms)}` : 'from the YAML';
    lines.push([bold(feed.id), ` ${shorten(feed.name || feed.location, 80)} (${origin})${state?.paused ? ', paused' : ''}`]);
    const perDay = (counts.get(feed.id) ?? 0) / days;
    const error = state?.lastError ? `${formatRelative(state.lastErrorAt, facts.now)}: ${shorten(state.lastError, 160)}` : 'none';
    lines.push([`    last success ${formatRelative(state?.lastSuccessAt ?? null, facts.now)}; last error ${error}; ${perDay < 10 ? perDay.toFixed(1) : Math.round(perDay)} items a day`]);
  }
  for (const { feed, record } of resolved.removedFeeds) {
    lines.push([bold(feed.id), ` from the YAML, removed from chat by ${describeAuthor(record.createdBy, facts.standing.platforms)}`]);
  }
  return { ephemeral: true, title: `Feeds (${resolved.feeds.length})`, lines };
}
