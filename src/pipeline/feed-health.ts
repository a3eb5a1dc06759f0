import { describeError } from '../core/errors.js';
import type { FeedState } from '../core/records/feed-state.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { ChatSink } from '../ports/chat-sink.js';
import type { FeedStateStore } from '../ports/feed-state-store.js';
import type { Logger } from '../ports/logger.js';

/** What feed-health needs to tell the admins: the admin channel from the settings, and the sinks. */
export interface AdminNoticeDependencies {
  logger: Logger;
  settings?: () => RuntimeSettings;
  sinks?: () => ReadonlyMap<string, ChatSink>;
}

/** An admin's resume: the feed is polled again at the next scheduler tick, with a clean failure record. */
export async function resumeFeed(store: FeedStateStore, feedId: string, now: Date): Promise<FeedState | null> {
  const state = await store.getFeedState(feedId);
  if (!state) return null;
  state.paused = false;
  state.pausedReason = null;
  state.consecutiveFailures = 0;
  state.failureNotified = false;
  state.nextPollAt = now.toISOString();
  await store.saveFeedState(state);
  return state;
}

/** Posts a notice to the admin channel when one is set; a failure to post is logged, never thrown. */
export async function notifyAdmins(deps: AdminNoticeDependencies, fields: object, text: string): Promise<void> {
  const channelId = deps.settings?.().adminChannel ?? null;
  const sink = channelId === null ? undefined : deps.sinks?.().get(channelId);
  deps.logger.warn({ ...fields, adminChannel: channelId, notice: text }, 'feed health notice');
  if (!sink) return;
  try {
    await sink.postNotice(text);
  } catch (error) {
    deps.logger.error({ ...fields, adminChannel: channelId, err: describeError(error) }, 'could not post a notice to the admin channel');
  }
}
