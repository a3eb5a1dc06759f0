import { PRONOUN_GENDER, ROLE_MODIFIERS, TITLE_WORDS } from './lexicon.js';
import { DETERMINERS, PARTICLES, bare, indexWithin, isNameWord, isRoleWord, lowerAt, particleRun, reportingVerbAt, source } from './phrase-words.js';
import { descriptorStartBefore, descriptorTitleAfter, nounDescriptorBefore } from './read-descriptor.js';
import type { Phrase } from './phrase-words.js';
import { cleanRole, splitRun } from './split-name-run.js';
import type { Token } from './tokenize-paragraph.js';

const NOUN_STOPS = new Set([
  'in', 'on', 'at', 'during', 'after', 'before', 'to', 'from', 'via', 'with', 'while', 'when', 'who', 'which', 'that',
  'and', 'but', 'or', 'as', 'because', 'since', 'if', 'than', 'into', 'over', 'about', 'by', 'has', 'had', 'have',
  'is', 'was', 'are', 'were', 'will', 'would', 'also', 'then', 'later', 'often', 'once', 'again', 'still', 'now',
]);
const PARTY_TAG = /^[RDI]-\p{Lu}/u;

function pronoun(t: Token, i: number): Phrase {
  const word = bare(t);
  const g = PRONOUN_GENDER.get(word);
  return { kind: 'pronoun', text: word, role: null, gender: g === 'm' || g === 'f' ? g : null, first: i, last: i };
}

/** "he", or "He’s" (he is / he has): a subject pronoun, never the possessive "her". */
function isSubjectPronoun(t: Token): boolean {
  const word = bare(t);
  if (word === 'her' || word === 'who' || word === 'which' || !PRONOUN_GENDER.has(word)) return false;
  return word === t.lower || ['he', 'she', 'it'].includes(word);
}

/**
 * Reads a speaker phrase that starts at token `i`: "Rep. J.K. Tallis (D-Ore.), head of …", "he",
 * "the ministry". Why: inverted attributions ("…,” said X") and subjects after a quote are read forwards.
 */
export function readPhraseAfter(tokens: readonly Token[], text: string, i: number, withAppositive: boolean): Phrase | null {
  const t = tokens[i];
  if (t === undefined || t.kind !== 'word') return null;
  if (isSubjectPronoun(t)) return pronoun(t, i);
  if (DETERMINERS.has(t.lower) || (t.possessive && t.cap)) {
    const noun = nounAfter(tokens, text, i);
    // "The Daily Ledger", "the Rev. Ana Okafor": a determiner before a name.
    if (noun !== null && isNameWord(tokens[noun.last]) && DETERMINERS.has(t.lower)) {
      let s = i + 1;
      while (s < noun.last && !isRoleWord(tokens[s])) s++;
      const named = finishName(tokens, text, s, noun.last, withAppositive);
      if (named !== null) return named;
    }
    // "the company’s chief executive, Mary Barra,": the name in the appositive is the speaker.
    if (noun !== null && withAppositive && tokens[noun.last + 1]?.text === ',') {
      const named = readPhraseAfter(tokens, text, noun.last + 2, false);
      if (named !== null && named.kind === 'name' && tokens[named.last + 1]?.text === ',') {
        named.role ??= cleanRole(noun.text);
        named.first = i;
        named.last += 1;
        return named;
      }
    }
    return noun;
  }
  const j = runEnd(tokens, i);
  let end = j - 1;
  while (end >= i && !isNameWord(tokens[end])) end--;
  if (end < i) return null;
  return finishName(tokens, text, i, end, withAppositive);
}

/** The end (exclusive) of a run of role words, name words, inner particles ("von der") and descriptors. */
function runEnd(tokens: readonly Token[], i: number): number {
  let j = i;
  for (;;) {
    if (isRoleWord(tokens[j])) {
      // "Harlow’s lawyer" stops after the possessive; "Iran’s Foreign Minister" goes on.
      const stops = tokens[j]?.possessive === true && !TITLE_WORDS.has(lowerAt(tokens, j + 1)) && !ROLE_MODIFIERS.has(lowerAt(tokens, j + 1));
      j++;
      if (stops) return j;
      continue;
    }
    // "von der Brink said": a surname may open with its particles.
    const particles = particleRun(tokens, j);
    if (particles > 0) {
      j += particles;
      continue;
    }
    if (j > i && lowerAt(tokens, j) === 'of' && isNameWord(tokens[j + 1])) {
      j++;
      continue;
    }
    const title = descriptorTitleAfter(tokens, j, j === i);
    if (title < j) return j;
    j = title + 1;
  }
}

