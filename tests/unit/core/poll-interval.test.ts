import { describe, expect, it } from 'vitest';
import {
  chooseIntervalMs,
  defaultPollingPolicy,
  estimatePublishGapMs,
  failureDelayMs,
  nextPollTime,
  stableFraction,
  type IntervalInput,
} from '../../../src/core/poll-interval.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const now = new Date('2024-05-01T12:00:00Z');
const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString();
const policy = { minIntervalMs: 5 * MIN, maxIntervalMs: HOUR };
const input = (overrides: Partial<IntervalInput>): IntervalInput => ({
  baseMs: 10 * MIN,
  adaptive: true,
  previousMs: null,
  policy,
  publishGapMs: null,
  newItems: 0,
  ttlMinutes: null,
  maxAgeSeconds: null,
  ...overrides,
});

describe('estimatePublishGapMs', () => {
  it('divides the span of the last week, up to now, by the items in it', () => {
    const dates = Array.from({ length: 12 }, (_, index) => ago((index + 1) * 10 * MIN));
    expect(estimatePublishGapMs(dates, now)).toBe((120 * MIN) / 12);
  });

  it('counts the silence since the newest item, so a feed that went quiet slows down', () => {
    const burst = Array.from({ length: 20 }, (_, index) => ago(3 * 24 * HOUR + index * MIN));
    expect(estimatePublishGapMs(burst, now)).toBeGreaterThan(3 * HOUR);
  });

  it('never takes less than an hour as the span, so one fresh item is not a flood', () => {
    expect(estimatePublishGapMs([ago(MIN)], now)).toBe(HOUR);
  });

  it('is infinite with only old dates and null without usable ones', () => {
    expect(estimatePublishGapMs([ago(30 * 24 * HOUR), '1970-01-01T00:00:00Z'], now)).toBe(Number.POSITIVE_INFINITY);
    expect(estimatePublishGapMs([null, 'not a date'], now)).toBeNull();
    expect(estimatePublishGapMs([], now)).toBeNull();
  });

  it('ignores dates in the future, so a hostile feed cannot speed polling up', () => {
    const future = Array.from({ length: 50 }, () => '2099-01-01T00:00:00Z');
    expect(estimatePublishGapMs([...future, ago(2 * 24 * HOUR)], now)).toBe(2 * 24 * HOUR);
    expect(estimatePublishGapMs(future, now)).toBeNull();
  });
});

describe('chooseIntervalMs', () => {
  it('polls twice per publication gap, within the policy bounds', () => {
    expect(chooseIntervalMs(input({ publishGapMs: 40 * MIN })).intervalMs).toBe(20 * MIN);
    expect(chooseIntervalMs(input({ publishGapMs: 2 * MIN })).intervalMs).toBe(5 * MIN);
    expect(chooseIntervalMs(input({ publishGapMs: 5 * HOUR })).intervalMs).toBe(HOUR);
    expect(chooseIntervalMs(input({ publishGapMs: Number.POSITIVE_INFINITY })).intervalMs).toBe(HOUR);
  });

  it('starts at the configured interval, then slows down without news and speeds up with it', () => {
    expect(chooseIntervalMs(input({})).intervalMs).toBe(10 * MIN);
    expect(chooseIntervalMs(input({ previousMs: 10 * MIN })).intervalMs).toBe(12.5 * MIN);
    expect(chooseIntervalMs(input({ previousMs: 10 * MIN, newItems: 3 })).intervalMs).toBe(8 * MIN);
    expect(chooseIntervalMs(input({ previousMs: 55 * MIN })).intervalMs).toBe(HOUR);
    expect(chooseIntervalMs(input({ previousMs: 5 * MIN, newItems: 1 })).intervalMs).toBe(5 * MIN);
  });

  it('keeps the interval of a feed that set its own, even outside the bounds', () => {
    expect(chooseIntervalMs(input({ adaptive: false, baseMs: 2 * MIN, publishGapMs: 5 * HOUR })).intervalMs).toBe(2 * MIN);
    expect(chooseIntervalMs(input({ adaptive: false, baseMs: 3 * HOUR, previousMs: 3 * HOUR })).intervalMs).toBe(3 * HOUR);
  });

  it('honours ttl and max-age as a floor, up to the longest interval', () => {
    expect(chooseIntervalMs(input({ publishGapMs: 10 * MIN, ttlMinutes: 30 }))).toEqual({ intervalMs: 30 * MIN, floorMs: 30 * MIN });
    expect(chooseIntervalMs(input({ publishGapMs: 10 * MIN, maxAgeSeconds: 900 }))).toEqual({ intervalMs: 15 * MIN, floorMs: 15 * MIN });
    expect(chooseIntervalMs(input({ publishGapMs: 10 * MIN, ttlMinutes: 24 * 60 }))).toEqual({ intervalMs: HOUR, floorMs: HOUR });
    expect(chooseIntervalMs(input({ adaptive: false, baseMs: 2 * MIN, ttlMinutes: 20 })).intervalMs).toBe(20 * MIN);
    expect(chooseIntervalMs(input({ publishGapMs: 40 * MIN, maxAgeSeconds: 0 })).intervalMs).toBe(20 * MIN);
  });

  it('has defaults of five minutes to an hour', () => {
    expect(defaultPollingPolicy).toEqual({ minIntervalMs: 5 * MIN, maxIntervalMs: HOUR });
  });
});

