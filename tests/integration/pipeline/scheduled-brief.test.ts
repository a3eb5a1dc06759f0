import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsoleSink } from '../../../src/adapters/chat/console/console-sink.js';
import { createSqliteStateStore } from '../../../src/adapters/state/sqlite-state-store.js';
import { loadSettings } from '../../../src/compose/load-config.js';
import { silentLogger } from '../../../src/ports/logger.js';
import type { StateStore } from '../../../src/ports/state-store.js';
import { postTopicBrief } from '../../../src/pipeline/send-brief.js';
import { makeDelivery } from '../../contract/state-records.js';

// A channel's scheduled brief, posted by what its cron job runs: once per minute whichever processes fire, from the
// alert log of the window, to the channel's sink.

const NOW = new Date('2024-06-01T08:00:10.000Z');
const minutesAgo = (minutes: number): string => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const CONFIG = `channels:\n  desk:\n    type: console\n    briefs:\n      - { topic: cyber, schedule: "0 8 * * *", since: 6h }\nfeeds:\n  - url: https://news.example.test/rss\n    id: news\ntopics:\n  - id: cyber\n    name: Cyber\n    query: ransomware\n    channels: [desk]\n`;

describe('a scheduled topic brief', () => {
  let dir: string;
  let store: StateStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nw-brief-schedule-'));
    store = createSqliteStateStore(join(dir, 'state.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is posted once per minute however many processes fire, with the stories of its window', async () => {
    const path = join(dir, 'newswatch.yaml');
    writeFileSync(path, CONFIG);
    const settings = loadSettings(path, {}).settings;
    const [brief] = settings.channels.get('desk')?.briefs ?? [];
    expect(brief).toEqual({ topicId: 'cyber', schedule: '0 8 * * *', sinceMs: 6 * 3_600_000, sinceText: '6h' });
    await store.saveDelivery(makeDelivery('recent', 'desk', minutesAgo(30), { status: 'sent', alert: { title: 'Port systems hit by ransomware' } }));
    await store.saveDelivery(makeDelivery('old', 'desk', minutesAgo(8 * 60), { status: 'sent', alert: { title: 'Last week’s breach' } }));

    const output = new PassThrough();
    let printed = '';
    output.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
    const sinks = new Map([['desk', createConsoleSink({ channelId: 'desk', output, format: 'text' })]]);
    let now = NOW;
    const deps = { store, clock: { now: () => now }, logger: silentLogger, sinks: () => sinks, settings: () => settings };
    if (brief === undefined) throw new Error('the channel has no brief');

    const fired = await Promise.all([postTopicBrief('desk', brief, deps, true), postTopicBrief('desk', brief, deps, true)]);
    expect(fired.sort()).toEqual([1, null]);
    expect(printed.match(/Cyber: 1 story since/g)).toHaveLength(1);
    expect(printed).toContain('Port systems hit by ransomware');
    expect(printed).not.toContain('Last week’s breach');

    // The next day's firing posts again.
    now = new Date(NOW.getTime() + 86_400_000);
    expect(await postTopicBrief('desk', brief, deps, true)).toBe(0);
    expect(printed.match(/Cyber: \d+ stor(y|ies) since/g)).toHaveLength(2);
  });
});
