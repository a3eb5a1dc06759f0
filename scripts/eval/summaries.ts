/**
 * Scores 3-sentence summaries on the CNN/DailyMail development articles against their reference highlights
 * with ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 (tokens: lower-cased [a-z0-9]+, no stemming, macro-averaged), next
 * to Lead-3 computed in the same run, on the whole set and on its two fixed halves.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectKeyQuotes } from '../../src/core/analyze-article.js';
import { extractQuotes } from '../../src/core/quotes/extract-quotes.js';
import { summarize } from '../../src/core/summary/summarize.js';
import { cleanDocument } from '../../src/core/text/clean-document.js';
import { splitSentences } from '../../src/core/text/split-sentences.js';
import { MAX_HALF_GAP, scoreHalves } from './halves.js';

interface Article {
  id: string;
  article: string;
  article_lines: string[];
  reference: string;
}

interface Scores {
  rouge1: number;
  rouge2: number;
  rougeLsum: number;
}

const SENTENCES = 3;
/** Key quotes an alert shows by default (`defaults.quotes` in the configuration). */
const KEY_QUOTES = 3;
const FIGURES = ['rouge1', 'rouge2', 'rougeLsum'] as const;

/** Our summary as an alert shows it: written around the key quotes shown beside it. */
function summarizeAsAlert(article: Article): string[] {
  const document = cleanDocument({ text: article.article });
  const keyQuotes = selectKeyQuotes(extractQuotes(document), KEY_QUOTES).map((quote) => quote.text);
  return summarize(document, { sentences: SENTENCES, keyQuotes });
}

/**
 * Evaluates our summaries and Lead-3 on `dataDir`/summaries-cnndm-dev, for the whole set and for each fixed half.
 * ROUGE figures are percentages (points); `gainOverLead3` is ours minus Lead-3 on the same articles in points,
 * `gainOverLead3Fraction` the same as a fraction, `gainStdError` the paired standard error of the gain in points.
 * `halfGap` compares the two halves' gains over Lead-3 as fractions (the figure `MAX_HALF_GAP` applies to).
 */
export async function evaluateSummaries(dataDir: string): Promise<Record<string, unknown>> {
  const raw = await readFile(join(dataDir, 'summaries-cnndm-dev', 'articles.jsonl'), 'utf8');
  const articles = raw.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Article);
  const systems: Record<string, (article: Article) => string[]> = {
    ours: summarizeAsAlert,
    oursIgnoringKeyQuotes: (article) => summarize(cleanDocument({ text: article.article }), { sentences: SENTENCES }),
    lead3: (article) => article.article_lines.slice(0, SENTENCES),
    lead3OurSplit: (article) => splitSentences(article.article).slice(0, SENTENCES),
  };
  const perArticle = new Map<string, Record<string, Scores>>();
  for (const article of articles) {
    const reference = referenceSentences(article.reference);
    const scores: Record<string, Scores> = {};
    for (const [name, system] of Object.entries(systems)) scores[name] = scoreSummary(system(article), reference);
    perArticle.set(article.id, scores);
  }
  const scoreSet = (part: readonly Article[]): Record<string, unknown> =>
    aggregate(part.map((article) => perArticle.get(article.id) ?? {}), Object.keys(systems));
  const halves = scoreHalves(articles, (article) => article.id, scoreSet);
  const gainOf = (half: Record<string, unknown>): Scores => half['gainOverLead3Fraction'] as Scores;
  const halfGap = Object.fromEntries(
    FIGURES.map((figure) => [figure, roundFraction(Math.abs(gainOf(halves.develop)[figure] - gainOf(halves.check)[figure]))]),
  );
  const withinMaxHalfGap = Object.values(halfGap).every((gap) => gap <= MAX_HALF_GAP);
  return { sentences: SENTENCES, ...scoreSet(articles), halves, halfGap, maxHalfGap: MAX_HALF_GAP, withinMaxHalfGap };
}

/** Macro averages of each system, and ours against Lead-3 on the same articles. */
function aggregate(rows: readonly Record<string, Scores>[], systems: readonly string[]): Record<string, unknown> {
  const count = Math.max(1, rows.length);
  const figures: Record<string, unknown> = { articles: rows.length };
  const mean = (name: string, figure: keyof Scores): number => rows.reduce((sum, row) => sum + (row[name]?.[figure] ?? 0), 0) / count;
  for (const name of systems) {
    figures[name] = Object.fromEntries(FIGURES.map((figure) => [figure, round(mean(name, figure))]));
  }
  const gain = Object.fromEntries(FIGURES.map((figure) => [figure, mean('ours', figure) - mean('lead3', figure)])) as unknown as Scores;
  figures['gainOverLead3'] = Object.fromEntries(FIGURES.map((figure) => [figure, round(gain[figure])]));
  figures['gainOverLead3Fraction'] = Object.fromEntries(FIGURES.map((figure) => [figure, roundFraction(gain[figure])]));
  figures['gainStdError'] = Object.fromEntries(
    FIGURES.map((figure) => {
      const differences = rows.map((row) => (row['ours']?.[figure] ?? 0) - (row['lead3']?.[figure] ?? 0));
      const variance = differences.reduce((sum, value) => sum + (value - gain[figure]) ** 2, 0) / Math.max(1, rows.length - 1);
      return [figure, round(Math.sqrt(variance / count))];
    }),
  );
  return figures;
}

