import { stemmer } from 'stemmer';

/** What a quote's score is computed from. */
export interface ScoreInput {
  text: string;
  speaker: string | null;
  /** The speaker is a named person or body rather than a common noun ("officials"). */
  named: boolean;
}

const WORDS_FOR_FULL_LENGTH = 25;
/** How much of its score a quote keeps by who said it: a named speaker, a common noun ("officials"), nobody. */
const BY_SPEAKER = { named: 1, noun: 0.8, none: 0.5 };

/**
 * Rates a quote in [0, 1] for an alert's key quotes: substantive (long, a whole sentence rather than a phrase
 * lifted from one, and, when focus terms are given, about the topic that matched), then scaled by who said it.
 * Why: an alert shows few quotes, and a reader can use a claim only when it says who makes it, so an
 * attributed quote beats a longer anonymous one and a named speaker beats "officials".
 */
export function scoreQuote(quote: ScoreInput, focusTerms: readonly string[] = []): number {
  const words = quote.text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
  const length = Math.min(1, words.length / WORDS_FOR_FULL_LENGTH);
  // A quote that opens a sentence of its own says more than a phrase lifted from one.
  const complete = /^[\p{Lu}\p{N}]/u.test(quote.text) && words.length >= 5 ? 1 : 0.4;
  const by = quote.speaker === null ? BY_SPEAKER.none : quote.named ? BY_SPEAKER.named : BY_SPEAKER.noun;
  if (focusTerms.length === 0) return round((0.75 * length + 0.25 * complete) * by);
  const focus = Math.min(1, countFocusHits(words, quote.text, focusTerms) / 2);
  return round((0.5 * length + 0.15 * complete + 0.35 * focus) * by);
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
