import type { CleanDocument } from '../analysis.js';
import { findCue, findSentenceSpeaker } from './find-cue.js';
import { findQuoteSpans } from './find-quote-spans.js';
import type { QuoteSpan } from './find-quote-spans.js';
import { TITLE_WORDS } from './lexicon.js';
import { PeopleRegistry } from './people-registry.js';
import type { Person } from './people-registry.js';
import { isNameWord } from './phrase-words.js';
import type { Phrase } from './phrase-words.js';
import { descriptorStartBefore } from './read-descriptor.js';
import { readPhraseAfter } from './read-phrase.js';
import { tokenizeParagraph } from './tokenize-paragraph.js';
import type { Token } from './tokenize-paragraph.js';

/** A quotation with where it stands in the document and who said it. */
export interface LocatedQuote {
  /** One piece per paragraph; a quote that runs over several paragraphs has several. */
  pieces: QuoteSpan[];
  text: string;
  speaker: string | null;
  role: string | null;
  /** The speaker is a named person or body, not a common noun phrase ("officials"). */
  named: boolean;
  /**
   * How the speaker was found: by the quote's own attribution ("cue"), as its sentence's subject ("subject"),
   * each with the kind of phrase that named it, or from the quotes and sentences around it ("context").
   */
  how: string | null;
}

interface Attribution {
  speaker: string;
  role: string | null;
  named: boolean;
  person: Person | null;
}

interface Found {
  span: QuoteSpan;
  sentence: number;
  attribution: Attribution | null;
  how: string | null;
  /** The sentence itself attributes the quote (a reporting verb, a dash), not its subject or a neighbour. */
  ownCue: boolean;
  /** What stands right before the opening mark: a word of the same sentence, and whether it takes a name. */
  embedded: boolean;
  naming: boolean;
}

interface Subject {
  attribution: Attribution;
  token: number;
}

/** The first person and the first organisation a sentence has as subjects. */
interface Mentions {
  subject: Subject | null;
  body: Subject | null;
}

interface ParagraphSummary {
  lastSpeaker: Attribution | null;
  /** The speaker introduced by a paragraph ending in a colon ("Okafor continued:"). */
  colonCue: Attribution | null;
}

const PREPOSITIONS = new Set([
  'of', 'to', 'with', 'by', 'for', 'about', 'against', 'from', 'at', 'in', 'on', 'into', 'toward', 'towards', 'over',
  'under', 'between', 'among', 'than', 'like', 'as', 'and', 'or', 'nor', 'including', 'via', 'after', 'before',
  'during', 'behind', 'called', 'named', 'told', 'asked', 'met',
]);
const MIN_WORDS = 3;
/** Words after which a capitalised quotation is a name or title ("an episode of “…”", "his “…” show"). */
const NAMING_WORDS = new Set([
  'of', 'on', 'in', 'at', 'from', 'to', 'with', 'for', 'by', 'about', 'the', 'a', 'an', 'his', 'her', 'their', 'its',
  'our', 'my', 'your', 'called', 'titled', 'entitled', 'dubbed', 'named', 'nicknamed', 'labeled', 'labelled', 'film',
  'book', 'song', 'show', 'program', 'programme', 'series', 'movie', 'documentary', 'album', 'act', 'bill',
]);

/**
 * Finds every direct quotation of three or more words with its speaker, in article order.
 * Why: key quotes in an alert need the exact words and who said them; `extractQuotes` adds the scores.
 */
export function locateQuotes(doc: CleanDocument): LocatedQuote[] {
  const spans = findQuoteSpans(doc.paragraphs);
  const registry = new PeopleRegistry();
  const found: Found[] = [];
  let previous: ParagraphSummary = { lastSpeaker: null, colonCue: null };
  doc.paragraphs.forEach((text, index) => {
    const own = spans.filter((s) => s.paragraph === index);
    const tokens = tokenizeParagraph(text, own);
    const result = attributeParagraph(tokens, text, own, registry, previous);
    found.push(...result.found);
    previous = result.summary;
  });
  return mergeRuns(found, doc.paragraphs);
}

