import type { Validators } from '../../core/records/feed-state.js';
import type { CacheHints } from '../../ports/feed-fetcher.js';

/** Response headers as Node and undici give them: lower-case names, repeated headers as arrays. */
export type HeaderBag = Record<string, string | string[] | undefined>;

/** One header's value (repeated ones joined with ", "), or null when absent or blank. */
export function headerValue(headers: HeaderBag, name: string): string | null {
  const raw = headers[name];
  const value = (Array.isArray(raw) ? raw.join(', ') : (raw ?? '')).trim();
  return value === '' ? null : value;
}

/**
 * The validators to send on the next poll. A 304 may omit them, so the previous ones carry over whenever the
 * response does not replace them.
 */
export function readValidators(headers: HeaderBag, previous: Validators | null): Validators {
  return {
    etag: headerValue(headers, 'etag') ?? previous?.etag ?? null,
    lastModified: headerValue(headers, 'last-modified') ?? previous?.lastModified ?? null,
  };
}

/**
 * How long the server says the response stays fresh (Cache-Control max-age minus Age, else Expires against the
 * server's Date) and how long it asks us to wait (Retry-After, seconds or HTTP date), so polling can be polite.
 */
export function readCacheHints(headers: HeaderBag, nowMs: number): CacheHints {
  const serverNow = parseHttpDate(headerValue(headers, 'date')) ?? nowMs;
  return { maxAgeSeconds: readMaxAge(headers, serverNow), retryAfterSeconds: readRetryAfter(headers, serverNow) };
}

function readMaxAge(headers: HeaderBag, serverNow: number): number | null {
  const cacheControl = headerValue(headers, 'cache-control')?.toLowerCase() ?? '';
  const maxAge = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/.exec(cacheControl);
  if (maxAge?.[1] !== undefined) {
    const age = Number(headerValue(headers, 'age') ?? '0');
    return Math.max(0, Number(maxAge[1]) - (Number.isFinite(age) ? age : 0));
  }
  if (/(?:^|[,\s])(no-store|no-cache)\b/.test(cacheControl)) return 0;
  const expires = headerValue(headers, 'expires');
  if (expires === null) return null;
  const at = parseHttpDate(expires);
  // an invalid Expires ("0", "-1") means already expired (RFC 9111 §5.3)
  return at === null ? 0 : Math.max(0, Math.round((at - serverNow) / 1000));
}

function readRetryAfter(headers: HeaderBag, serverNow: number): number | null {
  const value = headerValue(headers, 'retry-after');
  if (value === null) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const at = parseHttpDate(value);
  return at === null ? null : Math.max(0, Math.round((at - serverNow) / 1000));
}

function parseHttpDate(value: string | null): number | null {
  if (value === null || !/[a-z]/i.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
