import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchAndParse } from '../../../src/adapters/feeds/fetch-and-parse.js';
import { createFileFeedFetcher } from '../../../src/adapters/feeds/file-feed-fetcher.js';
import { expectCoded } from './expect-coded.js';

const NONE = { etag: null, lastModified: null };
const FEED = '<rss version="2.0"><channel><title>Disk</title><item><title>One</title><guid>1</guid></item></channel></rss>';
const baseDir = mkdtempSync(join(tmpdir(), 'newswatch-feeds-'));
mkdirSync(join(baseDir, 'feeds'));
writeFileSync(join(baseDir, 'feeds', 'local.rss'), FEED);

afterAll(() => {
  rmSync(baseDir, { recursive: true, force: true });
});

describe('createFileFeedFetcher', () => {
  it('reads a path relative to its base directory, then answers not-modified until the file changes', async () => {
    const fetcher = createFileFeedFetcher(baseDir);
    const first = await fetcher.fetch('feeds/local.rss', NONE);
    if (first.kind !== 'fetched') throw new Error('expected a body');
    expect(first).toMatchObject({ body: FEED, bytes: FEED.length, contentType: 'application/rss+xml' });
    expect(first.finalUrl).toBe(pathToFileURL(join(baseDir, 'feeds', 'local.rss')).href);
    expect(first.validators.etag).toMatch(/^W\/"/);
    expect(first.validators.lastModified).not.toBeNull();

    expect((await fetcher.fetch('feeds/local.rss', first.validators)).kind).toBe('not-modified');
    expect((await fetcher.fetch('feeds/local.rss', { etag: null, lastModified: first.validators.lastModified })).kind).toBe('not-modified');

    const later = new Date(Date.now() + 60_000);
    utimesSync(join(baseDir, 'feeds', 'local.rss'), later, later);
    const changed = await fetchAndParse(fetcher, 'feeds/local.rss', first.validators);
    if (changed.kind !== 'parsed') throw new Error('expected a parse after the change');
    expect(changed.feed.items[0]?.guid).toBe('1');
  });

  it('takes file: URLs and absolute paths as they are', async () => {
    const fetcher = createFileFeedFetcher('/nonexistent-base');
    const path = join(baseDir, 'feeds', 'local.rss');
    expect((await fetcher.fetch(pathToFileURL(path).href, NONE)).kind).toBe('fetched');
    expect((await fetcher.fetch(path, NONE)).kind).toBe('fetched');
  });

  it('fails cleanly for missing files, directories, web URLs and files over the cap', async () => {
    const fetcher = createFileFeedFetcher(baseDir);
    const missing = await expectCoded(fetcher.fetch('feeds/missing.rss', NONE), 'feed_network');
    expect(missing.message).toMatch(/^feed feeds\/missing\.rss: cannot read .*missing\.rss \(ENOENT\); check the path$/);
    await expectCoded(fetcher.fetch('feeds', NONE), 'feed_network');
    await expectCoded(fetcher.fetch('https://example.com/rss', NONE), 'feed_address_refused');
    await expectCoded(createFileFeedFetcher(baseDir, { maxBytes: 10 }).fetch('feeds/local.rss', NONE), 'feed_too_large');
  });
});
