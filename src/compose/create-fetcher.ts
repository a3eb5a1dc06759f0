import { createFileFeedFetcher } from '../adapters/feeds/file-feed-fetcher.js';
import { createHttpFeedFetcher, defaultHttpFetcherOptions } from '../adapters/feeds/http-feed-fetcher.js';
import type { Config } from '../config/config-schema.js';
import { parseDuration } from '../core/duration.js';
import type { FeedFetcher } from '../ports/feed-fetcher.js';

/** The default User-Agent, naming newswatch. */
export const defaultUserAgent = defaultHttpFetcherOptions.userAgent;

/** One fetcher for every location: http(s) URLs over the network, anything else as a local file. */
export function createFetcher(config: Config, baseDir: string, userAgent: string): FeedFetcher & { close(): Promise<void> } {
  const http = createHttpFeedFetcher({
    ...defaultHttpFetcherOptions,
    userAgent,
    totalTimeoutMs: parseDuration(config.defaults.fetch_timeout) ?? defaultHttpFetcherOptions.totalTimeoutMs,
    maxBytes: parseByteSize(config.defaults.max_feed_size),
    allowPrivateAddresses: config.defaults.allow_private_addresses,
    trustedHosts: config.defaults.trusted_hosts,
  });
  const file = createFileFeedFetcher(baseDir);
  return {
    fetch: (location, validators, signal) =>
      /^https?:\/\//i.test(location) ? http.fetch(location, validators, signal) : file.fetch(location, validators, signal),
    close: () => http.close(),
  };
}

/** "5MB" or a number of bytes, as the config allows. */
export function parseByteSize(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)$/i.exec(value);
  const units: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };
  return match ? Math.round(Number(match[1]) * (units[(match[2] ?? 'B').toUpperCase()] ?? 1)) : 5 * 1024 ** 2;
}

