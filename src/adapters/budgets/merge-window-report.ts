/** Two reports of one window disagree on its reset by less than this; a reset later by more is a new window. */
export const SAME_WINDOW_MS = 500;

/** What is known of a window: requests left (null: unknown) until `resetAt` (ms since the epoch). */
export interface WindowState {
  remaining: number | null;
  resetAt: number;
}

/**
 * Folds a platform's report into what is known. Reports of the window already known keep the lower count (other
 * requests may be on their way) and the later reset; a report of a newer window replaces it; a late report of an
 * older window changes nothing. The Redis script applies the same rules.
 */
export function mergeWindowReport(known: WindowState, report: { remaining: number; resetAfterMs: number }, now: number): WindowState {
  const resetAt = now + report.resetAfterMs;
  if (known.remaining === null || known.resetAt <= now || resetAt > known.resetAt + SAME_WINDOW_MS) {
    return { remaining: report.remaining, resetAt };
  }
  if (resetAt < known.resetAt - SAME_WINDOW_MS) return known;
  return { remaining: Math.min(known.remaining, report.remaining), resetAt: Math.max(known.resetAt, resetAt) };
}
