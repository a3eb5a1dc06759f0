import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/core/duration.js';

describe('parseDuration', () => {
  it('reads single and compound units', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration(' 2H ')).toBe(7_200_000);
  });

  it('refuses what is not a duration', () => {
    for (const text of ['', '5', 'five minutes', '5 minutes', '10x', 'm5', '1h foo']) expect(parseDuration(text)).toBeNull();
  });
});

describe('formatDuration', () => {
  it('uses the largest whole units', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(600_000)).toBe('10m');
    expect(formatDuration(86_400_000 + 1_000)).toBe('1d1s');
    expect(formatDuration(20)).toBe('20ms');
  });
});
