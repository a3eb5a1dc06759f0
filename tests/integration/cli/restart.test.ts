import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, runCli, spawnCli } from '../../support/cli.js';
import { rssFeed, startFeedServer, type FeedServer } from '../../support/feed-server.js';

const ITEMS = 400;

function titles(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string; title: string })
    .filter((line) => line.type === 'alert')
    .map((line) => line.title);
}

// Each case runs the CLI three times over a few hundred articles; generous limits keep it stable on a loaded machine.
describe('stopping mid-run and starting again', { timeout: 120_000 }, () => {
  let server: FeedServer;
  const expected: string[] = [];
  beforeAll(async () => {
    server = await startFeedServer();
    const items = Array.from({ length: ITEMS }, (_, n) => {
      const title = `Hackers breach ministry network in attack ${n}`;
      expected.push(title);
      return {
        guid: `item-${n}`,
        title,
        link: `https://news.example.test/${n}`,
        pubDate: new Date().toUTCString(),
        html: `<p>Hackers breached a ministry network in cyber attack ${n}, officials said on Monday.</p><p>The ministry said data was stolen.</p>`,
      };
    });
    server.route('/feed.xml', { body: rssFeed('Wire', items) });
  });
  afterAll(async () => server.close());

  const setup = (): string[] => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-restart-'));
    writeFileSync(
      join(dir, 'c.yaml'),
      `defaults:\n  allow_private_addresses: true\n  teaser_words: 0\nfeeds:\n  - url: ${server.url}/feed.xml\n    id: wire\nchannels:\n  console: { type: console }\ntopics:\n  - id: cyber\n    name: Cyber\n    query: hacker* OR cyber*\n    channels: [console]\n`,
    );
    return ['--config', join(dir, 'c.yaml'), '--data-dir', join(dir, 'data'), '--output', 'jsonl'];
  };

  async function interruptAfterFirstAlert(args: string[], signal: NodeJS.Signals): Promise<string> {
    const child = spawnCli([...args, 'run', '--once']);
    child.stdout?.on('data', function onData(chunk: Buffer) {
      if (chunk.toString().includes('"type":"alert"')) {
        child.stdout?.off('data', onData);
        child.kill(signal);
      }
    });
    const result = await collect(child);
    expect({ code: result.code, signal: result.signal, stderr: result.stderr.slice(-600) }).toMatchObject(signal === 'SIGKILL' ? { signal } : { code: 143 });
    return result.stdout;
  }

  it('after SIGTERM: the restart alerts exactly the rest, nothing twice', async () => {
    const args = setup();
    const before = titles(await interruptAfterFirstAlert(args, 'SIGTERM'));
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(ITEMS);
    const after = titles((await runCli([...args, 'run', '--once'])).stdout);
    expect([...before, ...after].sort()).toEqual([...expected].sort());
  });

  it('after SIGKILL: nothing lost, and at most the one alert in flight repeated', async () => {
    const args = setup();
    const before = titles(await interruptAfterFirstAlert(args, 'SIGKILL'));
    expect(before.length).toBeGreaterThan(0);
    const after = titles((await runCli([...args, 'run', '--once'])).stdout);
    const all = [...before, ...after];
    expect(new Set(all)).toEqual(new Set(expected));
    expect(all.length - ITEMS).toBeLessThanOrEqual(1);
    expect(titles((await runCli([...args, 'run', '--once'])).stdout)).toEqual([]);
  });
});
