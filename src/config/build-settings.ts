import { parseDuration } from '../core/duration.js';
import { defaultPollingPolicy, type PollingPolicy } from '../core/poll-interval.js';
import { defaultRetention, type ChannelSettings, type FeedSettings, type FetchSettings, type FirstPollPolicy, type QuietHours, type RetentionPolicy, type RuntimeSettings, type TopicSettings } from '../core/settings/runtime-settings.js';
import { surgeRuleInForce, type SurgeMention, type SurgeRule } from '../core/surge.js';
import type { TopicDefinition } from '../core/topics/topic-definition.js';
import { compileTopics } from '../core/topics/topic-index.js';
import type { PlatformDirectory } from '../core/chat-platform.js';
import type { StandingConfig, YamlTopic } from '../core/settings/standing-config.js';
import type { Config } from './config-schema.js';
import { ConfigError } from './load-config.js';

const STORY_WINDOW_MS = 72 * 3_600_000;

function firstPollPolicy(value: string): FirstPollPolicy {
  if (value === 'all') return { kind: 'all' };
  if (value === 'none') return { kind: 'none' };
  return { kind: 'within', withinMs: parseDuration(value) ?? 86_400_000 };
}

/** A readable, stable id for a feed without one: its name, else its host and path. */
export function deriveFeedId(feed: { url: string; name?: string | undefined }): string {
  let base = feed.name ?? '';
  if (base === '') {
    try {
      const url = new URL(feed.url);
      base = `${url.hostname.replace(/^www\./, '')}${url.pathname}`;
    } catch {
      base = feed.url.replace(/^.*[\\/]/, '').replace(/\.[a-z]+$/i, '');
    }
  }
  return base.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'feed';
}

function minuteOf(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The config's topics as the topic index takes them. */
export function toTopicDefinitions(config: Pick<Config, 'topics'>): TopicDefinition[] {
  return config.topics.map((topic) => ({
    id: topic.id,
    name: topic.name,
    query: topic.query,
    stemming: topic.stemming,
    aliases: topic.aliases,
    ...(topic.min_score !== undefined ? { minScore: topic.min_score } : {}),
  }));
}

/** A topic's surge rule as its YAML sets it: undefined when the YAML leaves it out (the default applies). */
function yamlSurgeRule(topic: Config['topics'][number]): SurgeRule | null | undefined {
  if (topic.surge === undefined) return undefined;
  return topic.surge === 'off' || topic.surge === false ? null : { outlets: topic.surge.outlets, minutes: topic.surge.minutes };
}

function surgeMentionOf(channel: Config['channels'][string]): SurgeMention | null {
  const value = 'surge_mention' in channel ? channel.surge_mention : undefined;
  if (value === undefined) return null;
  return value === 'here' || value === 'everyone' ? { kind: value } : { kind: 'group', id: value };
}

/** The bounds of adaptive polling; unset ones default around the default interval so it always lies within them. */
function pollingPolicy(defaults: Config['defaults']): PollingPolicy {
  const interval = parseDuration(defaults.interval) ?? 600_000;
  const min = defaults.min_interval === undefined ? null : parseDuration(defaults.min_interval);
  const max = defaults.max_interval === undefined ? null : parseDuration(defaults.max_interval);
  const minIntervalMs = min ?? Math.min(defaultPollingPolicy.minIntervalMs, interval, max ?? interval);
  return { minIntervalMs, maxIntervalMs: max ?? Math.max(defaultPollingPolicy.maxIntervalMs, interval, minIntervalMs) };
}

/** "5MB" or a number of bytes, as the config allows. */
export function parseByteSize(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)$/i.exec(value);
  const units: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };
  return match ? Math.round(Number(match[1]) * (units[(match[2] ?? 'B').toUpperCase()] ?? 1)) : 5 * 1024 ** 2;
}

/** The fetcher's limits and address policy from `defaults`, so a reload hands the fetcher new ones. */
function fetchSettings(defaults: Config['defaults']): FetchSettings {
  return {
    ...(defaults.user_agent !== undefined ? { userAgent: defaults.user_agent } : {}),
    totalTimeoutMs: parseDuration(defaults.fetch_timeout) ?? 20_000,
    maxBytes: parseByteSize(defaults.max_feed_size),
    allowPrivateAddresses: defaults.allow_private_addresses,
    trustedHosts: [...defaults.trusted_hosts],
  };
}

/** The YAML's `retention` in milliseconds. */
export function retentionPolicy(retention: Config['retention']): RetentionPolicy {
  return {
    seenMs: parseDuration(retention.seen) ?? defaultRetention.seenMs,
    articlesMs: parseDuration(retention.articles) ?? defaultRetention.articlesMs,
    deliveriesMs: parseDuration(retention.deliveries) ?? defaultRetention.deliveriesMs,
  };
}

