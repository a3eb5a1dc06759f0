import type { Quote } from './analysis.js';
import type { Surge } from './surge.js';

/** A matched topic as an alert shows it. */
export interface AlertTopic {
  id: string;
  name: string;
  score: number;
  /** The strongest few query terms that occurred (at most MAX_WHY_TERMS), strongest first. */
  terms: string[];
  /** The sentence that best shows why the article matched. */
  evidence?: string;
}

/** Terms an alert shows per topic: enough to say why, few enough to read at a glance. */
export const MAX_WHY_TERMS = 5;

/**
 * The platform-neutral alert: one article for one channel. Every string in it that came from a feed is
 * untrusted text; each chat renderer escapes it for its own platform.
 */
export interface Alert {
  articleKey: string;
  channelId: string;
  title: string;
  url: string | null;
  source: string;
  publishedAt: string | null;
  topics: AlertTopic[];
  summary: string[];
  quotes: Quote[];
  storyId: string;
  /** Other outlets carrying the same story, this article's source excluded. */
  otherSources: string[];
  /** Set when this article joins a story already alerted: the story's first article key. */
  followUpOf: string | null;
  /** Set when the story is in surge under one of the alert's topics (core/surge.ts): shown as "Developing". */
  developing?: Surge;
}

/** One line of a digest: an alert reduced to what a list shows. */
export interface DigestEntry {
  title: string;
  url: string | null;
  source: string;
  publishedAt: string | null;
  score: number;
}

/** The alerts of one period for one channel, grouped by topic. */
export interface Digest {
  channelId: string;
  periodStart: string;
  periodEnd: string;
  groups: { topicId: string; topicName: string; entries: DigestEntry[] }[];
}
