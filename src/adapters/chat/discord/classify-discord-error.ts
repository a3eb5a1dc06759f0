import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import type { SendFailure } from '../shared/send-gate.js';

/** Discord's code for "a thread has already been created for this message". */
export const THREAD_ALREADY_CREATED = 160004;

/**
 * Sorts a failed @discordjs/rest call into rate limited (the library's RateLimitError, raised instead of waiting
 * inside the library; global when Discord said so), transient (5xx, network, timeout) or permanent (401, 403, 404 Unknown Channel or Webhook,
 * 400 Invalid Form Body, any other 4xx), with Discord's status, message and code as the reason.
 */
export function classifyDiscordError(error: unknown): SendFailure {
  if (error instanceof RateLimitError) {
    return { kind: 'rate_limited', retryAfterMs: Math.max(error.retryAfter, error.timeToReset, 0), global: error.global };
  }
  if (error instanceof DiscordAPIError) {
    const reason = `${error.status} ${error.message} (code ${error.code})`;
    if (error.status === 429) return { kind: 'rate_limited', retryAfterMs: 1000 };
    return error.status >= 500 || error.status === 408 ? { kind: 'transient', reason } : { kind: 'permanent', reason };
  }
  if (error instanceof HTTPError) {
    const reason = `${error.status} ${error.message}`;
    return error.status >= 500 || error.status === 408 ? { kind: 'transient', reason } : { kind: 'permanent', reason };
  }
  const message = error instanceof Error ? error.message : String(error);
  // After a 401 the library drops the token, and every later call fails this way.
  if (message.includes('Expected token to be set')) return { kind: 'permanent', reason: message };
  return { kind: 'transient', reason: message };
}
