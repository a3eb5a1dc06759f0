import { foldText } from './fold-text.js';

/**
 * One word of a text. Parts of a compound ("cyber-attack") take one position each; the compound written
 * solid ("cyberattack") is an extra, joined token spanning all its parts.
 */
export interface WordToken {
  word: string;
  /** Position of the first part, counted in parts from the start of the text. */
  start: number;
  /** Position of the last part (equal to start for a simple word). */
  end: number;
  joined: boolean;
  /** Set on a word that follows a name particle ("al-Kuwaiti", "bin Laden"): part of a personal name. */
  name: true | undefined;
}

/** Letters and digits, held together by the joiners that make compounds, acronyms and contractions. */
const CHUNK = /[\p{L}\p{N}]+(?:[-\u2010\u2011_&./'\u2019][\p{L}\p{N}]+)*/gu;
const DOTTED_ACRONYM = /^(?:\p{L}\.)+\p{L}$/u;
const PART_JOINERS = /[-\u2010\u2011_&./]/;
/** Any of the characters CHUNK joins with, apostrophes included. */
const JOINERS = /[-\u2010\u2011_&./'\u2019]/;
/**
 * Particles that open Arabic and Hebrew personal names (al-, el-, bin, ibn, bint, abu, ben): the word after
 * one is a name ("al-Kuwaiti" is a surname, not the adjective), which a prefix term must not take for a word.
 */
const NAME_PARTICLES = new Set(['al', 'el', 'bin', 'ibn', 'bint', 'abu', 'ben']);

/**
 * Splits text into folded whole words with positions.
 * Why: queries and articles go through the same rules, so a query word meets exactly the words an article
 * holds: possessives drop ("Iran's" is "iran"), apostrophes join ("don't" is "dont"), dotted acronyms join
 * ("U.S." is "us"), and a compound gives its parts plus its solid form.
 */
export function tokenizeWords(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  let position = 0;
  let afterParticle = false;
  for (const chunk of foldText(text).match(CHUNK) ?? []) {
    const parts = chunkParts(chunk);
    const first = position;
    for (const part of parts) {
      // Every token has every field, so all of them share one shape.
      tokens.push({ word: part, start: position, end: position, joined: false, name: afterParticle ? true : undefined });
      afterParticle = NAME_PARTICLES.has(part);
      position += 1;
    }
    if (parts.length > 1) tokens.push({ word: parts.join(''), start: first, end: position - 1, joined: true, name: undefined });
  }
  return tokens;
}

/** The parts of one chunk of letters and joiners: the chunk itself when it has no joiners (most words). */
function chunkParts(chunk: string): string[] {
  if (!JOINERS.test(chunk)) return [chunk];
  let word = chunk.replace(/['\u2019]s$/, '').replace(/['\u2019]/g, '');
  if (DOTTED_ACRONYM.test(word)) word = word.replace(/\./g, '');
  return word.split(PART_JOINERS).filter((part) => part !== '');
}
