/** Token helpers shared by the phrase readers: which words can be names, roles, determiners, verbs. */
import { HONORIFICS, NOT_NAME_WORDS, REPORTING_VERBS, ROLE_MODIFIERS, TITLE_WORDS } from './lexicon.js';
import type { Token } from './tokenize-paragraph.js';

/** A speaker as written: a name with its role, a pronoun, or a common noun phrase ("the ministry"). */
export interface Phrase {
  kind: 'name' | 'pronoun' | 'noun';
  /** The name without titles or honorifics, the pronoun, or the whole noun phrase. */
  text: string;
  role: string | null;
  /** An honorific or gendered title seen with the name. */
  gender: 'm' | 'f' | null;
  /** Token indices of the whole phrase, role and appositives included. */
  first: number;
  last: number;
}

/** Words that open a common noun phrase ("the ministry", "several officials"). */
export const DETERMINERS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'one', 'another', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'this', 'several', 'some',
  'many', 'two', 'three', 'four', 'five', 'other', 'both', 'most', 'all', 'each', 'every', 'no',
]);
/**
 * Lower-case particles inside personal names, alone or in runs ("Ramon de la Vega", "Karla von der Brink",
 * "Faisal bin Nasser", "Noura bint Saleh"): Romance, Germanic and Dutch nobiliary particles and the Arabic
 * patronymic words.
 */
export const PARTICLES: ReadonlySet<string> = new Set([
  'de', 'da', 'di', 'du', 'del', 'della', 'der', 'den', 'des', 'dos', 'das', 'van', 'von', 'zu', 'ter', 'ten', 'la', 'le',
  'los', 'las', 'bin', 'ibn', 'bint', 'ben', 'al', 'el', 'abu',
]);

/** How many particles start at `j` and lead on to a name word ("von der Brink" gives 2), 0 when none. */
export function particleRun(tokens: readonly Token[], j: number): number {
  let k = j;
  while (k < j + 3 && tokens[k]?.kind === 'word' && tokens[k]?.cap === false && PARTICLES.has(tokens[k]?.lower ?? '')) k++;
  return k > j && isNameWord(tokens[k]) ? k - j : 0;
}
/** A token's lower-case text without a possessive ending. */
export const bare = (t: Token): string => t.lower.replace(/(['’]s|['’])$/u, '');
export const lowerAt = (tokens: readonly Token[], i: number): string => tokens[i]?.lower ?? '';

/** First words of the two-word reporting verbs ("pointed out"): only these need the pair looked up. */
const TWO_WORD_VERB_STARTS: ReadonlySet<string> = new Set(
  [...REPORTING_VERBS].filter((verb) => verb.includes(' ')).map((verb) => verb.slice(0, verb.indexOf(' '))),
);

/** The reporting verb starting at `i` (lower-case only): how many tokens it spans, 0 when none. */
export function reportingVerbAt(tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  if (t === undefined || t.kind !== 'word' || t.cap) return 0;
  const next = tokens[i + 1];
  if (next !== undefined && TWO_WORD_VERB_STARTS.has(t.lower) && REPORTING_VERBS.has(`${t.lower} ${next.lower}`)) return 2;
  return REPORTING_VERBS.has(t.lower) ? 1 : 0;
}

/** The first index in [from, to) whose token passes `test`, or -1: a bounded look-ahead, not a whole-paragraph scan. */
export function indexWithin(tokens: readonly Token[], from: number, to: number, test: (t: Token) => boolean): number {
  for (let k = Math.max(0, from); k < Math.min(to, tokens.length); k++) {
    const t = tokens[k];
    if (t !== undefined && test(t)) return k;
  }
  return -1;
}

/** English number words ("Twenty-two", "Dozens", "Thousands"), which open sentences but are never names. */
const NUMBER_WORD =
  /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen)(?:-\p{L}+)?$/u;

/** A capitalised word that can be part of a name (not "But", "Monday", "The", "Twenty-two"). */
export function isNameWord(t: Token | undefined): boolean {
  if (t === undefined || t.kind !== 'word' || !t.cap || NUMBER_WORD.test(t.lower)) return false;
  return !NOT_NAME_WORDS.has(bare(t)) || HONORIFICS.has(t.lower);
}

/** A word that may stand in a role before a name: a title, a qualifier, or a capitalised word. */
export function isRoleWord(t: Token | undefined): boolean {
  if (t === undefined || t.kind !== 'word') return false;
  if (TITLE_WORDS.has(t.lower) || ROLE_MODIFIERS.has(t.lower)) return true;
  return isNameWord(t);
}

/** The paragraph text from token `from` to token `to`, spacing kept. */
export function source(tokens: readonly Token[], text: string, from: number, to: number): string {
  const a = tokens[from];
  const b = tokens[to];
  if (a === undefined || b === undefined || to < from) return '';
  return text.slice(a.start, b.end);
}
