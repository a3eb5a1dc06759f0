import { formatDuration } from '../core/duration.js';
import { defaultPollingPolicy } from '../core/poll-interval.js';
import type { RuntimeSettings } from '../core/settings.js';
import type { FeedState } from '../ports/state-store.js';

/** One feed as `newswatch feeds` shows it. */
export interface FeedListing {
  id: string;
  location: string;
  lastSuccess: string;
  lastError: string;
  failures: number;
  nextPoll: string;
  interval: string;
}

/** Every configured feed with its last success, last error and next poll, from the feed states in the store. */
export function listFeeds(settings: RuntimeSettings, states: readonly FeedState[]): FeedListing[] {
  const byFeed = new Map(states.map((state) => [state.feedId, state]));
  // a feed paused for failing is only probed, at the longest interval (as poll-feed does)
  const probeEveryMs = (intervalMs: number): number => Math.max((settings.polling ?? defaultPollingPolicy).maxIntervalMs, intervalMs);
  return settings.feeds.map((feed) => {
    const state = byFeed.get(feed.id);
    const interval = state?.paused
      ? state.pausedReason === 'failures' ? `probed every ${formatDuration(probeEveryMs(feed.intervalMs))}` : 'not polled until resumed'
      : `every ${formatDuration(state?.intervalMs ?? feed.intervalMs)}`;
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
    };
  });
}

/** A listing as the readable output prints it, one field a line. */
export function formatFeedListing(row: FeedListing): string {
  return `${row.id}\n  ${row.location}\n  last success: ${row.lastSuccess}\n  last error:   ${row.lastError}${row.failures > 0 ? ` (${row.failures} in a row)` : ''}\n  next poll:    ${row.nextPoll} (${row.interval})\n`;
}
