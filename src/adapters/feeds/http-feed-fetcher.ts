import { STATUS_CODES } from 'node:http';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { request, type Agent } from 'undici';
import { CodedError } from '../../core/errors.js';
import type { Validators } from '../../core/records/feed-state.js';
import type { CacheHints, FeedFetcher, FetchResult } from '../../ports/feed-fetcher.js';
import type { RateBudgets } from '../../ports/rate-budgets.js';
import { refusalOf } from './address-policy.js';
import { decodeBody } from './decode-body.js';
import { feedError } from './feed-error.js';
import { AddressRefusedError, resolveWithSystemDns, type ResolveHost } from './guarded-lookup.js';
import { createHostLimiter } from './host-limiter.js';
import { createPolicyPool } from './policy-pool.js';
import { destroyQuietly, formatBytes, readLimitedBody } from './read-limited-body.js';
import { headerValue, readCacheHints, readValidators, type HeaderBag } from './read-response-meta.js';

/** The limits a running process may change between two fetches (a configuration reload). */
export interface FetchLimits {
  userAgent: string;
  /** Time for the whole fetch: redirects, headers and the full body. */
  totalTimeoutMs: number;
  /** Most bytes kept after decompression. */
  maxBytes: number;
  /** Allow loopback and private addresses (tests, intranet feeds); link-local and metadata ones stay refused. */
  allowPrivateAddresses: boolean;
  /**
   * Host names (or IP literals) allowed on any address, link-local included (an intranet feed server), while
   * every other host, and every redirect elsewhere, stays under the address policy.
   */
  trustedHosts: readonly string[];
}

/** Limits and identity for fetching feeds over HTTP. Every field has a default in defaultHttpFetcherOptions. */
export interface HttpFetcherOptions extends Partial<FetchLimits> {
  /** Where the per-host limit lives: this process's memory, or Redis shared by every worker. */
  budgets: RateBudgets;
  /** Time to resolve and connect (and finish TLS) to one server. */
  connectTimeoutMs?: number;
  maxRedirects?: number;
  /** Most fetches in flight to one host at a time (across every process sharing `budgets`). */
  perHostConcurrency?: number;
  /**
   * Read at the start of every fetch; what it returns overrides the fixed limits above, so a configuration
   * reload reaches the next request without a new fetcher.
   */
  limits?: () => Partial<FetchLimits>;
  /** Resolves host names (the system resolver by default); tests inject one so they need no DNS. */
  lookup?: ResolveHost;
  /** Milliseconds since the epoch, for Expires and Retry-After dates. */
  now?: () => number;
}

/** The HTTP fetcher also owns a connection pool, which `close` releases on shutdown. */
export interface HttpFeedFetcher extends FeedFetcher {
  close(): Promise<void>;
}

export const defaultHttpFetcherOptions = {
  userAgent: 'newswatch/0.1 (news feed monitor)',
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivateAddresses: false,
  trustedHosts: [],
  perHostConcurrency: 2,
} as const satisfies Omit<HttpFetcherOptions, 'budgets'>;

const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type HopOutcome = { kind: 'redirect'; location: string } | { kind: 'done'; result: FetchResult };

/**
 * Creates a fetcher for http(s) feeds that is safe to point at URLs users typed: conditional GET, connect and
 * total timeouts, a decompressed-size cap, its own redirect handling (at most maxRedirects, loops refused), and
 * an address policy checked on the connection itself at every hop. Failures are CodedErrors naming the feed.
 */
