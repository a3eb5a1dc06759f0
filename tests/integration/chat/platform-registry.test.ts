import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryRateBudgets } from '../../../src/adapters/budgets/memory-rate-budgets.js';
import { createInProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createSqliteStateStore } from '../../../src/adapters/state/sqlite-state-store.js';
import type { ChatPlatform } from '../../../src/adapters/chat/shared/chat-platform.js';
import { chatPlatforms, platformReading } from '../../../src/compose/chat-platforms.js';
import { createFetcher } from '../../../src/compose/create-fetcher.js';
import { createSinks } from '../../../src/compose/create-sinks.js';
import { parseConfigText } from '../../../src/compose/load-config.js';
import { previewPayload } from '../../../src/compose/preview-payload.js';
import { prepareSinkChanges } from '../../../src/compose/reload-sinks.js';
import { buildSettings, buildStandingConfig } from '../../../src/config/build-settings.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import { ConfigError, formatProblem, type ConfigProblem } from '../../../src/config/load-config.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { parseFeed } from '../../../src/adapters/feeds/parse-feed.js';
import { enqueueDuePolls, startPipeline } from '../../../src/pipeline/pipeline.js';
import { pagerPlatform } from '../../fixtures/chat/pager/pager-platform.js';
import { startCaptureServer, type CaptureServer } from '../commands/capture-server.js';
import { cyberItem, cyberTopic, tempDir, writeFeed } from '../delivery/harness.js';

// A platform outside src/ (tests/fixtures/chat/pager) added to compose's list of platforms: its channel blocks are
// checked by its schema part, and alerts reach it through the real pipeline, store and queue.

const withPager: readonly ChatPlatform[] = [...chatPlatforms, pagerPlatform];
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function configText(feedPath: string, pagerUrl: string): string {
  return [
    'defaults: { allow_private_addresses: true, teaser_words: 0, first_poll: all }',
    'feeds:',
    `  - { url: ${JSON.stringify(feedPath)}, id: wire }`,
    'channels:',
    `  desk: { type: pager, url: ${JSON.stringify(pagerUrl)} }`,
    'topics:',
    `  - ${JSON.stringify(cyberTopic(['desk']))}`,
    '',
  ].join('\n');
}

function problemsOf(text: string, platforms: readonly ChatPlatform[] = withPager): ConfigProblem[] {
  try {
    parseConfigText(text, 'newswatch.yaml', {}, platforms);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('a chat platform added to compose’s list', () => {
  it('has its channel blocks checked by its own schema part, with the file’s line; without it in the list the type is refused', () => {
    const text = 'channels:\n  desk:\n    type: pager\n    url: not a url\n  ops:\n    type: pager\n    url: http://127.0.0.1:9/hook\n    token: x\n';
    const problems = problemsOf(text);
    // as docs/contributing/adding-a-chat-platform.md shows it
    expect(problems.map(formatProblem)[0]).toBe('newswatch.yaml:4:10: channels.desk.url: Invalid URL (found "not a url")');
    expect(problems).toEqual([
      expect.objectContaining({ path: 'channels.desk.url', line: 4 }),
      expect.objectContaining({ path: 'channels.ops', line: 8, message: 'Unrecognized key: "token"' }),
    ]);
    const config = parseConfigText('channels:\n  desk: { type: pager, url: http://127.0.0.1:9/hook, mode: immediate }\n', 'newswatch.yaml', {}, withPager);
    expect(config.channels['desk']).toEqual({ type: 'pager', url: 'http://127.0.0.1:9/hook', mode: 'immediate' });
    expect(problemsOf('channels:\n  desk: { type: pager, url: http://127.0.0.1:9/hook }\n', chatPlatforms)).toEqual([
      expect.objectContaining({ path: 'channels.desk.type', line: 2 }),
    ]);
  });

  it('gets the alerts of the topics routed to its channels, end to end', async () => {
    const pager: CaptureServer = await startCaptureServer();
    cleanup.push(() => pager.close());
    const dir = tempDir();
    const feedPath = writeFeed(dir, 'wire', 'Wire', [cyberItem(1), cyberItem(2)]);
    const config = parseConfigText(configText(feedPath, `${pager.url}/hook`), join(dir, 'newswatch.yaml'), {}, withPager);
    const settings = buildSettings(config, join(dir, 'newswatch.yaml'), (path) => path);
    const budgets = createMemoryRateBudgets();
    const sinkOptions = { output: 'text' as const, stdout: new PassThrough(), environment: parseEnvironment({}), budgets };
    const sinks = createSinks(config, sinkOptions, silentLogger, withPager);
    expect(sinks.get('desk')?.platform).toBe('pager');

    const store = createSqliteStateStore(join(dir, 'state.sqlite'));
    const queue = createInProcessQueue({ backoffMs: 5 });
    const fetcher = createFetcher(dir, () => settings.fetch ?? {}, budgets);
    const pipeline = startPipeline(
      { fetcher, parseFeed, store, queue, clock: { now: () => new Date() }, logger: silentLogger, settings: () => settings, sinks: () => sinks },
      { poll: 1, analyze: 1, deliver: 1 },
    );
    cleanup.push(() => store.close(), () => queue.close(), () => fetcher.close(), () => pipeline.stop());
    await enqueueDuePolls(settings, store, queue, new Date(), { all: true });
    await queue.drain();

    const posted = pager.requests.filter((request) => request.path === '/hook').map((request) => request.body as { channel: string; text: string });
    expect(posted.map((body) => body.channel)).toEqual(['desk', 'desk']);
    expect(posted.map((body) => body.text).sort()).toEqual(
      [cyberItem(1), cyberItem(2)].map((item) => `${item.title} (Wire) ${item.link}`).sort(),
    );
    expect((await store.listDeliveries({ status: 'sent', channelId: 'desk' })).length).toBe(2);
  });

  it('is known by name to the command rules, previews, and gets a new sink on reload only when its transport changes', () => {
    const text = 'channels:\n  desk: { type: pager, url: http://127.0.0.1:9/hook }\n';
    const config = parseConfigText(text, 'newswatch.yaml', {}, withPager);
    const settings = buildSettings(config, 'newswatch.yaml', (path) => path);
    const standing = buildStandingConfig(config, settings, platformReading(withPager));
    expect(standing.platforms['pager']).toEqual({ name: 'Pager', admins: null });
    expect(standing.channels).toEqual([{ id: 'desk', platform: 'pager', platformChannel: null }]);
    const preview = previewPayload(settings, { title: 'Ransomware hits a port', html: null, text: 'Hackers hit a port.', url: 'https://news.example.org/1', source: 'Wire' }, 'pager', new Date(), withPager);
    expect(preview).toEqual({ text: 'Ransomware hits a port (Wire) https://news.example.org/1' });

    const sinkOptions = { output: 'text' as const, stdout: new PassThrough(), environment: parseEnvironment({}), budgets: createMemoryRateBudgets() };
    const quieter = parseConfigText(text.replace('}', ', min_score: 2 }'), 'newswatch.yaml', {}, withPager);
    expect(prepareSinkChanges(config, quieter, sinkOptions, silentLogger, withPager).changed).toEqual([]);
    const moved = parseConfigText(text.replace(':9/hook', ':9/other'), 'newswatch.yaml', {}, withPager);
    expect(prepareSinkChanges(config, moved, sinkOptions, silentLogger, withPager).changed).toEqual(['desk']);
  });
});