describe('failureDelayMs', () => {
  it('doubles from a minute up to a cap that grows with the interval', () => {
    expect([1, 2, 3, 4].map((failures) => failureDelayMs(failures, 10 * MIN))).toEqual([MIN, 2 * MIN, 4 * MIN, 8 * MIN]);
    expect(failureDelayMs(30, 10 * MIN)).toBe(80 * MIN);
    expect(failureDelayMs(30, MIN)).toBe(HOUR);
    expect(failureDelayMs(30, 12 * HOUR)).toBe(6 * HOUR);
  });

  it('waits at least as long as Retry-After asks, up to a day', () => {
    expect(failureDelayMs(1, 10 * MIN, 600)).toBe(10 * MIN);
    expect(failureDelayMs(5, 10 * MIN, 30)).toBe(16 * MIN);
    expect(failureDelayMs(1, 10 * MIN, 7 * 24 * 3_600)).toBe(24 * HOUR);
    expect(failureDelayMs(1, 10 * MIN, null)).toBe(MIN);
  });
});

describe('nextPollTime', () => {
  it('is stable per feed and lands within half an interval of the target', () => {
    const first = nextPollTime('bbc-world', now, 10 * MIN);
    expect(nextPollTime('bbc-world', now, 10 * MIN)).toEqual(first);
    const gap = first.getTime() - now.getTime();
    expect(gap).toBeGreaterThanOrEqual(5 * MIN);
    expect(gap).toBeLessThanOrEqual(15 * MIN);
  });

  it('spreads feeds polled at the same moment over the whole interval', () => {
    const interval = 10 * MIN;
    const buckets = new Array<number>(10).fill(0);
    for (let index = 0; index < 1_000; index += 1) {
      const at = nextPollTime(`feed-${index}`, now, interval).getTime();
      buckets[Math.floor((at % interval) / MIN)] = (buckets[Math.floor((at % interval) / MIN)] ?? 0) + 1;
    }
    // a burst would put every feed in one minute; spread, each minute of the interval gets about a tenth
    for (const count of buckets) expect(count).toBeGreaterThan(60);
  });

  it('keeps the phase once settled: polling on time gives gaps of one interval', () => {
    const interval = 10 * MIN;
    const first = nextPollTime('reuters', now, interval);
    const late = new Date(first.getTime() + 7_000);
    expect(nextPollTime('reuters', late, interval).getTime() - first.getTime()).toBe(interval);
  });

  it('never comes sooner than the floor', () => {
    const at = nextPollTime('x', now, 10 * MIN, 10 * MIN);
    expect(at.getTime() - now.getTime()).toBeGreaterThanOrEqual(10 * MIN);
  });

  it('spreads names evenly', () => {
    const fractions = Array.from({ length: 2_000 }, (_, index) => stableFraction(`https://site-${index}.example/rss`));
    const mean = fractions.reduce((sum, value) => sum + value, 0) / fractions.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(Math.min(...fractions)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...fractions)).toBeLessThan(1);
  });
});
