import type { LeafMatcher, Matcher } from './compile-query.js';
import { LEAD_WEIGHT, type DocumentIndex, type DocToken } from './document-index.js';

/** BM25's k1: how fast repeated occurrences of one term stop adding relevance. */
export const SATURATION_K1 = 2;
/** Evidence that maps to a score of 1 - 1/e (about 0.63): see scoreEvidence. */
export const SCORE_SCALE = 2;

/** Where one query term (or a NEAR pair) occurs in the article. Positions count words. */
export interface Span {
  start: number;
  end: number;
  paragraph: number;
  firstSentence: number;
  lastSentence: number;
  weight: number;
  /** Query terms (as written) this occurrence stands for. */
  labels: readonly string[];
}

/** Whether a (sub)query matched, how strong its evidence is (null: no positive terms), and where. */
export interface Outcome {
  matched: boolean;
  evidence: number | null;
  spans: Span[];
}

const NO_SPANS: Span[] = [];
const NO_MATCH: Outcome = { matched: false, evidence: null, spans: NO_SPANS };

/**
 * Evaluates a compiled query against an article: the boolean match, plus evidence from where and how often
 * its positive terms occur. A term's evidence is its position-weighted frequency, saturated BM25-style; OR adds
 * its alternatives (an occurrence already counted by an earlier alternative counts once), AND takes its weakest
 * side, NOT adds nothing.
 */
export function evaluateQuery(matcher: Matcher, doc: DocumentIndex, stemmed: boolean): Outcome {
  switch (matcher.kind) {
    case 'leaf': {
      const spans = leafSpans(matcher, doc, stemmed);
      if (spans.length === 0) return NO_MATCH;
      return { matched: true, evidence: saturate(totalWeight(spans)), spans };
    }
    case 'not':
      return { matched: !evaluateQuery(matcher.child, doc, stemmed).matched, evidence: null, spans: [] };
    case 'and': {
      let evidence: number | null = null;
      const outcomes: Outcome[] = [];
      for (const child of matcher.children) {
        const outcome = evaluateQuery(child, doc, stemmed);
        if (!outcome.matched) return NO_MATCH;
        if (outcome.evidence !== null) evidence = Math.min(evidence ?? Infinity, outcome.evidence);
        outcomes.push(outcome);
      }
      return { matched: true, evidence, spans: outcomes.flatMap((outcome) => outcome.spans) };
    }
    case 'or': {
      let matched = false;
      let evidence: number | null = null;
      const spans: Span[] = [];
      const leaves: Span[][] = [];
      for (const child of matcher.children) {
        const outcome = evaluateQuery(child, doc, stemmed);
        if (!outcome.matched) continue;
        matched = true;
        spans.push(...outcome.spans);
        if (child.kind === 'leaf') leaves.push(outcome.spans);
        else if (outcome.evidence !== null) evidence = (evidence ?? 0) + outcome.evidence;
      }
      if (!matched) return NO_MATCH;
      if (leaves.length > 0) evidence = (evidence ?? 0) + alternativesEvidence(leaves);
      return { matched, evidence, spans };
    }
    case 'near': {
      const left = evaluateQuery(matcher.left, doc, stemmed);
      if (!left.matched) return NO_MATCH;
      const right = evaluateQuery(matcher.right, doc, stemmed);
      if (!right.matched) return NO_MATCH;
      const pairs = pairSpans(left.spans, right.spans, matcher.distance);
      if (pairs.length === 0) return NO_MATCH;
      return { matched: true, evidence: saturate(totalWeight(pairs)), spans: pairs };
    }
    case 'notnear': {
      const left = evaluateQuery(matcher.left, doc, stemmed);
      if (!left.matched) return NO_MATCH;
      const right = evaluateQuery(matcher.right, doc, stemmed);
      const kept = right.matched ? left.spans.filter((span) => !hasNeighbour(span, right.spans, matcher.distance)) : left.spans;
      if (kept.length === 0) return NO_MATCH;
      return { matched: true, evidence: saturate(totalWeight(kept)), spans: kept };
    }
  }
}

/** Whether one span is in the headline and the other in the lead (the only spans weighing that much). */
function headlineAndLead(a: Span, b: Span): boolean {
  const [title, other] = a.paragraph === -1 ? [a, b] : [b, a];
  return title.paragraph === -1 && other.paragraph !== -1 && other.weight >= LEAD_WEIGHT;
}

/** Whether any of the spans lies within the distance of this one, in the same paragraph. */
function hasNeighbour(span: Span, others: readonly Span[], distance: number): boolean {
  return others.some(
    (other) => other.paragraph === span.paragraph && Math.max(other.start - span.end, span.start - other.end, 0) <= distance,
  );
}

/**
 * Whether a compiled query matches, without gathering evidence: the cheap first look at each candidate topic,
 * most of which do not match.
 */
export function testQuery(matcher: Matcher, doc: DocumentIndex, stemmed: boolean): boolean {
  switch (matcher.kind) {
    case 'leaf':
      return leafSpans(matcher, doc, stemmed).length > 0;
    case 'not':
      return !testQuery(matcher.child, doc, stemmed);
    case 'and':
      return matcher.children.every((child) => testQuery(child, doc, stemmed));
    case 'or':
      return matcher.children.some((child) => testQuery(child, doc, stemmed));
    case 'near':
    case 'notnear':
      return evaluateQuery(matcher, doc, stemmed).matched;
  }
}

/** Turns evidence into a score in [0, 1): 1 - exp(-evidence / SCORE_SCALE). No positive terms scores 1. */
export function scoreEvidence(evidence: number | null): number {
  if (evidence === null) return 1;
  return Math.round((1 - Math.exp(-evidence / SCORE_SCALE)) * 1000) / 1000;
}

