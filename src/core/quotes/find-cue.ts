import { PARTICIPLES, REPORTING_VERBS, SPEECH_NOUNS } from './lexicon.js';
import { indexWithin, isNameWord, lowerAt, reportingVerbAt } from './phrase-words.js';
import type { Phrase } from './phrase-words.js';
import { readPhraseAfter, readPhraseBefore } from './read-phrase.js';
import type { Token } from './tokenize-paragraph.js';

/** How a quote's speaker was found: by an attribution of its own, or as the subject of its sentence. */
export interface Cue {
  phrase: Phrase;
  own: boolean;
}

/** Words that may stand between a subject and its reporting verb ("he also said", "Lopez has repeatedly said"). */
const FILLERS = new Set([
  'also', 'later', 'then', 'has', 'had', 'have', 'previously', 'recently', 'repeatedly', 'again', 'further', 'once',
  'simply', 'just', 'still', 'now', 'even', 'reportedly', 'would', 'will', 'was', 'is', 'did', 'does', 'first',
  'earlier', 'often', 'never', 'always', 'finally', 'too', 'both',
]);
const DASHES = new Set(['―', '—', '–', '-']);
/** Words that open an introductory phrase before a sentence's subject ("In a statement, X said"). */
const INTRO_WORDS = new Set([
  'in', 'after', 'following', 'at', 'during', 'on', 'with', 'without', 'despite', 'since', 'because', 'when', 'while',
  'as', 'although', 'though', 'speaking', 'asked', 'unlike', 'like', 'before', 'until', 'for', 'from', 'by', 'under',
  'amid', 'throughout', 'according', 'if', 'once', 'responding', 'writing', 'addressing', 'referring', 'last', 'earlier',
  'later', 'this', 'over', 'within', 'upon', 'given', 'meanwhile', 'however', 'still', 'instead',
]);
const CONJUNCTIONS = new Set(['but', 'and', 'so', 'yet', 'or', 'then', 'still', 'now', 'meanwhile', 'however', 'also', 'indeed']);
const UNRESOLVED = new Set(['they']);
const PREPOSITION_TAIL = new Set(['of', 'for', 'in', 'at', 'from', 'with', 'on']);

const isParticiple = (t: Token | undefined): boolean => t !== undefined && PARTICIPLES.has(t.lower);

/**
 * Finds who a quotation is attributed to within its own sentence: "…,” said X", "…,” X told reporters",
 * "X said: “…”", "X admitted that the city has “…”", "… according to X", "“…” ― X", "…, X said." at the
 * sentence's end; failing those, the subject of the sentence the quote stands in ("Lopez urged
 * voters to “think of the children”"). Returns null for a quote that is a sentence of its own.
 */
export function findCue(tokens: readonly Token[], text: string, qi: number): Cue | null {
  const own = cueAfter(tokens, text, qi) ?? cueBefore(tokens, text, qi) ?? cueLater(tokens, text, qi);
  if (own !== null) return { phrase: own, own: true };
  const subject = sentenceSubject(tokens, text, qi);
  return subject === null ? null : { phrase: subject, own: false };
}

function skipFillers(tokens: readonly Token[], i: number, step: 1 | -1): number {
  let j = i;
  while (FILLERS.has(lowerAt(tokens, j)) || /^\p{Ll}+ly$/u.test(tokens[j]?.text ?? '')) j += step;
  return j;
}