/** Resolves feed paths against `baseDir` (the config file's folder) so a config works from any working directory. */
export function buildSettings(config: Config, file: string, resolvePath: (path: string) => string): RuntimeSettings {
  const defaults = config.defaults;
  const feeds: FeedSettings[] = [];
  const ids = new Set<string>();
  config.feeds.forEach((feed, index) => {
    const id = feed.id ?? deriveFeedId(feed);
    if (ids.has(id)) {
      throw new ConfigError([{ file, line: 1, column: 1, path: `feeds[${index}]`, message: `duplicate feed id "${id}"; give one of them an id:` }]);
    }
    ids.add(id);
    const isUrl = /^https?:\/\//i.test(feed.url);
    feeds.push({
      id,
      name: feed.name ?? '',
      location: isUrl ? feed.url : resolvePath(feed.url.replace(/^file:\/\//, '')),
      intervalMs: parseDuration(feed.interval ?? defaults.interval) ?? 600_000,
      firstPoll: firstPollPolicy(feed.first_poll ?? defaults.first_poll),
      adaptive: feed.interval === undefined,
    });
  });
  const channels = new Map<string, ChannelSettings>();
  for (const [id, channel] of Object.entries(config.channels)) {
    const quiet: QuietHours | null = channel.quiet_hours
      ? { fromMinute: minuteOf(channel.quiet_hours.from), toMinute: minuteOf(channel.quiet_hours.to), timezone: channel.quiet_hours.timezone }
      : null;
    channels.set(id, {
      id,
      platform: channel.type,
      mode: channel.mode,
      digestSchedule: channel.digest_schedule ?? null,
      minScore: channel.min_score ?? 0,
      quietHours: quiet,
      surgeMention: surgeMentionOf(channel),
      briefs: (channel.briefs ?? []).map((brief) => ({ topicId: brief.topic, schedule: brief.schedule, sinceMs: parseDuration(brief.since) ?? 86_400_000, sinceText: brief.since })),
    });
  }
  const topics: TopicSettings[] = config.topics.map((topic) => ({
    id: topic.id,
    name: topic.name,
    query: topic.query,
    channels: topic.channels,
    origin: 'yaml',
    mutedUntil: null,
    surge: surgeRuleInForce(yamlSurgeRule(topic)),
  }));
  let topicIndex;
  try {
    topicIndex = compileTopics(toTopicDefinitions(config));
  } catch (error) {
    const index = config.topics.findIndex((topic) => (error as Error).message.includes(topic.id));
    throw new ConfigError([
      { file, line: 1, column: 1, path: index >= 0 ? `topics[${index}].query` : 'topics', message: (error as Error).message },
    ]);
  }
  return {
    feeds,
    topics,
    topicIndex,
    channels,
    adminChannel: config.admin_channel ?? null,
    schedulerTick: config.scheduler.tick,
    summarySentences: defaults.summary_sentences,
    maxQuotes: defaults.quotes,
    teaserWords: defaults.teaser_words,
    storyWindowMs: STORY_WINDOW_MS,
    polling: pollingPolicy(defaults),
    feedHealth: { failureAlertAfter: defaults.feed_failure_alert, pauseAfter: defaults.feed_failure_pause },
    maxNewPerPoll: defaults.max_new_per_poll,
    fetch: fetchSettings(defaults),
    retention: retentionPolicy(config.retention),
    webSub: { pollIntervalMs: parseDuration(config.websub.poll_interval) ?? 3_600_000 },
  };
}

/** What the chat platforms (wired in by the composition root) read from a YAML for the standing config. */
export interface PlatformReading {
  /** The platform's own channel a configured channel posts to, when its block names one. */
  platformChannel(channel: Config['channels'][string]): string | null;
  /** The configured platforms' names and who may change topics and feeds from each. */
  directory(config: Config): PlatformDirectory;
}

/** The YAML as chat's changes are merged onto it and commands are checked against; `settings` is its buildSettings. */
export function buildStandingConfig(config: Config, settings: RuntimeSettings, platforms: PlatformReading): StandingConfig {
  const topics = toTopicDefinitions(config).map((definition, index): YamlTopic => {
    const yaml = config.topics[index];
    const surge = yaml === undefined ? undefined : yamlSurgeRule(yaml);
    return { ...definition, channels: [...(yaml?.channels ?? [])], ...(surge === undefined ? {} : { surge }) };
  });
  return {
    settings,
    topics,
    feedDefaults: { intervalMs: parseDuration(config.defaults.interval) ?? 600_000, firstPoll: firstPollPolicy(config.defaults.first_poll) },
    channels: Object.entries(config.channels).map(([id, channel]) => ({ id, platform: channel.type, platformChannel: platforms.platformChannel(channel) })),
    platforms: platforms.directory(config),
  };
}
