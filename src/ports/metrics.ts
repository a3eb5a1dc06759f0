/** How one poll of one feed ended, as metrics count it. */
export interface PollMetric {
  feedId: string;
  /** `fetched` (a 200 with a body), `not-modified` (a 304), `failed`. */
  result: 'fetched' | 'not-modified' | 'failed';
  /** Bytes received after decompression (0 for a 304 or a failure). */
  bytes: number;
  /** Articles new to newswatch and queued for analysis. */
  newArticles: number;
  /** The error code of a failed poll. */
  errorCode?: string;
  /** How long the poll took, in seconds. */
  seconds: number;
}

/** One delivery attempt of an alert to a chat platform. */
export interface DeliveryMetric {
  platform: string;
  ok: boolean;
  /** Seconds from the article's publication to this alert, when the feed dated it sensibly. */
  delaySeconds: number | null;
}

/**
 * How a WebSub delivery to the callback was answered: `accepted` (signed right, parsed, its items taken in),
 * `unsigned` (no X-Hub-Signature), `bad_signature` (malformed, unknown method or wrong digest), `not_subscribed`
 * (no subscription the hub verified for that feed), `malformed` (not a feed), `too_large` (over the size limit).
 */
export type PushResult = 'accepted' | 'unsigned' | 'bad_signature' | 'not_subscribed' | 'malformed' | 'too_large';

/**
 * How a hub's verification of intent was answered: `confirmed` (the challenge echoed), `refused` (no request of
 * ours matches its mode and topic), `denied` (the hub refused the subscription).
 */
export type VerificationResult = 'confirmed' | 'refused' | 'denied';

/**
 * What the pipeline reports for monitoring. The steps call it as things happen; an adapter turns the calls into
 * Prometheus series (or anything else). Implementations must be cheap and never throw.
 */
export interface Metrics {
  feedPolled(event: PollMetric): void;
  /** An article matched a topic (counted once per article and topic). */
  topicMatched(topicId: string): void;
  alertDelivered(event: DeliveryMetric): void;
  /** A delivery to the WebSub callback, with the articles it brought that were new and queued for analysis. */
  pushReceived(event: { result: PushResult; newArticles: number }): void;
  hubVerification(result: VerificationResult): void;
}

/** Metrics that go nowhere, for tests and tools that do not serve /metrics. */
export const noopMetrics: Metrics = { feedPolled() {}, topicMatched() {}, alertDelivered() {}, pushReceived() {}, hubVerification() {} };
