/**
 * Evaluates the shipped topics (config/newswatch.yaml, exactly as users get them) on two dev sets:
 * - CASIE news articles for `cyber-attacks`: a positive reports an attack; vulnerability-only articles are the
 *   hard negatives. Halves by article id.
 * - the topics-watch set for all four topics: per-topic precision/recall/F1 and macro F1, with and without the
 *   rows labelled "borderline", beside a plain-keyword baseline. Halves by search query, so one event never sits
 *   in both. Its text is rebuilt locally (see WATCH_REBUILD) and never kept in the repository.
 * - a second watch set (scripts/eval/watch-second/), built the same way from other events, years and outlets,
 *   labels in the repository and text rebuilt locally like the first: development data for the topics now that
 *   the first set's develop half has nothing left to teach. Same figures and halves.
 * Run directly (`tsx scripts/eval/topics.ts`) to print the figures as JSON; NEWSWATCH_EVAL_ERRORS=1 also prints
 * the misses and false alarms of the develop half (never of the check half).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toTopicDefinitions } from '../../src/config/build-settings.js';
import { loadConfigFile } from '../../src/compose/load-config.js';
import type { TopicDefinition } from '../../src/core/topics/topic-definition.js';
import { compileTopics, matchTopics, type TopicIndex } from '../../src/core/topics/topic-index.js';
import { scoreHalves, splitHalves } from './halves.js';

const defaultTopics = toTopicDefinitions(loadConfigFile(new URL('../../config/newswatch.yaml', import.meta.url).pathname, {}));

const CASIE_TOPIC = 'cyber-attacks';
const WATCH_TOPICS = ['iran-cyber', 'sanctions', 'gulf-tensions', 'cyber-attacks'] as const;
type WatchTopic = (typeof WATCH_TOPICS)[number];

/** How to rebuild the watch text when it is missing: it is third-party text, kept only on this machine. */
export const WATCH_REBUILD =
  'Rebuild it as topics-watch-dev/README.md says: run each distinct `query` of labels.jsonl once with the ' +
  '`search` tool (corpus `pages`), keep the results whose URL equals a row url, and write the rows ' +
  '(id, url, title, text, labels, query, note) as JSON lines to ~/.cache/newswatch-eval/topics-watch-dev/' +
  'articles.jsonl, or point NEWSWATCH_WATCH_TEXT at the file. Never inside the repository.';

/** Where the second watch set's labels live, and how to rebuild its text. */
const SECOND_WATCH_LABELS = fileURLToPath(new URL('./watch-second/labels.jsonl', import.meta.url));
export const SECOND_WATCH_REBUILD =
  'Rebuild it as scripts/eval/watch-second/README.md says (the same recipe as topics-watch-dev) into ' +
  '~/.cache/newswatch-eval/watch-second/articles.jsonl, or point NEWSWATCH_WATCH_SECOND_TEXT at the file.';

/**
 * The plain-keyword baseline: each topic as a bare OR of its obvious words (the two-sided Iran topic as two
 * such ORs joined), with no stemming, no sense rules and no relevance threshold.
 */
const BASELINE_TOPICS: TopicDefinition[] = [
  { id: 'iran-cyber', name: 'baseline', query: '(iran OR iranian) AND (cyberattack OR "cyber attack" OR hackers OR hack OR malware)' },
  { id: 'sanctions', name: 'baseline', query: 'sanctions OR sanctioned OR embargo' },
  { id: 'gulf-tensions', name: 'baseline', query: 'hormuz OR "persian gulf" OR houthi OR houthis OR tanker OR tankers' },
  {
    id: 'cyber-attacks',
    name: 'baseline',
    query: 'cyberattack OR "cyber attack" OR hackers OR hacked OR ransomware OR breach OR ddos OR phishing',
  },
].map((topic) => ({ ...topic, stemming: false, minScore: 0 }));

interface CasieArticle {
  id: string;
  title: string | null;
  text: string;
  is_attack: boolean;
  is_vulnerability_only: boolean;
}

interface WatchRow {
  id: string;
  url: string;
  title: string | null;
  text: string;
  labels: Record<WatchTopic, boolean>;
  query: string;
  note: string;
}