function finishName(tokens: readonly Token[], text: string, first: number, end: number, withAppositive: boolean): Phrase | null {
  const phrase = splitRun(tokens, text, first, end);
  if (phrase === null) return null;
  let last = end;
  if (tokens[last + 1]?.text === '(') {
    // Party tag "(D-N.C.)".
    const close = indexWithin(tokens, last + 2, last + 7, (x) => x.text === ')');
    if (close > 0) last = close;
  } else if (tokens[last + 1]?.text === ',' && PARTY_TAG.test(tokens[last + 2]?.text ?? '')) {
    last += tokens[last + 3]?.text === ',' ? 3 : 2;
  }
  if (withAppositive && (tokens[last]?.text === ',' || tokens[last + 1]?.text === ',')) {
    const from = tokens[last]?.text === ',' ? last + 1 : last + 2;
    const role = appositiveAfter(tokens, text, from);
    if (role !== null) {
      phrase.role ??= role.text;
      last = role.last;
    }
  }
  phrase.last = last;
  return phrase;
}

/** ", a senior party adviser," or ", head of the caucus": a role after a name, up to the next comma. */
function appositiveAfter(tokens: readonly Token[], text: string, i: number): { text: string; last: number } | null {
  const t = tokens[i];
  if (t === undefined || t.kind !== 'word' || !isRoleOpening(t)) return null;
  let j = i;
  while (j < i + 25) {
    const x = tokens[j];
    if (x === undefined || x.kind === 'quote' || x.sentence !== t.sentence || [',', ';', ':', '.', '(', '—', '–', '―'].includes(x.text)) break;
    if (j > i && reportingVerbAt(tokens, j) > 0) return null;
    j++;
  }
  if (j - 1 < i) return null;
  const role = cleanRole(source(tokens, text, i, j - 1));
  return { text: role, last: tokens[j]?.text === ',' ? j : j - 1 };
}

/** Whether a comma-separated segment starting with `t` describes someone ("a former aide", "head of …"). */
function isRoleOpening(t: Token): boolean {
  if (t.lower === 'who' || t.lower === 'which') return false;
  return DETERMINERS.has(t.lower) || TITLE_WORDS.has(t.lower) || ROLE_MODIFIERS.has(t.lower);
}

function nounAfter(tokens: readonly Token[], text: string, i: number): Phrase | null {
  let j = i + 1;
  while (j < i + 9) {
    const x = tokens[j];
    if (x === undefined || x.kind !== 'word' || NOUN_STOPS.has(x.lower)) break;
    if (j > i + 1 && (reportingVerbAt(tokens, j) > 0 || (!x.cap && /(?:ly|ed)$/u.test(x.lower)))) break;
    j++;
  }
  if (j - 1 <= i) return null;
  return { kind: 'noun', text: source(tokens, text, i, j - 1), role: null, gender: null, first: i, last: j - 1 };
}

/**
 * Reads a speaker phrase that ends at token `e`: "Azari Jahromi", "US Secretary of State Mike Pompeo",
 * "Okafor, a senior party adviser,", "The secretary of …, Ali Shamkhani,", "she", "the ministry".
 * Why: most attributions put the subject right before the reporting verb.
 */
export function readPhraseBefore(tokens: readonly Token[], text: string, e: number): Phrase | null {
  const t = tokens[e];
  if (t === undefined) return null;
  if (t.kind === 'word' && isSubjectPronoun(t)) return pronoun(t, e);
  if (t.kind === 'word' && (t.lower === 'who' || t.lower === 'which')) {
    // "Okafor, who …, said": the relative pronoun stands for the name before the comma.
    return tokens[e - 1]?.text === ',' ? readPhraseBefore(tokens, text, e - 2) : null;
  }
  if (t.text === ')') {
    const open = findBack(tokens, e, '(', 6);
    const inner = open > 0 ? readPhraseBefore(tokens, text, open - 1) : null;
    if (inner !== null) inner.last = e;
    return inner;
  }
  if (t.text === ',') return appositiveBefore(tokens, text, e);
  if (t.kind !== 'word') return null;
  if (isNameWord(t) && !t.possessive) {
    let s = e;
    while (isRoleWord(tokens[s - 1]) || ['of', 'for'].includes(lowerAt(tokens, s - 1)) || PARTICLES.has(lowerAt(tokens, s - 1))) s--;
    while (s < e && !isRoleWord(tokens[s])) s++;
    s = descriptorStartBefore(tokens, s);
    if (s === e || isNameWord(tokens[s])) s = nounDescriptorBefore(tokens, s);
    return splitRun(tokens, text, s, e) ?? nounBefore(tokens, text, e);
  }
  return nounBefore(tokens, text, e);
}

