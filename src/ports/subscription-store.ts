import type { WebSubSubscription } from '../core/websub/subscription.js';

/**
 * The WebSub subscriptions, one per feed, kept beside the rest of the state (the SQLite file, or Redis) so they
 * survive restarts and every process sharing the store answers the hub's verifications and deliveries alike.
 */
export interface SubscriptionStore {
  get(feedId: string): Promise<WebSubSubscription | null>;
  list(): Promise<WebSubSubscription[]>;
  save(subscription: WebSubSubscription): Promise<void>;
  /**
   * Applies `changes` to the stored record in one step, only if it still carries `requestId`: an answer to a
   * request never lands on a newer request made meanwhile, and two updates of different fields (a delivery and
   * a verification at the same moment) both stand. Returns whether it was applied.
   */
  update(feedId: string, requestId: string, changes: Partial<Omit<WebSubSubscription, 'feedId' | 'requestId'>>): Promise<boolean>;
  /** Drops the feed's subscription if it still carries `requestId`. */
  deleteIfCurrent(feedId: string, requestId: string): Promise<boolean>;
  close(): Promise<void>;
}
