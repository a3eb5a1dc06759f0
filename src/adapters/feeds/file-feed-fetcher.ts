import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Validators } from '../../core/records/feed-state.js';
import type { FeedFetcher } from '../../ports/feed-fetcher.js';
import { decodeBody } from './decode-body.js';
import { feedError } from './feed-error.js';
import { formatBytes } from './read-limited-body.js';

const CONTENT_TYPES: Record<string, string> = {
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
  '.rdf': 'application/rdf+xml',
  '.xml': 'application/xml',
};

/**
 * Creates a fetcher for feeds on disk (demos, tests, feeds another tool writes): plain paths resolve against
 * `baseDir`, file: URLs are taken as they are. Validators come from size and mtime, so an unchanged file answers
 * 'not-modified' just as a server's 304 would. Files over `maxBytes` throw feed_too_large.
 */
export function createFileFeedFetcher(baseDir: string, options: { maxBytes?: number } = {}): FeedFetcher {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  return {
    async fetch(location, validators, signal) {
      const path = toPath(baseDir, location);
      const info = await stat(path).catch((error: unknown) => {
        throw feedError('feed_network', location, `cannot read ${path} (${codeOf(error)}); check the path`, error);
      });
      if (!info.isFile()) throw feedError('feed_network', location, `${path} is not a regular file`);
      const current: Validators = {
        etag: `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
        lastModified: info.mtime.toUTCString(),
      };
      const hints = { maxAgeSeconds: null, retryAfterSeconds: null };
      const unchanged = validators.etag !== null ? validators.etag === current.etag : validators.lastModified === current.lastModified;
      if (unchanged) return { kind: 'not-modified', validators: current, hints };
      if (info.size > maxBytes) throw feedError('feed_too_large', location, `file is ${info.size} bytes, over the ${formatBytes(maxBytes)} limit`);

      const bytes = await readFile(path, signal === undefined ? {} : { signal }).catch((error: unknown) => {
        if (signal?.aborted === true) throw feedError('feed_timeout', location, 'reading the file was cancelled', error);
        throw feedError('feed_network', location, `cannot read ${path} (${codeOf(error)})`, error);
      });
      // the file may have grown between stat and read
      if (bytes.byteLength > maxBytes) throw feedError('feed_too_large', location, `file is over the ${formatBytes(maxBytes)} limit`);
      const contentType = CONTENT_TYPES[extname(path).toLowerCase()] ?? null;
      return {
        kind: 'fetched',
        body: decodeBody(bytes, null).text,
        bytes: bytes.byteLength,
        finalUrl: pathToFileURL(path).href,
        contentType,
        validators: current,
        hints,
      };
    },
  };
}

function toPath(baseDir: string, location: string): string {
  if (/^file:/i.test(location)) {
    try {
      return fileURLToPath(location);
    } catch (error) {
      throw feedError('feed_network', location, `not a usable file: URL (${error instanceof Error ? error.message : String(error)})`, error);
    }
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(location)) {
    throw feedError('feed_address_refused', location, 'the file fetcher reads local paths and file: URLs only');
  }
  return resolve(baseDir, location);
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
