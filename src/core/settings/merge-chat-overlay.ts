import { surgeRuleInForce, type SurgeRule } from '../surge.js';
import type { TopicDefinition } from '../topics/topic-definition.js';
import { compileTopics } from '../topics/topic-index.js';
import type { LiveConfig, LiveFeed, LiveTopic } from './chat-overlay.js';
import type { FeedSettings, RuntimeSettings, TopicSettings } from './runtime-settings.js';
import { fingerprintYamlFeed, fingerprintYamlTopic, type StandingConfig, type YamlTopic } from './standing-config.js';

/** Where a topic in force comes from: the YAML, chat, or the YAML overridden from chat. */
export type TopicOrigin =
  | { kind: 'yaml'; yaml: YamlTopic }
  | { kind: 'chat'; record: LiveTopic }
  | { kind: 'override'; yaml: YamlTopic; record: LiveTopic };

/** A topic in force after the merge. */
export interface EffectiveTopic {
  definition: TopicDefinition;
  channels: string[];
  mutedUntil: string | null;
  /** When its stories escalate; null: never. */
  surge: SurgeRule | null;
  origin: TopicOrigin;
}

/** A feed in force after the merge, with the chat record that added it. */
export interface EffectiveFeed {
  feed: FeedSettings;
  record: LiveFeed | null;
}

/** The merge of the YAML and chat: topics and feeds in force, and YAML ones removed from chat. */
export interface ResolvedConfig {
  topics: EffectiveTopic[];
  removedTopics: { yaml: YamlTopic; record: LiveTopic }[];
  feeds: EffectiveFeed[];
  removedFeeds: { feed: FeedSettings; record: LiveFeed }[];
}

/**
 * Merges chat changes onto the YAML. A chat change to a YAML topic holds while the YAML topic still looks as it
 * did when the change was made; once the YAML changes that topic (or drops it), the YAML wins. A chat topic whose
 * id later appears in the YAML gives way to it. The same goes for feeds.
 */
export function resolveLiveConfig(standing: StandingConfig, live: LiveConfig): ResolvedConfig {
  const records = new Map(live.topics.map((record) => [record.id, record]));
  const channelIds = new Set(standing.settings.channels.keys());
  const keepChannels = (channels: readonly string[]): string[] => channels.filter((channel) => channelIds.has(channel));
  const topics: EffectiveTopic[] = [];
  const removedTopics: ResolvedConfig['removedTopics'] = [];
  const yamlIds = new Set<string>();
  for (const yaml of standing.topics) {
    yamlIds.add(yaml.id);
    const record = records.get(yaml.id);
    const holds = record?.overrides != null && record.overrides.fingerprint === fingerprintYamlTopic(yaml);
    if (!record || !holds) {
      topics.push({ definition: definitionOf(yaml), channels: [...yaml.channels], mutedUntil: null, surge: surgeRuleInForce(yaml.surge), origin: { kind: 'yaml', yaml } });
    } else if (record.removed) {
      removedTopics.push({ yaml, record });
    } else {
      topics.push({
        definition: { ...definitionOf(yaml), query: record.query },
        channels: keepChannels(record.channels),
        mutedUntil: record.mutedUntil,
        surge: surgeRuleInForce(record.surge === undefined ? yaml.surge : record.surge),
        origin: { kind: 'override', yaml, record },
      });
    }
  }
  for (const record of live.topics) {
    if (yamlIds.has(record.id) || record.overrides !== null || record.removed) continue;
    topics.push({
      definition: { id: record.id, name: record.name, query: record.query },
      channels: keepChannels(record.channels),
      mutedUntil: record.mutedUntil,
      surge: surgeRuleInForce(record.surge),
      origin: { kind: 'chat', record },
    });
  }

  const feedRecords = new Map(live.feeds.map((record) => [record.id, record]));
  const feeds: EffectiveFeed[] = [];
  const removedFeeds: ResolvedConfig['removedFeeds'] = [];
  const feedIds = new Set<string>();
  for (const feed of standing.settings.feeds) {
    feedIds.add(feed.id);
    const record = feedRecords.get(feed.id);
    if (record?.removed === true && record.overrides?.fingerprint === fingerprintYamlFeed(feed)) removedFeeds.push({ feed, record });
    else feeds.push({ feed, record: null });
  }
  for (const record of live.feeds) {
    if (feedIds.has(record.id) || record.removed || record.overrides !== null || !/^https?:\/\//i.test(record.url)) continue;
    feeds.push({
      feed: { id: record.id, name: record.name, location: record.url, ...standing.feedDefaults },
      record,
    });
  }
  return { topics, removedTopics, feeds, removedFeeds };
}

function definitionOf(yaml: YamlTopic): TopicDefinition {
  const { channels: _channels, surge: _surge, ...definition } = yaml;
  return definition;
}

/** The origin as TopicSettings records it: "yaml", or "chat:<who>" for topics made in chat. */
export function describeOrigin(origin: TopicOrigin): string {
  return origin.kind === 'chat' ? `chat:${origin.record.createdBy.userName}` : 'yaml';
}

/** The settings the pipeline runs on: the YAML's, with chat's topics and feeds merged in and recompiled. */
export function mergeLiveConfig(standing: StandingConfig, live: LiveConfig): RuntimeSettings {
  if (live.topics.length === 0 && live.feeds.length === 0) return standing.settings;
  const resolved = resolveLiveConfig(standing, live);
  const usable = resolved.topics.filter((topic) => topic.origin.kind === 'yaml' || compiles(topic.definition));
  const topics: TopicSettings[] = usable.map((topic) => ({
    id: topic.definition.id,
    name: topic.definition.name,
    query: topic.definition.query,
    channels: topic.channels,
    origin: describeOrigin(topic.origin),
    mutedUntil: topic.mutedUntil,
    surge: topic.surge,
  }));
  return {
    ...standing.settings,
    feeds: resolved.feeds.map((entry) => entry.feed),
    topics,
    topicIndex: compileTopics(usable.map((topic) => topic.definition)),
  };
}

/** A chat query that no longer compiles (the grammar changed) is left out rather than stopping the merge. */
function compiles(definition: TopicDefinition): boolean {
  try {
    compileTopics([definition]);
    return true;
  } catch {
    return false;
  }
}
