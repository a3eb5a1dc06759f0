import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../src/core/errors.js';
import type { FeedFetcher, FetchResult } from '../../src/ports/feed-fetcher.js';
import { rssFeed } from '../support/feed-server.js';

/** A fetcher and a place it reads feeds from: a directory, or a local web server. */
export interface FeedFetcherUnderTest {
  /** A fetcher that refuses feeds over `maxBytes`. */
  fetcher(limits?: { maxBytes?: number }): FeedFetcher;
  /** Publishes a new version of feed `name` (a fresh one, or one that changed) and returns where to fetch it. */
  publish(name: string, body: string | Buffer): Promise<string>;
  /** Where feed `name` would be, were it published. */
  locationOf(name: string): string;
  /** Why fetching an unpublished feed fails: the CodedError code. */
  missingCode: string;
  dispose(): Promise<void>;
}

export type FeedFetcherFactory = () => Promise<FeedFetcherUnderTest>;

const NONE = { etag: null, lastModified: null };
const FEED = rssFeed('Harbour Gazette', [{ guid: 'g1', title: 'Port reopens', link: 'https://news.example.org/1' }]);

function fetched(result: FetchResult): Extract<FetchResult, { kind: 'fetched' }> {
  if (result.kind !== 'fetched') throw new Error(`expected a body, got ${result.kind}`);
  return result;
}

async function rejection(promise: Promise<unknown>): Promise<CodedError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection, got a result'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof CodedError)) throw error;
  return error;
}

/** The behaviour every FeedFetcher must show, wherever it reads feeds from. */
export function describeFeedFetcherContract(name: string, factory: FeedFetcherFactory): void {
  describe(`FeedFetcher contract: ${name}`, () => {
    let under: FeedFetcherUnderTest;
    const opened: FeedFetcher[] = [];
    const open = (limits?: { maxBytes?: number }): FeedFetcher => {
      const fetcher = under.fetcher(limits);
      opened.push(fetcher);
      return fetcher;
    };
    beforeEach(async () => {
      under = await factory();
    });
    afterEach(async () => {
      for (const fetcher of opened.splice(0)) await (fetcher as { close?: () => Promise<void> }).close?.();
      await under.dispose();
    });

    it('fetches a feed: its body, size, address, type and validators', async () => {
      const location = await under.publish('harbour', FEED);
      const result = fetched(await open().fetch(location, NONE));
      expect(result.body).toBe(FEED);
      expect(result.bytes).toBe(Buffer.byteLength(FEED));
      expect(new URL(result.finalUrl).href).toBe(result.finalUrl);
      expect(result.contentType).toMatch(/^application\/rss\+xml/);
      expect(result.validators.etag ?? result.validators.lastModified).not.toBeNull();
      // Nothing published asks for slower polling.
      expect(result.hints).toEqual({ maxAgeSeconds: null, retryAfterSeconds: null });
    });

    it('answers not-modified for an unchanged feed, and the new body once it changed', async () => {
      const fetcher = open();
      const location = await under.publish('harbour', FEED);
      const first = fetched(await fetcher.fetch(location, NONE));
      const again = await fetcher.fetch(location, first.validators);
      expect(again.kind).toBe('not-modified');
      expect(again.validators).toEqual(first.validators);

      const changed = rssFeed('Harbour Gazette', [{ guid: 'g2', title: 'Port closes again' }, { guid: 'g1', title: 'Port reopens' }]);
      await under.publish('harbour', changed);
      const after = fetched(await fetcher.fetch(location, first.validators));
      expect(after.body).toBe(changed);
      expect(after.validators).not.toEqual(first.validators);
      expect((await fetcher.fetch(location, after.validators)).kind).toBe('not-modified');
    });

    it('decodes the body with the charset the document declares', async () => {
      const latin1 = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="2.0"><channel><title>Zeitung für Häfen</title></channel></rss>\n';
      const location = await under.publish('latin1', Buffer.from(latin1, 'latin1'));
      const result = fetched(await open().fetch(location, NONE));
      expect(result.body).toContain('Zeitung für Häfen');
      expect(result.bytes).toBe(Buffer.byteLength(latin1, 'latin1'));
    });

    it('fails with a coded error naming the feed when there is none', async () => {
      const location = under.locationOf('never-published');
      const error = await rejection(open().fetch(location, NONE));
      expect(error.code).toBe(under.missingCode);
      expect(error.message.startsWith(`feed ${location}: `)).toBe(true);
    });

    it('refuses a feed over its size limit with feed_too_large', async () => {
      const location = await under.publish('big', rssFeed('Big', Array.from({ length: 50 }, (_, i) => ({ guid: `g${i}`, title: `Item number ${i} of a long feed` }))));
      const error = await rejection(open({ maxBytes: 1_024 }).fetch(location, NONE));
      expect(error.code).toBe('feed_too_large');
      expect(fetched(await open().fetch(location, NONE)).bytes).toBeGreaterThan(1_024);
    });
  });
}
