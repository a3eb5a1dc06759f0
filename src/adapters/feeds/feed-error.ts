import { CodedError, type ErrorCode } from '../../core/errors.js';

/**
 * A CodedError whose message names the feed first ("feed https://x/rss: HTTP 404 Not Found"), so logs and
 * chat notices say which feed failed and why without any other context.
 */
export function feedError(code: ErrorCode, location: string, detail: string, cause?: unknown): CodedError {
  return new CodedError(code, `feed ${location}: ${detail}`, cause === undefined ? undefined : { cause });
}
