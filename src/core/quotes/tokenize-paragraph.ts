import type { QuoteSpan } from './find-quote-spans.js';
import { PREFIXED_NAME } from './lexicon.js';

/** One word, punctuation mark or whole quotation of a paragraph. */
export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  kind: 'word' | 'punct' | 'quote';
  /** Index into the paragraph's spans, for quote tokens. */
  quote: number;
  /** Starts with a capital letter, or is a surname after a glued particle ("al-Haddadi"), or is a quotation. */
  cap: boolean;
  /** Ends in a possessive ’s / s’. */
  possessive: boolean;
  /** Sentence number within the paragraph. */
  sentence: number;
}

/** Abbreviations whose period belongs to the word, not to the sentence. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'messrs', 'prof', 'sen', 'sens', 'rep', 'reps', 'gov', 'govs', 'lt', 'gen', 'col',
  'maj', 'capt', 'cmdr', 'adm', 'sgt', 'cpl', 'pvt', 'brig', 'rev', 'hon', 'pres', 'supt', 'det', 'insp', 'fr',
  'sr', 'jr', 'st', 'mt', 'ft', 'atty', 'amb', 'del', 'vs', 'no', 'inc', 'corp', 'co', 'ltd', 'jan', 'feb', 'mar',
  'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'ala', 'ariz', 'ark', 'calif', 'colo', 'conn',
  'fla', 'ga', 'ill', 'ind', 'kan', 'ky', 'la', 'md', 'mass', 'mich', 'minn', 'miss', 'mo', 'mont', 'neb', 'nev',
  'okla', 'ore', 'pa', 'tenn', 'tex', 'vt', 'va', 'wash', 'wis', 'wyo', 'etc', 'approx',
]);

/**
 * A word; Latin-1 control and symbol characters inside a word ("FranÃ§ois") are kept in it, as UTF-8 text
 * decoded twice (common on the web) scatters them through names.
 */
const WORD = /[\p{L}\p{N}$](?:[\p{L}\p{N}\p{M}'’&]|[\u0080-\u009F\u00A1-\u00AA\u00AC-\u00BA\u00BC-\u00BF](?=[\p{L}\u0080-\u00BF])|[-.](?=[\p{L}\p{N}]))*\.?/uy;
const SPACE = /\s+/uy;

/**
 * Splits a paragraph into tokens, each quotation one token, and numbers its sentences.
 * Why: attribution patterns ("…,” said X", "X told reporters “…”") are read around whole quotations, and a
 * sentence only ends outside them.
 */
export function tokenizeParagraph(text: string, spans: readonly QuoteSpan[]): Token[] {
  const tokens: Token[] = [];
  let spanIndex = 0;
  let i = 0;
  while (i < text.length) {
    const span = spans[spanIndex];
    if (span !== undefined && i >= span.start) {
      tokens.push(makeToken(text.slice(span.start, span.end), span.start, 'quote', spanIndex));
      i = Math.max(i, span.end);
      spanIndex++;
      continue;
    }
    const limit = span?.start ?? text.length;
    SPACE.lastIndex = i;
    const space = SPACE.exec(text);
    if (space !== null) {
      i += space[0].length;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (word !== null && i + word[0].length <= limit) {
      let value = word[0];
      if (value.endsWith('.') && !keepsPeriod(value)) value = value.slice(0, -1);
      tokens.push(makeToken(value, i, 'word', -1));
      i += value.length;
      continue;
    }
    tokens.push(makeToken(text[i] ?? '', i, 'punct', -1));
    i++;
  }
  numberSentences(tokens, spans, text);
  return tokens;
}

function keepsPeriod(word: string): boolean {
  const bare = word.slice(0, -1);
  if (bare.includes('.')) return true;
  if (/^\p{Lu}$/u.test(bare) || /^[RDI]-\p{Lu}/u.test(bare)) return true;
  return ABBREVIATIONS.has(bare.toLowerCase());
}

function makeToken(text: string, start: number, kind: Token['kind'], quote: number): Token {
  return {
    text,
    lower: text.toLowerCase(),
    start,
    end: start + text.length,
    kind,
    quote,
    cap: kind === 'quote' || /^\p{Lu}/u.test(text) || (kind === 'word' && /['’-]/u.test(text.slice(1, 5)) && PREFIXED_NAME.test(text)),
    possessive: kind === 'word' && /(['’]s|s['’])$/u.test(text),
    sentence: 0,
  };
}

/** A sentence ends at . ! ? (or a quotation ending in one) when a capitalised word or a quotation follows. */
function numberSentences(tokens: Token[], spans: readonly QuoteSpan[], text: string): void {
  let sentence = 0;
  tokens.forEach((token, i) => {
    token.sentence = sentence;
    const next = tokens[i + 1];
    if (next === undefined) return;
    const ends =
      (token.kind === 'punct' && /[.!?…]/u.test(token.text)) ||
      (token.kind === 'quote' && endsWithTerminator(text, spans[token.quote]));
    if (ends && (next.cap || /^\p{N}/u.test(next.text))) sentence++;
  });
}

function endsWithTerminator(text: string, span: QuoteSpan | undefined): boolean {
  if (span === undefined) return false;
  return /[.!?…]$/u.test(text.slice(span.innerStart, span.innerEnd));
}
