import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, runCli, spawnCli } from '../../support/cli.js';
import { startFakeSlackApi, type FakeSlackApi, type RecordedSlackRequest } from '../../support/fake-slack-api.js';
import { cyberItem, cyberTopic, offlineDefaults, openApp, tempDir, waitFor, writeConfig, writeFeed } from './harness.js';

// A digest channel holds its alerts and posts them, grouped by topic, when its digest runs; never twice.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const TOKEN = 'xoxb-digest';
const leaksTopic = { id: 'leaks', name: 'Data leaks', query: 'leaked OR theft OR payroll', channels: ['morning'] };

function digestConfig(dir: string, stories: readonly number[]): string {
  const feed = writeFeed(dir, 'wire', 'Cyber Wire', stories.map((n) => cyberItem(n)));
  return writeConfig(dir, {
    defaults: offlineDefaults,
    feeds: [{ url: feed, id: 'wire', name: 'Cyber Wire' }],
    channels: { morning: { type: 'slack', token: '${SLACK_BOT_TOKEN}', channel: 'C0DIGEST', mode: 'digest', digest_schedule: '0 8 * * *' } },
    topics: [cyberTopic(['morning']), leaksTopic],
  });
}

const posts = (api: FakeSlackApi): RecordedSlackRequest[] => api.requests.filter((request) => request.method === 'chat.postMessage');
const sectionTexts = (request: RecordedSlackRequest | undefined): string[] =>
  ((request?.body['blocks'] ?? []) as { type: string; text?: { text: string } }[]).filter((block) => block.type === 'section').map((block) => block.text?.text ?? '');

describe('a digest channel', () => {
  it('holds alerts, then posts them grouped by topic when its digest runs, and never posts one twice', async () => {
    const api = await startFakeSlackApi({ token: TOKEN });
    closers.push(() => api.close());
    const dir = tempDir();
    const env = { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: api.url };
    // Each alert is listed once, under its best topic: the leaked payroll under leaks, the rest under attacks.
    const { app, stop } = openApp(digestConfig(dir, [1, 2, 3, 4, 8]), join(dir, 'data'), env, 'warn');
    closers.push(stop);
    await app.runOnce();
    expect(posts(api)).toEqual([]);
    expect(await app.store.listDeliveries({ status: 'digest', channelId: 'morning' })).toHaveLength(5);

    expect(await app.sendDigest('morning')).toBe(5);
    expect(posts(api)).toHaveLength(1);
    const digest = posts(api)[0];
    expect(digest?.body['channel']).toBe('C0DIGEST');
    expect(digest?.body['text']).toBe('Digest: 5 alerts on 2 topics');
    const [header, ...groups] = sectionTexts(digest);
    expect(header).toBe('*Digest* \u2014 5 alerts on 2 topics');
    expect(groups).toHaveLength(2);
    const cyber = groups.find((text) => text.startsWith('*Cyber attacks* (4)\n'));
    const leaks = groups.find((text) => text.startsWith('*Data leaks* (1)\n'));
    expect(cyber).toContain('<https://news.example.org/cyber/1|Oslo hospital cancels surgeries after ransomware attack>');
    expect(cyber).toContain('Krakow brewery halts bottling lines');
    expect(cyber).toContain('Dublin water utility warns customers of phishing wave after data theft');
    expect(leaks).toContain('<https://news.example.org/cyber/8|Seville city council payroll leaked by hacker forum>');
    expect(cyber).not.toContain('Seville');
    const records = await app.store.listDeliveries({ channelId: 'morning' });
    expect(records.map((record) => record.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);

    expect(await app.sendDigest('morning')).toBe(0);
    expect(posts(api)).toHaveLength(1);
  });

  it('takes later alerts into the next digest only', async () => {
    const api = await startFakeSlackApi({ token: TOKEN });
    closers.push(() => api.close());
    const dir = tempDir();
    const env = { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: api.url };
    const first = openApp(digestConfig(dir, [1]), join(dir, 'data'), env, 'warn');
    await first.app.runOnce();
    expect(await first.app.sendDigest('morning')).toBe(1);
    await first.stop();
    const second = openApp(digestConfig(dir, [1, 6]), join(dir, 'data'), env, 'warn');
    closers.push(second.stop);
    await second.app.runOnce();
    expect(await second.app.sendDigest('morning')).toBe(1);
    const [, later] = posts(api);
    expect(later?.body['text']).toBe('Digest: 1 alert on 1 topic');
    expect(sectionTexts(later).join('\n')).toContain('Turin museum ticket desks offline');
    expect(sectionTexts(later).join('\n')).not.toContain('Oslo');
  });

  it('does not post again after the process died while posting it; the alerts stay listed as failed', async () => {
    const api = await startFakeSlackApi({ token: TOKEN });
    closers.push(() => api.close());
    const dir = tempDir();
    const config = digestConfig(dir, [1, 2]);
    const args = ['--config', config, '--data-dir', join(dir, 'data')];
    const env = { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: api.url, REDIS_URL: '', LOG_LEVEL: 'error' };
    expect((await runCli([...args, 'run', '--once'], { env })).code).toBe(0);

    // The digest request reaches Slack, and the process dies before it learns the outcome.
    api.failNext('chat.postMessage', { drop: true });
    const child = spawnCli([...args, 'digest', '--channel', 'morning'], { env });
    const exited = collect(child);
    await waitFor(() => posts(api).length === 1, 15_000, 'the digest request');
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');

    const again = await runCli([...args, 'digest', '--channel', 'morning'], { env });
    expect(again.stderr).toContain('nothing held for morning');
    expect(again.code).toBe(0);
    expect(posts(api)).toHaveLength(1);

    const { app, stop } = openApp(config, join(dir, 'data'), { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: api.url }, 'silent');
    closers.push(stop);
    const failed = await app.store.listDeliveries({ status: 'failed', channelId: 'morning' });
    expect(failed).toHaveLength(2);
    expect(failed[0]?.lastError).toMatch(/the process stopped while posting it and the digest may not have arrived/);
  }, 30_000);

  it('is a configuration error without a digest_schedule, or with one that is not a cron expression', async () => {
    const dir = tempDir();
    const base = { defaults: offlineDefaults, topics: [cyberTopic(['morning'])] };
    const noSchedule = writeConfig(dir, { ...base, channels: { morning: { type: 'console', mode: 'digest' } } });
    const missing = await runCli(['config', 'check', noSchedule], { env: { REDIS_URL: '' } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/channels\.morning\.mode: mode: digest needs digest_schedule/);

    const badCron = writeConfig(dir, { ...base, channels: { morning: { type: 'console', mode: 'digest', digest_schedule: 'every morning' } } });
    const invalid = await runCli(['config', 'check', badCron], { env: { REDIS_URL: '' } });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/channels\.morning\.digest_schedule: expected a cron expression/);
  });
});
