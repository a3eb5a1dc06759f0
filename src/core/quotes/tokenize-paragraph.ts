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
 * The end of the word starting at `i`, or -1. A word is a letter, digit or $ followed by letters, digits, marks,
 * apostrophes and ampersands, inner hyphens and periods before a letter or digit, and may end in a period.
 * Latin-1 control and symbol characters inside a word ("FranÃ§ois") are kept in it, as UTF-8 text decoded
 * twice (common on the web) scatters them through names. Scanned by hand with an ASCII fast path: this runs on
 * every character of every article.
 */
function wordEndAt(text: string, i: number): number {
  const first = text.codePointAt(i) ?? -1;
  if (first !== 36 && !isLetterOrDigit(first)) return -1;
  let j = i + width(first);
  for (;;) {
    const code = text.codePointAt(j) ?? -1;
    if (code < 0) break;
    if (isLetterOrDigit(code) || isMark(code) || code === 39 || code === 0x2019 || code === 38) {
      j += width(code);
      continue;
    }
    const next = text.codePointAt(j + 1) ?? -1;
    if (isMisdecodedLatin1(code) && (isLetter(next) || (next >= 0x80 && next <= 0xbf))) {
      j += 1;
      continue;
    }
    if ((code === 45 || code === 46) && isLetterOrDigit(next)) {
      j += 1;
      continue;
    }
    break;
  }
  return text.charCodeAt(j) === 46 ? j + 1 : j;
}

const width = (code: number): number => (code > 0xffff ? 2 : 1);
const isAsciiLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isLetter = (code: number): boolean => (code < 128 ? isAsciiLetter(code) : code >= 0 && /\p{L}/u.test(String.fromCodePoint(code)));
const isLetterOrDigit = (code: number): boolean =>
  code < 128 ? isAsciiLetter(code) || (code >= 48 && code <= 57) : /[\p{L}\p{N}]/u.test(String.fromCodePoint(code));
const isMark = (code: number): boolean => code >= 128 && /\p{M}/u.test(String.fromCodePoint(code));
/** C1 controls and Latin-1 symbols that appear inside words decoded with the wrong charset. */
const isMisdecodedLatin1 = (code: number): boolean =>
  (code >= 0x80 && code <= 0x9f) || (code >= 0xa1 && code <= 0xaa) || (code >= 0xac && code <= 0xba) || (code >= 0xbc && code <= 0xbf);
const SPACE = /\s/u;

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
    if (isSpaceAt(text, i)) {
      i++;
      continue;
    }
    const wordEnd = wordEndAt(text, i);
    if (wordEnd > 0 && wordEnd <= limit) {
      let value = text.slice(i, wordEnd);
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

// Character tests with an ASCII fast path: tokenising runs over every character of every article.
function isSpaceAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return SPACE.test(text[i] ?? '');
}

function startsUpper(text: string): boolean {
  const code = text.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90;
  return /^\p{Lu}/u.test(text);
}

const isApostrophe = (ch: string | undefined): boolean => ch === "'" || ch === '’';

/** An apostrophe or hyphen among the 2nd to 5th characters, where a glued particle ends ("al-", "d’"). */
function hasParticleJoin(text: string): boolean {
  for (let k = 1; k < 5 && k < text.length; k++) if (isApostrophe(text[k]) || text[k] === '-') return true;
  return false;
}

/** Ends in a possessive ’s or s’. */
function endsPossessive(text: string): boolean {
  const last = text[text.length - 1];
  const beforeLast = text[text.length - 2];
  return (last === 's' && isApostrophe(beforeLast)) || (isApostrophe(last) && beforeLast === 's');
}

/**
 * `text` lower-cased, returned as is when it has no capital or non-ASCII letter: most words are already lower
 * case, and toLowerCase is slow on the two-byte strings that any curly quote in an article makes.
 */
function lowerCased(text: string): string {
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if ((code >= 65 && code <= 90) || code > 127) return text.toLowerCase();
  }
  return text;
}

function makeToken(text: string, start: number, kind: Token['kind'], quote: number): Token {
  const word = kind === 'word';
  return new TokenRecord(
    text,
    // A quotation is never compared as a word, and lower-casing a whole quotation is slow.
    kind === 'quote' ? text : lowerCased(text),
    start,
    kind,
    quote,
    kind === 'quote' || startsUpper(text) || (word && hasParticleJoin(text) && PREFIXED_NAME.test(text)),
    word && endsPossessive(text),
  );
}

/** Tokens as one class: every article makes thousands, and a class keeps them one shape. */
class TokenRecord implements Token {
  readonly end: number;
  sentence = 0;
  constructor(
    readonly text: string,
    readonly lower: string,
    readonly start: number,
    readonly kind: Token['kind'],
    readonly quote: number,
    readonly cap: boolean,
    readonly possessive: boolean,
  ) {
    this.end = start + text.length;
  }
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
