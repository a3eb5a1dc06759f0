import type { PlatformDirectory } from '../chat-platform.js';
import { describeSurgeRule } from '../surge.js';
import { parseQuery } from '../topics/parse-query.js';
import { bold, code, link, type Command, type Reply, type ReplyLine } from './command.js';
import type { CommandContext, CommandFacts, CommandOutcome } from './command-facts.js';
import { describeAuthor, formatRelative, formatTime, shorten } from './format-reply.js';
import type { ChatAuthor, LiveTopic } from '../settings/chat-overlay.js';
import { snapshotYamlTopic, type ConfiguredChannel } from '../settings/standing-config.js';
import type { EffectiveTopic, ResolvedConfig } from '../settings/merge-chat-overlay.js';
import { findQueryHits, type QueryHit } from './test-topic-query.js';

type TopicCommand = Extract<Command, { kind: `topic.${string}` }>;

const SHOWN_HITS = 5;

/** Runs a `/topic` command; see executeCommand. */
export function executeTopicCommand(command: TopicCommand, context: CommandContext, facts: CommandFacts, resolved: ResolvedConfig): CommandOutcome {
  const now = facts.now;
  const author: ChatAuthor = { platform: context.actor.platform, userId: context.actor.userId, userName: context.actor.userName };
  const refuse = (title: string, reason: string): CommandOutcome => ({ reply: { ephemeral: true, title, lines: [[reason]] }, change: null, audit: { change: reason, outcome: 'refused' } });
  const notFound = (name: string): CommandOutcome =>
    refuse(`No topic "${name}"`, `there is no topic "${name}"; the topics are: ${resolved.topics.map((t) => t.definition.id).join(', ') || 'none yet'} (see /topic list)`);

  switch (command.kind) {
    case 'topic.list':
      return { reply: listReply(resolved, now, facts.standing.platforms), change: null, audit: null };
    case 'topic.test': {
      const hits = findQueryHits({ id: 'test', name: 'test', query: command.query }, facts.recentArticles ?? []);
      return { reply: testReply(command.query, hits, facts.recentArticles?.length ?? 0, now), change: null, audit: null };
    }
    case 'topic.show': {
      const topic = findTopic(resolved, command.name);
      if (!topic) return { ...notFound(command.name), audit: null };
      return { reply: showReply(topic, facts, now), change: null, audit: null };
    }
    case 'topic.add': {
      const id = command.name.toLowerCase();
      const existing = findTopic(resolved, id);
      if (existing) return refuse(`Topic ${id} already exists`, `topic "${id}" already exists (${originText(existing, facts.standing.platforms)}); see /topic show ${id}, or pick another name`);
      const removed = resolved.removedTopics.find((entry) => entry.yaml.id === id);
      if (removed) {
        const record: LiveTopic = { ...removed.record, removed: false, query: command.query ?? removed.yaml.query, updatedBy: author, updatedAt: now.toISOString() };
        return applied(`restored YAML topic ${id} (query ${record.query})`, record, {
          ephemeral: false,
          title: `Topic ${id} restored by ${author.userName}`,
          lines: [['Query: ', code(record.query)], ['Alerts in: ', channelsText(record.channels)]],
        });
      }
      const query = command.query ?? defaultQuery(command.name.toLowerCase());
      const home = homeChannel(context, facts.standing.channels);
      const time = now.toISOString();
      const record: LiveTopic = {
        id, name: command.name, query, channels: home ? [home.id] : [], mutedUntil: null, removed: false, overrides: null,
        createdBy: author, createdAt: time, updatedBy: author, updatedAt: time,
      };
      const lines: ReplyLine[] = [['Query: ', code(query)]];
      lines.push(home ? ['Alerts in: ', home.id] : ['It alerts nowhere yet: this channel is not one newswatch posts to. Use ', code(`/topic route ${id} #channel`)]);
      return applied(`added topic ${id} (query ${query})`, record, { ephemeral: false, title: `Topic ${id} added by ${author.userName}`, lines });
    }
    case 'topic.remove': {
      const topic = findTopic(resolved, command.name);
      if (!topic) return notFound(command.name);
      const id = topic.definition.id;
      if (topic.origin.kind === 'chat') {
        return {
          reply: { ephemeral: false, title: `Topic ${id} removed by ${author.userName}`, lines: [['It was added from chat by ', describeAuthor(topic.origin.record.createdBy, facts.standing.platforms), '.']] },
          change: { kind: 'delete-topic', id },
          audit: { change: `removed topic ${id}`, outcome: 'applied' },
        };
      }
      return applied(`removed YAML topic ${id}`, changedRecord(topic, author, now, { removed: true }), {
        ephemeral: false,
        title: `Topic ${id} removed by ${author.userName}`,
        lines: [['It comes from the YAML: it stays off until an admin changes it there, or ', code(`/topic add ${id}`), ' restores it.']],
      });
    }
    case 'topic.route': {
      const topic = findTopic(resolved, command.name);
      if (!topic) return notFound(command.name);
      const channels: string[] = [];
      for (const ref of command.channels) {
        const target = resolveChannelRef(ref, context.place.platform, facts.standing.channels);
        if (typeof target !== 'string') return refuse('Unknown channel', target.error);
        if (!channels.includes(target)) channels.push(target);
      }
      const id = topic.definition.id;
      return applied(`routed topic ${id} to ${channels.join(', ')}`, changedRecord(topic, author, now, { channels }), {
        ephemeral: false,
        title: `Topic ${id} now alerts in ${channels.join(', ')}`,
        lines: [[`Routed by ${author.userName}; before: ${channelsText(topic.channels)}.`]],
      });
    }
    case 'topic.mute': {
      const topic = findTopic(resolved, command.name);
      if (!topic) return notFound(command.name);
      const id = topic.definition.id;
      const until = command.durationMs === null ? null : new Date(now.getTime() + command.durationMs).toISOString();
      const change = until === null ? `unmuted topic ${id}` : `muted topic ${id} for ${command.durationText} (until ${formatTime(until)})`;
      return applied(change, changedRecord(topic, author, now, { mutedUntil: until }), {
        ephemeral: false,
        title: until === null ? `Topic ${id} unmuted by ${author.userName}` : `Topic ${id} muted until ${formatTime(until)}`,
        lines: [[until === null ? 'Its alerts are back on.' : `Muted by ${author.userName}; alerts resume ${formatRelative(until, now)}.`]],
      });
    }
    case 'topic.surge': {
      const topic = findTopic(resolved, command.name);
      if (!topic) return notFound(command.name);
      const id = topic.definition.id;
      const rule = describeSurgeRule(command.rule);
      return applied(`set the surge rule of topic ${id} to ${rule} (was ${describeSurgeRule(topic.surge)})`, changedRecord(topic, author, now, { surge: command.rule }), {
        ephemeral: false,
        title: command.rule === null ? `Topic ${id} no longer escalates` : `Topic ${id} escalates at ${rule}`,
        lines: [
          [
            command.rule === null
              ? `Set by ${author.userName}: its stories get no "developing" marker or mention however many outlets run them.`
              : `Set by ${author.userName}: a story of this topic that ${command.rule.outlets} outlets carry within ${command.rule.minutes} minutes is marked as developing once per channel, with the channel's configured mention.`,
          ],
        ],
      });
    }
  }
}

