import { createFileFeedFetcher } from '../adapters/feeds/file-feed-fetcher.js';
import { createHttpFeedFetcher, defaultHttpFetcherOptions, type FetchLimits } from '../adapters/feeds/http-feed-fetcher.js';
import type { FeedFetcher } from '../ports/feed-fetcher.js';
import type { RateBudgets } from '../ports/rate-budgets.js';

/** The default User-Agent, naming newswatch. */
export const defaultUserAgent = defaultHttpFetcherOptions.userAgent;

/**
 * One fetcher for every location: http(s) URLs over the network, anything else as a local file. `limits` is read
 * at the start of every fetch (the settings in force), so an edit of the YAML reaches the next request; the
 * per-host limit lives in `budgets` (the backend's, so workers on Redis keep it together).
 */
export function createFetcher(baseDir: string, limits: () => Partial<FetchLimits>, budgets: RateBudgets): FeedFetcher & { close(): Promise<void> } {
  const http = createHttpFeedFetcher({ ...defaultHttpFetcherOptions, limits, budgets });
  const file = createFileFeedFetcher(baseDir);
  return {
    fetch: (location, validators, signal) =>
      /^https?:\/\//i.test(location) ? http.fetch(location, validators, signal) : file.fetch(location, validators, signal),
    close: () => http.close(),
  };
}
