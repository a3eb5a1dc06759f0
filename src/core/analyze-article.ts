import type { Analysis, CleanDocument, Quote } from './analysis.js';
import { extractQuotes } from './quotes/extract-quotes.js';
import { storySignature, formatSignature } from './story-fingerprint.js';
import { summarize } from './summary/summarize.js';
import { cleanDocument } from './text/clean-document.js';
import { splitSentences } from './text/split-sentences.js';
import { matchTopics, type TopicIndex } from './topics/topic-index.js';

export interface AnalysisInput {
  title?: string | null;
  html?: string | null;
  text?: string | null;
  /** Take a headline-like first line as the title (files and pasted text have no separate title). */
  detectHeadline?: boolean;
}

export interface AnalysisOptions {
  summarySentences: number;
  /** Focus the summary on the best-matching topic's terms (alerts); plain summaries otherwise (analyze). */
  focusSummary?: boolean;
  /** How many key quotes the alert shows beside the summary (the summary does not repeat them); 3 if unset. */
  keyQuotes?: number;
}

/** The key-quote count alerts show unless configured otherwise. */
const DEFAULT_KEY_QUOTES = 3;

/**
 * The quotes an alert shows: those of three or more words, highest score first, at most `count`.
 * Why: the summary is written around them, so both must pick the same quotes.
 */
export function selectKeyQuotes(quotes: readonly Quote[], count: number): Quote[] {
  return quotes
    .filter((quote) => quote.text.split(/\s+/).length >= 3)
    .sort((a, b) => b.score - a.score)
    .slice(0, Math.max(0, count));
}

/** The analysis plus what later steps reuse: the cleaned document and the story signature. */
export interface ArticleAnalysis extends Analysis {
  document: CleanDocument;
  signature: number[];
}

/** Lower-cased words of the matched terms: what topic-focused summaries and quote ranking look for. */
export function focusTermsOf(terms: readonly string[]): string[] {
  const words = terms.flatMap((term) => term.toLowerCase().replace(/\*/g, '').match(/[\p{L}\p{N}]+/gu) ?? []);
  return [...new Set(words)];
}

/**
 * Analyses one article: cleans its text, matches it against every topic, summarises it, finds its quotes and
 * fingerprints its story. Pure: the same input always gives the same analysis.
 */
export function analyzeArticle(input: AnalysisInput, topics: TopicIndex, options: AnalysisOptions): ArticleAnalysis {
  const document = cleanDocument({
    title: input.title ?? null,
    html: input.html ?? null,
    text: input.text ?? null,
    detectHeadline: input.detectHeadline ?? false,
  });
  const matches = matchTopics(topics, { title: document.title, paragraphs: document.paragraphs });
  const focusTerms = focusTermsOf(matches[0]?.terms ?? []);
  const focus = options.focusSummary === true && focusTerms.length > 0;
  // Quotes first: the summary gives way where its sentence would only repeat a key quote.
  const quotes = extractQuotes(document, { focusTerms });
  const keyQuotes = selectKeyQuotes(quotes, options.keyQuotes ?? DEFAULT_KEY_QUOTES).map((quote) => quote.text);
  const sentences = options.summarySentences;
  const summary = summarize(document, focus ? { sentences, focusTerms, keyQuotes } : { sentences, keyQuotes });
  const lead = leadSentences(document, 2).join(' ');
  const signature = storySignature(document.title, lead);
  return {
    title: document.title,
    text: document.text,
    summary,
    quotes,
    matches,
    fingerprint: formatSignature(signature),
    document,
    signature,
  };
}

/**
 * The first `count` sentences of the first two paragraphs. Each paragraph is split on its own, as cleanup and
 * matching already split it, so the split is reused instead of redone on a joined copy.
 */
function leadSentences(document: CleanDocument, count: number): string[] {
  const sentences: string[] = [];
  for (const paragraph of document.paragraphs.slice(0, 2)) {
    if (sentences.length >= count) break;
    sentences.push(...splitSentences(paragraph).slice(0, count - sentences.length));
  }
  return sentences;
}
