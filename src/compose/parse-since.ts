import { parseDuration } from '../core/duration.js';
import { ExitCode, InputError } from './exit-codes.js';

/** `--since 1h`: the ISO time that long before `now`; a value that is not a duration is a usage error. */
export function parseSince(since: string, now: Date): string {
  const sinceMs = parseDuration(since);
  if (sinceMs === null) throw new InputError(ExitCode.usage, `--since ${since}: expected a duration such as 1h or 2d`);
  return new Date(now.getTime() - sinceMs).toISOString();
}
