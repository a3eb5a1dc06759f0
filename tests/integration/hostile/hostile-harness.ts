import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { rssFeed, type FeedServer } from '../../support/feed-server.js';
import { cyberItem, runOnce, writeConfig, type RunResult } from '../operations/harness.js';

/** The limits every hostile run uses: short, so each case ends in a couple of seconds. */
export const HOSTILE_DEFAULTS = {
  // the feed server is on loopback, trusted by name; every other private address stays refused
  allow_private_addresses: false,
  trusted_hosts: ['127.0.0.1'],
  fetch_timeout: '2s',
  max_feed_size: '2MB',
  first_poll: 'all',
} as const;

/** Two well-behaved feeds that must keep alerting whatever the hostile one does. */
export function serveNormalFeeds(server: FeedServer): void {
  server.route('/normal-a.xml', { body: rssFeed('Normal A', [cyberItem(1001)]) });
  server.route('/normal-b.xml', { body: rssFeed('Normal B', [cyberItem(1002)]) });
}

/**
 * Runs the real app once over the two normal feeds and one hostile feed at `path`, within `withinMs`, and checks
 * the normal feeds alerted and nothing failed but the hostile feed. Returns the run and the hostile feed's error.
 */
export async function runBesideNormalFeeds(
  server: FeedServer,
  path: string,
  options: { withinMs?: number; defaults?: Record<string, string | number | boolean | readonly string[]> } = {},
): Promise<{ run: RunResult; error: string | null; ms: number }> {
  serveNormalFeeds(server);
  const dir = mkdtempSync(join(tmpdir(), 'nw-hostile-'));
  const config = writeConfig(
    dir,
    [
      { id: 'normal-a', url: `${server.url}/normal-a.xml` },
      { id: 'hostile', url: `${server.url}${path}` },
      { id: 'normal-b', url: `${server.url}/normal-b.xml` },
    ],
    { defaults: { ...HOSTILE_DEFAULTS, ...options.defaults } },
  );
  const started = performance.now();
  const run = await runOnce(config, join(dir, 'data'));
  const ms = performance.now() - started;
  expect(ms).toBeLessThan(options.withinMs ?? 5_000);
  const titles = run.alerts.map((alert) => alert.title);
  expect(titles).toContain('Ransomware attack number 1001 hits hospital network');
  expect(titles).toContain('Ransomware attack number 1002 hits hospital network');
  expect(run.result.failed.map((failure) => failure.feedId).filter((id) => id !== 'hostile')).toEqual([]);
  const error = run.result.failed.find((failure) => failure.feedId === 'hostile')?.error ?? null;
  return { run, error, ms };
}

/** Samples the process's resident memory until stopped, to bound what a suite of hostile feeds costs. */
export function trackMemory(): { stop(): { baselineMb: number; peakMb: number; growthMb: number; heapGrowthMb: number } } {
  global.gc?.();
  const baseline = process.memoryUsage();
  let peak = baseline.rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const now = process.memoryUsage();
      peak = Math.max(peak, now.rss);
      const mb = (bytes: number): number => Math.round(bytes / 1024 / 102.4) / 10;
      return { baselineMb: mb(baseline.rss), peakMb: mb(peak), growthMb: mb(peak - baseline.rss), heapGrowthMb: mb(now.heapUsed - baseline.heapUsed) };
    },
  };
}
