import type { FeedState } from '../core/records/feed-state.js';

/** Each feed's state between polls: validators, schedule, failures, pause. */
export interface FeedStateStore {
  getFeedState(feedId: string): Promise<FeedState | null>;
  saveFeedState(state: FeedState): Promise<void>;
  /** Every feed's state, by feed id. */
  listFeedStates(): Promise<FeedState[]>;
}