function attributeParagraph(
  tokens: readonly Token[],
  text: string,
  spans: readonly QuoteSpan[],
  registry: PeopleRegistry,
  previous: ParagraphSummary,
): { found: Found[]; summary: ParagraphSummary } {
  const found: Found[] = [];
  const sentences = tokens.length === 0 ? 0 : (tokens[tokens.length - 1]?.sentence ?? 0) + 1;
  const speakers: (Attribution | null)[] = [];
  const headline = isHeadline(text);
  // Token indices grouped by sentence in one pass: long paragraphs would make a per-sentence scan quadratic.
  const bySentence: number[][] = Array.from({ length: sentences }, () => []);
  tokens.forEach((t, i) => bySentence[t.sentence]?.push(i));
  for (let s = 0; s < sentences; s++) {
    const indices = bySentence[s] ?? [];
    // A headline's capitalised words are not names ("Okafor Takes On Harlow"); its people come again below.
    const { subject, body } = headline ? { subject: null, body: null } : registerMentions(tokens, text, indices, registry);
    let said: Attribution | null = null;
    for (const i of indices) {
      const t = tokens[i];
      const span = t?.kind === 'quote' ? spans[t.quote] : undefined;
      if (span === undefined) continue;
      const cue = findCue(tokens, text, i);
      const at = cue?.phrase.first ?? i;
      const before = subject !== null && subject.token < at ? subject.attribution.person : null;
      if (body !== null && body.token < at) registry.lastBody = body.attribution.speaker;
      const attribution = cue === null ? null : resolve(cue.phrase, registry, before);
      if (attribution !== null) said = attribution;
      const prev = tokens[i - 1];
      const embedded = prev !== undefined && prev.sentence === s && prev.kind === 'word';
      const naming = embedded && (NAMING_WORDS.has(prev.lower) || prev.possessive);
      const how = cue === null || attribution === null ? null : `${cue.own ? 'cue' : 'subject'}:${cue.phrase.kind}`;
      found.push({ span, sentence: s, attribution, how, ownCue: cue?.own === true, embedded, naming });
    }
    const first = indices[0] ?? 0;
    const reported = said ?? resolveOptional(findSentenceSpeaker(tokens, text, first, indices[indices.length - 1] ?? first), registry, subject);
    if (body !== null && reported === null) registry.lastBody = body.attribution.speaker;
    speakers.push(reported ?? subject?.attribution ?? null);
    const focus = reported?.person ?? subject?.attribution.person ?? null;
    if (focus?.person === true) registry.focus = focus;
  }
  fillFromNeighbours(found, tokens, speakers, previous);
  const lastToken = tokens[tokens.length - 1];
  return {
    found,
    summary: {
      lastSpeaker: [...found].reverse().find((f) => f.attribution !== null)?.attribution ?? null,
      colonCue: lastToken?.text === ':' ? (speakers[lastToken.sentence] ?? null) : null,
    },
  };
}

/**
 * Quotes without an attribution in their own sentence take the speaker of the sentence before, of an earlier
 * quote in the paragraph, of a colon introduction ending the paragraph before, of a later quote in a
 * paragraph made of quotes, or of the quotes of the paragraph before (a second tweet after "tweeted Harlow").
 */
function fillFromNeighbours(found: Found[], tokens: readonly Token[], speakers: readonly (Attribution | null)[], previous: ParagraphSummary): void {
  const outsideWords = tokens.filter((t) => t.kind === 'word').length;
  found.forEach((f, k) => {
    if (f.attribution !== null) return;
    const before = found.slice(0, k).reverse().find((g) => g.attribution !== null)?.attribution ?? null;
    const after = found.slice(k + 1).find((g) => g.attribution !== null)?.attribution ?? null;
    const sentenceBefore = f.sentence > 0 ? (speakers[f.sentence - 1] ?? null) : null;
    f.attribution =
      sentenceBefore ??
      before ??
      (k === 0 ? previous.colonCue : null) ??
      (outsideWords <= 6 ? after : null) ??
      (k === 0 && outsideWords <= 3 ? previous.lastSpeaker : null);
    if (f.attribution !== null) f.how = 'context';
  });
}

/** Registers the names of one sentence; returns its subject (the first person not in a prepositional phrase). */
function registerMentions(tokens: readonly Token[], text: string, indices: readonly number[], registry: PeopleRegistry): Mentions {
  let subject: Subject | null = null;
  let body: Subject | null = null;
  let k = 0;
  while (k < indices.length) {
    const i = indices[k] ?? 0;
    const t = tokens[i];
    const prev = tokens[i - 1];
    const sameSentence = prev !== undefined && prev.sentence === t?.sentence;
    const startsRun = t !== undefined && (isNameWord(t) || TITLE_WORDS.has(t.lower));
    if (!startsRun || (sameSentence && isNameWord(prev))) {
      k++;
      continue;
    }
    // A lower-case title may close a descriptor ("human rights lawyer Nadia Haddad"): read from its start.
    const from = t.cap || !isNameWord(tokens[i + 1]) ? i : descriptorStartBefore(tokens, i);
    const phrase = readPhraseAfter(tokens, text, from, true);
    if (phrase === null || phrase.kind !== 'name') {
      k++;
      continue;
    }
    const person = registry.observe(phrase.text, phrase.role, phrase.gender);
    const possessive = tokens.slice(phrase.first, phrase.last + 1).some((x) => x.possessive && isNameWord(x));
    const isObject = sameSentence && PREPOSITIONS.has(prev.lower);
    const mention = { attribution: { speaker: person.name, role: person.role, named: true, person }, token: phrase.first };
    if (subject === null && !possessive && !isObject && person.person) subject = mention;
    if (body === null && subject === null && !possessive && !isObject && !person.person) body = mention;
    k += Math.max(1, phrase.last - i + 1);
  }
  return { subject, body };
}

