import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeedItem, ParsedFeed } from '../../src/core/article.js';
import { CodedError } from '../../src/core/errors.js';
import { createFileFeedFetcher } from '../../src/adapters/feeds/file-feed-fetcher.js';
import { parseFeed } from '../../src/adapters/feeds/parse-feed.js';

const PER_FEED_TIMEOUT_MS = 5_000;
const NO_VALIDATORS = { etag: null, lastModified: null };
const FIELDS = ['title', 'link', 'guid', 'date', 'author'] as const;
type Field = (typeof FIELDS)[number];

type Outcome = { kind: 'parsed'; feed: ParsedFeed } | { kind: 'coded'; code: string } | { kind: 'unexpected'; error: string } | { kind: 'timeout' };

/**
 * Runs every feed of the robustness corpus through the file fetcher and parseFeed, each under a deadline, and
 * reports how many parsed, how many ended in a clean coded error and how many crashed or hung (both must be 0);
 * then the simple `==` expectations of the feedparser cases, and, for rss-parser's real feeds, whether every
 * item kept its title, link, guid, date and author compared with rss-parser's own expected output.
 */
export async function evaluateFeeds(dataDir: string) {
  // accept the shared data folder or its feeds/ folder itself
  const root = (await readdir(dataDir)).includes('feeds') ? join(dataDir, 'feeds') : dataDir;
  const fetcher = createFileFeedFetcher(root);
  const files = (await listFiles(root)).filter((file) => isFeedInput(relative(root, file)));
  const outcomes = new Map<string, Outcome>();
  const errorsByCode: Record<string, number> = {};
  const unexpected: Array<{ file: string; error: string }> = [];
  let slowest = { file: '', ms: 0 };
  for (const file of files) {
    const started = performance.now();
    let outcome = await runOne(fetcher, file);
    const ms = performance.now() - started;
    // parsing is synchronous, so a hang shows up as elapsed time even when the deadline could not fire
    if (ms > PER_FEED_TIMEOUT_MS) outcome = { kind: 'timeout' };
    if (ms > slowest.ms) slowest = { file: relative(root, file), ms: Math.round(ms) };
    outcomes.set(file, outcome);
    if (outcome.kind === 'coded') errorsByCode[outcome.code] = (errorsByCode[outcome.code] ?? 0) + 1;
    if (outcome.kind === 'unexpected' || outcome.kind === 'timeout') {
      unexpected.push({ file: relative(root, file), error: outcome.kind === 'timeout' ? 'timeout' : outcome.error });
    }
  }
  const count = (kind: Outcome['kind']): number => [...outcomes.values()].filter((outcome) => outcome.kind === kind).length;
  const byCorpus: Record<string, { files: number; parsed: number; cleanErrors: number }> = {};
  for (const [file, outcome] of outcomes) {
    const corpus = relative(root, file).split('/').slice(0, 3).join('/').replace(/\/(test\/)?input$/, '');
    const tally = (byCorpus[corpus.startsWith('rss-parser') ? 'rss-parser' : corpus] ??= { files: 0, parsed: 0, cleanErrors: 0 });
    tally.files += 1;
    if (outcome.kind === 'parsed') tally.parsed += 1;
    if (outcome.kind === 'coded') tally.cleanErrors += 1;
  }
  return {
    files: files.length,
    parsed: count('parsed'),
    cleanErrors: count('coded'),
    errorsByCode,
    unexpectedExceptions: count('unexpected'),
    timeouts: count('timeout'),
    slowest,
    byCorpus,
    unexpected: unexpected.slice(0, 20),
    feedparserExpectations: await scoreFeedparser(root, outcomes),
    rssParserRealFeeds: await scoreRssParser(root, outcomes),
  };
}