export function createHttpFeedFetcher(options: HttpFetcherOptions): HttpFeedFetcher {
  const { limits: readLimits, lookup, now: clock, budgets, ...fixed } = options;
  const now = clock ?? Date.now;
  const base = { ...defaultHttpFetcherOptions, ...fixed };
  const limiter = createHostLimiter(base.perHostConcurrency, budgets);
  const pool = createPolicyPool(lookup ?? resolveWithSystemDns, base.connectTimeoutMs);
  const currentLimits = (): FetchLimits => ({ ...base, ...readLimits?.() });

  const checkTarget = (raw: string, from: URL | undefined, location: string, settings: FetchLimits): URL => {
    let url: URL;
    try {
      url = new URL(raw, from);
    } catch {
      throw feedError('feed_address_refused', location, `"${raw}" is not an absolute http(s) URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw feedError('feed_address_refused', location, `only http and https URLs are fetched, not ${url.protocol} (${url.href})`);
    }
    // the connection's lookup guards host names; an IP literal never reaches it, so it is checked here
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) !== 0) {
      const trusted = settings.trustedHosts.some((host) => host.toLowerCase().replace(/^\[|\]$/g, '') === literal.toLowerCase());
      const refusal = refusalOf(literal, { allowPrivateAddresses: settings.allowPrivateAddresses, trusted });
      if (refusal !== null) throw feedError('feed_address_refused', location, `${url.href} points at ${refusal}`);
    }
    url.hash = '';
    return url;
  };

  const fetchHop = async (url: URL, validators: Validators, signal: AbortSignal, location: string, settings: FetchLimits, agent: Agent): Promise<HopOutcome> => {
    const headers: Record<string, string> = { 'user-agent': settings.userAgent, accept: ACCEPT, 'accept-encoding': 'gzip, deflate, br' };
    if (validators.etag !== null) headers['if-none-match'] = validators.etag;
    if (validators.lastModified !== null) headers['if-modified-since'] = validators.lastModified;
    const response = await request(url, {
      method: 'GET',
      headers,
      signal,
      dispatcher: agent,
      headersTimeout: settings.totalTimeoutMs,
      bodyTimeout: settings.totalTimeoutMs,
    });
    const responseHeaders = response.headers as HeaderBag;
    const status = response.statusCode;
    const hints = readCacheHints(responseHeaders, now());

    if (REDIRECT_STATUSES.has(status)) {
      await discard(response.body);
      const target = headerValue(responseHeaders, 'location');
      if (target === null) throw feedError('feed_http_status', location, `HTTP ${status} redirect from ${url.href} has no Location header`);
      return { kind: 'redirect', location: target };
    }
    if (status === 304) {
      await discard(response.body);
      return { kind: 'done', result: { kind: 'not-modified', validators: readValidators(responseHeaders, validators), hints } };
    }
    if (status < 200 || status > 299) {
      await discard(response.body);
      throw feedError('feed_http_status', location, describeStatus(status, url, location, hints), undefined, hints.retryAfterSeconds);
    }

    const contentEncoding = headerValue(responseHeaders, 'content-encoding');
    const declaredLength = Number(headerValue(responseHeaders, 'content-length') ?? 0);
    if (contentEncoding === null && declaredLength > settings.maxBytes) {
      destroyQuietly(response.body);
      throw feedError('feed_too_large', location, `response is ${declaredLength} bytes, over the ${formatBytes(settings.maxBytes)} limit`);
    }
    const bytes = await readLimitedBody(response.body, contentEncoding, settings.maxBytes, location);
    const contentType = headerValue(responseHeaders, 'content-type');
    return {
      kind: 'done',
      result: {
        kind: 'fetched',
        body: decodeBody(bytes, contentType).text,
        bytes: bytes.byteLength,
        finalUrl: url.href,
        contentType,
        links: headerValue(responseHeaders, 'link'),
        validators: readValidators(responseHeaders, null),
        hints,
      },
    };
  };

  return {
    async fetch(location, validators, signal) {
      // one snapshot per fetch: a reload mid-way changes the next fetch, never half of this one
      const settings = currentLimits();
      let current = checkTarget(location, undefined, location, settings);
      const deadline = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        deadline.abort(new Error(`total timeout of ${settings.totalTimeoutMs} ms`));
      }, settings.totalTimeoutMs);
      const onCallerAbort = (): void => deadline.abort(signal?.reason);
      if (signal?.aborted === true) onCallerAbort();
      else signal?.addEventListener('abort', onCallerAbort, { once: true });

      const visited: string[] = [];
      const pooled = pool.acquire(settings);
      try {
        for (;;) {
          visited.push(current.href);
          const hop = current;
          const fetchIt = (): Promise<HopOutcome> => fetchHop(hop, validators, deadline.signal, location, settings, pooled.agent);
          const outcome = await limiter.run(hop.host, fetchIt, { deadlineMs: settings.totalTimeoutMs, signal: deadline.signal });
          if (outcome.kind === 'done') return outcome.result;
          const next = checkTarget(outcome.location, current, location, settings);
          if (visited.includes(next.href)) {
            throw feedError('feed_too_many_redirects', location, `redirect loop: ${[...visited, next.href].join(' -> ')}`);
          }
          if (visited.length > base.maxRedirects) {
            throw feedError('feed_too_many_redirects', location, `more than ${base.maxRedirects} redirects (the last one to ${next.href})`);
          }
          current = next;
        }
      } catch (error) {
        const timeouts = { connectTimeoutMs: base.connectTimeoutMs, totalTimeoutMs: settings.totalTimeoutMs };
        throw translateError(error, { location, current, timedOut, callerAborted: signal?.aborted === true, settings: timeouts });
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onCallerAbort);
        pooled.release();
      }
    },
    close: () => pool.close(),
  };
}

/** Reads a little of an unwanted body so the connection can be reused, and drops the rest. */
async function discard(body: Readable & { dump?: (options?: { limit: number }) => Promise<void> }): Promise<void> {
  try {
    if (body.dump) await body.dump({ limit: 64 * 1024 });
    else destroyQuietly(body);
  } catch {
    destroyQuietly(body);
  }
}

function describeStatus(status: number, url: URL, location: string, hints: CacheHints): string {
  const where = url.href === location ? '' : ` at ${url.href}`;
  const base = `HTTP ${status} ${STATUS_CODES[status] ?? 'Unknown'}${where}`;
  const retry = hints.retryAfterSeconds === null ? '' : ` (Retry-After: ${hints.retryAfterSeconds} s)`;
  if (status === 404 || status === 410) return `${base}: the feed is not there any more; check the URL`;
  if (status === 401 || status === 403) return `${base}: access denied; the site may need credentials or block automated readers`;
  if (status === 429) return `${base}${retry}: rate limited; poll this feed less often`;
  if (status >= 500) return `${base}${retry}: the server failed; the next poll tries again`;
  return base;
}

interface FailureContext {
  location: string;
  current: URL;
  timedOut: boolean;
  callerAborted: boolean;
  settings: { connectTimeoutMs: number; totalTimeoutMs: number };
}

/** Turns whatever undici, the socket or the lookup threw into one CodedError that names the feed. */
function translateError(error: unknown, context: FailureContext): CodedError {
  const { location, current, settings } = context;
  if (error instanceof CodedError) return error;
  const chain = causeChain(error);
  const refused = chain.find((link): link is AddressRefusedError => link instanceof AddressRefusedError);
  if (refused) return feedError('feed_address_refused', location, `${refused.detail} (${current.href})`, error);
  if (context.timedOut) {
    return feedError('feed_timeout', location, `no complete response within ${settings.totalTimeoutMs} ms; the server is too slow or unreachable`, error);
  }
  if (context.callerAborted) return feedError('feed_timeout', location, 'the fetch was cancelled before the response completed', error);

  const code = chain.map((link) => (link as { code?: unknown }).code).find((value): value is string => typeof value === 'string') ?? '';
  const message = chain[0]?.message ?? String(error);
  const host = current.host;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return feedError('feed_timeout', location, `could not connect to ${host} within ${settings.connectTimeoutMs} ms`, error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return feedError('feed_timeout', location, `${host} stopped responding (${code})`, error);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return feedError('feed_network', location, `host ${current.hostname} was not found (${code}); check the URL`, error);
  }
  if (code === 'ECONNREFUSED') return feedError('feed_network', location, `${host} refused the connection`, error);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return feedError('feed_network', location, `${host} closed the connection early (${code})`, error);
  }
  if (/CERT|SSL|TLS/i.test(code)) return feedError('feed_network', location, `TLS failure with ${host}: ${message}`, error);
  return feedError('feed_network', location, `request to ${current.href} failed: ${message}${code === '' ? '' : ` (${code})`}`, error);
}

function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  let link: unknown = error;
  while (link instanceof Error && chain.length < 10) {
    chain.push(link);
    link = link.cause;
  }
  return chain;
}
