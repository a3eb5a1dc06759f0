import type { PlatformDirectory, PlatformId } from '../chat-platform.js';
import type { SurgeRule } from '../surge.js';
import type { TopicDefinition } from '../topics/topic-definition.js';
import type { YamlTopicSnapshot } from './chat-overlay.js';
import type { FeedSettings, FirstPollPolicy, RuntimeSettings } from './runtime-settings.js';

/** A YAML topic as the live merge needs it: its definition and where it alerts. */
export interface YamlTopic extends TopicDefinition {
  channels: string[];
  /** The YAML's surge rule (null: off); absent when the YAML leaves it to the default. */
  surge?: SurgeRule | null;
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
