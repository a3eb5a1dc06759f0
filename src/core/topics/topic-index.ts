import type { TopicMatch } from '../analysis.js';
import { CodedError } from '../errors.js';
import { compileQuery, type Matcher } from './compile-query.js';
import { DocumentIndex, LEAD_WEIGHT } from './document-index.js';
import { evaluateQuery, scoreEvidence, testQuery, type Span } from './evaluate-query.js';
import { extractRequiredTerms, sortBySelectivity, type RequiredTerms } from './extract-required-terms.js';
import { MIN_PREFIX_LENGTH, parseQuery, QueryParseError, type QueryNode } from './parse-query.js';
import { DEFAULT_MIN_SCORE, type TopicDefinition } from './topic-definition.js';

/** Evidence sentences per match. */
export const MAX_EVIDENCE = 3;
/** Required-term sets kept per topic; an article must hit each of them for the topic to be evaluated. */
export const MAX_PASSES = 4;
/** Index entries pack a topic number and a pass: `number << PASS_BITS | pass`. */
const PASS_BITS = 2;

/** One topic ready to evaluate. */
export interface CompiledTopic {
  id: string;
  matcher: Matcher;
  minScore: number;
  stemming: boolean;
  /** Bits of the required-term sets (passes) an article must all hit. */
  passMask: number;
  /** Labels of the positive leaves, in query order, once each. */
  labels: string[];
  /** For named-list leaves: each entry ("Iran") to the list's label ("@country"). */
  listOf: Map<string, string>;
}

/**
 * All topics compiled into one structure, keyed by the terms that can make each of them match. Index entries
 * pack a topic number and a pass (`number << 2 | pass`).
 */
export interface TopicIndex {
  readonly topics: readonly CompiledTopic[];
  /** Entries by folded word, for topics that compare words as written. */
  readonly byWord: ReadonlyMap<string, readonly number[]>;
  /** Entries by Porter stem, for topics with stemming. */
  readonly byStem: ReadonlyMap<string, readonly number[]>;
  /** Entries by folded prefix, for prefix* terms. */
  readonly byPrefix: ReadonlyMap<string, readonly number[]>;
  /** The distinct lengths of the prefixes in byPrefix. */
  readonly prefixLengths: readonly number[];
  /** The first MIN_PREFIX_LENGTH letters of every prefix: a cheap test before trying each length. */
  readonly prefixHeads: ReadonlySet<string>;
  /** Topics that no required term can rule out (queries of only NOT): evaluated for every article. */
  readonly always: readonly number[];
  /** The pass bits each topic needs, by topic number. */
  readonly passMasks: Uint8Array;
}

export interface MatchOptions {
  /** Evaluate every topic rather than only the candidates the article's words point to (for checking). */
  exhaustive?: boolean;
}

/**
 * Compiles topics into one index. Throws QueryParseError naming the topic when a query cannot be read, and a
 * config_invalid CodedError for duplicate ids, a minScore outside [0, 1] or an alias without words.
 */
export function compileTopics(topics: readonly TopicDefinition[]): TopicIndex {
  const byWord = new Map<string, number[]>();
  const byStem = new Map<string, number[]>();
  const byPrefix = new Map<string, number[]>();
  const always: number[] = [];
  const compiled: CompiledTopic[] = [];
  const seen = new Set<string>();
  for (const topic of topics) {
    if (seen.has(topic.id)) throw new CodedError('config_invalid', `duplicate topic id "${topic.id}"`);
    seen.add(topic.id);
    const number = compiled.length;
    const current = compileTopic(topic);
    compiled.push(current);
    const passes = choosePasses(extractRequiredTerms(current.matcher));
    current.passMask = (1 << passes.length) - 1;
    if (passes.length === 0) always.push(number);
    passes.forEach((required, pass) => {
      const entry = (number << PASS_BITS) | pass;
      for (const word of required.words) addTo(current.stemming ? byStem : byWord, word, entry);
      for (const prefix of required.prefixes) addTo(byPrefix, prefix, entry);
    });
  }
  const prefixLengths = [...new Set([...byPrefix.keys()].map((prefix) => prefix.length))].sort((a, b) => a - b);
  const prefixHeads = new Set([...byPrefix.keys()].map((prefix) => prefix.slice(0, MIN_PREFIX_LENGTH)));
  const passMasks = Uint8Array.from(compiled, (topic) => topic.passMask);
  return { topics: compiled, byWord, byStem, byPrefix, prefixLengths, prefixHeads, always, passMasks };
}