export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface CasieFigures extends Counts {
  articles: number;
  positives: number;
  hardNegatives: number;
  /** False positives among the vulnerability-only articles. */
  hardNegativesMatched: number;
}

export interface WatchFigures {
  rows: number;
  macroF1: number;
  topics: Record<WatchTopic, Counts>;
}

export interface WatchSection {
  ours: WatchFigures;
  oursWithoutBorderline: WatchFigures;
  baseline: WatchFigures;
  baselineWithoutBorderline: WatchFigures;
}

export interface TopicEvaluation extends CasieFigures {
  topic: string;
  articlesPerSecond: number;
  halves: { develop: CasieFigures; check: CasieFigures };
  watch: WatchEvaluation;
  watchSecond: WatchEvaluation;
}

type WatchEvaluation = (WatchSection & { halves: { develop: WatchSection; check: WatchSection } }) | { missing: string };

/** CASIE figures for `cyber-attacks`, and the topics-watch figures for the four topics, each with both halves. */
export async function evaluateTopics(dataDir: string): Promise<TopicEvaluation> {
  const ours = compileTopics(defaultTopics);
  const casie = await readJsonLines<CasieArticle>(path.join(dataDir, 'topics-casie-dev', 'articles.jsonl'));
  const started = performance.now();
  const whole = scoreCasie(ours, casie);
  const seconds = (performance.now() - started) / 1000;
  return {
    topic: CASIE_TOPIC,
    ...whole,
    articlesPerSecond: Math.round(casie.length / seconds),
    halves: scoreHalves(casie, (article) => article.id, (part) => scoreCasie(ours, part)),
    watch: await evaluateWatch(
      process.env['NEWSWATCH_WATCH_TEXT'] ?? path.join(homedir(), '.cache', 'newswatch-eval', 'topics-watch-dev', 'articles.jsonl'),
      path.join(dataDir, 'topics-watch-dev', 'labels.jsonl'),
      WATCH_REBUILD,
      ours,
    ),
    watchSecond: await evaluateWatch(
      process.env['NEWSWATCH_WATCH_SECOND_TEXT'] ?? path.join(homedir(), '.cache', 'newswatch-eval', 'watch-second', 'articles.jsonl'),
      SECOND_WATCH_LABELS,
      SECOND_WATCH_REBUILD,
      ours,
    ),
  };
}

function scoreCasie(index: TopicIndex, articles: readonly CasieArticle[]): CasieFigures {
  const tally = { tp: 0, fp: 0, fn: 0 };
  let hardNegativesMatched = 0;
  for (const article of articles) {
    // CASIE keeps each article's text as one block; the matcher takes the lead from its first sentences.
    const matched = isMatched(index, { title: article.title ?? '', paragraphs: [article.text] }, CASIE_TOPIC);
    count(tally, matched, article.is_attack);
    if (matched && article.is_vulnerability_only) hardNegativesMatched++;
  }
  return {
    articles: articles.length,
    positives: articles.filter((article) => article.is_attack).length,
    hardNegatives: articles.filter((article) => article.is_vulnerability_only).length,
    ...figures(tally),
    hardNegativesMatched,
  };
}

/** One watch set: its rebuilt text (labels carried along) checked against the labels file's row count. */
async function evaluateWatch(file: string, labelsFile: string, rebuild: string, ours: TopicIndex): Promise<WatchEvaluation> {
  if (!existsSync(file)) return { missing: `no rebuilt text at ${file}. ${rebuild}` };
  const labelled = await readJsonLines<Pick<WatchRow, 'id' | 'labels' | 'note'>>(labelsFile);
  const labelsById = new Map(labelled.map((row) => [row.id, row]));
  // The labels file is the record: a rebuilt row takes its labels and note from there.
  const rows = (await readJsonLines<WatchRow>(file)).flatMap((row) => {
    const label = labelsById.get(row.id);
    return label === undefined ? [] : [{ ...row, labels: label.labels, note: label.note }];
  });
  const baseline = compileTopics(BASELINE_TOPICS);
  const section = (part: WatchRow[]): WatchSection => {
    const plain = part.filter((row) => !/borderline/i.test(row.note));
    return {
      ours: scoreWatch(ours, part),
      oursWithoutBorderline: scoreWatch(ours, plain),
      baseline: scoreWatch(baseline, part),
      baselineWithoutBorderline: scoreWatch(baseline, plain),
    };
  };
  if (process.env['NEWSWATCH_EVAL_ERRORS'] === '1') printDevelopErrors(ours, splitHalves(rows, (row) => row.query).develop);
  const rebuilt = rows.length === labelled.length ? {} : { note: `${rows.length} of ${labelled.length} rows rebuilt` };
  return { ...rebuilt, ...section(rows), halves: scoreHalves(rows, (row) => row.query, section) };
}

