import type { CleanDocument } from '../analysis.js';
import { classifyFurniture } from '../text/furniture.js';
import { splitSentences } from '../text/split-sentences.js';
import { isQuoteFragment, readQuoteShapes, repeatsQuote } from './quote-shape.js';
import { buildSentenceVectors, contentWords, cosine, directedCentrality, type SentenceVector } from './sentence-vectors.js';

export interface SummarizeOptions {
  sentences: number;
  /** The matched topic's terms (lower-case words or stems): sentences about them are preferred. */
  focusTerms?: readonly string[];
  /** The quotes the alert shows beside the summary: a sentence that mostly repeats one is not picked. */
  keyQuotes?: readonly string[];
}

/** Weight of the position prior 1 / (1 + rank): news puts the point first. */
const POSITION_WEIGHT = 1;
/** Weight of centrality: how much later sentences elaborate on this one (PacSum's forward edges). */
const CENTRALITY_WEIGHT = 0.3;
/** PacSum weights similarity to later sentences up and similarity to earlier ones down. */
const BACKWARD_WEIGHT = -0.5;
/** Similarities at or below this are shared common words, not an edge (PacSum's threshold). */
const EDGE_THRESHOLD = 0.05;
/** MMR: how much similarity to an already chosen sentence costs. */
const REDUNDANCY_WEIGHT = 0.5;
/** Above this similarity a sentence repeats a chosen one and is never picked. */
const DUPLICATE_SIMILARITY = 0.8;
/** Weight of the share of focus terms a sentence mentions. */
const FOCUS_WEIGHT = 1;
/** What a sentence that leans on the one before it costs, unless that one is in the summary too. */
const DANGLING_PENALTY = 0.2;
const DANGLING_START = /^["“‘']?(?:he|she|it|they|his|her|its|their|him|them|but|however|also|and|yet|so|meanwhile|instead)\b/i;
/** Sentences shorter or longer than these bounds are fragments or run-ons, never summary lines. */
const MIN_WORDS = 4;
const MAX_WORDS = 90;

interface Candidate {
  text: string;
  /** Opens with a pronoun or connective that points back to the sentence before it. */
  dangling: boolean;
  words: string[];
  /** Quote fragments and key-quote repeats feed centrality but are never picked. */
  eligible: boolean;
}

/**
 * Picks `sentences` sentences of a cleaned article as its summary, in article order.
 * Why: news puts the point first, so the first usable sentence is always taken and position weighs most; after
 * it come the sentences that later ones elaborate on (position-aware centrality, as in PacSum), skipping
 * near-repeats of sentences already chosen (MMR), run-ons, page furniture, pieces of quotes with no speaker
 * and sentences whose substance is one of the key quotes shown beside the summary; a sentence that opens by
 * pointing back ("He said…", "But…") costs score unless the sentence it points to is chosen. With `focusTerms`,
 * sentences about the matched topic are preferred and the lead is kept only when it mentions the topic too.
 */
export function summarize(doc: CleanDocument, options: SummarizeOptions): string[] {
  const wanted = Math.max(0, Math.floor(options.sentences));
  if (wanted === 0) return [];
  const candidates = collectCandidates(doc, options.keyQuotes ?? []);
  const vectors = buildSentenceVectors(candidates.map((candidate) => candidate.words));
  const centrality = scoreCentrality(vectors);
  const focus = scoreFocus(candidates, options.focusTerms ?? []);
  const scores = candidates.map(
    (_, i) => POSITION_WEIGHT / (1 + i) + CENTRALITY_WEIGHT * (centrality[i] ?? 0) + FOCUS_WEIGHT * (focus[i] ?? 0),
  );

  const usable = (i: number): boolean => candidates[i]?.eligible === true;
  const everyone = candidates.map((_, i) => i).filter(usable);
  // With focus terms, sentences about them come first; the rest only fill up what is left.
  const focused = everyone.filter((i) => (focus[i] ?? 0) > 0);
  const pools = focused.length > 0 ? [focused, everyone] : [everyone];
  const chosen: number[] = [];
  const rejected = new Set<number>();
  // The lead: the first usable sentence that is not furniture, when it is about the focus too.
  for (const i of everyone) {
    if (!(pools[0] ?? []).includes(i) || takeIfFit(i, candidates, chosen, rejected)) break;
  }
  for (const pool of pools) {
    while (chosen.length < wanted) {
      const next = pickNext(pool, scores, vectors, chosen, rejected, candidates);
      if (next < 0) break;
      takeIfFit(next, candidates, chosen, rejected);
    }
  }
  return chosen.sort((a, b) => a - b).map((i) => candidates[i]?.text ?? '');
}

/** Takes a sentence unless it is page furniture (checked only for sentences about to be taken: it is costly). */
function takeIfFit(index: number, candidates: readonly Candidate[], chosen: number[], rejected: Set<number>): boolean {
  const candidate = candidates[index];
  const fit = candidate !== undefined && classifyFurniture(candidate.text) === null;
  if (fit) chosen.push(index);
  else rejected.add(index);
  return fit;
}

/** Complete sentences of reasonable length, each marked whether it may be picked. */
function collectCandidates(doc: CleanDocument, keyQuotes: readonly string[]): Candidate[] {
  const quotes = keyQuotes.map((quote) => new Set(contentWords(quote)));
  const candidates: Candidate[] = [];
  for (const paragraph of doc.paragraphs) {
    const sentences = splitSentences(paragraph);
    const shapes = readQuoteShapes(sentences);
    sentences.forEach((sentence, index) => {
      const shape = shapes[index];
      const length = (shape?.ownWords ?? 0) + (shape?.quotedWords ?? 0);
      if (length < MIN_WORDS || length > MAX_WORDS) return;
      if (!/[.!?]["”’')\]]*$/.test(sentence)) return;
      const words = contentWords(sentence);
      const eligible = shape !== undefined && !isQuoteFragment(shape) && !repeatsQuote(words, quotes);
      candidates.push({ text: sentence, words, eligible, dangling: DANGLING_START.test(sentence) });
    });
  }
  return candidates;
}

/** Directed centrality, scaled to [-1, 1]: similarity to later sentences counts up, to earlier ones down. */
function scoreCentrality(vectors: readonly SentenceVector[]): number[] {
  const { forward, backward } = directedCentrality(vectors, EDGE_THRESHOLD);
  const raw = forward.map((value, i) => value + BACKWARD_WEIGHT * (backward[i] ?? 0));
  let largest = 1e-9;
  for (const value of raw) largest = Math.max(largest, Math.abs(value));
  return raw.map((value) => value / largest);
}

/**
 * Maximal marginal relevance: the best score after a penalty for resembling what is already chosen, and one for
 * leaning on a sentence that is not chosen.
 */
function pickNext(
  pool: readonly number[],
  scores: readonly number[],
  vectors: readonly SentenceVector[],
  chosen: readonly number[],
  rejected: ReadonlySet<number>,
  candidates: readonly Candidate[],
): number {
  let best = -1;
  let bestValue = -Infinity;
  for (const i of pool) {
    if (chosen.includes(i) || rejected.has(i)) continue;
    const vector = vectors[i];
    if (vector === undefined) continue;
    let overlap = 0;
    for (const j of chosen) overlap = Math.max(overlap, cosine(vector, vectors[j] ?? vector));
    if (overlap > DUPLICATE_SIMILARITY) continue;
    const dangling = candidates[i]?.dangling === true && !chosen.includes(i - 1) ? DANGLING_PENALTY : 0;
    const value = (scores[i] ?? 0) - REDUNDANCY_WEIGHT * overlap - dangling;
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
  const phrases = new Set(wanted.filter((term) => /[^\p{L}\p{N}]/u.test(term)));
  return candidates.map((candidate) => {
    const text = candidate.text.toLowerCase();
    const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
    const hits = wanted.filter((term) =>
      phrases.has(term) ? text.includes(term) : words.some((word) => word.startsWith(term)),
    ).length;
    return hits / wanted.length;
  });
}

