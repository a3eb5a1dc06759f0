import { defaultPollingPolicy, type PollingPolicy } from '../poll-interval.js';
import type { SurgeMention, SurgeRule } from '../surge.js';
import type { TopicIndex } from '../topics/topic-index.js';

/** What the first poll of a new feed alerts: items published within `withinMs`, all, or none. */
export type FirstPollPolicy = { kind: 'all' } | { kind: 'none' } | { kind: 'within'; withinMs: number };

export interface FeedSettings {
  id: string;
  name: string;
  /** URL, file: URL or local path. */
  location: string;
  intervalMs: number;
  firstPoll: FirstPollPolicy;
  /** False when the feed set its own interval, which it then keeps; absent or true, polling adapts. */
  adaptive?: boolean;
}

/** When a failing feed is reported to the admins, and when it is paused. */
export interface FeedHealthPolicy {
  /** Consecutive failures after which the admin channel gets one message. */
  failureAlertAfter: number;
  /** Consecutive failures after which the feed is paused (probed at the longest interval until it answers). */
  pauseAfter: number;
}

export const defaultFeedHealthPolicy: FeedHealthPolicy = { failureAlertAfter: 5, pauseAfter: 20 };

export interface QuietHours {
  /** Minutes after midnight, in `timezone`. */
  fromMinute: number;
  toMinute: number;
  timezone: string;
}

export interface ChannelSettings {
  id: string;
  platform: string;
  mode: 'immediate' | 'digest';
  digestSchedule: string | null;
  minScore: number;
  quietHours: QuietHours | null;
  /** Whom a story's escalation mentions here; null: nobody. */
  surgeMention: SurgeMention | null;
  /** Topic briefs posted here on a schedule. */
  briefs: ScheduledBrief[];
}

/** A topic brief a channel gets on a schedule: the top stories of the last `sinceText`. */
export interface ScheduledBrief {
  topicId: string;
  /** A cron expression. */
  schedule: string;
  sinceMs: number;
  /** As the YAML wrote it ("24h"), for the heading. */
  sinceText: string;
}

export interface TopicSettings {
  id: string;
  name: string;
  query: string;
  channels: string[];
  /** Where the topic comes from: "yaml", or "chat:<who>" for topics added from chat. */
  origin: string;
  mutedUntil: string | null;
  /** When a story of this topic escalates; null: never. */
  surge: SurgeRule | null;
}

/** How feeds and pages are fetched (the YAML's `defaults`); read per request, so a reload reaches the next fetch. */
export interface FetchSettings {
  /** Absent: newswatch's own User-Agent. */
  userAgent?: string;
  totalTimeoutMs: number;
  maxBytes: number;
  /** Loopback and private addresses; link-local and cloud metadata ones stay refused unless a trusted host. */
  allowPrivateAddresses: boolean;
  trustedHosts: string[];
}

/** How long old state is kept before the daily prune drops it, in milliseconds. */
export interface RetentionPolicy {
  /** Article keys already seen (they keep a feed's old items from alerting again). */
  seenMs: number;
  /** Analysed articles (story grouping and follow-ups read them). */
  articlesMs: number;
  /** Sent and failed deliveries (`alerts replay` reads them). */
  deliveriesMs: number;
}

export const defaultRetention: RetentionPolicy = { seenMs: 120 * 86_400_000, articlesMs: 7 * 86_400_000, deliveriesMs: 30 * 86_400_000 };

/**
 * The configuration the pipeline runs on, resolved from the YAML (and chat changes) and swapped whole on reload.
 * Each one a process runs on is frozen (freeze-snapshot.ts): a change makes a new one.
 */
export interface RuntimeSettings {
  feeds: FeedSettings[];
  topics: TopicSettings[];
  topicIndex: TopicIndex;
  channels: ReadonlyMap<string, ChannelSettings>;
  adminChannel: string | null;
  summarySentences: number;
  maxQuotes: number;
  teaserWords: number;
  /** Story grouping window. */
  storyWindowMs: number;
  /** Bounds of adaptive polling; defaultPollingPolicy when absent (settingInForce). */
  polling?: PollingPolicy;
  /** defaultFeedHealthPolicy when absent (settingInForce). */
  feedHealth?: FeedHealthPolicy;
  /** Most articles one poll of one feed sends to analysis (DEFAULT_MAX_NEW_PER_POLL when absent: settingInForce). */
  maxNewPerPoll?: number;
  /** The fetcher's limits and address policy; the fetcher's safe defaults when absent. */
  fetch?: FetchSettings;
  /** defaultRetention when absent (settingInForce). */
  retention?: RetentionPolicy;
  /** WebSub push; an hour between safety-net polls when absent (settingInForce). */
  webSub?: WebSubSettings;
  /** The scheduler's tick (the YAML's `scheduler.tick`, whole seconds dividing a minute); 10s when absent (settingInForce). */
  schedulerTick?: string;
}

/** How feeds whose hub pushes are treated (push itself is on when PUBLIC_URL is set). */
export interface WebSubSettings {
  /** How often such a feed is still polled while its pushes can be relied on, as the safety net. */
  pollIntervalMs: number;
}

export const DEFAULT_MAX_NEW_PER_POLL = 1_000;

/** What a step runs with when the settings leave out a part (settings built by hand; the YAML always sets them). */
const defaultsInForce = {
  polling: defaultPollingPolicy,
  feedHealth: defaultFeedHealthPolicy,
  maxNewPerPoll: DEFAULT_MAX_NEW_PER_POLL,
  retention: defaultRetention,
  webSub: { pollIntervalMs: 3_600_000 },
  schedulerTick: '10s',
} as const satisfies { [K in keyof RuntimeSettings]?: NonNullable<RuntimeSettings[K]> };

type DefaultedPart = keyof typeof defaultsInForce;

/** The one place an absent optional part of the settings gets its default: the part in force. */
export function settingInForce<K extends DefaultedPart>(settings: RuntimeSettings | undefined, part: K): NonNullable<RuntimeSettings[K]> {
  return (settings?.[part] ?? defaultsInForce[part]) as NonNullable<RuntimeSettings[K]>;
}
