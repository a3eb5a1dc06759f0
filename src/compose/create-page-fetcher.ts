import { CodedError } from '../core/errors.js';
import type { FeedFetcher } from '../ports/feed-fetcher.js';

/** Phrases of the fetcher's messages that speak of a feed, and what they say of an article page. */
const PAGE_WORDING: ReadonlyArray<readonly [RegExp, string]> = [
  [/the feed is not there any more/g, 'the page is not there any more'],
  [/; poll this feed less often/g, '; the site limits how often it is read'],
  [/; the next poll tries again/g, '; the feed text is used instead'],
];

/**
 * The feed fetcher, for article pages: same limits and address policy, but its errors name a page ("page
 * https://…: HTTP 404 …"), so a log line about an article page is not read as a broken feed.
 */
export function createPageFetcher(fetcher: FeedFetcher): FeedFetcher {
  return {
    async fetch(location, validators, signal) {
      try {
        return await fetcher.fetch(location, validators, signal);
      } catch (error) {
        throw asPageError(error, location);
      }
    },
  };
}

function asPageError(error: unknown, location: string): unknown {
  if (!(error instanceof CodedError)) return error;
  const prefix = `feed ${location}: `;
  if (!error.message.startsWith(prefix)) return error;
  const detail = PAGE_WORDING.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), error.message.slice(prefix.length));
  const options = {
    ...(error.cause === undefined ? {} : { cause: error.cause }),
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
  };
  return new CodedError(error.code, `page ${location}: ${detail}`, options);
}