function applied(change: string, record: LiveTopic, reply: Reply): CommandOutcome {
  return { reply, change: { kind: 'put-topic', topic: record }, audit: { change, outcome: 'applied' } };
}

/** A topic by id or by name, ignoring case. */
export function findTopic(resolved: ResolvedConfig, name: string): EffectiveTopic | undefined {
  const key = name.toLowerCase();
  return (
    resolved.topics.find((topic) => topic.definition.id === key) ??
    resolved.topics.find((topic) => topic.definition.name.toLowerCase() === key)
  );
}

/** A bare name as a query: itself, or a phrase of its parts ("iran-sanctions" → "iran sanctions"). */
export function defaultQuery(name: string): string {
  const words = name.replace(/[._-]+/g, ' ').trim();
  const query = words.includes(' ') ? `"${words}"` : words;
  try {
    parseQuery(query);
    return query;
  } catch {
    return `"${words}"`;
  }
}

/** The configured channel a command was typed in, when newswatch posts there. */
function homeChannel(context: CommandContext, channels: readonly ConfiguredChannel[]): ConfiguredChannel | undefined {
  return channels.find((channel) => channel.platform === context.place.platform && channel.platformChannel === context.place.channelId);
}

/**
 * A channel as typed (`<#C123|name>`, `<#123>`, `#analysts`, `analysts`, a platform id) to the configured channel
 * id it means, or why it means none.
 */
