/** The bounds adaptive polling keeps each feed's interval within. */
export interface PollingPolicy {
  minIntervalMs: number;
  maxIntervalMs: number;
}

export const defaultPollingPolicy: PollingPolicy = { minIntervalMs: 5 * 60_000, maxIntervalMs: 3_600_000 };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Publication dates older than this say nothing about the feed's current pace. */
const RATE_WINDOW_MS = 7 * DAY_MS;
/** A short span would make one fresh item look like a flood. */
const MIN_RATE_SPAN_MS = HOUR_MS;
/** Dates this far ahead are clock skew; later ones are wrong and ignored. */
const FUTURE_TOLERANCE_MS = 10 * 60_000;
/** Polls per publication: twice keeps the wait for a new item under half its gap. */
const POLLS_PER_PUBLICATION = 2;
/** Without dates, each empty poll slows the feed down a little, and each poll with news speeds it up. */
const SLOW_DOWN = 1.25;
const SPEED_UP = 0.8;
/** Failed polls back off from a minute, doubling, to at most this. */
const MAX_BACKOFF_MS = 6 * HOUR_MS;
const FIRST_RETRY_MS = 60_000;
/** A Retry-After longer than this is taken as a day: the feed is not given up on. */
const MAX_RETRY_AFTER_MS = DAY_MS;

/**
 * The mean time between publications from the items' dates: the dated items of the last week over the time they
 * span up to now (so a feed that went quiet slows down). Infinity when the feed has dates but none recent, null
 * when it has no usable dates. Dates in the future are ignored, so a hostile feed cannot make us poll faster.
 */
export function estimatePublishGapMs(publishedAt: readonly (string | null)[], now: Date): number | null {
  const nowMs = now.getTime();
  let dated = 0;
  let recent = 0;
  let oldest = Number.POSITIVE_INFINITY;
  for (const value of publishedAt) {
    const at = value === null ? Number.NaN : Date.parse(value);
    if (!Number.isFinite(at) || at > nowMs + FUTURE_TOLERANCE_MS) continue;
    dated += 1;
    if (at < nowMs - RATE_WINDOW_MS) continue;
    recent += 1;
    oldest = Math.min(oldest, at);
  }
  if (dated === 0) return null;
  if (recent === 0) return Number.POSITIVE_INFINITY;
  return Math.max(nowMs - oldest, MIN_RATE_SPAN_MS) / recent;
}

export interface IntervalInput {
  /** The feed's configured interval: the starting point, and the fixed interval of a feed that set its own. */
  baseMs: number;
  /** False for a feed whose interval was set explicitly: it keeps it. */
  adaptive: boolean;
  /** The interval chosen after the previous poll, if any. */
  previousMs: number | null;
  policy: PollingPolicy;
  /** From estimatePublishGapMs; null when this poll brought no dates (a 304, an undated feed). */
  publishGapMs: number | null;
  /** Items new on this poll (0 for a 304). */
  newItems: number;
  /** RSS <ttl>, in minutes. */
  ttlMinutes: number | null;
  /** Cache-Control max-age or Expires, in seconds. */
  maxAgeSeconds: number | null;
}

/**
 * The interval until a feed's next poll after a successful one, and the floor the server's hints set. An adaptive
 * feed polls about twice per publication gap, between the policy's bounds; without dates it slows down while
 * nothing changes and speeds up when news arrives. The feed's ttl and the response's max-age are honoured as a
 * floor, up to the longest interval (which is the freshness users were promised).
 */
export function chooseIntervalMs(input: IntervalInput): { intervalMs: number; floorMs: number } {
  const { policy } = input;
  let interval: number;
  if (!input.adaptive) interval = input.baseMs;
  else if (input.publishGapMs !== null) interval = input.publishGapMs / POLLS_PER_PUBLICATION;
  else if (input.previousMs === null) interval = input.baseMs;
  else interval = input.previousMs * (input.newItems > 0 ? SPEED_UP : SLOW_DOWN);
  if (input.adaptive) interval = Math.min(policy.maxIntervalMs, Math.max(policy.minIntervalMs, interval));
  const ceiling = Math.max(policy.maxIntervalMs, input.adaptive ? 0 : input.baseMs);
  const hinted = Math.max((input.ttlMinutes ?? 0) * 60_000, (input.maxAgeSeconds ?? 0) * 1_000);
  const floorMs = Math.min(ceiling, hinted);
  return { intervalMs: Math.round(Math.max(interval, floorMs)), floorMs: Math.round(floorMs) };
}

/**
 * How long to wait after the n-th failure in a row: doubling from a minute up to a cap that grows with the
 * feed's interval, and never less than the server's Retry-After (up to a day).
 */
export function failureDelayMs(failures: number, intervalMs: number, retryAfterSeconds: number | null = null): number {
  const cap = Math.min(MAX_BACKOFF_MS, Math.max(intervalMs * 8, HOUR_MS));
  const backoff = Math.min(cap, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
  const asked = retryAfterSeconds === null ? 0 : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, retryAfterSeconds) * 1_000);
  return Math.max(backoff, asked);
}

/** A fraction in [0, 1) that depends only on the text (FNV-1a, mixed), so a feed keeps its place across restarts. */
export function stableFraction(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // FNV's high bits barely change between names that differ in their last characters; mix them in (murmur3's finaliser)
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}

/**
 * When to poll a feed next: an interval from now, moved to the feed's own phase within the interval (at most half
 * an interval either way) so that feeds sharing an interval spread over it instead of all polling at once; never
 * sooner than `floorMs` from now. Steady polling keeps the phase, so the gaps settle at the interval.
 */
export function nextPollTime(feedId: string, now: Date, intervalMs: number, floorMs = 0): Date {
  const interval = Math.max(1_000, Math.round(intervalMs));
  const target = now.getTime() + interval;
  const phase = Math.floor(stableFraction(feedId) * interval);
  let offset = (phase - (target % interval)) % interval;
  if (offset >= interval / 2) offset -= interval;
  if (offset < -interval / 2) offset += interval;
  return new Date(Math.max(target + offset, now.getTime() + floorMs));
}