/** Attributions right after the closing mark; only when a comma, ? or ! (or a dash) separates them. */
function cueAfter(tokens: readonly Token[], text: string, qi: number): Phrase | null {
  const quote = tokens[qi];
  let r = qi + 1;
  const comma = tokens[r]?.text === ',';
  if (comma) r++;
  const t = tokens[r];
  if (quote === undefined || t === undefined || t.kind === 'quote') return null;
  const inner = quote.text.replace(/["“”„″'‘’\s]+$/u, '');
  if (DASHES.has(t.text)) {
    const after = readPhraseAfter(tokens, text, r + 1, true);
    return after !== null && after.kind === 'name' ? after : null;
  }
  if (['was', 'were', 'is'].includes(t.lower) && reportingVerbAt(tokens, r + 1) > 0 && lowerAt(tokens, r + 2) === 'by') {
    // "“…” was written by Halvorsen"
    return readPhraseAfter(tokens, text, r + 3, false);
  }
  if (!comma && !/[,?!]$/u.test(inner)) return null;
  if ((t.lower === 'according' && lowerAt(tokens, r + 1) === 'to') || t.lower === 'per') {
    return readPhraseAfter(tokens, text, r + (t.lower === 'per' ? 1 : 2), true);
  }
  const verb = reportingVerbAt(tokens, r);
  if (verb > 0 && !isParticiple(t)) {
    // "…,” said Okafor" / "…,” tweeted Harlow, who …"
    const after = readPhraseAfter(tokens, text, r + verb, true);
    if (after !== null) return after;
  }
  // "…,” Okafor said" / "…,” he said on Twitter" / "…,” as a memo put it" / "…,” a narrator in the ad asks"
  const start = t.lower === 'as' ? r + 1 : r;
  const subject = readPhraseAfter(tokens, text, start, true);
  if (subject === null) return null;
  return verbFollows(tokens, subject.last + 1) ? subject : null;
}

/** Whether a reporting verb follows, past fillers, an appositive or a short prepositional tail. */
function verbFollows(tokens: readonly Token[], from: number): boolean {
  let v = from;
  for (let hop = 0; hop < 3; hop++) {
    if (tokens[v]?.text === ',') v++;
    v = skipFillers(tokens, v, 1);
    const verb = tokens[v];
    if (reportingVerbAt(tokens, v) > 0 && !isParticiple(verb)) return true;
    // ", 25, said" / ", one of the towns in the dispute, said": skip one more comma segment.
    if (tokens[v - 1]?.text === ',' || tokens[v]?.text === ',') {
      const next = indexWithin(tokens, v + 1, v + 15, (x) => x.text === ',' || x.kind === 'quote');
      if (next < 0 || tokens[next]?.kind === 'quote') return false;
      v = next;
      continue;
    }
    if (PREPOSITION_TAIL.has(lowerAt(tokens, v))) {
      let k = v + 1;
      while (k < v + 7 && tokens[k]?.kind === 'word' && reportingVerbAt(tokens, k) === 0) k++;
      v = k;
      continue;
    }
    return false;
  }
  return false;
}

/** Attributions before the opening mark in the same sentence, the nearest first. */
function cueBefore(tokens: readonly Token[], text: string, qi: number): Phrase | null {
  const sentence = tokens[qi]?.sentence;
  let fallback: Phrase | null = null;
  for (let v = qi - 1; v >= 0; v--) {
    const t = tokens[v];
    if (t === undefined || t.sentence !== sentence || t.kind === 'quote') break;
    if ((t.lower === 'according' && lowerAt(tokens, v + 1) === 'to') || (t.lower === 'per' && v + 1 < qi)) {
      const source = readPhraseAfter(tokens, text, v + (t.lower === 'per' ? 1 : 2), true);
      if (source !== null && source.kind !== 'noun') return source;
      fallback ??= source;
      continue;
    }
    const opens = tokens[v + 1] === undefined || [',', ':', 'that'].includes(lowerAt(tokens, v + 1)) || tokens[v + 1]?.kind === 'quote';
    if (SPEECH_NOUNS.has(t.lower) && opens && tokens[v - 1]?.possessive === true && isNameWord(tokens[v - 1])) {
      // "Harlow’s claim that “…”"
      const owner = readPhraseBefore(tokens, text, v - 1) ?? readPhraseAfter(tokens, text, v - 1, false);
      if (owner !== null) return owner;
    }
    if (t.cap && REPORTING_VERBS.has(t.lower) && tokens[v - 1]?.sentence !== sentence) {
      // "Said Okafor: “…”"
      const after = readPhraseAfter(tokens, text, v + 1, false);
      if (after !== null) return after;
    }
    if (reportingVerbAt(tokens, v) === 0) continue;
    const found = isParticiple(t) ? participleSubject(tokens, text, v) : subjectBefore(tokens, text, v);
    // "they said" seldom resolves; a named subject further back ("The union said they had promised") wins.
    if (found !== null && found.kind === 'pronoun' && UNRESOLVED.has(found.text.toLowerCase())) fallback ??= found;
    else if (found !== null) return found;
  }
  return fallback;
}

/** The subject right before the verb at `v`, or the inverted one after it ("“…,” said X, “…”"). */
function subjectBefore(tokens: readonly Token[], text: string, v: number): Phrase | null {
  const e = skipFillers(tokens, v - 1, -1);
  const before = tokens[e];
  if (before === undefined || before.sentence !== tokens[v]?.sentence || before.kind === 'quote') {
    return readPhraseAfter(tokens, text, v + reportingVerbAt(tokens, v), false);
  }
  // "… and said", "… but said": the verb shares the clause's subject.
  if (before.lower === 'and' || before.lower === 'but') return sentenceSubject(tokens, text, v);
  const phrase = readPhraseBefore(tokens, text, e);
  if (phrase !== null) return phrase;
  return before.text === ',' ? readPhraseAfter(tokens, text, v + reportingVerbAt(tokens, v), false) : null;
}

/** "Footage of Harlow saying “…”": a name right before; otherwise the subject of the clause. */
function participleSubject(tokens: readonly Token[], text: string, v: number): Phrase | null {
  const before = readPhraseBefore(tokens, text, v - 1);
  if (before !== null && before.kind !== 'noun' && tokens[v - 1]?.text !== ',') return before;
  return sentenceSubject(tokens, text, v);
}

/** "A driver who “runs a red light” pays the fine, Okafor said.": an attribution closing the sentence. */
function cueLater(tokens: readonly Token[], text: string, qi: number): Phrase | null {
  const sentence = tokens[qi]?.sentence;
  for (let v = qi + 1; v < tokens.length; v++) {
    const t = tokens[v];
    if (t === undefined || t.sentence !== sentence || t.kind === 'quote') return null;
    if (reportingVerbAt(tokens, v) === 0 || isParticiple(t)) continue;
    const after = v + reportingVerbAt(tokens, v);
    const closes = (k: number): boolean => tokens[k] === undefined || tokens[k]?.sentence !== sentence || /^[.!?]$/u.test(tokens[k]?.text ?? '');
    const e = skipFillers(tokens, v - 1, -1);
    const subject = readPhraseBefore(tokens, text, e);
    if (subject !== null && subject.kind !== 'noun' && tokens[subject.first - 1]?.text === ',' && (closes(after) || tokens[after]?.kind === 'word')) return subject;
    if (tokens[v - 1]?.text === ',') {
      const inverted = readPhraseAfter(tokens, text, after, false);
      if (inverted !== null && inverted.kind === 'name' && closes(inverted.last + 1)) return inverted;
    }
  }
  return null;
}

/**
 * The subject of the sentence holding token `at`: the first phrase after any introductory phrase
 * ("In a statement, Okafor …") and conjunction; "Another critic, Ana M. Ruiz," gives the name.
 */
function sentenceSubject(tokens: readonly Token[], text: string, at: number): Phrase | null {
  const sentence = tokens[at]?.sentence;
  let s = at;
  while (s > 0 && tokens[s - 1]?.sentence === sentence) s--;
  while (CONJUNCTIONS.has(lowerAt(tokens, s)) || tokens[s]?.kind === 'punct') s++;
  const starts = INTRO_WORDS.has(lowerAt(tokens, s)) ? commasBetween(tokens, s + 1, at, 3).map((k) => k + 1) : [s];
  for (let start of starts) {
    while (CONJUNCTIONS.has(lowerAt(tokens, start))) start++;
    const phrase = subjectAt(tokens, text, start, at);
    if (phrase !== null) return phrase;
  }
  return null;
}

/** Up to `limit` comma positions in [from, to): plain commas and quotations that end in one. */
function commasBetween(tokens: readonly Token[], from: number, to: number, limit: number): number[] {
  const commas: number[] = [];
  for (let k = from; k < to && commas.length < limit; k++) {
    const x = tokens[k];
    if (x !== undefined && (x.text === ',' || (x.kind === 'quote' && /,["“”'’]*$/u.test(x.text)))) commas.push(k);
  }
  return commas;
}

function subjectAt(tokens: readonly Token[], text: string, s: number, at: number): Phrase | null {
  if (s >= at || tokens[s]?.kind !== 'word') return null;
  const phrase = readPhraseAfter(tokens, text, s, true);
  if (phrase === null || phrase.last >= at) return null;
  if (phrase.kind === 'noun' && tokens[phrase.last + 1]?.text === ',') {
    const named = readPhraseAfter(tokens, text, phrase.last + 2, false);
    if (named !== null && named.kind === 'name' && tokens[named.last + 1]?.text === ',') {
      named.role ??= phrase.text.replace(/^(?:the|a|an|another)\s+/iu, '');
      return named;
    }
  }
  // The phrase must be followed by a verb-like word, not be the object of something.
  const next = tokens[phrase.last + 1];
  if (next === undefined || next.kind !== 'word' || next.cap) return null;
  return phrase;
}

/**
 * Who a sentence without quotes reports as speaking (the subject of its first reporting verb), so that a
 * quote standing alone in the next sentence can be given to them.
 */
export function findSentenceSpeaker(tokens: readonly Token[], text: string, from: number, to: number): Phrase | null {
  for (let v = from; v <= to; v++) {
    const t = tokens[v];
    if (t === undefined || t.kind === 'quote' || reportingVerbAt(tokens, v) === 0 || isParticiple(t)) continue;
    const before = tokens[skipFillers(tokens, v - 1, -1)];
    if (before === undefined || before.sentence !== t.sentence || before.kind === 'quote') continue;
    const phrase = subjectBefore(tokens, text, v);
    if (phrase !== null) return phrase;
  }
  return null;
}
