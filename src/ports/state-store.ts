import type { Alert } from '../core/alert.js';
import type { Article } from '../core/article.js';
import type { RecentArticle } from '../core/commands/test-topic-query.js';
import type { PostedMessage } from './chat-sink.js';
import type { Validators } from './feed-fetcher.js';

/** What newswatch remembers about one feed between polls. */
export interface FeedState {
  feedId: string;
  validators: Validators;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  nextPollAt: string | null;
  /** True once the feed has been polled successfully: later polls alert everything new. */
  initialized: boolean;
  paused: boolean;
  itemsSeen: number;
  /**
   * Why the feed is paused: `failures` (too many failed polls in a row; still probed at the longest interval and
   * resumed when it answers) or `admin` (left alone until resumed). Absent on older states: treated as `admin`.
   */
  pausedReason?: 'failures' | 'admin' | null;
  /** Whether the admins were told about the current run of failures, so they are told once. */
  failureNotified?: boolean;
  /** The interval the feed's publishing rate and the server's hints set for the next poll, in ms. */
  intervalMs?: number | null;
  /** The feed's last RSS <ttl>, in minutes, still honoured while the server answers 304. */
  ttlMinutes?: number | null;
  /** Short hashes of title and link of the feed's recent items, newest first, to recognise a re-keyed feed. */
  recentFingerprints?: string[];
  /** When the admins were last told the feed re-keyed its items. */
  rekeyNotifiedAt?: string | null;
  /** The WebSub hub and topic the feed advertised at its last full fetch; null when it advertised none. */
  hub?: { hub: string; topic: string } | null;
  /** The next poll was put off because the feed's hub pushes; it is brought forward if pushing stops. */
  pushDeferred?: boolean;
}

/** An analysed article kept for a window, for story grouping and for trying topics on recent news. */
export interface StoredArticle extends RecentArticle {
  storyId: string;
  /** MinHash signature of title and lead, as numbers. */
  signature: number[];
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'digest';

/** One alert for one channel: the delivery outbox and the alert log in one record. */
export interface DeliveryRecord {
  articleKey: string;
  channelId: string;
  alert: Alert;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
  posted: PostedMessage | null;
}

/** What analysis stores for one article once its story is known: the article and its alerts. */
export interface GroupedArticle {
  article: StoredArticle;
  deliveries: DeliveryRecord[];
}

/**
 * Where the claim on posting one alert stands: `claimed` (this owner holds it and may post), `held` (another
 * owner holds a live claim, for `expiresInMs` more unless renewed) or `done` (the alert is recorded as sent).
 */
export type DeliveryClaim = { status: 'claimed' } | { status: 'held'; expiresInMs: number } | { status: 'done' };

/**
 * Everything newswatch keeps between runs. The state store, not the queue, is what makes processing
 * exactly-once: an article is recorded as seen and pending in one step, and its alerts replace the pending
 * entry in one step, so a crash at any moment loses nothing; each alert's post is claimed before and recorded
 * after, so only a post in flight at a crash or outage can be repeated.
 */
export interface StateStore {
  getFeedState(feedId: string): Promise<FeedState | null>;
  saveFeedState(state: FeedState): Promise<void>;
  listFeedStates(): Promise<FeedState[]>;

  /** Keys among `keys` never seen before. */
  filterUnseen(keys: readonly string[]): Promise<string[]>;
  /**
   * Records articles as seen; those in `pending` also wait for analysis. Returns the pending articles that were
   * really new (another process or feed may have recorded the same key first).
   */
  recordSeen(seen: readonly string[], pending: readonly Article[], at: string): Promise<Article[]>;
  getPendingArticle(key: string): Promise<Article | null>;
  listPendingArticles(): Promise<Article[]>;
  /** Stores the analysed article and its alerts, and clears it from pending, all at once. */
  completeArticle(key: string, article: StoredArticle | null, deliveries: readonly DeliveryRecord[]): Promise<void>;

  /**
   * Groups an analysed article into a story and completes it (as `completeArticle`) in one step across every
   * process sharing the store: `group` gets the articles analysed since `since` and returns what to store. If
   * another article was stored after that read and before the write, `group` runs again on the fresher window,
   * so two rewrites of one story analysed at the same instant in two processes join one story. `group` must be
   * synchronous and free of side effects (it may run more than once); what it last returned is returned. Null, and
   * nothing written, when the article is no longer pending (another run completed it).
   */
  completeGroupedArticle<T extends GroupedArticle>(key: string, since: string, group: (recent: readonly StoredArticle[]) => T): Promise<T | null>;

  recentArticles(since: string): Promise<StoredArticle[]>;

  getDelivery(articleKey: string, channelId: string): Promise<DeliveryRecord | null>;
  saveDelivery(record: DeliveryRecord): Promise<void>;
  listDeliveries(filter: { status?: DeliveryStatus; channelId?: string; since?: string }): Promise<DeliveryRecord[]>;
  /**
   * Claims the post of one alert for `owner` for `ttlMs`, or extends the claim `owner` already holds. Across
   * every process sharing the store one owner at a time holds a live claim; once the alert is recorded as sent
   * (`completeDelivery`), every claim answers `done`. A claim that lapses without completion (its owner died) can
   * be claimed again.
   */
  claimDelivery(articleKey: string, channelId: string, owner: string, ttlMs: number, now: Date): Promise<DeliveryClaim>;
  /**
   * Saves the record of a posted alert (status sent) and drops the claim, in one step: the record is what makes
   * the claim permanent. Returns whether `owner` still held the claim; false means it lapsed during the post, so
   * another owner may have posted the alert too.
   */
  completeDelivery(record: DeliveryRecord, owner: string, now: Date): Promise<boolean>;
  /** Drops `owner`'s claim (the post failed) so a retry can claim at once; another owner's claim is left alone. */
  releaseDelivery(articleKey: string, channelId: string, owner: string): Promise<void>;
  /** The first message posted for a story in a channel, to thread follow-ups under. */
  findStoryMessage(storyId: string, channelId: string): Promise<PostedMessage | null>;

  /**
   * Claims a one-time token (e.g. one feed's next poll) for `ttlMs`; only the first caller, across every process
   * sharing this store, gets true. This is how several schedulers fetch each feed once per interval.
   */
  claimOnce(token: string, ttlMs: number, now: Date): Promise<boolean>;

  /** Drops what is older than its window (seen keys, stored articles, the alert log). */
  prune(before: { seen: string; articles: string; deliveries: string }): Promise<void>;
  close(): Promise<void>;
}
