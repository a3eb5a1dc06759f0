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
 * What the pipeline reports for monitoring. The steps call it as things happen; an adapter turns the calls into
 * Prometheus series (or anything else). Implementations must be cheap and never throw.
 */
export interface Metrics {
  feedPolled(event: PollMetric): void;
  /** An article matched a topic (counted once per article and topic). */
  topicMatched(topicId: string): void;
  alertDelivered(event: DeliveryMetric): void;
}

/** Metrics that go nowhere, for tests and tools that do not serve /metrics. */
export const noopMetrics: Metrics = { feedPolled() {}, topicMatched() {}, alertDelivered() {} };
