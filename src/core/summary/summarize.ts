import type { CleanDocument } from '../analysis.js';
import { classifyFurniture, countWords } from '../text/furniture.js';
import { splitSentences } from '../text/split-sentences.js';
import { buildSentenceVectors, contentWords, cosine, type SentenceVector } from './sentence-vectors.js';

export interface SummarizeOptions {
  sentences: number;
  /** The matched topic's terms (lower-case words or stems): sentences about them are preferred. */
  focusTerms?: readonly string[];
}

/** Weight of the position prior 1 / (1 + rank): news puts the point first. */
const POSITION_WEIGHT = 1;
/** Weight of centrality: how much later sentences elaborate on this one (PacSum's forward edges). */
const CENTRALITY_WEIGHT = 0.3;
/** PacSum weights similarity to later sentences up and similarity to earlier ones down. */
const FORWARD_WEIGHT = 1;
const BACKWARD_WEIGHT = -0.5;
/** Similarities below this are noise (shared common words), not an edge. */
const EDGE_THRESHOLD = 0.05;
/** MMR: how much similarity to an already chosen sentence costs. */
const REDUNDANCY_WEIGHT = 0.5;
/** Above this similarity a sentence repeats a chosen one and is never picked. */
const DUPLICATE_SIMILARITY = 0.8;
/** Weight of the share of focus terms a sentence mentions. */
const FOCUS_WEIGHT = 1;

interface Candidate {
  text: string;
  words: string[];
}

/**
 * Picks `sentences` sentences of a cleaned article as its summary, in article order.
 * Why: news puts the point first, so the lead is always taken and position weighs most; after it come the
 * sentences that later ones elaborate on (position-aware centrality, as in PacSum), skipping near-repeats of
 * sentences already chosen (MMR). With `focusTerms`, sentences about the matched topic are preferred and
 * the lead is kept only when it mentions the topic too.
 */
export function summarize(doc: CleanDocument, options: SummarizeOptions): string[] {
  const candidates = collectCandidates(doc);
  const wanted = Math.max(0, Math.floor(options.sentences));
  if (candidates.length <= wanted) return candidates.map((candidate) => candidate.text);

  const vectors = buildSentenceVectors(candidates.map((candidate) => candidate.words));
  const similarity = similarityMatrix(vectors);
  const centrality = scoreCentrality(similarity);
  const focus = scoreFocus(candidates, options.focusTerms ?? []);
  const scores = candidates.map(
    (_, i) => POSITION_WEIGHT / (1 + i) + CENTRALITY_WEIGHT * (centrality[i] ?? 0) + FOCUS_WEIGHT * (focus[i] ?? 0),
  );

  // With focus terms, sentences about them come first; the rest only fill up what is left.
  const focused = candidates.map((_, i) => i).filter((i) => (focus[i] ?? 0) > 0);
  const everyone = candidates.map((_, i) => i);
  const pools = focused.length > 0 ? [focused, everyone] : [everyone];
  const chosen: number[] = [];
  if (wanted > 0 && (pools[0] ?? []).includes(0)) chosen.push(0);
  for (const pool of pools) {
    while (chosen.length < wanted) {
      const next = pickNext(pool, scores, similarity, chosen);
      if (next < 0) break;
      chosen.push(next);
    }
  }
  return chosen.sort((a, b) => a - b).map((i) => candidates[i]?.text ?? '');
}

/** Sentences fit for a summary: complete, of reasonable length, not furniture. */
function collectCandidates(doc: CleanDocument): Candidate[] {
  const candidates: Candidate[] = [];
  for (const paragraph of doc.paragraphs) {
    for (const sentence of splitSentences(paragraph)) {
      const length = countWords(sentence);
      if (length < 4 || length > 90) continue;
      if (!/[.!?]["”’')\]]*$/.test(sentence)) continue;
      if (classifyFurniture(sentence) !== null) continue;
      candidates.push({ text: sentence, words: contentWords(sentence) });
    }
  }
  return candidates;
}

function similarityMatrix(vectors: readonly SentenceVector[]): number[][] {
  const matrix = vectors.map(() => new Array<number>(vectors.length).fill(0));
  vectors.forEach((a, i) => {
    for (let j = i + 1; j < vectors.length; j++) {
      const value = cosine(a, vectors[j] ?? new Map());
      (matrix[i] as number[])[j] = value;
      (matrix[j] as number[])[i] = value;
    }
  });
  return matrix;
}

/** Directed centrality, scaled to [-1, 1]: similarity to later sentences counts up, to earlier ones down. */
function scoreCentrality(similarity: readonly number[][]): number[] {
  const raw = similarity.map((row, i) => {
    let total = 0;
    row.forEach((value, j) => {
      if (j === i) return;
      const edge = Math.max(0, value - EDGE_THRESHOLD);
      total += (j > i ? FORWARD_WEIGHT : BACKWARD_WEIGHT) * edge;
    });
    return total;
  });
  const largest = Math.max(1e-9, ...raw.map(Math.abs));
  return raw.map((value) => value / largest);
}

/** Maximal marginal relevance: the best score after a penalty for resembling what is already chosen. */
function pickNext(
  pool: readonly number[],
  scores: readonly number[],
  similarity: readonly number[][],
  chosen: readonly number[],
): number {
  let best = -1;
  let bestValue = -Infinity;
  for (const i of pool) {
    if (chosen.includes(i)) continue;
    const overlap = Math.max(0, ...chosen.map((j) => similarity[i]?.[j] ?? 0));
    if (overlap > DUPLICATE_SIMILARITY) continue;
    const value = (scores[i] ?? 0) - REDUNDANCY_WEIGHT * overlap;
    if (value > bestValue) {
      bestValue = value;
      best = i;
    }
  }
  return best;
}

/** Share of the focus terms each sentence mentions; a single-word term matches the words it starts (stems). */
function scoreFocus(candidates: readonly Candidate[], terms: readonly string[]): number[] {
  const wanted = [...new Set(terms.map((term) => term.toLowerCase().trim()).filter((term) => term !== ''))];
  if (wanted.length === 0) return candidates.map(() => 0);
  return candidates.map((candidate) => {
    const text = candidate.text.toLowerCase();
    const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
    const hits = wanted.filter((term) =>
      /[^\p{L}\p{N}]/u.test(term) ? text.includes(term) : words.some((word) => word.startsWith(term)),
    ).length;
    return hits / wanted.length;
  });
}
