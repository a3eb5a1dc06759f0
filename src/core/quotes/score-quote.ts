import { stemmer } from 'stemmer';

/** What a quote's score is computed from. */
export interface ScoreInput {
  text: string;
  speaker: string | null;
  /** The speaker is a named person or body rather than a common noun ("officials"). */
  named: boolean;
}

const WORDS_FOR_FULL_LENGTH = 25;

/**
 * Rates a quote in [0, 1] for an alert's key quotes: long, complete, attributed to someone named, and (when
 * focus terms are given) about the topic that matched. Why: an alert shows few quotes, and a named speaker
 * saying something substantive on the topic beats a two-word fragment.
 */
export function scoreQuote(quote: ScoreInput, focusTerms: readonly string[] = []): number {
  const words = quote.text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
  const length = Math.min(1, words.length / WORDS_FOR_FULL_LENGTH);
  const speaker = quote.speaker === null ? 0 : quote.named ? 1 : 0.5;
  // A quote that is a whole sentence says more on its own than a phrase lifted from one.
  const complete = /^[\p{Lu}\p{N}]/u.test(quote.text) && /[.?!,…]$/u.test(quote.text.trim()) ? 1 : 0.4;
  if (focusTerms.length === 0) return round(0.5 * length + 0.35 * speaker + 0.15 * complete);
  const focus = Math.min(1, countFocusHits(words, quote.text, focusTerms) / 2);
  return round(0.35 * length + 0.25 * speaker + 0.1 * complete + 0.3 * focus);
}

/** How many distinct focus terms the quote mentions; terms may be stems ("sanction") or phrases. */
function countFocusHits(words: readonly string[], text: string, focusTerms: readonly string[]): number {
  const lower = words.map((w) => w.toLowerCase());
  const stems = new Set(lower.map((w) => stemmer(w)));
  const phraseText = ` ${lower.join(' ')} `;
  let hits = 0;
  for (const raw of new Set(focusTerms.map((t) => t.toLowerCase().trim()).filter((t) => t !== ''))) {
    const matched = raw.includes(' ')
      ? phraseText.includes(` ${raw} `) || text.toLowerCase().includes(raw)
      : stems.has(raw) || stems.has(stemmer(raw)) || lower.some((w) => w === raw || (raw.length >= 4 && w.startsWith(raw)));
    if (matched) hits++;
  }
  return hits;
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
