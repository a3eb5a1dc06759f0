import { isIP } from 'node:net';
import { request } from 'undici';
import { CodedError } from '../../core/errors.js';
import type { HubRequest, WebSubHubClient } from '../../ports/websub-hub.js';
import type { FetchLimits } from './http-feed-fetcher.js';
import { refusalOf } from './address-policy.js';
import { AddressRefusedError, resolveWithSystemDns, type ResolveHost } from './guarded-lookup.js';
import { createPolicyPool } from './policy-pool.js';

export interface HubClientOptions {
  /** The address policy and time limit in force, read per request (the feeds' own: a hub is named by a feed). */
  limits: () => Pick<FetchLimits, 'userAgent' | 'totalTimeoutMs' | 'allowPrivateAddresses' | 'trustedHosts'>;
  connectTimeoutMs?: number;
  lookup?: ResolveHost;
}

/** Most of a refusal's body kept for the error: hubs explain a refusal in it. */
const REASON_CHARS = 200;

export interface HttpWebSubHubClient extends WebSubHubClient {
  close(): Promise<void>;
}

function hubError(hub: string, detail: string, cause?: unknown): CodedError {
  return new CodedError('websub_hub_failed', `hub ${hub}: ${detail}`, cause === undefined ? undefined : { cause });
}

/**
 * Sends WebSub subscription requests over HTTP(S): a form-encoded POST under the same address policy as feed
 * fetches (a feed names its hub, so a hub on a private address is refused unless the feeds' policy allows it), a
 * time limit, and no redirects. Any 2xx is acceptance; anything else throws websub_hub_failed with the hub's
 * status and the start of its explanation.
 */
export function createWebSubHubClient(options: HubClientOptions): HttpWebSubHubClient {
  const pool = createPolicyPool(options.lookup ?? resolveWithSystemDns, options.connectTimeoutMs ?? 10_000);
  return {
    async send(hubRequest: HubRequest) {
      const limits = options.limits();
      let url: URL;
      try {
        url = new URL(hubRequest.hub);
      } catch {
        throw hubError(hubRequest.hub, 'not an absolute URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw hubError(hubRequest.hub, `only http and https hubs are used, not ${url.protocol}`);
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      if (isIP(literal) !== 0) {
        const trusted = limits.trustedHosts.some((host) => host.toLowerCase().replace(/^\[|\]$/g, '') === literal.toLowerCase());
        const refusal = refusalOf(literal, { allowPrivateAddresses: limits.allowPrivateAddresses, trusted });
        if (refusal !== null) throw hubError(hubRequest.hub, `points at ${refusal}`);
      }
      const form = new URLSearchParams({ 'hub.callback': hubRequest.callback, 'hub.mode': hubRequest.mode, 'hub.topic': hubRequest.topic });
      if (hubRequest.mode === 'subscribe' && hubRequest.secret !== null) form.set('hub.secret', hubRequest.secret);
      const pooled = pool.acquire(limits);
      try {
        const response = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': limits.userAgent },
          body: form.toString(),
          dispatcher: pooled.agent,
          signal: AbortSignal.timeout(limits.totalTimeoutMs),
          headersTimeout: limits.totalTimeoutMs,
          bodyTimeout: limits.totalTimeoutMs,
        });
        const text = (await response.body.text().catch(() => '')).slice(0, 4_096);
        if (response.statusCode >= 200 && response.statusCode < 300) return;
        // the hub's words are untrusted text: one line, no control characters, bounded
        const reason = text.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, REASON_CHARS);
        throw hubError(hubRequest.hub, `HTTP ${response.statusCode} to the ${hubRequest.mode} request${reason === '' ? '' : `: ${reason}`}`);
      } catch (error) {
        if (error instanceof CodedError) throw error;
        throw hubError(hubRequest.hub, describeFailure(error), error);
      } finally {
        pooled.release();
      }
    },
    close: () => pool.close(),
  };
}

function describeFailure(error: unknown): string {
  let link: unknown = error;
  for (let depth = 0; link instanceof Error && depth < 10; depth += 1) {
    if (link instanceof AddressRefusedError) return link.detail;
    const code = (link as { code?: unknown }).code;
    if (code === 'ECONNREFUSED') return 'refused the connection';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
    if (link.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'no answer in time';
    link = link.cause;
  }
  return `request failed: ${error instanceof Error ? error.message : String(error)}`;
}
