import { HONORIFICS, NOT_NAME_WORDS, ORG_WORDS, PRONOUN_GENDER, REPORTING_VERBS, ROLE_MODIFIERS, TITLE_WORDS } from './lexicon.js';
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

const DETERMINERS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'one', 'another', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'this', 'several', 'some',
  'many', 'two', 'three', 'four', 'five', 'other', 'both', 'most', 'all', 'each', 'every', 'no',
]);
const PARTICLES = new Set(['de', 'da', 'di', 'du', 'del', 'della', 'der', 'den', 'van', 'von', 'bin', 'ibn', 'al', 'el', 'la', 'le', 'abu', 'dos', 'das']);
const NOUN_STOPS = new Set([
  'in', 'on', 'at', 'during', 'after', 'before', 'to', 'from', 'via', 'with', 'while', 'when', 'who', 'which', 'that',
  'and', 'but', 'or', 'as', 'because', 'since', 'if', 'than', 'into', 'over', 'about', 'by', 'has', 'had', 'have',
  'is', 'was', 'are', 'were', 'will', 'would', 'also', 'then', 'later', 'often', 'once', 'again', 'still', 'now',
]);
const FEMALE_WORDS = new Set(['mrs.', 'ms.', 'miss', 'congresswoman', 'chairwoman', 'spokeswoman', 'councilwoman', 'queen', 'princess', 'dame', 'businesswoman', 'widow']);
const MALE_WORDS = new Set(['mr.', 'congressman', 'chairman', 'spokesman', 'councilman', 'king', 'prince', 'sir', 'lord', 'businessman', 'widower']);
const PARTY_TAG = /^[RDI]-\p{Lu}/u;

const bare = (t: Token): string => t.lower.replace(/(['’]s|['’])$/u, '');
const lowerAt = (tokens: readonly Token[], i: number): string => tokens[i]?.lower ?? '';

/** The reporting verb starting at `i` (lower-case only): how many tokens it spans, 0 when none. */
export function reportingVerbAt(tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  if (t === undefined || t.kind !== 'word' || t.cap) return 0;
  const next = tokens[i + 1];
  if (next !== undefined && REPORTING_VERBS.has(`${t.lower} ${next.lower}`)) return 2;
  return REPORTING_VERBS.has(t.lower) ? 1 : 0;
}

/** A capitalised word that can be part of a name (not "But", "Monday", "The"). */
export function isNameWord(t: Token | undefined): boolean {
  if (t === undefined || t.kind !== 'word' || !t.cap) return false;
  return !NOT_NAME_WORDS.has(bare(t)) || HONORIFICS.has(t.lower);
}

/** A word that may stand in a role before a name: a title, a qualifier, or a capitalised word. */
function isRoleWord(t: Token | undefined): boolean {
  if (t === undefined || t.kind !== 'word') return false;
  if (TITLE_WORDS.has(t.lower) || ROLE_MODIFIERS.has(t.lower)) return true;
  return isNameWord(t);
}

function source(tokens: readonly Token[], text: string, from: number, to: number): string {
  const a = tokens[from];
  const b = tokens[to];
  if (a === undefined || b === undefined || to < from) return '';
  return text.slice(a.start, b.end);
}

function pronoun(t: Token, i: number): Phrase {
  const g = PRONOUN_GENDER.get(t.lower);
  return { kind: 'pronoun', text: t.text, role: null, gender: g === 'm' || g === 'f' ? g : null, first: i, last: i };
}

/**
 * Reads a speaker phrase that starts at token `i`: "Rep. G.K. Butterfield (D-N.C.), head of …", "he",
 * "the ministry". Why: inverted attributions ("…,” said X") and subjects after a quote are read forwards.
 */
