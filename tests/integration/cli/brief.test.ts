import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { rssFeed, startFeedServer, type FeedServer, type TestItem } from '../../support/feed-server.js';

interface BriefJson {
  topic: { id: string; name: string };
  total: number;
  entries: { title: string; summary: string | null; quote: { text: string; speaker: string } | null; outlets: string[]; url: string | null }[];
}

const published = new Date(Date.now() - 2 * 3_600_000).toUTCString();

/** One story told by several outlets in their own words, and two stories told once. */
function collapseStory(server: FeedServer, outlet: string, lead: string): TestItem {
  return {
    guid: `collapse-${outlet}`,
    title: 'Harbour crane collapses at North Quay after overnight storm',
    link: `${server.url}/${outlet}/collapse`,
    pubDate: published,
    html: `<p>A container crane collapsed at North Quay in the harbour early on Tuesday after an overnight storm, ${lead}.</p><p>"Every berth on the quay stays closed until the engineers have inspected the other cranes," said Marta Quell, the harbour master.</p><p>Shipping was diverted to the south basin while crews cleared the wreckage from the harbour.</p>`,
  };
}

const strike: TestItem = {
  guid: 'pilots-strike',
  title: 'Harbour pilots walk out over night shift rota',
  pubDate: published,
  html: '<p>Harbour pilots stopped guiding ships into port on Tuesday in a dispute over the night shift rota.</p><p>"We will not guide ships on fourteen-hour shifts," said Tomas Brel, a pilots union spokesman.</p>',
};

const markets: TestItem = {
  guid: 'grain-prices',
  title: 'Grain futures rise on a dry spring forecast',
  pubDate: published,
  html: '<p>Grain futures rose on Tuesday after forecasters predicted a dry spring across the plains.</p>',
};

describe('newswatch brief', () => {
  let server: FeedServer;
  let config: string;
  let dataDir: string;

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/coast.xml', { body: rssFeed('Coast Daily', [collapseStory(server, 'coast', 'the port authority said'), strike, markets]) });
    server.route('/wire.xml', { body: rssFeed('Port Wire', [collapseStory(server, 'wire', 'officials at the port authority said on Tuesday')]) });
    server.route('/bay.xml', { body: rssFeed('Bay Herald', [collapseStory(server, 'bay', 'according to the port authority')]) });
    const dir = mkdtempSync(join(tmpdir(), 'nw-brief-'));
    config = join(dir, 'newswatch.yaml');
    dataDir = join(dir, 'data');
    const feeds = ['coast', 'wire', 'bay'].map((id) => `  - url: ${server.url}/${id}.xml\n    id: ${id}\n`).join('');
    writeFileSync(
      config,
      `defaults:\n  allow_private_addresses: true\n  first_poll: all\n  teaser_words: 0\nfeeds:\n${feeds}topics:\n  - id: harbour\n    name: Harbour\n    query: harbour OR port\n    channels: [console]\n  - id: farming\n    name: Farming\n    query: grain\n    channels: [console]\n`,
    );
    const run = await runCli(['--config', config, '--data-dir', dataDir, 'run', '--once']);
    expect(run.code, run.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => server.close());

  it('lists the top stories on a topic, the story most outlets carry first, one entry per story', async () => {
    const result = await runCli(['--config', config, '--data-dir', dataDir, 'brief', 'harbour', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const brief = JSON.parse(result.stdout) as BriefJson;
    expect(brief.topic).toEqual({ id: 'harbour', name: 'Harbour' });
    expect(brief.total).toBe(2);
    const [collapse, walkout] = brief.entries;
    expect(collapse?.title).toBe('Harbour crane collapses at North Quay after overnight storm');
    expect([...(collapse?.outlets ?? [])].sort()).toEqual(['Bay Herald', 'Coast Daily', 'Port Wire']);
    expect(collapse?.summary).toContain('A container crane collapsed at North Quay');
    expect(collapse?.quote).toMatchObject({ speaker: 'Marta Quell' });
    expect(collapse?.quote?.text).toContain('Every berth on the quay stays closed');
    expect(collapse?.url).toMatch(new RegExp(`^${server.url}/(coast|wire|bay)/collapse$`));
    expect(walkout?.title).toBe('Harbour pilots walk out over night shift rota');
    expect(walkout?.outlets).toEqual(['Coast Daily']);
    expect(walkout?.quote).toMatchObject({ speaker: 'Tomas Brel' });
  });

  it('prints plain text, cut at --limit with a count of the rest', async () => {
    const result = await runCli(['--config', config, '--data-dir', dataDir, 'brief', 'harbour', '--limit', '1']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Harbour: 2 stories since \d{4}-\d\d-\d\d \d\d:\d\d UTC\n\n1\. Harbour crane collapses at North Quay after overnight storm \(3 outlets\)\n/);
    expect(result.stdout).toContain('(Marta Quell, harbour master)');
    expect(result.stdout).not.toContain('pilots');
    expect(result.stdout.endsWith('\n\n…and 1 more\n')).toBe(true);
  });

  it('counts only alerts recorded in the --since window', async () => {
    const result = await runCli(['--config', config, '--data-dir', dataDir, 'brief', 'farming', '--since', '1ms', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as BriefJson).total).toBe(0);
  });

  it('posts the brief to a configured channel with --post, as a channel\'s briefs: schedule does', async () => {
    const result = await runCli(['--config', config, '--data-dir', dataDir, 'brief', 'harbour', '--post', 'console']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('newswatch: brief of 2 stories on harbour posted to console');
    expect(result.stdout).toMatch(/Harbour: 2 stories since \d{4}-\d\d-\d\d \d\d:\d\d UTC\n1\. Harbour crane collapses at North Quay after overnight storm \(3 outlets\)/);
    expect(result.stdout).toContain('(Marta Quell, harbour master)');
    const unknown = await runCli(['--config', config, '--data-dir', dataDir, 'brief', 'harbour', '--post', 'analysts']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('--post analysts: no such channel; the config has console');
  });

  it('refuses an unknown topic, naming it and the known ones', async () => {
    const result = await runCli(['--config', config, '--data-dir', dataDir, 'brief', 'harbor']);
    expect(result.code).toBe(64);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no topic "harbor"; known topics: farming, harbour');
  });
});
