import type { Alert } from '../alert.js';

/** Where a posted alert landed, so follow-ups can reply in its thread. */
export interface PostedMessage {
  channelId: string;
  /** Platform message reference: Slack ts, Discord message id, console sequence number. */
  messageRef: string;
  /** Platform thread reference when the post is in a thread (Slack thread_ts, Discord thread id). */
  threadRef: string | null;
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

/**
 * Where the claim on posting one alert stands: `claimed` (this owner holds it and may post), `held` (another
 * owner holds a live claim, for `expiresInMs` more unless renewed) or `done` (the alert is recorded as sent).
 */
export type DeliveryClaim = { status: 'claimed' } | { status: 'held'; expiresInMs: number } | { status: 'done' };