function resolveOptional(phrase: Phrase | null, registry: PeopleRegistry, subject: Subject | null): Attribution | null {
  return phrase === null ? null : resolve(phrase, registry, subject?.attribution.person ?? null);
}

/** Turns a phrase into a speaker: names to the person first named in full, pronouns to the person in focus. */
function resolve(phrase: Phrase, registry: PeopleRegistry, inSentence: Person | null): Attribution | null {
  if (phrase.kind === 'name') {
    const person = registry.observe(phrase.text, phrase.role, phrase.gender, true);
    if (!person.person) registry.lastBody = person.name;
    return { speaker: person.name, role: person.role, named: true, person };
  }
  if (phrase.kind === 'pronoun') {
    const lower = phrase.text.toLowerCase();
    if (lower === 'it' && registry.lastBody !== null) return { speaker: registry.lastBody, role: null, named: true, person: null };
    if (lower !== 'he' && lower !== 'she') return null;
    const person = registry.resolvePronoun(phrase.gender, inSentence);
    return person === null ? null : { speaker: person.name, role: person.role, named: true, person };
  }
  const holder = registry.findByRole(phrase.text);
  if (holder !== null) return { speaker: holder.name, role: holder.role, named: true, person: holder };
  registry.lastBody = phrase.text;
  return { speaker: phrase.text, role: null, named: false, person: null };
}

/** Joins the pieces of multi-paragraph quotes (unless their attributions disagree) and drops short quotes. */
function mergeRuns(found: readonly Found[], paragraphs: readonly string[]): LocatedQuote[] {
  const groups: Found[][] = [];
  for (const f of found) {
    const group = groups[groups.length - 1];
    const head = group?.[0];
    const speaker = group?.find((g) => g.attribution !== null)?.attribution?.speaker;
    const conflicts = f.ownCue && speaker !== undefined && f.attribution !== null && f.attribution.speaker !== speaker;
    if (group !== undefined && head !== undefined && head.span.run === f.span.run && !conflicts) group.push(f);
    else groups.push([f]);
  }
  const quotes: LocatedQuote[] = [];
  for (const group of groups) {
    const pieces = group.map((f) => f.span);
    const text = dropSentencePunctuation(pieces.map((p) => (paragraphs[p.paragraph] ?? '').slice(p.innerStart, p.innerEnd)).join('\n\n'));
    if (countWords(text) < MIN_WORDS) continue;
    const head = group[0];
    if (head !== undefined && group.length === 1 && head.embedded && (!head.ownCue || head.naming) && looksLikeTitle(text)) continue;
    const attributed = group.find((f) => f.attribution !== null);
    const attribution = attributed?.attribution ?? null;
    quotes.push({
      pieces,
      text,
      speaker: attribution?.speaker ?? null,
      role: attribution?.role ?? null,
      named: attribution?.named ?? false,
      how: attributed?.how ?? null,
    });
  }
  return quotes;
}

/**
 * Drops the comma, semicolon or colon that American style sets inside the closing mark ("…front line,” she
 * said": the comma belongs to the sentence around the quote), and the full stop of a fragment that does not
 * open a sentence of its own. A question or exclamation mark, an ellipsis, the stop of a quoted whole
 * sentence and the period of an abbreviation ("the U.S.") stay.
 */
export function dropSentencePunctuation(text: string): string {
  const trimmed = text.replace(/\s*[,;:]+$/u, '');
  if (/^[\p{Lu}\p{N}]/u.test(trimmed) || !/[^.]\.$/u.test(trimmed) || /(?:^|\s)(?:\p{L}\.)+$/u.test(trimmed)) return trimmed;
  return trimmed.slice(0, -1);
}

/** A line in title case ("Minister Visits Northern Ports"): a headline or subheading, not running text. */
function isHeadline(text: string): boolean {
  if (text.length > 160) return false;
  const words = text.split(/\s+/u).filter((w) => /^\p{L}/u.test(w) && !SMALL_WORDS.has(w.toLowerCase()));
  if (words.length < 3) return false;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length >= 0.8;
}

function countWords(text: string): number {
  return text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

const SMALL_WORDS = new Set(['of', 'the', 'and', 'a', 'an', 'in', 'on', 'for', 'to', 'with', 'at', 'by', 'from', 'or', 'vs.']);

/** A short title-case phrase (a show, a book, a programme's name) is a title, not something said. */
function looksLikeTitle(text: string): boolean {
  const words = text.replace(/[,.]$/u, '').split(/\s+/u);
  if (words.length > 7 || /[!?]$/u.test(text) || /[.!?]\s/u.test(text)) return false;
  return words.every((w, i) => /^[\p{Lu}\p{N}]/u.test(w) || (i > 0 && SMALL_WORDS.has(w.toLowerCase())));
}
