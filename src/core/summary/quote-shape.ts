/**
 * How much of a sentence is the writer's own report and how much is quoted speech.
 * Why: a summary line that is only a piece of a quote ("We know where to look.") says nothing about who said
 * it or what happened; a reader needs the reported sentences around it.
 */

/** Words of a sentence inside and outside quotation marks. */
export interface QuoteShape {
  quotedWords: number;
  ownWords: number;
}

/** A quotation left open at the end of a sentence is carried into at most this many following sentences. */
const MAX_CARRIED_SENTENCES = 4;

const OPENING = new Set(['“', '‘', '«']);
const CLOSING = new Set(['”', '»']);
const QUOTE_MARKS = new Set(['"', "'", '’', ...OPENING, ...CLOSING]);
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Letters and digits; ASCII by code, the rest by Unicode class. */
function isWordChar(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  return WORD_CHAR.test(char);
}

/**
 * The quote shape of each sentence of one paragraph, in order. A quotation opened in one sentence and not
 * closed goes on into the next ones, as multi-sentence quotes do.
 * Straight and right single quotation marks double as apostrophes, so they open a quotation only before a
 * word and after a space or the start, and close one only when one is open.
 */
export function readQuoteShapes(sentences: readonly string[]): QuoteShape[] {
  let openMark: 'double' | 'single' | null = null;
  let carried = 0;
  return sentences.map((sentence) => {
    if (openMark !== null && ++carried > MAX_CARRIED_SENTENCES) {
      openMark = null;
      carried = 0;
    }
    const shape: QuoteShape = { quotedWords: 0, ownWords: 0 };
    let inWord = false;
    for (let index = 0; index < sentence.length; index++) {
      const char = sentence.charAt(index);
      if (isWordChar(char)) {
        if (!inWord) {
          if (openMark === null) shape.ownWords++;
          else shape.quotedWords++;
        }
        inWord = true;
        continue;
      }
      const wasInWord = inWord;
      inWord = false;
      if (!QUOTE_MARKS.has(char)) continue;
      const after = sentence.charAt(index + 1);
      const wordAfter = isWordChar(after) || after === '.' || after === '…';
      if (char === '"') openMark = openMark === 'double' ? null : openMark === null ? 'double' : openMark;
      else if (OPENING.has(char)) openMark = char === '‘' ? 'single' : 'double';
      else if (CLOSING.has(char)) openMark = null;
      else if (wasInWord && isWordChar(after)) inWord = true; // an apostrophe inside a word: don't, Kilmarnock’s
      else if (openMark === 'single' && !wordAfter) openMark = null;
      else if (openMark === null && wordAfter && /^$|[\s([—–-]/u.test(sentence.charAt(index - 1))) openMark = 'single';
      if (openMark === null) carried = 0;
    }
    return shape;
  });
}

/** True when a sentence is quoted speech with too few words of its own to say who speaks. */
export function isQuoteFragment(shape: QuoteShape): boolean {
  return shape.quotedWords > 0 && shape.ownWords < 3;
}

/**
 * True when at least half of a sentence's content words come from one of the quotes: its substance is that
 * quote, which the alert already shows as a key quote.
 */
export function repeatsQuote(sentenceWords: readonly string[], quotes: readonly ReadonlySet<string>[]): boolean {
  if (sentenceWords.length === 0) return false;
  return quotes.some((quote) => {
    let shared = 0;
    for (const word of sentenceWords) if (quote.has(word)) shared++;
    return shared * 2 >= sentenceWords.length;
  });
}
