/** HTTP validators remembered from a feed's last successful response. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/** What newswatch remembers about one feed between polls. */
export interface FeedState {
  feedId: string;
  validators: Validators;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  nextPollAt: string | null;
  /** True once the feed has been polled successfully: later polls alert everything new. */
  initialized: boolean;
  paused: boolean;
  itemsSeen: number;
  /**
   * Why the feed is paused: `failures` (too many failed polls in a row; still probed at the longest interval and
   * resumed when it answers) or `admin` (left alone until resumed). Absent on older states: treated as `admin`.
   */
  pausedReason?: 'failures' | 'admin' | null;
  /** Whether the admins were told about the current run of failures, so they are told once. */
  failureNotified?: boolean;
  /** The interval the feed's publishing rate and the server's hints set for the next poll, in ms. */
  intervalMs?: number | null;
  /** The feed's last RSS <ttl>, in minutes, still honoured while the server answers 304. */
  ttlMinutes?: number | null;
  /** Short hashes of title and link of the feed's recent items, newest first, to recognise a re-keyed feed. */
  recentFingerprints?: string[];
  /** When the admins were last told the feed re-keyed its items. */
  rekeyNotifiedAt?: string | null;
  /** The WebSub hub and topic the feed advertised at its last full fetch; null when it advertised none. */
  hub?: { hub: string; topic: string } | null;
  /** The next poll was put off because the feed's hub pushes; it is brought forward if pushing stops. */
  pushDeferred?: boolean;
}