function findBack(tokens: readonly Token[], e: number, char: string, max: number): number {
  for (let k = e - 1; k >= 0 && k >= e - max; k--) if (tokens[k]?.text === char) return k;
  return -1;
}

/**
 * "A, B, C, said": finds the comma-separated segment that is a name; the segment right after it (or the one
 * before it, as in "The secretary of …, Ali Shamkhani, said") is its role.
 */
function appositiveBefore(tokens: readonly Token[], text: string, e: number): Phrase | null {
  const sentence = tokens[e]?.sentence;
  const segments: [number, number][] = [];
  let end = e - 1;
  for (let k = e - 1; k >= -1 && k > e - 45 && segments.length < 4; k--) {
    const x = tokens[k];
    const stop = x === undefined || x.sentence !== sentence || x.kind === 'quote' || [';', ':', '—', '―'].includes(x.text);
    if (stop || x.text === ',') {
      if (end >= k + 1) segments.push([k + 1, end]);
      if (stop) break;
      end = k - 1;
    }
  }
  for (const [idx, [s, segEnd]] of segments.entries()) {
    if (PARTY_TAG.test(tokens[s]?.text ?? '') || /^\p{N}/u.test(tokens[s]?.text ?? '')) continue;
    const phrase = readPhraseBefore(tokens, text, segEnd);
    if (phrase === null || phrase.kind !== 'name' || phrase.first !== s) continue;
    const after = segments[idx - 1];
    const before = segments[idx + 1];
    if (phrase.role === null && after !== undefined && isRoleSegment(tokens, after[0])) {
      phrase.role = cleanRole(source(tokens, text, after[0], after[1]));
    } else if (phrase.role === null && before !== undefined && idx + 2 === segments.length && isRoleSegment(tokens, before[0])) {
      phrase.role = cleanRole(source(tokens, text, before[0], before[1]));
      phrase.first = before[0];
    }
    phrase.last = e;
    return phrase;
  }
  // No name among them: "The report, published by the bank on Tuesday, said" has the head phrase as subject.
  const head = segments[segments.length - 1];
  const subject = head === undefined ? null : readPhraseBefore(tokens, text, head[1]);
  if (subject === null || subject.first !== head?.[0]) return null;
  subject.last = e;
  return subject;
}

function isRoleSegment(tokens: readonly Token[], s: number): boolean {
  const t = tokens[s];
  if (t === undefined || t.kind !== 'word' || !isRoleOpening(t)) return false;
  for (let k = s; k < s + 30 && tokens[k] !== undefined && tokens[k]?.text !== ','; k++) if (reportingVerbAt(tokens, k) > 0) return false;
  return true;
}

function nounBefore(tokens: readonly Token[], text: string, e: number): Phrase | null {
  const t = tokens[e];
  if (t === undefined || t.kind !== 'word' || NOUN_STOPS.has(t.lower) || /ly$/u.test(t.lower) || DETERMINERS.has(t.lower)) return null;
  for (let k = e - 1; k >= 0 && k >= e - 10; k--) {
    const x = tokens[k];
    if (x === undefined || x.kind !== 'word' || x.sentence !== t.sentence) break;
    if (DETERMINERS.has(x.lower) || (x.possessive && x.cap)) {
      let s = k;
      while (tokens[s - 1]?.sentence === t.sentence && (isNameWord(tokens[s - 1]) || DETERMINERS.has(lowerAt(tokens, s - 1))) && tokens[s]?.cap === true) s--;
      return { kind: 'noun', text: source(tokens, text, s, e), role: null, gender: null, first: s, last: e };
    }
    // "the former health minister and current … candidate": "and" and "of" stay inside a noun phrase.
    if ((NOUN_STOPS.has(x.lower) && x.lower !== 'and') || reportingVerbAt(tokens, k) > 0) break;
  }
  // A bare plural subject: "officials said", "Protesters shouted".
  if (/[^s]s$/u.test(t.lower) && !t.possessive && !t.cap) return { kind: 'noun', text: t.text, role: null, gender: null, first: e, last: e };
  return null;
}
