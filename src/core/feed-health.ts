import { createHash } from 'node:crypto';
import { canonicalizeLink } from './article-key.js';
import type { FeedItem } from './article.js';
import { formatDuration } from './duration.js';
import { quoteInNotice } from './notice-text.js';
import type { FeedState } from './records/feed-state.js';
import type { FeedHealthPolicy, FeedSettings } from './settings/runtime-settings.js';

// A feed's health, read and changed on its state record: failures counted towards a notice and a pause, recovery,
// and items that come back under new ids. The poll step stores the record and posts the notices.

/** Fingerprints kept per feed: enough for two full windows of a typical feed, bounded for huge ones. */
const MIN_FINGERPRINTS = 200;
const MAX_FINGERPRINTS = 2_000;
/** A feed that keeps re-keying is reported again at most this often. */
const REKEY_NOTICE_EVERY_MS = 7 * 24 * 3_600_000;

/** A feed nobody polled yet. */
export function initialFeedState(feedId: string): FeedState {
  return {
    feedId,
    validators: { etag: null, lastModified: null },
    lastPollAt: null,
    lastSuccessAt: null,
    lastError: null,
    lastErrorAt: null,
    consecutiveFailures: 0,
    nextPollAt: null,
    initialized: false,
    paused: false,
    itemsSeen: 0,
  };
}

function label(feed: FeedSettings): string {
  return quoteInNotice(feed.name && feed.name !== feed.id ? `"${feed.name}" (${feed.id})` : feed.id);
}

/**
 * Counts a failed poll against the feed's health (the caller already raised consecutiveFailures): after
 * `failureAlertAfter` failures in a row it returns the one notice for the admins, after `pauseAfter` it pauses the
 * feed (it is then only probed at the longest interval) and returns a notice saying so.
 */
export function recordFeedFailure(state: FeedState, feed: FeedSettings, policy: FeedHealthPolicy, reason: string, probeEveryMs: number): string | null {
  const failures = state.consecutiveFailures;
  if (failures >= policy.pauseAfter && !state.paused) {
    state.paused = true;
    state.pausedReason = 'failures';
    state.failureNotified = true;
    return (
      `Feed ${label(feed)} is paused after ${failures} failed polls in a row. Last error: ${quoteInNotice(reason)}\n` +
      `It is still tried every ${formatDuration(probeEveryMs)} and resumes by itself when it answers; ` +
      `\`newswatch feeds resume ${feed.id}\` resumes it now.`
    );
  }
  if (failures >= policy.failureAlertAfter && state.failureNotified !== true) {
    state.failureNotified = true;
    return (
      `Feed ${label(feed)} has failed ${failures} polls in a row: ${quoteInNotice(reason)}\n` +
      `newswatch keeps retrying with a growing delay and pauses the feed after ${policy.pauseAfter} failures.`
    );
  }
  return null;
}

/** Clears the failure record after a successful poll; returns a notice when the admins had been told it was sick. */
export function recordFeedRecovery(state: FeedState, feed: FeedSettings): string | null {
  const wasPaused = state.paused && state.pausedReason === 'failures';
  const wasNotified = state.failureNotified === true;
  const failures = state.consecutiveFailures;
  state.consecutiveFailures = 0;
  state.failureNotified = false;
  if (wasPaused) {
    state.paused = false;
    state.pausedReason = null;
    return `Feed ${label(feed)} answers again and is resumed.`;
  }
  return wasNotified ? `Feed ${label(feed)} answers again after ${failures} failed polls.` : null;
}

/** A short hash of an item's title and canonical link, or null when it has neither. */
export function itemFingerprint(item: FeedItem): string | null {
  const title = (item.title ?? '').normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  const link = item.link ? (canonicalizeLink(item.link) ?? item.link.trim()) : '';
  if (title === '' && link === '') return null;
  return createHash('sha256').update(`${title}\n${link}`).digest('base64url').slice(0, 12);
}

export interface RekeyCheck {
  /** Unseen keys whose title and link the feed already showed under another key. */
  rekeyedKeys: Set<string>;
  /** True when most of the feed's items are such: the feed changed how it identifies items. */
  isRekeyed: boolean;
}

/**
 * Looks for a re-keyed feed: most of its items new by key, yet with titles and links it showed before. The key
 * check stays primary; only in that situation are the re-keyed items kept from alerting again, since a single
 * repeated title and link may be a genuinely new item on a generic page.
 */
export function detectRekey(state: FeedState, entries: readonly { key: string; item: FeedItem }[], unseen: readonly string[]): RekeyCheck {
  const known = new Set(state.recentFingerprints ?? []);
  const unseenKeys = new Set(unseen);
  const rekeyedKeys = new Set<string>();
  if (known.size > 0) {
    for (const { key, item } of entries) {
      const fingerprint = itemFingerprint(item);
      if (unseenKeys.has(key) && fingerprint !== null && known.has(fingerprint)) rekeyedKeys.add(key);
    }
  }
  const isRekeyed = rekeyedKeys.size >= 2 && rekeyedKeys.size * 2 > entries.length;
  return { rekeyedKeys: isRekeyed ? rekeyedKeys : new Set(), isRekeyed };
}

/** Remembers the fingerprints of the feed's current items ahead of the older ones, within the cap. */
export function rememberFingerprints(state: FeedState, items: readonly FeedItem[]): void {
  const cap = Math.min(MAX_FINGERPRINTS, Math.max(MIN_FINGERPRINTS, items.length * 2));
  const next = new Set<string>();
  for (const item of items) {
    if (next.size >= cap) break;
    const fingerprint = itemFingerprint(item);
    if (fingerprint !== null) next.add(fingerprint);
  }
  for (const fingerprint of state.recentFingerprints ?? []) {
    if (next.size >= cap) break;
    next.add(fingerprint);
  }
  state.recentFingerprints = [...next];
}

/** The notice for a re-keyed feed, or null when the admins were told recently. Marks them as told. */
export function rekeyNotice(state: FeedState, feed: FeedSettings, rekeyed: number, total: number, now: Date): string | null {
  const last = state.rekeyNotifiedAt ? Date.parse(state.rekeyNotifiedAt) : Number.NaN;
  if (Number.isFinite(last) && now.getTime() - last < REKEY_NOTICE_EVERY_MS) return null;
  state.rekeyNotifiedAt = now.toISOString();
  return (
    `Feed ${label(feed)} now presents ${rekeyed} of its ${total} items under new ids, with titles and links it showed before ` +
    '(the publisher changed its guids or links). They were recorded as seen and not alerted again; new items alert as usual.'
  );
}
