const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses a human duration ("90s", "15m", "1h30m", "7d") into milliseconds, or null when it is not one.
 * Config files and chat commands share this grammar so users learn it once.
 */
export function parseDuration(text: string): number | null {
  const source = text.trim().toLowerCase();
  if (source === '') return null;
  const part = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(source); match; match = part.exec(source)) {
    const amount = Number(match[1]);
    const unit = UNIT_MS[match[2] ?? ''];
    if (unit === undefined) return null;
    total += amount * unit;
    consumed = part.lastIndex;
    while (source[consumed] === ' ') consumed += 1;
    part.lastIndex = consumed;
  }
  return consumed === source.length ? Math.round(total) : null;
}

/** Formats milliseconds as the largest whole units, e.g. 5_400_000 → "1h30m". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1_000);
  for (const [unit, seconds] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (rest >= seconds) {
      parts.push(`${Math.floor(rest / seconds)}${unit}`);
      rest %= seconds;
    }
  }
  return parts.join('');
}
