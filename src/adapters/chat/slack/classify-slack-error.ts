import type { SendFailure } from '../shared/send-gate.js';

// Platform errors that a later attempt can get past; every other Slack error code means the request or the
// destination is wrong (channel_not_found, not_in_channel, invalid_auth, is_archived, msg_too_long, ...).
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'team_added_to_org',
]);

const DEFAULT_RETRY_AFTER_S = 1;

interface SlackLikeError {
  code?: unknown;
  data?: { error?: unknown };
  retryAfter?: unknown;
  statusCode?: unknown;
  message?: unknown;
}

/** A failure of an incoming-webhook POST: the HTTP status, Slack's error text, and any Retry-After seconds. */
export class SlackWebhookError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly retryAfterSeconds: number | null,
  ) {
    super(`HTTP ${status}${body === '' ? '' : ` ${body}`}`);
    this.name = 'SlackWebhookError';
  }
}

/**
 * Sorts a failed Slack call (a WebClient error or a SlackWebhookError) into rate limited, transient or
 * permanent, with the platform's own error name as the reason.
 */
export function classifySlackError(error: unknown): SendFailure {
  if (error instanceof SlackWebhookError) {
    if (error.status === 429) {
      return { kind: 'rate_limited', retryAfterMs: (error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S) * 1000 };
    }
    if (error.status >= 500 || error.status === 408) return { kind: 'transient', reason: error.message };
    return { kind: 'permanent', reason: error.message };
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as SlackLikeError;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error': {
      const seconds = typeof e.retryAfter === 'number' ? e.retryAfter : DEFAULT_RETRY_AFTER_S;
      return { kind: 'rate_limited', retryAfterMs: seconds * 1000 };
    }
    case 'slack_webapi_platform_error': {
      const name = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      return TRANSIENT_PLATFORM_ERRORS.has(name) ? { kind: 'transient', reason: name } : { kind: 'permanent', reason: name };
    }
    case 'slack_webapi_http_error': {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      const reason = `HTTP ${status}`;
      return status >= 500 || status === 408 ? { kind: 'transient', reason } : { kind: 'permanent', reason };
    }
    default:
      // Network failures, timeouts and anything unexpected: worth another try.
      return { kind: 'transient', reason: typeof e.message === 'string' ? e.message : String(error) };
  }
}
