import type { Analysis, CleanDocument } from './analysis.js';
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
  const summary = summarize(document, focus ? { sentences: options.summarySentences, focusTerms } : { sentences: options.summarySentences });
  const quotes = extractQuotes(document, { focusTerms });
  const lead = splitSentences(document.paragraphs.slice(0, 2).join(' ')).slice(0, 2).join(' ');
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
