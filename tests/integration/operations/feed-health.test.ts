import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStateStore } from '../../../src/adapters/state/sqlite-state-store.js';
import { initialFeedState } from '../../../src/core/feed-health.js';
import { runCli } from '../../support/cli.js';
import { rssFeed, startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { cyberItem, runOnce, writeConfig } from './harness.js';

describe('feed health', () => {
  let server: FeedServer;
  let dir: string;
  let dataDir: string;
  beforeEach(async () => {
    server = await startFeedServer();
    dir = mkdtempSync(join(tmpdir(), 'nw-health-'));
    dataDir = join(dir, 'data');
  });
  afterEach(async () => server.close());

  const failingConfig = (): string => {
    server.route('/good.xml', { body: rssFeed('Good', [cyberItem(1)]) });
    server.route('/flaky.xml', { status: 500, body: 'upstream exploded' });
    return writeConfig(
      dir,
      [
        { id: 'good', url: `${server.url}/good.xml` },
        { id: 'flaky', url: `${server.url}/flaky.xml` },
      ],
      { admin: true, defaults: { feed_failure_alert: 2, feed_failure_pause: 4, max_interval: '2h' } },
    );
  };

  it('tells the admins once after N failures, pauses after M, and resumes by itself when the feed answers', async () => {
    const config = failingConfig();
    const notices: string[] = [];
    for (let poll = 1; poll <= 3; poll += 1) {
      const run = await runOnce(config, dataDir);
      notices.push(...run.notices.map((notice) => notice.text ?? ''));
      expect(run.result.failed.map((failure) => failure.feedId)).toEqual(['flaky']);
      if (poll === 2) {
        expect(run.notices).toHaveLength(1);
        expect(run.notices[0]?.channelId).toBe('admin');
      }
    }
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('flaky');
    expect(notices[0]).toContain('failed 2 polls in a row');
    expect(notices[0]).toContain('HTTP 500');

    const fourth = await runOnce(config, dataDir);
    expect(fourth.notices.map((notice) => notice.text)).toEqual([expect.stringContaining('paused after 4 failed polls')]);
    const paused = fourth.states.get('flaky');
    expect(paused).toMatchObject({ paused: true, pausedReason: 'failures', consecutiveFailures: 4 });
    // probed at the longest interval, with the feed's phase
    const probeIn = Date.parse(paused?.nextPollAt ?? '') - Date.now();
    expect(probeIn).toBeGreaterThan(55 * 60_000);
    expect(probeIn).toBeLessThan(3.1 * 3_600_000);
    expect(fourth.logs.find((line) => line.msg === 'feed poll failed')).toMatchObject({ feed: 'flaky', paused: true });

    // still failing while paused: probed, no new notice
    const fifth = await runOnce(config, dataDir);
    expect(fifth.notices).toEqual([]);
    expect(fifth.states.get('flaky')?.consecutiveFailures).toBe(5);

    server.route('/flaky.xml', { body: rssFeed('Flaky', [cyberItem(7)]) });
    const recovered = await runOnce(config, dataDir);
    expect(recovered.result.failed).toEqual([]);
    expect(recovered.notices.map((notice) => notice.text)).toEqual([expect.stringContaining('answers again and is resumed')]);
    expect(recovered.states.get('flaky')).toMatchObject({ paused: false, pausedReason: null, consecutiveFailures: 0, failureNotified: false });
    expect(recovered.alerts.map((alert) => alert.title)).toEqual(['Ransomware attack number 7 hits hospital network']);
  });

  it('resumes a paused feed from the command line', async () => {
    const config = failingConfig();
    for (let poll = 1; poll <= 4; poll += 1) await runOnce(config, dataDir);
    const cli = await runCli(['--config', config, '--data-dir', dataDir, 'feeds', 'resume', 'flaky']);
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain('feed flaky resumed');
    expect(cli.code).toBe(0);
    const store = createSqliteStateStore(join(dataDir, 'newswatch.sqlite'));
    const state = await store.getFeedState('flaky');
    await store.close();
    expect(state).toMatchObject({ paused: false, consecutiveFailures: 0 });
    expect(Date.parse(state?.nextPollAt ?? '')).toBeLessThanOrEqual(Date.now());

    const unknown = await runCli(['--config', config, '--data-dir', dataDir, 'feeds', 'resume', 'nope']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('no feed "nope"');
  });

  it('leaves a feed an admin paused alone', async () => {
    const config = failingConfig();
    const store = createSqliteStateStore(join(dataDir, 'newswatch.sqlite'));
    await store.saveFeedState({ ...initialFeedState('flaky'), paused: true, pausedReason: 'admin' });
    await store.close();
    const run = await runOnce(config, dataDir);
    expect(run.result.failed).toEqual([]);
    expect(server.requests.filter((request) => request.path === '/flaky.xml')).toHaveLength(0);
  });

  it('does not re-alert a re-keyed feed, tells the admins once, and still alerts its new items', async () => {
    const items = [1, 2, 3, 4, 5].map((n) => cyberItem(n));
    server.route('/wire.xml', { body: rssFeed('Wire', items) });
    const config = writeConfig(dir, [{ id: 'wire', url: `${server.url}/wire.xml` }], { admin: true });
    expect((await runOnce(config, dataDir)).alerts).toHaveLength(5);

    // the publisher switches its guids: same titles and links under new ids, and one genuinely new item
    server.route('/wire.xml', { body: rssFeed('Wire', [cyberItem(6, { guid: 'v2-6' }), ...items.map((item, n) => ({ ...item, guid: `v2-${n + 1}` }))]) });
    const rekeyed = await runOnce(config, dataDir);
    expect(rekeyed.alerts.map((alert) => alert.title)).toEqual(['Ransomware attack number 6 hits hospital network']);
    expect(rekeyed.notices).toHaveLength(1);
    expect(rekeyed.notices[0]?.text).toContain('now presents 5 of its 6 items under new ids');
    expect(rekeyed.logs.find((line) => line.msg === 'feed polled')).toMatchObject({ feed: 'wire', rekeyed: 5 });

    // and again: still no repeats, and no second notice
    server.route('/wire.xml', { body: rssFeed('Wire', [cyberItem(6), ...items].map((item, n) => ({ ...item, guid: `v3-${n}` }))) });
    const again = await runOnce(config, dataDir);
    expect(again.alerts).toEqual([]);
    expect(again.notices).toEqual([]);
  });

  it('alerts a few new keys whose titles it saw before: only a majority counts as a re-keyed feed', async () => {
    const items = [1, 2, 3, 4, 5].map((n) => cyberItem(n));
    server.route('/wire.xml', { body: rssFeed('Wire', items) });
    const config = writeConfig(dir, [{ id: 'wire', url: `${server.url}/wire.xml` }], { admin: true });
    await runOnce(config, dataDir);
    server.route('/wire.xml', { body: rssFeed('Wire', [{ ...cyberItem(1), guid: 'corrected-1' }, ...items.slice(1)]) });
    const run = await runOnce(config, dataDir);
    expect(run.alerts).toHaveLength(1);
    expect(run.notices).toEqual([]);
  });
});
