import type { ParsedFeed } from '../../core/article.js';
import type { Validators } from '../../core/records/feed-state.js';
import type { CacheHints, FeedFetcher } from '../../ports/feed-fetcher.js';
import { parseFeed, type ParseLimits } from './parse-feed.js';

export type FetchAndParseResult =
  | { kind: 'not-modified'; validators: Validators; hints: CacheHints }
  | { kind: 'parsed'; feed: ParsedFeed; validators: Validators; hints: CacheHints; bytes: number; finalUrl: string };

/**
 * One poll of one feed: a conditional fetch and, when something new came back, a parse. A 'not-modified'
 * answer never reaches the parser. Errors are the fetcher's and parser's CodedErrors, unchanged.
 */
export async function fetchAndParse(
  fetcher: FeedFetcher,
  location: string,
  validators: Validators,
  options: { signal?: AbortSignal; limits?: ParseLimits } = {},
): Promise<FetchAndParseResult> {
  const fetched = await fetcher.fetch(location, validators, options.signal);
  if (fetched.kind === 'not-modified') return fetched;
  const feed = await parseFeed(fetched.body, location, options.limits);
  return { kind: 'parsed', feed, validators: fetched.validators, hints: fetched.hints, bytes: fetched.bytes, finalUrl: fetched.finalUrl };
}
