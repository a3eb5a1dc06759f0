import { CodedError, type ErrorCode } from '../../core/errors.js';

/**
 * A CodedError whose message names the feed first ("feed https://x/rss: HTTP 404 Not Found"), so logs and
 * chat notices say which feed failed and why without any other context. A Retry-After the server sent travels
 * with the error so the poller can wait that long.
 */
export function feedError(code: ErrorCode, location: string, detail: string, cause?: unknown, retryAfterSeconds?: number | null): CodedError {
  const options = {
    ...(cause === undefined ? {} : { cause }),
    ...(retryAfterSeconds === undefined || retryAfterSeconds === null ? {} : { retryAfterSeconds }),
  };
  return new CodedError(code, `feed ${location}: ${detail}`, Object.keys(options).length === 0 ? undefined : options);
}
