/** Error codes newswatch itself raises; adapters translate them to their library's forms at the edge. */
export type ErrorCode =
  | 'config_invalid'
  | 'query_invalid'
  | 'feed_network'
  | 'feed_timeout'
  | 'feed_http_status'
  | 'feed_too_large'
  | 'feed_too_many_redirects'
  | 'feed_address_refused'
  | 'feed_not_a_feed'
  | 'feed_malformed'
  | 'websub_hub_failed'
  | 'delivery_permanent'
  | 'delivery_transient'
  | 'delivery_rate_limited';

/** An error with a stable code, so callers branch on what happened rather than on message text. */
export class CodedError extends Error {
  readonly code: ErrorCode;
  /** Seconds the other side asked us to wait before trying again (HTTP Retry-After), when it said. */
  readonly retryAfterSeconds?: number;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options);
    this.code = code;
    this.name = 'CodedError';
    if (options?.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A failure that retrying cannot fix (a deleted channel, a revoked token). */
export class PermanentError extends CodedError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PermanentError';
  }
}

/** Whether an error says that retrying is pointless. */
export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentError;
}

/** Any thrown value as a CodedError-like message, for logs and state. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
