import { createFileFeedFetcher } from '../adapters/feeds/file-feed-fetcher.js';
import { createHttpFeedFetcher, defaultHttpFetcherOptions, type FetchLimits } from '../adapters/feeds/http-feed-fetcher.js';
import type { FeedFetcher } from '../ports/feed-fetcher.js';

/** The default User-Agent, naming newswatch. */
export const defaultUserAgent = defaultHttpFetcherOptions.userAgent;

/**
 * One fetcher for every location: http(s) URLs over the network, anything else as a local file. `limits` is read
 * at the start of every fetch (the settings in force), so an edit of the YAML reaches the next request.
 */
export function createFetcher(baseDir: string, limits: () => Partial<FetchLimits>): FeedFetcher & { close(): Promise<void> } {
  const http = createHttpFeedFetcher({ ...defaultHttpFetcherOptions, limits });
  const file = createFileFeedFetcher(baseDir);
  return {
    fetch: (location, validators, signal) =>
      /^https?:\/\//i.test(location) ? http.fetch(location, validators, signal) : file.fetch(location, validators, signal),
    close: () => http.close(),
  };
}
