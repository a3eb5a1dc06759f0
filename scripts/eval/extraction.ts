/**
 * Scores main-text extraction on the article-extraction benchmark pages: per page, 4-word shingles of `\w+`
 * tokens, precision and recall of the shingle multisets (normalised per page), macro-averaged; F1 of the two
 * averages. Plain Readability on linkedom is measured in the same run as the baseline, with per-page wins and
 * losses against it. Every figure is also given for the two fixed halves (`scripts/eval/halves.ts`).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractPage } from '../../src/adapters/feeds/extract-page.js';
import { MAX_HALF_GAP, scoreHalves, splitHalves } from './halves.js';
import { sharedDataDir } from './summaries.js';

interface Truth {
  articleBody: string;
  url: string;
}

export interface Page {
  id: string;
  url: string;
  html: string;
  truth: string;
}

type Counts = [tp: number, fp: number, fn: number];

/** Loads the pages of `dataDir`/extraction-aeb-dev with their reference text. */
export async function loadExtractionPages(dataDir: string): Promise<Page[]> {
  const base = join(dataDir, 'extraction-aeb-dev');
  const truth = JSON.parse(await readFile(join(base, 'ground-truth.json'), 'utf8')) as Record<string, Truth>;
  const files = (await readdir(join(base, 'html'))).filter((file) => file.endsWith('.html.gz')).sort();
  const pages: Page[] = [];
  for (const file of files) {
    const id = file.replace(/\.html\.gz$/, '');
    const entry = truth[id];
    if (entry === undefined) continue;
    const html = gunzipSync(await readFile(join(base, 'html', file))).toString('utf8');
    pages.push({ id, url: entry.url, html, truth: entry.articleBody });
  }
  return pages;
}

/** Plain Readability on linkedom, its text content: the baseline. */
export function extractWithReadability(html: string): string {
  const { document } = parseHTML(html);
  return new Readability(document).parse()?.textContent ?? '';
}

/** One page's figures: ours, plain Readability on linkedom, and the published Readability (jsdom) output. */
interface PageScore {
  id: string;
  ours: Counts;
  readability: Counts;
  jsdom: Counts;
  empty: boolean;
}

/** A page counts as a win or a loss against Readability only when the F1s differ by more than this. */
const TIE_MARGIN = 0.01;

/** Evaluates extractPage and the baselines on the whole set and on each fixed half. */
export async function evaluateExtraction(dataDir: string): Promise<Record<string, unknown>> {
  const pages = await loadExtractionPages(dataDir);
  const jsdomOutput = JSON.parse(
    await readFile(join(dataDir, 'extraction-aeb-dev', 'readability-js-output.json'), 'utf8'),
  ) as Record<string, { articleBody?: string }>;
  const scores: PageScore[] = pages.map((page) => {
    const extracted = extractPage(page.html, page.url);
    return {
      id: page.id,
      ours: shingleCounts(page.truth, extracted?.text ?? ''),
      readability: shingleCounts(page.truth, extractWithReadability(page.html)),
      jsdom: shingleCounts(page.truth, jsdomOutput[page.id]?.articleBody ?? ''),
      empty: extracted === null,
    };
  });
  const { develop } = splitHalves(scores, (score) => score.id);
  const readable = new Set(develop.map((score) => score.id));
  const halves = scoreHalves(scores, (score) => score.id, (part) => summarizeScores(part, readable));
  const gapOf = (system: 'ours' | 'readabilityLinkedom', figure: 'precision' | 'recall' | 'f1'): number =>
    round(Math.abs(halves.develop[system][figure] - halves.check[system][figure]));
  const gaps = (system: 'ours' | 'readabilityLinkedom') => ({
    precision: gapOf(system, 'precision'),
    recall: gapOf(system, 'recall'),
    f1: gapOf(system, 'f1'),
  });
  return {
    ...summarizeScores(scores, readable),
    halves,
    // Readability's own gap shows how far apart the halves are before any rule of ours.
    halfGap: { allowed: MAX_HALF_GAP, ours: gaps('ours'), readabilityLinkedom: gaps('readabilityLinkedom') },
  };
}

/**
 * Every figure of a set of pages, including per-page wins and losses against plain Readability. The largest
 * losses are named only among `readable` pages (the develop half): the check half is read as figures only.
 */
function summarizeScores(scores: readonly PageScore[], readable: ReadonlySet<string>) {
  const differences = scores.map((score) => ({
    id: score.id,
    ours: pageF1(score.ours),
    readability: pageF1(score.readability),
  }));
  const losses = differences
    .filter((page) => page.readability - page.ours > TIE_MARGIN)
    .sort((a, b) => b.readability - b.ours - (a.readability - a.ours));
  return {
    pages: scores.length,
    ours: { ...summarizeCounts(scores.map((score) => score.ours)), nullPages: scores.filter((score) => score.empty).length },
    readabilityLinkedom: summarizeCounts(scores.map((score) => score.readability)),
    readabilityJsdomPublished: summarizeCounts(scores.map((score) => score.jsdom)),
    versusReadability: {
      wins: differences.filter((page) => page.ours - page.readability > TIE_MARGIN).length,
      losses: losses.length,
      ties: differences.filter((page) => Math.abs(page.ours - page.readability) <= TIE_MARGIN).length,
      largestLosses: scores.some((score) => readable.has(score.id))
        ? losses
            .filter((page) => readable.has(page.id))
            .slice(0, 5)
            .map((page) => `${page.id}: ours ${page.ours.toFixed(3)}, readability ${page.readability.toFixed(3)}`)
        : 'not named: the check half is read as figures only',
    },
  };
}

/** One page's F1 from its normalised counts. */
export function pageF1([tp, fp, fn]: Counts): number {
  if (tp + fp + fn === 0) return 1;
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

function shingles(text: string, size = 4): Map<string, number> {
  const words = tokens(text);
  const counts = new Map<string, number>();
  if (words.length === 0) return counts;
  for (let index = 0; index < Math.max(1, words.length - size + 1); index++) {
    const shingle = words.slice(index, index + size).join(' ');
    counts.set(shingle, (counts.get(shingle) ?? 0) + 1);
  }
  return counts;
}

/** Per-page true/false positives and false negatives over shingles, normalised to sum to 1. */
export function shingleCounts(truth: string, predicted: string): Counts {
  const expected = shingles(truth);
  const actual = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(key) ?? 0;
    const got = actual.get(key) ?? 0;
    tp += Math.min(want, got);
    fp += Math.max(0, got - want);
    fn += Math.max(0, want - got);
  }
  const total = tp + fp + fn;
  return total > 0 ? [tp / total, fp / total, fn / total] : [0, 0, 0];
}

/** Page-level precision and recall, averaged; F1 of the averages. */
export function summarizeCounts(counts: readonly Counts[]): { precision: number; recall: number; f1: number } {
  const precisions = counts.filter(([tp, fp]) => tp + fp > 0).map(([tp, fp, fn]) => ratio(tp, fp, fn));
  const recalls = counts.filter(([tp, , fn]) => tp + fn > 0).map(([tp, fp, fn]) => ratio(tp, fn, fp));
  const precision = mean(precisions);
  const recall = mean(recalls);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision: round(precision), recall: round(recall), f1: round(f1) };
}

/** tp / (tp + wrong), with the benchmark's conventions for empty sides. */
function ratio(tp: number, wrong: number, other: number): number {
  if (wrong === 0 && other === 0) return 1;
  if (tp === 0 && wrong === 0) return 0;
  return tp / (tp + wrong);
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await evaluateExtraction(sharedDataDir()), null, 2));
}
