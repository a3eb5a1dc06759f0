import type { DeliveryClaim, DeliveryRecord, DeliveryStatus, PostedMessage } from '../core/records/delivery.js';

/**
 * The deliveries, one per alert and channel: the outbox of alerts to post (pending, or held for a digest) and the
 * log of alerts posted or failed, which briefs, replays and follow-up threads read.
 */
export interface DeliveryLog {
  getDelivery(articleKey: string, channelId: string): Promise<DeliveryRecord | null>;
  saveDelivery(record: DeliveryRecord): Promise<void>;
  /** The deliveries matching every given field, oldest first, then by article key. */
  listDeliveries(filter: { status?: DeliveryStatus; channelId?: string; since?: string }): Promise<DeliveryRecord[]>;
  /** The first message posted for a story in a channel, to thread follow-ups under. */
  findStoryMessage(storyId: string, channelId: string): Promise<PostedMessage | null>;
}

/**
 * Claims on posting alerts, so across every process sharing the store each alert is posted once: each post is
 * claimed before and recorded after, so only a post in flight at a crash or outage can be repeated.
 */
export interface DeliveryClaims {
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
}
