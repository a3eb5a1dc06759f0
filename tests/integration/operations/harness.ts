import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { App, AppOptions } from '../../../src/compose/app.js';
import { createApp } from '../../../src/compose/create-app.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import type { FeedState } from '../../../src/core/records/feed-state.js';
import type { TestItem } from '../../support/feed-server.js';

export interface FeedEntry {
  id: string;
  url: string;
  interval?: string;
  first_poll?: string;
}

export interface ConfigOptions {
  /** Extra `defaults:` entries, as YAML scalars. */
  defaults?: Record<string, string | number | boolean | readonly string[]>;
  /** Adds a console channel `admin` and makes it the admin channel. */
  admin?: boolean;
  /** More channels, as YAML lines under `channels:` ("  name: { type: slack, ... }"). */
  channels?: readonly string[];
  /** More topics, as YAML lines under `topics:`. */
  topics?: readonly string[];
}

/** Writes a config with a console channel and a cyber topic routed to it; private addresses allowed, no page fetches. */
export function writeConfig(dir: string, feeds: readonly FeedEntry[], options: ConfigOptions = {}): string {
  const defaults = { allow_private_addresses: true, teaser_words: 0, fetch_timeout: '2s', ...options.defaults };
  const feedLines = feeds
    .map((feed) => [`  - url: ${feed.url}`, `    id: ${feed.id}`, ...(feed.interval ? [`    interval: ${feed.interval}`] : []), ...(feed.first_poll ? [`    first_poll: ${feed.first_poll}`] : [])].join('\n'))
    .join('\n');
  const path = join(dir, 'newswatch.yaml');
  writeFileSync(
    path,
    [
      'defaults:',
      ...Object.entries(defaults).map(([key, value]) => `  ${key}: ${typeof value === 'object' || typeof value === 'string' ? JSON.stringify(value) : String(value)}`),
      'feeds:',
      feedLines,
      'channels:',
      '  console: { type: console }',
      ...(options.admin ? ['  admin: { type: console }'] : []),
      ...(options.channels ?? []),
      'topics:',
      '  - id: cyber',
      '    name: Cyber attacks',
      '    query: ransomware OR hacker* OR cyber*',
      '    channels: [console]',
      ...(options.topics ?? []),
      ...(options.admin ? ['admin_channel: admin'] : []),
      '',
    ].join('\n'),
  );
  return path;
}

export interface Printed {
  type: string;
  channelId: string;
  articleKey?: string;
  title?: string;
  text?: string;
}

export interface LogLine {
  level: number;
  msg: string;
  feed?: string;
  article?: string;
  [field: string]: unknown;
}

/** A stream that keeps what is written to it, as text. */
export function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return { stream, text: () => text };
}

const jsonLines = <T>(text: string): T[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as T);

export interface RunResult {
  result: Awaited<ReturnType<App['runOnce']>>;
  alerts: Printed[];
  notices: Printed[];
  logs: LogLine[];
  states: Map<string, FeedState>;
}

/** Creates the app on a config, runs `runOnce`, keeps the feed states, stops it. */
export async function runOnce(configPath: string, dataDir: string, options: Partial<AppOptions> = {}): Promise<RunResult> {
  const out = capture();
  const err = capture();
  const app = createApp({ configPath, dataDir, output: 'jsonl', logLevel: 'info', environment: parseEnvironment({}), stdout: out.stream, stderr: err.stream, ...options });
  try {
    const result = await app.runOnce();
    const states = new Map((await app.store.listFeedStates()).map((state) => [state.feedId, state]));
    const printed = jsonLines<Printed>(out.text());
    return {
      result,
      alerts: printed.filter((line) => line.type === 'alert'),
      notices: printed.filter((line) => line.type === 'notice'),
      logs: jsonLines<LogLine>(err.text()),
      states,
    };
  } finally {
    await app.stop();
  }
}

const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toUTCString();

/** A recent item the cyber topic matches. */
export function cyberItem(n: number, overrides: Partial<TestItem> = {}): TestItem {
  return {
    guid: `cyber-${n}`,
    title: `Ransomware attack number ${n} hits hospital network`,
    link: `https://news.example.test/cyber/${n}`,
    pubDate: hoursAgo(1),
    html: `<p>A ransomware attack hit hospital network ${n} on Monday, encrypting patient records, officials said.</p>`,
    ...overrides,
  };
}
