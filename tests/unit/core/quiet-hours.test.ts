import { describe, expect, it } from 'vitest';
import { quietHoursDelayMs } from '../../../src/core/quiet-hours.js';

const at = (iso: string): Date => new Date(iso);

describe('quietHoursDelayMs', () => {
  it('is zero outside quiet hours and without any', () => {
    expect(quietHoursDelayMs(at('2024-06-01T12:00:00Z'), { fromMinute: 22 * 60, toMinute: 7 * 60, timezone: 'UTC' })).toBe(0);
    expect(quietHoursDelayMs(at('2024-06-01T23:00:00Z'), null)).toBe(0);
  });

  it('waits until the end of a window that spans midnight', () => {
    expect(quietHoursDelayMs(at('2024-06-01T23:00:00Z'), { fromMinute: 22 * 60, toMinute: 7 * 60, timezone: 'UTC' })).toBe(8 * 3_600_000);
    expect(quietHoursDelayMs(at('2024-06-02T06:30:00Z'), { fromMinute: 22 * 60, toMinute: 7 * 60, timezone: 'UTC' })).toBe(30 * 60_000);
  });

  it('reads the window in its own time zone', () => {
    // 12:00 UTC is 14:00 in Berlin in June (CEST).
    const quiet = { fromMinute: 13 * 60, toMinute: 15 * 60, timezone: 'Europe/Berlin' };
    expect(quietHoursDelayMs(at('2024-06-01T12:00:00Z'), quiet)).toBe(60 * 60_000);
    expect(quietHoursDelayMs(at('2024-06-01T14:00:00Z'), quiet)).toBe(0);
  });
});
