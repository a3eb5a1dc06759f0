import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../../support/cli.js';
import { rssFeed, startFeedServer, type FeedServer } from '../../support/feed-server.js';

/** The environment of a user who set no logging variables. */
const defaults = { LOG_LEVEL: '', LOG_FORMAT: '' };
const scratch = (): string => mkdtempSync(join(tmpdir(), 'nw-output-'));
const topics = 'topics:\n  - id: cyber\n    name: Cyber\n    query: cyber* OR hacker*\n    channels: [console]\n';

describe('newswatch output', () => {
  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  it('one-shot commands print only their result at the default log level', async () => {
    const dataDir = join(scratch(), 'data');
    const seed = join(repoRoot, 'tests/fixtures/seeds', readFileSync(join(repoRoot, 'tests/fixtures/seeds/expected.json'), 'utf8').match(/"file":\s*"([^"]+)"/)?.[1] ?? '');
    for (const args of [['config', 'check'], ['feeds'], ['topics', 'export'], ['analyze', seed]]) {
      const result = await runCli(['--config', 'config/demo.yaml', '--data-dir', dataDir, ...args], { env: defaults });
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.stdout.length, args.join(' ')).toBeGreaterThan(0);
    }
  }, 120_000);

  it('run keeps logs off stdout: JSON lines on a stderr that is not a terminal, readable lines with --log-format pretty', async () => {
    const json = await runCli(['--config', 'config/demo.yaml', 'run', '--once', '--fresh'], { env: defaults });
    expect(json.code).toBe(0);
    expect(json.stdout).toContain('Iran denies US cyber-attack');
    expect(json.stdout).not.toMatch(/^\{/m);
    const records = json.stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(records.map((record) => record.msg)).toContain('feed polled');

    const pretty = await runCli(['--config', 'config/demo.yaml', '--log-format', 'pretty', 'run', '--once', '--fresh'], { env: defaults });
    expect(pretty.code).toBe(0);
    expect(pretty.stdout).not.toMatch(/^\{|INFO/m);
    expect(pretty.stderr).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: feed polled {2}feed=demo-[a-z-]+ status=200 /m);
    expect(pretty.stderr).not.toMatch(/^\{/m);
  }, 120_000);

  it('feeds shows the probe interval of a feed paused for failing, not its normal interval', async () => {
    const dir = scratch();
    const config = join(dir, 'newswatch.yaml');
    writeFileSync(config, `defaults:\n  interval: 10s\n  feed_failure_alert: 1\n  feed_failure_pause: 1\nfeeds:\n  - url: missing.xml\n    id: gone\n${topics}`);
    const run = await runCli(['--config', config, '--data-dir', join(dir, 'data'), 'run', '--once']);
    expect(run.code).toBe(1);
    const feeds = await runCli(['--config', config, '--data-dir', join(dir, 'data'), 'feeds']);
    expect(feeds.code).toBe(0);
    expect(feeds.stdout).toMatch(/next poll: {4}paused for failing; next probe \S+ \(probed every 1h\)/);
    expect(feeds.stdout).not.toContain('every 10s');
  }, 60_000);
});

describe('messages about article pages', () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(async () => server.close());

  it('call a page a page, not a feed', async () => {
    server.route('/wire.xml', {
      body: rssFeed('Wire', [{ guid: 'a1', title: 'Hackers hit a port operator', link: `${server.url}/gone-article`, html: '<p>Hackers hit a port.</p>' }]),
    });
    const dir = scratch();
    const config = join(dir, 'newswatch.yaml');
    writeFileSync(config, `defaults:\n  allow_private_addresses: true\n  first_poll: all\nfeeds:\n  - url: ${server.url}/wire.xml\n    id: wire\n${topics}`);
    const result = await runCli(['--config', config, 'run', '--once', '--fresh'], { env: { LOG_LEVEL: 'warn', LOG_FORMAT: 'json' } });
    expect(result.code).toBe(0);
    const warning = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; err?: string })
      .find((record) => record.msg.startsWith('article page fetch failed'));
    expect(warning?.err).toMatch(new RegExp(`^page ${server.url}/gone-article: HTTP 404`));
    expect(warning?.err).toContain('the page is not there any more');
    expect(warning?.err).not.toMatch(/\bfeed\b/);
  });
});
