import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStateStore } from '../../../src/adapters/state/sqlite-state-store.js';
import { loadSettings } from '../../../src/compose/load-config.js';
import { ConfigError } from '../../../src/config/load-config.js';
import { createHousekeeping } from '../../../src/pipeline/housekeeping.js';
import type { StateStore } from '../../../src/ports/state-store.js';
import { makeDelivery, makeStoredArticle } from '../../contract/state-records.js';

const NOW = new Date('2024-06-01T03:17:00.000Z');
const daysAgo = (days: number): string => new Date(NOW.getTime() - days * 86_400_000).toISOString();

const configText = (retention: string): string =>
  `${retention}feeds:\n  - url: https://news.example.test/rss\n    id: news\ntopics:\n  - id: cyber\n    name: Cyber\n    query: ransomware\n    channels: [console]\n`;

describe('housekeeping: the daily prune, with retention from the config', () => {
  let dir: string;
  let store: StateStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nw-housekeeping-'));
    store = createSqliteStateStore(join(dir, 'state.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const settingsFrom = (text: string) => {
    const path = join(dir, 'newswatch.yaml');
    writeFileSync(path, text);
    return loadSettings(path, {}).settings;
  };

  it('drops seen keys, articles and finished deliveries older than the configured retention, and keeps the rest', async () => {
    const settings = settingsFrom(configText('retention:\n  seen: 10d\n  articles: 2d\n  deliveries: 5d\n'));
    await store.recordSeen(['seen-11d'], [], daysAgo(11));
    await store.recordSeen(['seen-9d'], [], daysAgo(9));
    await store.completeArticle('article-3d', makeStoredArticle('article-3d', daysAgo(3)), [
      makeDelivery('article-3d', 'console', daysAgo(6), { status: 'sent', sentAt: daysAgo(6) }),
      makeDelivery('article-3d', 'ops', daysAgo(6), { status: 'failed', lastError: 'channel_not_found' }),
      makeDelivery('article-3d', 'later', daysAgo(6)),
    ]);
    await store.completeArticle('article-1d', makeStoredArticle('article-1d', daysAgo(1)), [
      makeDelivery('article-1d', 'console', daysAgo(4), { status: 'sent', sentAt: daysAgo(4) }),
    ]);

    const cutoffs = await createHousekeeping({ store, clock: { now: () => NOW }, settings: () => settings }).run();

    expect(cutoffs).toEqual({ seen: daysAgo(10), articles: daysAgo(2), deliveries: daysAgo(5) });
    // a pruned seen key is unseen again; the younger one still counts as seen
    expect(await store.filterUnseen(['seen-11d', 'seen-9d'])).toEqual(['seen-11d']);
    expect((await store.recentArticles(daysAgo(30))).map((article) => article.key)).toEqual(['article-1d']);
    // pending work is kept whatever its age
    expect((await store.listDeliveries({})).map((record) => `${record.articleKey}@${record.channelId}`).sort()).toEqual([
      'article-1d@console',
      'article-3d@later',
    ]);
  });

  it('keeps 120 days of seen keys, 7 of articles and 30 of deliveries when the config sets no retention', async () => {
    const settings = settingsFrom(configText(''));
    await store.recordSeen(['seen-121d'], [], daysAgo(121));
    await store.recordSeen(['seen-119d'], [], daysAgo(119));
    await store.completeArticle('article-8d', makeStoredArticle('article-8d', daysAgo(8)), [
      makeDelivery('article-8d', 'console', daysAgo(31), { status: 'sent', sentAt: daysAgo(31) }),
      makeDelivery('article-8d', 'ops', daysAgo(29), { status: 'sent', sentAt: daysAgo(29) }),
    ]);
    await store.completeArticle('article-6d', makeStoredArticle('article-6d', daysAgo(6)), []);

    const cutoffs = await createHousekeeping({ store, clock: { now: () => NOW }, settings: () => settings }).run();

    expect(cutoffs).toEqual({ seen: daysAgo(120), articles: daysAgo(7), deliveries: daysAgo(30) });
    expect(await store.filterUnseen(['seen-121d', 'seen-119d'])).toEqual(['seen-121d']);
    expect((await store.recentArticles(daysAgo(30))).map((article) => article.key)).toEqual(['article-6d']);
    expect((await store.listDeliveries({})).map((record) => record.channelId)).toEqual(['ops']);
  });

  it('refuses a retention that is not a duration, or is zero, at its place in the file', () => {
    const path = join(dir, 'newswatch.yaml');
    writeFileSync(path, configText('retention:\n  seen: 4 months\n  deliveries: 0d\n'));
    let problems: ConfigError['problems'] = [];
    try {
      loadSettings(path, {});
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems.map((problem) => [problem.path, problem.line, problem.column])).toEqual([
      ['retention.seen', 2, 9],
      ['retention.deliveries', 3, 15],
    ]);
    expect(problems[0]?.message).toContain('found "4 months"');
    expect(problems[1]?.message).toContain('expected a duration longer than zero');
  });
});
