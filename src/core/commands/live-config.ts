import type { PlatformDirectory, PlatformId } from '../chat-platform.js';
import type { FeedSettings, FirstPollPolicy, RuntimeSettings } from '../settings.js';
import type { SurgeRule } from '../surge.js';
import type { TopicDefinition } from '../topics/topic-definition.js';

/** Who made a change from chat. */
export interface ChatAuthor {
  platform: PlatformId;
  userId: string;
  userName: string;
}

/** A YAML topic as the live merge needs it: its definition and where it alerts. */
export interface YamlTopic extends TopicDefinition {
  channels: string[];
  /** The YAML's surge rule (null: off); absent when the YAML leaves it to the default. */
  surge?: SurgeRule | null;
}

/** What a chat override was made against: when the YAML topic no longer looks like this, the YAML wins again. */
export interface YamlTopicSnapshot {
  name: string;
  query: string;
  channels: string[];
  /** Canonical form of the whole YAML definition, compared to tell whether the YAML changed that topic. */
  fingerprint: string;
}

/**
 * A topic as chat set it: either made in chat (`overrides` null) or a YAML topic changed from chat, which then
 * carries the YAML values it overrode. `removed` marks a YAML topic removed from chat.
 */
export interface LiveTopic {
  id: string;
  name: string;
  query: string;
  channels: string[];
  mutedUntil: string | null;
  /** Set by `/topic surge` (null: off); absent: the YAML's rule, or the default. */
  surge?: SurgeRule | null;
  removed: boolean;
  overrides: YamlTopicSnapshot | null;
  createdBy: ChatAuthor;
  createdAt: string;
  updatedBy: ChatAuthor;
  updatedAt: string;
}

/** A feed as chat set it: added from chat (`overrides` null), or a YAML feed removed from chat. */
export interface LiveFeed {
  id: string;
  url: string;
  name: string;
  removed: boolean;
  /** The YAML feed this record removes, as it was then (see fingerprintYamlFeed); null for a feed added from chat. */
  overrides: { location: string; fingerprint: string } | null;
  createdBy: ChatAuthor;
  createdAt: string;
}

/** Everything chat has set, at one version of the store. */
export interface LiveConfig {
  version: number;
  topics: LiveTopic[];
  feeds: LiveFeed[];
}

/** One change to the live configuration, applied atomically with its audit entry. */
export type LiveChange =
  | { kind: 'put-topic'; topic: LiveTopic }
  | { kind: 'delete-topic'; id: string }
  | { kind: 'put-feed'; feed: LiveFeed }
  | { kind: 'delete-feed'; id: string };

/** Where a command was typed. */
export interface CommandPlace {
  platform: PlatformId;
  /** The platform's own id of the channel. */
  channelId: string;
  channelName: string | null;
  /** The workspace or server the channel belongs to, when the platform has one. */
  workspaceId: string | null;
}

/** One line of the audit log: who did what, when, from where, and what came of it. */
export interface AuditEntry {
  at: string;
  actor: ChatAuthor;
  place: CommandPlace;
  /** The command as typed, e.g. "/topic add stuxnet". */
  command: string;
  /** What changed, or why nothing did. */
  change: string;
  outcome: 'applied' | 'refused';
}

/** A configured chat channel and the platform channel it posts to, when the YAML names one. */
export interface ConfiguredChannel {
  id: string;
  platform: PlatformId;
  platformChannel: string | null;
}

/** How feeds added from chat are polled, from the YAML defaults. */
export interface FeedDefaults {
  intervalMs: number;
  firstPoll: FirstPollPolicy;
}

/** The admins' YAML, resolved: what chat changes are merged onto and checked against. */
export interface StandingConfig {
  settings: RuntimeSettings;
  topics: YamlTopic[];
  feedDefaults: FeedDefaults;
  channels: ConfiguredChannel[];
  /** The configured chat platforms: their names and who may change topics and feeds from each. */
  platforms: PlatformDirectory;
}

/** The canonical form of a YAML topic, so an override can tell whether the YAML changed it since. */
export function fingerprintYamlTopic(topic: YamlTopic): string {
  return JSON.stringify([
    topic.id,
    topic.name,
    topic.query,
    topic.channels,
    topic.minScore ?? null,
    topic.stemming ?? true,
    topic.aliases ?? [],
    // Only when set, so topics that leave it out keep the fingerprints chat overrides were made against.
    ...(topic.surge === undefined ? [] : [topic.surge]),
  ]);
}

/** The canonical form of a YAML feed, so a removal from chat can tell whether the YAML changed the feed since. */
export function fingerprintYamlFeed(feed: FeedSettings): string {
  return JSON.stringify([feed.id, feed.name, feed.location, feed.intervalMs, feed.firstPoll, feed.adaptive ?? true]);
}

/** The snapshot a chat override keeps of the YAML topic it changes. */
export function snapshotYamlTopic(topic: YamlTopic): YamlTopicSnapshot {
  return { name: topic.name, query: topic.query, channels: [...topic.channels], fingerprint: fingerprintYamlTopic(topic) };
}
