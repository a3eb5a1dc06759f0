import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleSink, renderConsoleAlert } from '../../../src/adapters/chat/console/console-sink.js';
import type { Alert } from '../../../src/core/alert.js';

const alert: Alert = {
  articleKey: 'link:1',
  channelId: 'console',
  title: 'Iran denies US cyber-attack\u001b[2J\u001b[H',
  url: 'https://news.example.test/1',
  source: 'Wire',
  publishedAt: '2024-06-24T10:00:00.000Z',
  topics: [{ id: 'iran-cyber', name: 'Iran cyber', score: 0.8, terms: ['iran*', 'cyber*'] }],
  summary: ['Iran denied on Monday that it was hit by a US cyber-attack.'],
  quotes: [{ text: 'No successful attack has been carried out by them,', speaker: 'Mohammad Javad Azari Jahromi', role: 'Iranian Telecommunications Minister', score: 0.9 }],
  storyId: 'story-1',
  otherSources: ['Other Wire'],
  followUpOf: null,
};

describe('console sink', () => {
  it('renders headline, source, why it matched, summary and quotes with speaker and role', () => {
    const text = renderConsoleAlert(alert);
    expect(text).toContain('Iran denies US cyber-attack');
    expect(text).toContain('Wire · 2024-06-24T10:00:00.000Z · +1 more sources (Other Wire)');
    expect(text).toContain('Iran cyber (iran-cyber, score 0.80): iran*, cyber*');
    expect(text).toContain('“No successful attack has been carried out by them,” — Mohammad Javad Azari Jahromi, Iranian Telecommunications Minister');
  });

  it('strips terminal control sequences that feed text could carry', () => {
    expect(renderConsoleAlert(alert)).not.toContain('\u001b');
    expect(renderConsoleAlert(alert, true)).toContain('\u001b[1m');
  });

  it('prints one JSON object a line in jsonl mode', async () => {
    const output = new PassThrough();
    let written = '';
    output.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const sink = createConsoleSink({ channelId: 'console', output, format: 'jsonl' });
    const posted = await sink.postAlert(alert);
    await sink.postNotice('feed x failed 5 times');
    expect(posted).toEqual({ channelId: 'console', messageRef: '1', threadRef: null });
    const lines = written.trim().split('\n').map((line) => JSON.parse(line) as { type: string; title?: string });
    expect(lines.map((line) => line.type)).toEqual(['alert', 'notice']);
    expect(lines[0]?.title).toBe(alert.title);
  });
});