/** The most selective distinct required-term sets, at most MAX_PASSES. */
function choosePasses(sets: readonly RequiredTerms[]): RequiredTerms[] {
  const seen = new Set<string>();
  const distinct = sortBySelectivity(sets).filter((set) => {
    const key = JSON.stringify(set);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return distinct.slice(0, MAX_PASSES);
}

/**
 * Matches an article against every topic of the index, evaluating only the candidates its words point to.
 * A topic matches when its query is true and its relevance score reaches its minScore; the best score first.
 */
export function matchTopics(
  index: TopicIndex,
  doc: { title: string; paragraphs: readonly string[] },
  options: MatchOptions = {},
): TopicMatch[] {
  const document = new DocumentIndex(doc);
  const candidates =
    options.exhaustive === true ? index.topics.map((_, number) => number) : findCandidates(index, document);
  const matches: TopicMatch[] = [];
  for (const number of candidates) {
    const topic = index.topics[number] as CompiledTopic;
    if (!testQuery(topic.matcher, document, topic.stemming)) continue;
    const outcome = evaluateQuery(topic.matcher, document, topic.stemming);
    if (!outcome.matched) continue;
    const score = scoreEvidence(outcome.evidence);
    if (score < topic.minScore) continue;
    if (topic.minScore > 0 && !isSubstantial(outcome.spans)) continue;
    const terms = matchedTerms(topic, outcome.spans);
    matches.push({
      topic: topic.id,
      score,
      terms,
      ...(terms.length > 0 ? { strongest: strongestTerms(topic, outcome.spans) } : {}),
      evidence: evidenceSentences(document, outcome.spans),
    });
  }
  return matches.sort((a, b) => b.score - a.score || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

/**
 * The ids of the topics an article would be evaluated against: those its words, stems and prefixes point to,
 * plus the topics nothing can rule out. For measuring pre-selection; matchTopics does this itself.
 */
export function selectCandidates(index: TopicIndex, doc: { title: string; paragraphs: readonly string[] }): string[] {
  return findCandidates(index, new DocumentIndex(doc)).map((number) => (index.topics[number] as CompiledTopic).id);
}

function compileTopic(topic: TopicDefinition): CompiledTopic {
  const minScore = topic.minScore ?? DEFAULT_MIN_SCORE;
  if (!(minScore >= 0 && minScore <= 1)) {
    throw new CodedError('config_invalid', `topic "${topic.id}": minScore must be between 0 and 1, got ${minScore}`);
  }
  const stemming = topic.stemming ?? true;
  const aliases = topic.aliases ?? [];
  for (const member of aliases.flat()) {
    if (!/[\p{L}\p{N}]/u.test(member)) {
      throw new CodedError('config_invalid', `topic "${topic.id}": alias "${member}" has no letters or digits`);
    }
  }
  const matcher = compileQuery(parseTopicQuery(topic), { stemming, aliases });
  const labels = positiveLabels(matcher);
  return { id: topic.id, matcher, minScore, stemming, passMask: 0, labels, listOf: listEntries(matcher, labels) };
}

function parseTopicQuery(topic: TopicDefinition): QueryNode {
  try {
    return parseQuery(topic.query);
  } catch (error) {
    if (!(error instanceof QueryParseError)) throw error;
    throw new QueryParseError(error.query, error.position, error.expected, topic.id);
  }
}

function addTo(map: Map<string, number[]>, key: string, number: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [number]);
  else if (list[list.length - 1] !== number) list.push(number);
}

/** Topic numbers worth evaluating: those whose every required-term set the article hits, and the always-ones. */
function findCandidates(index: TopicIndex, document: DocumentIndex): number[] {
  // Pass bits hit so far, by topic number; the topics touched, to read them back without scanning all.
  const hits = new Uint8Array(index.topics.length);
  const touched: number[] = [];
  const collect = (entries: readonly number[] | undefined): void => {
    if (entries === undefined) return;
    for (const entry of entries) {
      const number = entry >> PASS_BITS;
      if (hits[number] === 0) touched.push(number);
      hits[number] = (hits[number] as number) | (1 << (entry & (MAX_PASSES - 1)));
    }
  };
  const useStems = index.byStem.size > 0;
  for (const word of document.words()) {
    collect(index.byWord.get(word));
    if (useStems) collect(index.byStem.get(document.stemOf(word)));
    if (word.length < MIN_PREFIX_LENGTH || !index.prefixHeads.has(word.slice(0, MIN_PREFIX_LENGTH))) continue;
    for (const length of index.prefixLengths) {
      if (length > word.length) break;
      collect(index.byPrefix.get(word.slice(0, length)));
    }
  }
  const candidates = [...index.always];
  for (const number of touched) if (hits[number] === index.passMasks[number]) candidates.push(number);
  return candidates;
}

/** The labels of a query's leaves outside NOT, in query order, once each. */
function positiveLabels(matcher: Matcher): string[] {
  const labels = new Set<string>();
  const visit = (node: Matcher): void => {
    if (node.kind === 'leaf') labels.add(node.label);
    else if (node.kind === 'not') return;
    else if ('children' in node) node.children.forEach(visit);
    // The context words of NOT NEAR only exclude; they are not evidence.
    else if (node.kind === 'notnear') visit(node.left);
    else [node.left, node.right].forEach(visit);
  };
  visit(matcher);
  return [...labels];
}

/** Each entry of a named-list leaf to the list's label, unless the entry is itself a label of the query. */
function listEntries(matcher: Matcher, labels: readonly string[]): Map<string, string> {
  const listOf = new Map<string, string>();
  const visit = (node: Matcher): void => {
    if (node.kind === 'leaf') {
      for (const entry of node.entries ?? []) if (!labels.includes(entry)) listOf.set(entry, node.label);
    } else if (node.kind === 'not') return;
    else if ('children' in node) node.children.forEach(visit);
    else if (node.kind === 'notnear') visit(node.left);
    else [node.left, node.right].forEach(visit);
  };
  visit(matcher);
  return listOf;
}

/**
 * Whether the evidence makes the article substantially about the query: an occurrence in the headline or the
 * lead, or occurrences in at least two sentences. A query without positive terms (only NOT) always is.
 */
function isSubstantial(spans: readonly Span[]): boolean {
  if (spans.length === 0) return true;
  let sentence: number | null = null;
  for (const span of spans) {
    if (span.weight >= LEAD_WEIGHT) return true;
    if (sentence === null) sentence = span.firstSentence;
    else if (span.firstSentence !== sentence || span.lastSentence !== sentence) return true;
  }
  return false;
}

/**
 * The matched terms ordered by their evidence, strongest first: summed position weight, ties in query order.
 * A named list shows the entries that occurred ("Iran"), not its name: a reader sees the word in the text.
 */
function strongestTerms(topic: CompiledTopic, spans: readonly Span[]): string[] {
  const weight = new Map<string, number>();
  for (const span of spans) for (const label of span.labels) weight.set(label, (weight.get(label) ?? 0) + span.weight);
  const rank = (label: string): number => topic.labels.indexOf(topic.listOf.get(label) ?? label);
  return [...weight.keys()]
    .filter((label) => rank(label) >= 0)
    .sort((a, b) => (weight.get(b) ?? 0) - (weight.get(a) ?? 0) || rank(a) - rank(b));
}

/** The query terms that occurred, as written (a named list as "@country"), in query order. */
function matchedTerms(topic: CompiledTopic, spans: readonly Span[]): string[] {
  const found = new Set<string>();
  for (const span of spans) for (const label of span.labels) found.add(topic.listOf.get(label) ?? label);
  return topic.labels.filter((label) => found.has(label));
}

/**
 * Sentences holding the terms, most relevant first: distinct terms times the sentence's position weight, so a
 * lead sentence with two terms outranks a closing one with three. The title only when nothing else holds them.
 */
function evidenceSentences(document: DocumentIndex, spans: readonly Span[]): string[] {
  const bySentence = new Map<number, { labels: Set<string>; weight: number }>();
  for (const span of spans) {
    for (let sentence = span.firstSentence; sentence <= span.lastSentence; sentence++) {
      const entry = bySentence.get(sentence) ?? { labels: new Set<string>(), weight: 0 };
      span.labels.forEach((label) => entry.labels.add(label));
      entry.weight = Math.max(entry.weight, span.weight);
      bySentence.set(sentence, entry);
    }
  }
  const relevance = (entry: { labels: Set<string>; weight: number }): number => entry.labels.size * entry.weight;
  const ranked = [...bySentence.entries()]
    .sort(([a, x], [b, y]) => relevance(y) - relevance(x) || a - b)
    .map(([sentence]) => document.sentences[sentence])
    .filter((sentence) => sentence !== undefined);
  const body = ranked.filter((sentence) => sentence.paragraph !== -1);
  const texts = new Set((body.length > 0 ? body : ranked).map((sentence) => sentence.text));
  return [...texts].slice(0, MAX_EVIDENCE);
}
