import type { CleanDocument, Quote } from '../analysis.js';
import { locateQuotes } from './locate-quotes.js';
import { scoreQuote } from './score-quote.js';

/** Options for quote extraction. */
export interface ExtractQuotesOptions {
  /** Lower-case words or stems of the matched topic; quotes mentioning them score higher. */
  focusTerms?: readonly string[];
}

/**
 * Every direct quote of three or more words in a cleaned article, in article order, with its speaker (the
 * full name as first written, or the organisation; null when the text names none), the speaker's role as
 * first written, and a relevance score for choosing an alert's key quotes.
 * Why: "who said what" is half of what a team wants from an alert, and the words must be exact.
 */
export function extractQuotes(doc: CleanDocument, options: ExtractQuotesOptions = {}): Quote[] {
  const focusTerms = options.focusTerms ?? [];
  return locateQuotes(doc).map((q) => ({
    text: q.text,
    speaker: q.speaker,
    role: q.role,
    score: scoreQuote(q, focusTerms),
  }));
}
