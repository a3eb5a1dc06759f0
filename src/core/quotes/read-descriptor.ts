import { NOT_NAME_WORDS, ROLE_MODIFIERS, TITLE_WORDS } from './lexicon.js';
import { DETERMINERS, isNameWord, lowerAt, reportingVerbAt } from './phrase-words.js';
import { tagWords } from './tag-words.js';
import type { Token } from './tokenize-paragraph.js';

/** Parts of speech a descriptor before a title is made of ("human rights lawyer", "Interior ministry spokeswoman"). */
const DESCRIPTOR_TAGS = new Set(['NOUN', 'ADJ', 'PROPN']);
const MAX_WORDS = 4;

const isRoleVocabulary = (t: Token): boolean => TITLE_WORDS.has(t.lower) || ROLE_MODIFIERS.has(t.lower);

/** A word that may stand in a descriptor: not a function word, verb, adverb or possessive. */
function canDescribe(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  if (t === undefined || t.kind !== 'word' || t.possessive) return false;
  return !NOT_NAME_WORDS.has(t.lower) && !DETERMINERS.has(t.lower) && reportingVerbAt(tokens, k) === 0 && !/ly$/u.test(t.lower);
}

/** Whether the words are all nouns or adjectives; role vocabulary alone needs no tagging. */
function allDescribe(words: readonly Token[]): boolean {
  if (words.every(isRoleVocabulary)) return true;
  const tags = tagWords(words.map((w) => w.text));
  return tags.length === words.length && tags.every((tag) => DESCRIPTOR_TAGS.has(tag));
}

/**
 * The index of the word that ends a lower-case descriptor starting at `j` and is followed by a name
 * ("human rights lawyer Nadia Haddad" gives the index of "lawyer"); -1 when the words at `j` are no such
 * descriptor ("fined lawyer Nadia Haddad": "fined" is a verb). The descriptor ends in a title; when it opens
 * the speaker phrase (`opens`, as in "…,” farmer Joao da Silva said"), any noun will do.
 */
export function descriptorTitleAfter(tokens: readonly Token[], j: number, opens = false): number {
  for (let k = j; k < j + MAX_WORDS; k++) {
    const t = tokens[k];
    if (t === undefined || t.kind !== 'word' || t.cap || (k > j && t.sentence !== tokens[j]?.sentence)) return -1;
    if (!t.possessive && isNameWord(tokens[k + 1])) {
      if (TITLE_WORDS.has(t.lower)) return k === j || allDescribe(tokens.slice(j, k)) ? k : -1;
      return opens && endsInNoun(tokens.slice(j, k + 1)) ? k : -1;
    }
    if (!canDescribe(tokens, k)) return -1;
  }
  return -1;
}

/** Nouns and adjectives ending in a noun: "farmer", "retired school teacher". */
function endsInNoun(words: readonly Token[]): boolean {
  if (!words.every((_, k) => canDescribe(words, k))) return false;
  const tags = tagWords(words.map((w) => w.text));
  return tags.length === words.length && tags[tags.length - 1] === 'NOUN' && tags.every((tag) => DESCRIPTOR_TAGS.has(tag));
}

/**
 * Where a lower-case descriptor that opens a clause ends right before the name at `s` ("Farmer"-like nouns:
 * "…, farmer Joao da Silva said"): the start of 1 to 3 nouns and adjectives ending in a noun, preceded by the
 * clause's start (a sentence start, punctuation, a quote or a conjunction), never by a verb ("police arrested
 * farmer …"). Returns `s` when there is none.
 */
export function nounDescriptorBefore(tokens: readonly Token[], s: number): number {
  const name = tokens[s];
  for (let k = s - 1; k >= s - 3 && k >= 0; k--) {
    const t = tokens[k];
    if (t === undefined || t.kind !== 'word' || t.cap || t.sentence !== name?.sentence || !canDescribe(tokens, k)) return s;
    const before = tokens[k - 1];
    const opens = before === undefined || before.sentence !== name.sentence || before.kind !== 'word' || ['and', 'but'].includes(before.lower);
    if (opens) return endsInNoun(tokens.slice(k, s)) ? k : s;
  }
  return s;
}

/**
 * Where the descriptor of a role that opens at `s` starts: "Interior ministry spokeswoman" for a role read
 * as "spokeswoman". Only the few words before the title are tagged; a verb or function word ends it.
 */
export function descriptorStartBefore(tokens: readonly Token[], s: number): number {
  const head = tokens[s];
  if (head === undefined || !isRoleVocabulary(head)) return s;
  let k = s;
  while (k > s - MAX_WORDS && tokens[k - 1]?.sentence === head.sentence && canDescribe(tokens, k - 1) && lowerAt(tokens, k - 1) !== 'of') k--;
  if (k === s) return s;
  // The longest run of nouns and adjectives that ends at the title, from one tagging of the words before it.
  const words = tokens.slice(k, s);
  const tags = words.every(isRoleVocabulary) ? [] : tagWords(words.map((w) => w.text));
  let start = s;
  while (start > k) {
    const word = tokens[start - 1];
    const tag = tags[start - 1 - k];
    if (word === undefined || !(isRoleVocabulary(word) || (tag !== undefined && DESCRIPTOR_TAGS.has(tag)))) break;
    start--;
  }
  return start;
}
