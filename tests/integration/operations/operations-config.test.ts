import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/compose/load-config.js';

const MIN = 60_000;

function settingsOf(defaults: string, feeds = '  - url: https://example.com/rss\n'): ReturnType<typeof loadSettings>['settings'] {
  const path = join(mkdtempSync(join(tmpdir(), 'nw-opcfg-')), 'newswatch.yaml');
  writeFileSync(path, `defaults:\n${defaults}feeds:\n${feeds}`);
  return loadSettings(path, {}).settings;
}

describe('operations settings in the YAML', () => {
  it('defaults to polling between 5 minutes and an hour, an admin notice after 5 failures, a pause after 20', () => {
    const settings = settingsOf('  interval: 10m\n');
    expect(settings.polling).toEqual({ minIntervalMs: 5 * MIN, maxIntervalMs: 60 * MIN });
    expect(settings.feedHealth).toEqual({ failureAlertAfter: 5, pauseAfter: 20 });
    expect(settings.maxNewPerPoll).toBe(1_000);
    expect(settings.feeds[0]?.adaptive).toBe(true);
  });

  it('keeps the default interval inside the bounds it derives, and pins feeds with their own interval', () => {
    const fast = settingsOf('  interval: 2m\n', '  - url: https://example.com/rss\n  - url: https://example.com/other\n    interval: 30s\n');
    expect(fast.polling).toEqual({ minIntervalMs: 2 * MIN, maxIntervalMs: 60 * MIN });
    expect(fast.feeds.map((feed) => feed.adaptive)).toEqual([true, false]);
    expect(settingsOf('  interval: 3h\n').polling).toEqual({ minIntervalMs: 5 * MIN, maxIntervalMs: 180 * MIN });
    expect(settingsOf('  max_interval: 3m\n').polling).toEqual({ minIntervalMs: 3 * MIN, maxIntervalMs: 3 * MIN });
    expect(settingsOf('  min_interval: 1m\n  max_interval: 20m\n  feed_failure_alert: 3\n  feed_failure_pause: 3\n')).toMatchObject({
      polling: { minIntervalMs: MIN, maxIntervalMs: 20 * MIN },
      feedHealth: { failureAlertAfter: 3, pauseAfter: 3 },
    });
  });

  it('refuses bounds the wrong way round and a pause before the notice, with where and why', () => {
    expect(() => settingsOf('  min_interval: 1h\n  max_interval: 5m\n')).toThrow(/defaults\.max_interval: expected at least min_interval \(1h\)/);
    expect(() => settingsOf('  feed_failure_alert: 10\n  feed_failure_pause: 5\n')).toThrow(/defaults\.feed_failure_pause: expected at least feed_failure_alert \(10\)/);
    expect(() => settingsOf('  min_interval: soon\n')).toThrow(/defaults\.min_interval: expected a duration/);
  });
});
