import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse, stringify } from 'yaml';
import type { App } from '../../../src/compose/app.js';
import { createApp } from '../../../src/compose/create-app.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import type { Clock } from '../../../src/ports/clock.js';
import { repoRoot } from '../../support/cli.js';
import { rssFeed, type TestItem } from '../../support/feed-server.js';

/** A fresh temporary folder for one test's config, feeds and state. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'nw-delivery-'));
}

/** Writes an RSS file and returns its path, for a `feeds:` entry. */
export function writeFeed(dir: string, name: string, title: string, items: readonly TestItem[]): string {
  const path = join(dir, `${name}.xml`);
  writeFileSync(path, rssFeed(title, items));
  return path;
}

/** Writes a config object as YAML; `${VAR}` strings stay for the loader to interpolate. */
export function writeConfig(dir: string, config: object): string {
  const path = join(dir, 'newswatch.yaml');
  writeFileSync(path, stringify(config));
  return path;
}

/** Defaults that keep a test off the network: no page fetching, local addresses allowed. */
export const offlineDefaults = { allow_private_addresses: true, teaser_words: 0, first_poll: 'all' };

/**
 * config/demo.yaml with its feeds and topics as shipped, routed to `channels` instead of the console: every topic
 * goes to every channel given.
 */
export function demoConfig(channels: Record<string, object>): object {
  const demo = parse(readFileSync(join(repoRoot, 'config/demo.yaml'), 'utf8')) as {
    feeds: { url: string }[];
    topics: { channels: string[] }[];
  };
  return {
    defaults: offlineDefaults,
    feeds: demo.feeds.map((feed) => ({ ...feed, url: join(repoRoot, 'config', feed.url) })),
    channels,
    topics: demo.topics.map((topic) => ({ ...topic, channels: Object.keys(channels) })),
  };
}

/** One structured log line, as pino writes it. */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface TestApp {
  app: App;
  /** Log lines so far (warn and above unless `logLevel` says otherwise). */
  logs(): LogLine[];
  stop(): Promise<void>;
}

/** Creates the app from a config file the way the CLI does, with logs captured (and the clock, when given). */
export function openApp(configPath: string, dataDir: string, env: NodeJS.ProcessEnv = {}, logLevel = 'info', clock?: Clock): TestApp {
  const stderr = new PassThrough();
  let logText = '';
  stderr.setEncoding('utf8').on('data', (chunk: string) => (logText += chunk));
  const stdout = new PassThrough();
  stdout.resume();
  const app = createApp({ configPath, dataDir, output: 'jsonl', logLevel, environment: parseEnvironment(env), stdout, stderr, ...(clock ? { clock } : {}) });
  return {
    app,
    logs: () =>
      logText
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as LogLine),
    stop: () => app.stop(),
  };
}

const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toUTCString();

/** Eight unrelated cyber stories (each its own story: they share almost no words). */
const STORIES: readonly [title: string, lead: string][] = [
  ['Oslo hospital cancels surgeries after ransomware attack', 'Surgeons at Oslo University Hospital postponed forty operations on Monday after ransomware encrypted the scheduling system, the health trust said.'],
  ['Lisbon airline grounds flights as hackers cripple booking servers', 'The carrier Atlantica grounded twelve flights from Lisbon when hackers knocked out its reservation platform overnight.'],
  ['Krakow brewery halts bottling lines, blames cyber intrusion', 'A family brewery in Krakow stopped three bottling lines for two days after an intrusion into its plant controllers, its owner told reporters.'],
  ['Dublin water utility warns customers of phishing wave after data theft', 'Irish Water Services urged 80,000 Dublin households to ignore fake refund emails after criminals stole a billing database in June.'],
  ['Gdansk shipyard welding robots stopped by malware, union says', 'Malware reached the welding robots of a Gdansk shipyard and idled its night shift, the Solidarity union branch said on Thursday.'],
  ['Turin museum ticket desks offline after ransomware demand', 'Visitors queued outside the Egyptian collection in Turin as ticket desks went offline and a ransom note demanded payment in Monero.'],
  ['Vilnius railway timetables suspended by DDoS barrage', 'Lithuanian Railways suspended online timetables for six hours while a distributed denial-of-service flood hit its servers from Vilnius to Kaunas.'],
  ['Seville city council payroll leaked by hacker forum', 'A hacker forum published payroll files of 4,000 Seville council employees, including bank details, municipal officials confirmed on Friday.'],
];

/** Distinct cyber stories available from cyberItem. */
export const CYBER_STORIES = STORIES.length;

/** The n-th (1-based) of the distinct cyber stories, as a feed item the test topic matches. */
export function cyberItem(n: number, overrides: Partial<TestItem> = {}): TestItem {
  const [title, lead] = STORIES[(n - 1) % STORIES.length] ?? ['', ''];
  return {
    guid: `cyber-${n}`,
    title,
    link: `https://news.example.org/cyber/${n}`,
    pubDate: hoursAgo(1),
    html: `<p>${lead}</p><p>Investigators have not named the group responsible.</p>`,
    ...overrides,
  };
}

/**
 * One wire story as two outlets rewrote it: the same people, places and numbers in different sentences, so the
 * story fingerprint groups them.
 */
export const wireStory: { first: TestItem; rewrite: TestItem } = {
  first: {
    guid: 'ledger-nordhavn',
    title: 'Hackers hit Baltic port operator Nordhavn Logistics with ransomware, halting container traffic',
    link: 'https://news.example.org/ledger/nordhavn-ransomware',
    pubDate: hoursAgo(2),
    html:
      '<p>Hackers struck the Baltic port operator Nordhavn Logistics with ransomware on Tuesday, halting container traffic at three terminals in Riga and Tallinn, the company said.</p>' +
      '<p>\u201cWe have isolated the affected systems and are restoring them from backups,\u201d said Kaja Lind, Nordhavn\u2019s chief executive.</p>',
  },
  rewrite: {
    guid: 'harbour-nordhavn',
    title: 'Ransomware attack halts container traffic at Nordhavn Logistics terminals in Riga and Tallinn',
    link: 'https://news.example.org/harbour/nordhavn-attack',
    pubDate: hoursAgo(1),
    html:
      '<p>A ransomware attack by hackers on Nordhavn Logistics halted container traffic at three of its terminals in Riga and Tallinn on Tuesday, the Baltic port operator said.</p>' +
      '<p>Kaja Lind, the chief executive, said systems were being restored from backups.</p>',
  },
};

/** The test topic: any cyber attack. */
export function cyberTopic(channels: readonly string[]): object {
  return { id: 'cyber', name: 'Cyber attacks', query: 'ransomware OR hacker* OR cyber* OR malware OR phishing OR ddos', channels };
}

/** Resolves once `check` holds, polling; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