export function readPhraseAfter(tokens: readonly Token[], text: string, i: number, withAppositive: boolean): Phrase | null {
  const t = tokens[i];
  if (t === undefined || t.kind !== 'word') return null;
  if (PRONOUN_GENDER.has(t.lower) && t.lower !== 'her' && t.lower !== 'who' && t.lower !== 'which') return pronoun(t, i);
  if (DETERMINERS.has(t.lower) || (t.possessive && t.cap)) {
    const noun = nounAfter(tokens, text, i);
    // "The New York Times", "the Rev. Peter Wherry": a determiner before a name.
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
  let j = i;
  while (isRoleWord(tokens[j]) || (j > i && (PARTICLES.has(lowerAt(tokens, j)) || lowerAt(tokens, j) === 'of') && isNameWord(tokens[j + 1]))) {
    if (tokens[j]?.possessive === true && !TITLE_WORDS.has(lowerAt(tokens, j + 1)) && !ROLE_MODIFIERS.has(lowerAt(tokens, j + 1))) {
      j++;
      break;
    }
    j++;
  }
  let end = j - 1;
  while (end >= i && !isNameWord(tokens[end])) end--;
  if (end < i) return null;
  return finishName(tokens, text, i, end, withAppositive);
}

function finishName(tokens: readonly Token[], text: string, first: number, end: number, withAppositive: boolean): Phrase | null {
  const phrase = splitRun(tokens, text, first, end);
  if (phrase === null) return null;
  let last = end;
  if (tokens[last + 1]?.text === '(') {
    // Party tag "(D-N.C.)".
    const close = tokens.findIndex((x, k) => k > last + 1 && k <= last + 6 && x.text === ')');
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

/** ", a top Trump surrogate," or ", head of the caucus": a role after a name, up to the next comma. */
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
 * "Flynn, a top Trump surrogate,", "The secretary of …, Ali Shamkhani,", "she", "the ministry".
 * Why: most attributions put the subject right before the reporting verb.
 */
export function readPhraseBefore(tokens: readonly Token[], text: string, e: number): Phrase | null {
  const t = tokens[e];
  if (t === undefined) return null;
  if (t.kind === 'word' && PRONOUN_GENDER.has(t.lower) && t.lower !== 'her') {
    if (t.lower !== 'who' && t.lower !== 'which') return pronoun(t, e);
    // "Trump, who …, said": the relative pronoun stands for the name before the comma.
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
    // "the former secretary of state and current … nominee": "and" and "of" stay inside a noun phrase.
    if ((NOUN_STOPS.has(x.lower) && x.lower !== 'and') || reportingVerbAt(tokens, k) > 0) break;
  }
  // A bare plural subject: "officials said", "Demonstrators chanted".
  if (/[^s]s$/u.test(t.lower) && !t.possessive && !t.cap) return { kind: 'noun', text: t.text, role: null, gender: null, first: e, last: e };
  return null;
}

/**
 * Splits a run of capitalised and role words into the role and the name: "US Secretary of State Mike Pompeo"
 * is Mike Pompeo, US Secretary of State. The name is what follows the last title word (and the "of State"
 * complement that belongs to it); honorifics are dropped from it.
 */
function splitRun(tokens: readonly Token[], text: string, s: number, e: number): Phrase | null {
  let lastTitle = -1;
  // "Justice Department", "Foreign Ministry": an organisation's name keeps its title-like words.
  const organisation = ORG_WORDS.has(lowerAt(tokens, e));
  for (let k = s; k < e && !organisation; k++) {
    const x = tokens[k];
    if (x !== undefined && TITLE_WORDS.has(x.lower) && !x.possessive) lastTitle = k;
  }
  let n = lastTitle >= s ? lastTitle + 1 : s;
  if (lastTitle >= s && ['of', 'for'].includes(lowerAt(tokens, n))) {
    n++;
    while (n < e && (ROLE_MODIFIERS.has(lowerAt(tokens, n)) || capsLeft(tokens, n, e) > 2)) n++;
  }
  let gender: 'm' | 'f' | null = null;
  for (let k = s; k <= e; k++) {
    if (FEMALE_WORDS.has(lowerAt(tokens, k))) gender = 'f';
    if (MALE_WORDS.has(lowerAt(tokens, k))) gender = 'm';
  }
  while (n < e && (HONORIFICS.has(lowerAt(tokens, n)) || !isNameWord(tokens[n]) || tokens[n]?.possessive === true)) n++;
  // Leading qualifiers without a title: "Republican Mike Pence".
  while (lastTitle < s && n < e && ROLE_MODIFIERS.has(lowerAt(tokens, n))) n++;
  const last = tokens[e];
  if (last === undefined || !isNameWord(last) || HONORIFICS.has(last.lower)) return null;
  const name = source(tokens, text, n, e).replace(/['’]s$/u, '');
  let roleStart = s;
  while (roleStart < n && (DETERMINERS.has(lowerAt(tokens, roleStart)) || NOT_NAME_WORDS.has(lowerAt(tokens, roleStart)) || HONORIFICS.has(lowerAt(tokens, roleStart)))) roleStart++;
  const role = lastTitle >= roleStart ? cleanRole(source(tokens, text, roleStart, n - 1)) : null;
  return { kind: 'name', text: name, role: role === '' ? null : role, gender, first: s, last: e };
}

function capsLeft(tokens: readonly Token[], from: number, e: number): number {
  let count = 0;
  for (let k = from; k <= e; k++) if (tokens[k]?.cap === true) count++;
  return count;
}

/** Drops a leading article and trailing punctuation from a role; cuts a relative clause off it. */
function cleanRole(role: string): string {
  return role
    .replace(/\s+(?:who|which|whose|whom)\s.*$/su, '')
    .replace(/^(?:the|a|an)\s+/iu, '')
    .replace(/[\s,;:]+$/u, '')
    .trim();
}