/** Reference highlights are tokenised text with " . " between highlights. */
function referenceSentences(reference: string): string[] {
  return reference.split(/\s\.(?:\s|$)|\n+/).map((sentence) => sentence.trim()).filter((sentence) => sentence !== '');
}

/** ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 of one summary against one reference. */
export function scoreSummary(summary: readonly string[], reference: readonly string[]): Scores {
  const candidateSentences = summary.map(tokenize);
  const referenceTokens = reference.map(tokenize);
  const candidate = candidateSentences.flat();
  const gold = referenceTokens.flat();
  return {
    rouge1: overlapF1(ngrams(candidate, 1), ngrams(gold, 1)),
    rouge2: overlapF1(ngrams(candidate, 2), ngrams(gold, 2)),
    rougeLsum: summaryLcsF1(candidateSentences, referenceTokens),
  };
}

function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

function ngrams(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let index = 0; index + n <= tokens.length; index++) {
    const gram = tokens.slice(index, index + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function overlapF1(candidate: Map<string, number>, gold: Map<string, number>): number {
  let overlap = 0;
  let candidateTotal = 0;
  let goldTotal = 0;
  for (const count of candidate.values()) candidateTotal += count;
  for (const [gram, count] of gold) {
    goldTotal += count;
    overlap += Math.min(count, candidate.get(gram) ?? 0);
  }
  return f1(overlap, candidateTotal, goldTotal);
}

/** Summary-level LCS as in rouge-score's ROUGE-Lsum: union LCS per reference sentence, hits counted once. */
function summaryLcsF1(candidate: readonly string[][], reference: readonly string[][]): number {
  const candidateCounts = countTokens(candidate.flat());
  const referenceCounts = countTokens(reference.flat());
  let hits = 0;
  for (const gold of reference) {
    const union = new Set<number>();
    for (const sentence of candidate) for (const index of lcsIndices(gold, sentence)) union.add(index);
    for (const index of [...union].sort((a, b) => a - b)) {
      const token = gold[index] ?? '';
      if ((candidateCounts.get(token) ?? 0) > 0 && (referenceCounts.get(token) ?? 0) > 0) {
        hits++;
        candidateCounts.set(token, (candidateCounts.get(token) ?? 0) - 1);
        referenceCounts.set(token, (referenceCounts.get(token) ?? 0) - 1);
      }
    }
  }
  return f1(hits, candidate.flat().length, reference.flat().length);
}

function countTokens(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/** Indices into `gold` of one longest common subsequence with `other`. */
function lcsIndices(gold: readonly string[], other: readonly string[]): number[] {
  const rows = gold.length + 1;
  const columns = other.length + 1;
  const table = new Uint16Array(rows * columns);
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      table[i * columns + j] =
        gold[i - 1] === other[j - 1]
          ? (table[(i - 1) * columns + j - 1] ?? 0) + 1
          : Math.max(table[(i - 1) * columns + j] ?? 0, table[i * columns + j - 1] ?? 0);
    }
  }
  const indices: number[] = [];
  for (let i = gold.length, j = other.length; i > 0 && j > 0; ) {
    if (gold[i - 1] === other[j - 1]) {
      indices.push(i - 1);
      i--;
      j--;
    } else if ((table[(i - 1) * columns + j] ?? 0) >= (table[i * columns + j - 1] ?? 0)) i--;
    else j--;
  }
  return indices.reverse();
}

function f1(overlap: number, candidateTotal: number, goldTotal: number): number {
  if (overlap === 0 || candidateTotal === 0 || goldTotal === 0) return 0;
  const precision = overlap / candidateTotal;
  const recall = overlap / goldTotal;
  return (2 * precision * recall) / (precision + recall);
}

/** A fraction as percentage points with two decimals. */
function round(value: number): number {
  return Math.round(value * 10000) / 100;
}

/** A fraction with four decimals. */
function roundFraction(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** The shared evaluation data: ../shared/data beside the repository, or NEWSWATCH_SHARED_DATA. */
export function sharedDataDir(): string {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return process.env['NEWSWATCH_SHARED_DATA'] ?? resolve(repoRoot, '..', 'shared', 'data');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await evaluateSummaries(sharedDataDir()), null, 2));
}
