import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../../support/cli.js';
import { quoteTextAsShown } from '../../support/seed-quotes.js';

const seeds = join(repoRoot, 'tests/fixtures/seeds');
const expected = JSON.parse(readFileSync(join(seeds, 'expected.json'), 'utf8')) as {
  articles: { file: string; lead_sentence: string; topics: Record<string, boolean | null>; quotes: { text: string; speaker: string; role: string }[] }[];
};

describe('newswatch CLI', () => {
  it('runs the demo offline: alerts for both seed articles, and nothing for the unrelated items', async () => {
    const result = await runCli(['--config', 'config/demo.yaml', 'run', '--once', '--fresh']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Iran denies US cyber-attack, ahead of new sanctions');
    expect(result.stdout).toContain('Iran says it dismantled CIA cyber-espionage network');
    expect(result.stdout).toContain('Mohammad Javad Azari Jahromi');
    expect(result.stdout).not.toContain('Rare orchid');
    expect(result.stdout).not.toContain('cycle lanes');
  });

  it('analyze gets every expected item of the seed articles right', async () => {
    const files = expected.articles.map((article) => join(seeds, article.file));
    const result = await runCli(['analyze', ...files]);
    expect(result.code).toBe(0);
    const outputs = result.stdout
      .split(/\n(?=\{)/)
      .map((chunk) => JSON.parse(chunk) as { id: string; summary: string[]; quotes: { text: string; speaker: string | null; role: string | null }[]; matches: { topic: string }[] });
    expected.articles.forEach((article, index) => {
      const output = outputs[index];
      expect(output?.id).toBe(article.file);
      expect(output?.summary[0]).toBe(article.lead_sentence);
      for (const quote of article.quotes) {
        expect(output?.quotes).toContainEqual(expect.objectContaining({ text: quoteTextAsShown(quote.text), speaker: quote.speaker, role: quote.role }));
      }
      const matched = new Set(output?.matches.map((match) => match.topic));
      for (const [topic, must] of Object.entries(article.topics)) {
        if (must === true) expect(matched.has(topic), `${article.file} must match ${topic}`).toBe(true);
        if (must === false) expect(matched.has(topic), `${article.file} must not match ${topic}`).toBe(false);
      }
    });
  });

  it('analyze --jsonl answers each input line in order with its id', async () => {
    const lines = [
      { id: 'a', title: 'Ransomware gang hits port operator', text: 'A ransomware attack disrupted the port operator on Monday, the company said.' },
      { id: 7, html: '<p>Iran said on Tuesday that hackers had attacked its oil ministry.</p>' },
    ];
    const result = await runCli(['analyze', '--jsonl'], { stdin: lines.map((line) => JSON.stringify(line)).join('\n') });
    const outputs = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(outputs.map((output) => output['id'])).toEqual(['a', 7]);
    expect(Object.keys(outputs[0] ?? {}).sort()).toEqual(['id', 'matches', 'quotes', 'summary', 'text', 'title']);
    expect(outputs[0]?.['title']).toBe('Ransomware gang hits port operator');
  });

  it('refuses a broken YAML file with file:line:column and exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-cli-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'feeds:\n  - url: https://example.com/rss\n    interval: soon\n');
    const result = await runCli(['--config', file, 'run', '--once']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:3:15: feeds[0].interval: expected a duration`);
    expect(result.stdout).toBe('');
  });

  it('config check prints what the shipped config sets up', async () => {
    const result = await runCli(['config', 'check']);
    expect(result.code).toBe(0);
    for (const topic of ['iran-cyber', 'sanctions', 'gulf-tensions', 'cyber-attacks']) expect(result.stdout).toContain(topic);
  });

  it('feeds lists each feed with its last success and next poll', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-cli-'));
    await runCli(['--config', 'config/demo.yaml', '--data-dir', dir, 'run', '--once']);
    const result = await runCli(['--config', 'config/demo.yaml', '--data-dir', dir, 'feeds']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/demo-world-news[\s\S]*last success: \d{4}-/);
    expect(result.stdout).toContain('next poll:');
  });
});
