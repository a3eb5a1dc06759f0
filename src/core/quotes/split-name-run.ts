import { HONORIFICS, NOT_NAME_WORDS, ORG_WORDS, ROLE_MODIFIERS, TITLE_WORDS } from './lexicon.js';
import { DETERMINERS, isNameWord, lowerAt, source } from './phrase-words.js';
import type { Phrase } from './phrase-words.js';
import type { Token } from './tokenize-paragraph.js';

const FEMALE_WORDS = new Set(['mrs.', 'ms.', 'miss', 'congresswoman', 'chairwoman', 'spokeswoman', 'councilwoman', 'queen', 'princess', 'dame', 'businesswoman']);
const MALE_WORDS = new Set(['mr.', 'congressman', 'chairman', 'spokesman', 'councilman', 'king', 'prince', 'sir', 'lord', 'businessman']);

/**
 * Splits a run of capitalised and role words into the role and the name: "US Secretary of State Mike Pompeo"
 * is Mike Pompeo, US Secretary of State. The name is what follows the last title word (and the "of State"
 * complement that belongs to it); honorifics are dropped from it.
 */
export function splitRun(tokens: readonly Token[], text: string, s: number, e: number): Phrase | null {
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
  // Leading qualifiers without a title: "Republican Ana Okafor".
  while (lastTitle < s && n < e && ROLE_MODIFIERS.has(lowerAt(tokens, n))) n++;
  const last = tokens[e];
  if (last === undefined || !isNameWord(last) || HONORIFICS.has(last.lower)) return null;
  const name = source(tokens, text, n, e).replace(/['’]s$/u, '');
  let roleStart = s;
  while (roleStart < n && (DETERMINERS.has(lowerAt(tokens, roleStart)) || NOT_NAME_WORDS.has(lowerAt(tokens, roleStart)) || HONORIFICS.has(lowerAt(tokens, roleStart)))) roleStart++;
  // A title, or a lower-case descriptor the phrase opened with ("farmer Joao da Silva"), makes a role.
  const described = n > roleStart && tokens[roleStart]?.kind === 'word' && tokens[roleStart]?.cap === false;
  const role = lastTitle >= roleStart || described ? cleanRole(source(tokens, text, roleStart, n - 1)) : null;
  return { kind: 'name', text: name, role: role === '' ? null : role, gender, first: s, last: e };
}

function capsLeft(tokens: readonly Token[], from: number, e: number): number {
  let count = 0;
  for (let k = from; k <= e; k++) if (tokens[k]?.cap === true && !/^\p{Lu}\.$/u.test(tokens[k]?.text ?? '')) count++;
  return count;
}

/** Drops a leading article and trailing punctuation from a role; cuts a relative clause off it. */
export function cleanRole(role: string): string {
  return role
    .replace(/\s+(?:who|which|whose|whom)\s.*$/su, '')
    .replace(/^(?:the|a|an)\s+/iu, '')
    .replace(/[\s,;:]+$/u, '')
    .trim();
}
