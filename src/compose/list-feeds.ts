import { formatDuration } from '../core/duration.js';
import { settingInForce, type RuntimeSettings } from '../core/settings/runtime-settings.js';
import { isPushHealthy, type WebSubSubscription } from '../core/websub/subscription.js';
import type { FeedState } from '../core/records/feed-state.js';

/** One feed as `newswatch feeds` shows it. */
export interface FeedListing {
  id: string;
  location: string;
  lastSuccess: string;
  lastError: string;
  failures: number;
  nextPoll: string;
  interval: string;
  /** WebSub push: on or off, and why. */
  push: string;
}

/** What the push line needs: why push is off (null: on), the subscriptions, and the time they are judged at. */
export interface PushView {
  offReason: string | null;
  subscriptions: readonly WebSubSubscription[];
  now: Date;
}

const isHttp = (location: string): boolean => /^https?:\/\//i.test(location);

/** One feed's push line: whether its hub pushes, and what polling does meanwhile. */
function describePush(location: string, state: FeedState | undefined, subscription: WebSubSubscription | undefined, view: PushView, safetyNet: string): string {
  const advertised = state?.hub ? `the feed advertises the hub ${state.hub.hub}` : null;
  if (view.offReason !== null) return `off: ${view.offReason}${advertised ? ` (${advertised})` : ''}`;
  if (!isHttp(location)) return 'none: local files are read, never pushed';
  if (!subscription) {
    if (!state?.lastSuccessAt) return 'not known until the first poll';
    return advertised ? `about to subscribe (${advertised})` : 'none: the feed advertises no hub';
  }
  const hub = subscription.hub;
  if (subscription.state === 'failed' || subscription.state === 'denied') {
    const why = subscription.state === 'denied' ? `denied by ${hub}: ${subscription.lastError ?? 'no reason given'}` : `failed: ${subscription.lastError ?? 'no reason given'}`;
    return `${why}; asked again at ${subscription.retryAt ?? 'the next tick'}, polled as usual meanwhile`;
  }
  if (subscription.state === 'unsubscribing') return `unsubscribing from ${hub}`;
  if (subscription.state === 'pending') return `waiting for ${hub} to verify the subscription (asked at ${subscription.requestedAt}), polled as usual meanwhile`;
  if (subscription.missedAt !== null) return `subscribed at ${hub}, but a poll at ${subscription.missedAt} found articles it had not pushed; polled as usual until a push arrives`;
  const lease = `lease until ${subscription.leaseExpiresAt ?? '?'}`;
  return isPushHealthy(subscription, view.now) ? `subscribed at ${hub}, ${lease}; polled ${safetyNet} as the safety net` : `subscribed at ${hub}, ${lease} (lapsed); polled as usual`;
}

/** Every configured feed with its last success, last error and next poll, from the feed states in the store. */
export function listFeeds(settings: RuntimeSettings, states: readonly FeedState[], push: PushView): FeedListing[] {
  const byFeed = new Map(states.map((state) => [state.feedId, state]));
  const subscriptions = new Map(push.subscriptions.map((subscription) => [subscription.feedId, subscription]));
  const safetyNet = `every ${formatDuration(settingInForce(settings, 'webSub').pollIntervalMs)}`;
  // a feed paused for failing is only probed, at the longest interval (as poll-feed does)
  const probeEveryMs = (intervalMs: number): number => Math.max(settingInForce(settings, 'polling').maxIntervalMs, intervalMs);
  return settings.feeds.map((feed) => {
    const state = byFeed.get(feed.id);
    const every = `every ${formatDuration(state?.intervalMs ?? feed.intervalMs)}`;
    const interval = state?.paused
      ? state.pausedReason === 'failures' ? `probed every ${formatDuration(probeEveryMs(feed.intervalMs))}` : 'not polled until resumed'
      : state?.pushDeferred ? `${safetyNet} while the hub pushes, ${every} otherwise` : every;
    return {
      id: feed.id,
      location: feed.location,
      lastSuccess: state?.lastSuccessAt ?? 'never',
      lastError: state?.lastError ? `${state.lastErrorAt} ${state.lastError}` : '-',
      failures: state?.consecutiveFailures ?? 0,
      nextPoll: state?.paused
        ? state.pausedReason === 'failures' ? `paused for failing; next probe ${state.nextPollAt ?? 'at start'}` : 'paused'
        : (state?.nextPollAt ?? 'at start'),
      interval,
      push: describePush(feed.location, state, subscriptions.get(feed.id), push, safetyNet),
    };
  });
}

/** A listing as the readable output prints it, one field a line. */
export function formatFeedListing(row: FeedListing): string {
  return `${row.id}\n  ${row.location}\n  last success: ${row.lastSuccess}\n  last error:   ${row.lastError}${row.failures > 0 ? ` (${row.failures} in a row)` : ''}\n  next poll:    ${row.nextPoll} (${row.interval})\n  push:         ${row.push}\n`;
}
