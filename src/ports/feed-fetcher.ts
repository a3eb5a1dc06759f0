import type { ParsedFeed } from '../core/article.js';
import type { Validators } from '../core/records/feed-state.js';

/** Caching hints a server gave, used to poll politely. */
export interface CacheHints {
  /** Seconds from Cache-Control max-age or Expires. */
  maxAgeSeconds: number | null;
  /** Seconds from Retry-After (429 or 503). */
  retryAfterSeconds: number | null;
}

export type FetchResult =
  | { kind: 'not-modified'; validators: Validators; hints: CacheHints }
  | {
      kind: 'fetched';
      /** The body decoded to text with the charset from the header, XML declaration or BOM. */
      body: string;
      /** Bytes received after decompression. */
      bytes: number;
      finalUrl: string;
      contentType: string | null;
      /** The HTTP `Link` header, where a feed may advertise its WebSub hub; absent for local files. */
      links?: string | null;
      validators: Validators;
      hints: CacheHints;
    };

/** Fetches a feed or page by URL or local path. Failures throw CodedError with a feed_* code. */
export interface FeedFetcher {
  fetch(location: string, validators: Validators, signal?: AbortSignal): Promise<FetchResult>;
}

/** Turns a fetched body into a feed; throws CodedError feed_not_a_feed or feed_malformed. */
export type FeedParser = (body: string, location: string) => Promise<ParsedFeed>;

/** Decodes a body's bytes to text with the charset from the Content-Type, XML declaration or BOM. */
export type BodyDecoder = (bytes: Uint8Array, contentType: string | null) => string;

/** Extracts the main text of an article page, or null when the page holds none. */
export type PageExtractor = (html: string, url: string) => { title: string | null; html: string; text: string } | null;