function scoreWatch(index: TopicIndex, rows: readonly WatchRow[]): WatchFigures {
  const tallies = Object.fromEntries(WATCH_TOPICS.map((topic) => [topic, { tp: 0, fp: 0, fn: 0 }]));
  for (const row of rows) {
    const found = new Set(matchTopics(index, watchDocument(row)).map((match) => match.topic));
    for (const topic of WATCH_TOPICS) count(tallies[topic] as Tally, found.has(topic), row.labels[topic]);
  }
  const topics = Object.fromEntries(WATCH_TOPICS.map((topic) => [topic, figures(tallies[topic] as Tally)])) as Record<
    WatchTopic,
    Counts
  >;
  const macroF1 = round(WATCH_TOPICS.reduce((sum, topic) => sum + topics[topic].f1, 0) / WATCH_TOPICS.length);
  return { rows: rows.length, macroF1, topics };
}

/** A watch row as the cleaner would hand it over: its title, and its lines (date prefix and title line dropped). */
function watchDocument(row: WatchRow): { title: string; paragraphs: string[] } {
  const title = row.title ?? '';
  const lines = row.text
    .replace(/^\s*date \d{4}-\d{2}-\d{2}\s*/, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (title !== '' && lines[0] === title) lines.shift();
  return { title, paragraphs: lines };
}

function printDevelopErrors(index: TopicIndex, develop: readonly WatchRow[]): void {
  for (const row of develop) {
    const matches = matchTopics(index, watchDocument(row));
    const found = new Set(matches.map((match) => match.topic));
    for (const topic of WATCH_TOPICS) {
      if (found.has(topic) === row.labels[topic]) continue;
      const kind = row.labels[topic] ? 'MISS' : 'FALSE';
      const match = matches.find((candidate) => candidate.topic === topic);
      const why = match === undefined ? '' : ` score ${match.score} terms ${match.terms.join(', ')}`;
      console.error(`${kind} ${topic} ${row.id} ${row.note}${why} | ${(row.title ?? row.text).slice(0, 90).replace(/\n/g, ' ')}`);
    }
  }
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

function isMatched(index: TopicIndex, doc: { title: string; paragraphs: string[] }, topic: string): boolean {
  return matchTopics(index, doc).some((match) => match.topic === topic);
}

function count(tally: Tally, matched: boolean, positive: boolean): void {
  if (matched && positive) tally.tp++;
  if (matched && !positive) tally.fp++;
  if (!matched && positive) tally.fn++;
}

function figures(tally: Tally): Counts {
  const precision = ratio(tally.tp, tally.tp + tally.fp);
  const recall = ratio(tally.tp, tally.tp + tally.fn);
  return {
    truePositives: tally.tp,
    falsePositives: tally.fp,
    falseNegatives: tally.fn,
    precision: round(precision),
    recall: round(recall),
    f1: round(ratio(2 * precision * recall, precision + recall)),
  };
}

async function readJsonLines<T>(file: string): Promise<T[]> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
  return lines.map((line) => JSON.parse(line) as T);
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** `../shared/data` beside the repository, unless NEWSWATCH_SHARED_DATA says otherwise. */
function defaultDataDir(): string {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  return process.env['NEWSWATCH_SHARED_DATA'] ?? path.resolve(repoRoot, '..', 'shared', 'data');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await evaluateTopics(defaultDataDir()), null, 2));
}