export function resolveChannelRef(ref: string, platform: string, channels: readonly ConfiguredChannel[]): string | { error: string } {
  const mention = /^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$/.exec(ref);
  const platformId = mention?.[1] ?? ref;
  const byPlatform = channels.find((channel) => channel.platform === platform && channel.platformChannel === platformId);
  if (byPlatform) return byPlatform.id;
  const name = ref.replace(/^#/, '').toLowerCase();
  const byId = channels.find((channel) => channel.id === name);
  if (byId && mention === null) return byId.id;
  const known = channels.map((channel) => channel.id).join(', ');
  return { error: `${ref} is not a channel newswatch posts to; the configured channels are ${known || 'none'}. An admin adds channels under channels: in the YAML.` };
}

/** The chat record for a change to a topic: its own record, or a new override of the YAML topic. */
function changedRecord(topic: EffectiveTopic, author: ChatAuthor, now: Date, patch: Partial<Pick<LiveTopic, 'channels' | 'mutedUntil' | 'removed' | 'surge'>>): LiveTopic {
  const time = now.toISOString();
  if (topic.origin.kind !== 'yaml') return { ...topic.origin.record, ...patch, updatedBy: author, updatedAt: time };
  const yaml = topic.origin.yaml;
  return {
    id: yaml.id, name: yaml.name, query: yaml.query, channels: [...yaml.channels], mutedUntil: null, removed: false,
    overrides: snapshotYamlTopic(yaml), createdBy: author, createdAt: time, updatedBy: author, updatedAt: time, ...patch,
  };
}

function channelsText(channels: readonly string[]): string {
  return channels.length > 0 ? channels.join(', ') : 'no channel';
}

function originText(topic: EffectiveTopic, platforms: PlatformDirectory): string {
  const origin = topic.origin;
  if (origin.kind === 'yaml') return 'from the YAML';
  if (origin.kind === 'chat') return `added from chat by ${describeAuthor(origin.record.createdBy, platforms)} on ${formatTime(origin.record.createdAt)}`;
  return `from the YAML, changed from chat by ${describeAuthor(origin.record.updatedBy, platforms)} on ${formatTime(origin.record.updatedAt)}`;
}

function mutedText(topic: EffectiveTopic, now: Date): string {
  return topic.mutedUntil !== null && Date.parse(topic.mutedUntil) > now.getTime() ? `, muted until ${formatTime(topic.mutedUntil)}` : '';
}

function listReply(resolved: ResolvedConfig, now: Date, platforms: PlatformDirectory): Reply {
  if (resolved.topics.length === 0 && resolved.removedTopics.length === 0) {
    return { ephemeral: true, title: 'No topics yet', lines: [['Add one: ', code('/topic add stuxnet')]] };
  }
  const lines: ReplyLine[] = resolved.topics.map((topic) => [
    bold(topic.definition.id),
    ` ${originText(topic, platforms)} → ${channelsText(topic.channels)}${mutedText(topic, now)}  `,
    code(shorten(topic.definition.query, 100)),
  ]);
  for (const { yaml, record } of resolved.removedTopics) {
    lines.push([bold(yaml.id), ` from the YAML, removed from chat by ${describeAuthor(record.updatedBy, platforms)} on ${formatTime(record.updatedAt)}`]);
  }
  return { ephemeral: true, title: `Topics (${resolved.topics.length})`, lines };
}

function hitLines(hits: readonly QueryHit[], now: Date, withEvidence: boolean): ReplyLine[] {
  const lines: ReplyLine[] = [];
  for (const hit of hits.slice(0, SHOWN_HITS)) {
    const title = shorten(hit.article.title || hit.article.key, 150);
    lines.push([
      '• ',
      hit.article.url ? link(hit.article.url, title) : title,
      ` (${hit.article.source}, ${formatRelative(hit.article.publishedAt ?? hit.article.analyzedAt, now)}) score ${hit.score.toFixed(2)}, terms: `,
      code(hit.terms.join(', ')),
    ]);
    const evidence = hit.evidence[0];
    if (withEvidence && evidence !== undefined) lines.push(['    “', shorten(evidence, 240), '”']);
  }
  return lines;
}

function testReply(query: string, hits: readonly QueryHit[], total: number, now: Date): Reply {
  const lines: ReplyLine[] = [[`${hits.length} of ${total} articles analysed in the last 7 days would have matched.`]];
  lines.push(...hitLines(hits, now, true));
  if (hits.length > SHOWN_HITS) lines.push([`…and ${hits.length - SHOWN_HITS} more.`]);
  return { ephemeral: true, title: `Test of ${shorten(query, 80)}`, lines };
}

function showReply(topic: EffectiveTopic, facts: CommandFacts, now: Date): Reply {
  const lines: ReplyLine[] = [
    [bold('Query: '), code(topic.definition.query)],
    [bold('Comes from: '), originText(topic, facts.standing.platforms)],
    [bold('Alerts in: '), `${channelsText(topic.channels)}${mutedText(topic, now)}`],
    [bold('Escalates at: '), describeSurgeRule(topic.surge)],
  ];
  if (topic.origin.kind === 'override') {
    const yaml = topic.origin.yaml;
    lines.push([bold('The YAML says: '), code(yaml.query), ` → ${channelsText(yaml.channels)} (chat's change holds until an admin edits this topic in the YAML)`]);
  }
  const hits = findQueryHits(topic.definition, facts.recentArticles ?? []);
  lines.push([bold('Recent matches: '), `${hits.length} in the last 7 days`]);
  lines.push(...hitLines(hits, now, false));
  return { ephemeral: true, title: `Topic ${topic.definition.id}: ${topic.definition.name}`, lines };
}

