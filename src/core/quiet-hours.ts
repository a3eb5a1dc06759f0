import type { QuietHours } from './settings/runtime-settings.js';

function minuteOfDay(now: Date, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((part) => part.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

/**
 * Milliseconds until quiet hours end, or 0 outside them. A window whose end is before its start spans
 * midnight (22:00 to 07:00).
 */
export function quietHoursDelayMs(now: Date, quiet: QuietHours | null): number {
  if (!quiet || quiet.fromMinute === quiet.toMinute) return 0;
  const current = minuteOfDay(now, quiet.timezone);
  const inside =
    quiet.fromMinute < quiet.toMinute
      ? current >= quiet.fromMinute && current < quiet.toMinute
      : current >= quiet.fromMinute || current < quiet.toMinute;
  if (!inside) return 0;
  const minutesLeft = (quiet.toMinute - current + 1440) % 1440;
  return minutesLeft * 60_000 - now.getUTCSeconds() * 1_000 - now.getUTCMilliseconds();
}