/** Evidence of the word alternatives of an OR: each saturated alone, an occurrence counted by one only. */
function alternativesEvidence(leaves: readonly Span[][]): number {
  const [only] = leaves;
  if (leaves.length === 1 && only !== undefined) return saturate(totalWeight(only));
  const counted = new Set<number>();
  let evidence = 0;
  for (const spans of leaves) {
    const fresh = spans.filter((span) => !counted.has(span.start));
    for (const span of spans) counted.add(span.start);
    if (fresh.length > 0) evidence += saturate(totalWeight(fresh));
  }
  return evidence;
}

/** BM25 term-frequency saturation: k1 + 1 times tf / (tf + k1). */
function saturate(weightedFrequency: number): number {
  return (weightedFrequency * (SATURATION_K1 + 1)) / (weightedFrequency + SATURATION_K1);
}

function totalWeight(spans: readonly Span[]): number {
  let total = 0;
  for (const span of spans) total += span.weight;
  return total;
}

/**
 * Each span of one side with its nearest partner on the other side, within the distance, same paragraph. The
 * headline and the lead state one subject, so a headline word also pairs with a lead word, at any distance.
 */
function pairSpans(left: readonly Span[], right: readonly Span[], distance: number): Span[] {
  const pairs = new Map<string, Span>();
  for (const a of left) {
    let best: Span | null = null;
    let bestGap = Infinity;
    for (const b of right) {
      if (b.paragraph !== a.paragraph && !headlineAndLead(a, b)) continue;
      const gap = b.paragraph !== a.paragraph ? distance : Math.max(b.start - a.end, a.start - b.end, 0);
      if (gap <= distance && gap < bestGap) {
        best = b;
        bestGap = gap;
      }
    }
    if (best === null) continue;
    const start = Math.min(a.start, best.start);
    const end = Math.max(a.end, best.end);
    pairs.set(`${start}:${end}`, {
      start,
      end,
      paragraph: a.paragraph,
      firstSentence: Math.min(a.firstSentence, best.firstSentence),
      lastSentence: Math.max(a.lastSentence, best.lastSentence),
      weight: Math.max(a.weight, best.weight),
      labels: [...new Set([...a.labels, ...best.labels])],
    });
  }
  return [...pairs.values()].sort((a, b) => a.start - b.start);
}

/** The occurrences of a leaf in the article, one per start position, cached per article. */
function leafSpans(leaf: LeafMatcher, doc: DocumentIndex, stemmed: boolean): Span[] {
  const cached = doc.leafCache.get(leaf.key) as Span[] | undefined;
  if (cached !== undefined) {
    // A list leaf labels its spans with the entries that occurred: equal keys give equal labels.
    if (leaf.entries !== undefined || cached[0] === undefined || cached[0].labels[0] === leaf.label) return cached;
    return relabel(cached, leaf.label);
  }
  let found: Span[] = NO_SPANS;
  for (const [at, alternative] of leaf.alternatives.entries()) {
    const entry = leaf.entries?.[at];
    const labels = [entry ?? leaf.label];
    if (alternative.kind === 'prefix') {
      for (const index of doc.withPrefix(alternative.prefix)) {
        const token = doc.tokens[index] as DocToken;
        // A prefix stands for words, not for names: "kuwait*" is not the surname in "al-Kuwaiti".
        if (token.name !== true && inField(token, leaf)) found = append(found, spanOf(token, token.end, labels));
      }
      continue;
    }
    const [first, ...rest] = alternative.kind === 'word' ? [alternative.word] : alternative.words;
    if (first === undefined) continue;
    for (const index of stemmed ? doc.withStem(first) : doc.withWord(first)) {
      const token = doc.tokens[index] as DocToken;
      if (!inField(token, leaf)) continue;
      if (alternative.kind === 'word') found = append(found, spanOf(token, token.end, labels));
      else if (!token.joined && continuesPhrase(doc, token, rest, stemmed)) {
        found = append(found, spanOf(token, token.start + rest.length, labels));
      }
    }
  }
  // One span per start: a compound and its first part, or an alias and a phrase, are one occurrence.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const spans =
    found.length < 2 ? found : found.filter((span, at) => at === 0 || (found[at - 1] as Span).start !== span.start);
  doc.leafCache.set(leaf.key, spans);
  return spans;
}

/** Adds to a list that starts as the shared empty one, so leaves absent from the article allocate nothing. */
function append(spans: Span[], span: Span): Span[] {
  if (spans === NO_SPANS) return [span];
  spans.push(span);
  return spans;
}

function inField(token: DocToken, leaf: LeafMatcher): boolean {
  if (leaf.field === null) return true;
  return leaf.field === 'title' ? token.paragraph === -1 : token.paragraph !== -1;
}

function spanOf(token: DocToken, end: number, labels: readonly string[]): Span {
  return {
    start: token.start,
    end,
    paragraph: token.paragraph,
    firstSentence: token.sentence,
    lastSentence: token.sentence,
    weight: token.weight,
    labels,
  };
}

function continuesPhrase(doc: DocumentIndex, token: DocToken, rest: readonly string[], stemmed: boolean): boolean {
  return rest.every((word, offset) => {
    const position = token.start + offset + 1;
    return doc.partAt(position, stemmed) === word && doc.sentenceAt(position) === token.sentence;
  });
}

function relabel(spans: readonly Span[], label: string): Span[] {
  const labels = [label];
  return spans.map((span) => ({ ...span, labels }));
}
