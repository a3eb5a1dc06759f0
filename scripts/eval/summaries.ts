/**
 * Scores 3-sentence summaries on the CNN/DailyMail development articles against their reference highlights
 * with ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 (tokens: lower-cased [a-z0-9]+, no stemming, macro-averaged), next
 * to Lead-3 computed in the same run.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize } from '../../src/core/summary/summarize.js';
import { cleanDocument } from '../../src/core/text/clean-document.js';
import { splitSentences } from '../../src/core/text/split-sentences.js';

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

/** Evaluates our summaries and Lead-3 baselines on `dataDir`/summaries-cnndm-dev; figures are percentages. */
export async function evaluateSummaries(dataDir: string): Promise<Record<string, unknown>> {
  const raw = await readFile(join(dataDir, 'summaries-cnndm-dev', 'articles.jsonl'), 'utf8');
  const articles = raw.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Article);
  const systems: Record<string, (article: Article) => string[]> = {
    ours: (article) => summarize(cleanDocument({ text: article.article }), { sentences: SENTENCES }),
    lead3: (article) => article.article_lines.slice(0, SENTENCES),
    lead3OurSplit: (article) => splitSentences(article.article).slice(0, SENTENCES),
  };
  const figures: Record<string, unknown> = { articles: articles.length, sentences: SENTENCES };
  for (const [name, system] of Object.entries(systems)) {
    const totals: Scores = { rouge1: 0, rouge2: 0, rougeLsum: 0 };
    for (const article of articles) {
      const scores = scoreSummary(system(article), referenceSentences(article.reference));
      totals.rouge1 += scores.rouge1;
      totals.rouge2 += scores.rouge2;
      totals.rougeLsum += scores.rougeLsum;
    }
    figures[name] = {
      rouge1: round(totals.rouge1 / articles.length),
      rouge2: round(totals.rouge2 / articles.length),
      rougeLsum: round(totals.rougeLsum / articles.length),
    };
  }
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

function round(value: number): number {
  return Math.round(value * 10000) / 100;
}

/** The shared evaluation data: ../shared/data beside the repository, or NEWSWATCH_SHARED_DATA. */
export function sharedDataDir(): string {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return process.env['NEWSWATCH_SHARED_DATA'] ?? resolve(repoRoot, '..', 'shared', 'data');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await evaluateSummaries(sharedDataDir()), null, 2));
}