async function runOne(fetcher: ReturnType<typeof createFileFeedFetcher>, file: string): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Outcome>((done) => {
    timer = setTimeout(() => done({ kind: 'timeout' }), PER_FEED_TIMEOUT_MS);
  });
  const work = (async (): Promise<Outcome> => {
    try {
      const fetched = await fetcher.fetch(file, NO_VALIDATORS);
      if (fetched.kind !== 'fetched') return { kind: 'unexpected', error: 'not-modified without validators' };
      return { kind: 'parsed', feed: await parseFeed(fetched.body, file) };
    } catch (error) {
      if (error instanceof CodedError && error.code.startsWith('feed_') && error.message.startsWith('feed ')) return { kind: 'coded', code: error.code };
      return { kind: 'unexpected', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  })();
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** feedparser cases carry `Expect: <python>`; the `path == 'literal'` clauses on title, link and id are checked. */
async function scoreFeedparser(root: string, outcomes: Map<string, Outcome>) {
  const byDirectory: Record<string, { cases: number; passed: number }> = {};
  for (const [file, outcome] of outcomes) {
    const path = relative(root, file);
    if (!path.startsWith('feedparser/')) continue;
    const header = (await readFile(file, 'latin1')).slice(0, 4_000);
    const clauses = parseExpect(/Expect:\s*(.*)/.exec(header)?.[1]?.trim() ?? '');
    if (clauses === null) continue;
    const directory = dirname(path).replace(/^feedparser\/tests\//, '');
    const score = (byDirectory[directory] ??= { cases: 0, passed: 0 });
    score.cases += 1;
    const feed = outcome.kind === 'parsed' ? outcome.feed : null;
    if (feed !== null && clauses.every((clause) => clause.kind === 'not-bozo' || lookup(feed, clause.path) === clause.value)) score.passed += 1;
  }
  const cases = Object.values(byDirectory).reduce((sum, score) => sum + score.cases, 0);
  const passed = Object.values(byDirectory).reduce((sum, score) => sum + score.passed, 0);
  // feedparser also sanitises HTML in titles; newswatch leaves that to its own text cleanup
  const sanitize = byDirectory['wellformed/sanitize'] ?? { cases: 0, passed: 0 };
  const passRateWithoutSanitize = round((passed - sanitize.passed) / Math.max(1, cases - sanitize.cases));
  return { cases, passed, passRate: round(passed / Math.max(1, cases)), passRateWithoutSanitize, byDirectory };
}

type Clause = { kind: 'not-bozo' } | { kind: 'equals'; path: [number | null, string]; value: string };

/** Parses "not bozo and entries[0]['link'] == u'…'"; null when any clause is outside what is checked. */
function parseExpect(expect: string): Clause[] | null {
  const clauses: Clause[] = [];
  let rest = expect;
  const path = /^(feed|entries\[(\d+)\])(?:\['(title|link|id)'\]|\.(title|link|id))\s*==\s*u?(['"])/;
  const feedId = /^feed(\['id'\]|\.id)/;
  while (rest !== '') {
    const notBozo = /^not bozo\b/.exec(rest);
    const match = notBozo === null ? path.exec(rest) : null;
    if (feedId.test(rest)) return null;
    if (notBozo !== null) {
      clauses.push({ kind: 'not-bozo' });
      rest = rest.slice(notBozo[0].length);
    } else if (match !== null) {
      const literal = readPythonString(rest.slice(match[0].length), match[5] ?? "'");
      if (literal === null) return null;
      clauses.push({ kind: 'equals', path: [match[2] === undefined ? null : Number(match[2]), match[3] ?? match[4] ?? ''], value: literal.value });
      rest = rest.slice(match[0].length + literal.length);
    } else return null;
    rest = rest.trim().replace(/^and\s+/, '');
  }
  return clauses.length > 0 ? clauses : null;
}

function readPythonString(text: string, quote: string): { value: string; length: number } | null {
  let value = '';
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (char === quote) return { value, length: index + 1 };
    if (char !== '\\') {
      value += char;
      continue;
    }
    const next = text[index + 1] ?? '';
    const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (width > 0) {
      value += String.fromCodePoint(parseInt(text.slice(index + 2, index + 2 + width), 16));
      index += 1 + width;
    } else {
      value += ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[next] ?? next;
      index += 1;
    }
  }
  return null;
}

function lookup(feed: ParsedFeed, [entry, field]: [number | null, string]): string | null {
  if (entry === null) return field === 'title' ? feed.title : field === 'link' ? feed.link : null;
  const item = feed.items[entry];
  if (item === undefined) return null;
  return field === 'title' ? item.title : field === 'link' ? item.link : item.guid;
}

/** rss-parser's expected JSON was made reading Latin-1 as UTF-8, so its U+FFFD stand for any non-ASCII character. */
async function scoreRssParser(root: string, outcomes: Map<string, Outcome>) {
  const fields = Object.fromEntries(FIELDS.map((field) => [field, { expected: 0, kept: 0 }])) as Record<Field, { expected: number; kept: number }>;
  const feeds: Array<{ feed: string; expectedItems: number; items: number; lost: string[] }> = [];
  for (const [file, outcome] of outcomes) {
    if (!relative(root, file).startsWith('rss-parser/test/input/')) continue;
    const name = basename(file).replace(/\.[^.]+$/, '');
    const expectedText = await readFile(join(root, 'rss-parser/test/output', `${name}.json`), 'utf8').catch(() => null);
    if (expectedText === null) continue;
    const expectedItems = ((JSON.parse(expectedText) as { feed?: { items?: unknown[] } }).feed?.items ?? []) as Array<Record<string, unknown>>;
    const items = outcome.kind === 'parsed' ? outcome.feed.items : [];
    const lost = new Set<string>();
    expectedItems.forEach((expected, index) => {
      const ours = items[index];
      for (const field of FIELDS) {
        const want = resolveRelative(expectedValue(expected, field), field, outcome.kind === 'parsed' ? outcome.feed.link : null);
        if (want === null) continue;
        fields[field].expected += 1;
        if (ours !== undefined && sameText(want, ourValue(ours, field))) fields[field].kept += 1;
        else lost.add(field);
      }
    });
    feeds.push({ feed: name, expectedItems: expectedItems.length, items: items.length, lost: [...lost] });
  }
  const core: Field[] = ['title', 'link', 'guid', 'date'];
  return {
    feeds: feeds.length,
    feedsKeepingEveryItem: feeds.filter((feed) => feed.items === feed.expectedItems && !feed.lost.some((field) => core.includes(field as Field))).length,
    fields: Object.fromEntries(FIELDS.map((field) => [field, { ...fields[field], rate: round(fields[field].kept / Math.max(1, fields[field].expected)) }])),
    mismatches: feeds.filter((feed) => feed.items !== feed.expectedItems || feed.lost.length > 0),
  };
}

function expectedValue(item: Record<string, unknown>, field: Field): string | null {
  const raw = field === 'guid' ? (item.guid ?? item.id) : field === 'date' ? item.isoDate : field === 'author' ? (item.creator ?? item.author) : item[field];
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : null;
}

/** rss-parser leaves relative item links as they are; parseFeed resolves them against the feed's own link. */
function resolveRelative(value: string | null, field: Field, base: string | null): string | null {
  if (value === null || field !== 'link' || base === null || /^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  try {
    return new URL(value, base).href;
  } catch {
    return value;
  }
}

function ourValue(item: FeedItem, field: Field): string | null {
  return field === 'date' ? item.publishedAt : field === 'guid' ? item.guid : item[field];
}

function sameText(expected: string, ours: string | null): boolean {
  if (ours === null) return false;
  if (!expected.includes('\uFFFD')) return expected === ours;
  return expected === ours.replace(/[^\x00-\x7f]/g, '\uFFFD');
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(join(directory, entry.name)) : Promise.resolve([join(directory, entry.name)]))),
  );
  return nested.flat().sort();
}

function isFeedInput(path: string): boolean {
  if (path.startsWith('rss-parser/')) return path.startsWith('rss-parser/test/input/');
  return path.startsWith('feedparser/tests/') && !/(LICENSE|SOURCE_COMMIT|README\.md)$/.test(path);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const dataDir = process.env.NEWSWATCH_SHARED_DATA ?? resolve(repoRoot, '../shared/data');
  console.log(JSON.stringify(await evaluateFeeds(dataDir), null, 2));
}
