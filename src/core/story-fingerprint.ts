import type { StoryArrival } from './surge.js';

const SIGNATURE_SIZE = 96;
const STOPWORDS = new Set(
  ('a an the and or but of to in on at for from by with as is are was were be been being has have had it its this that these those ' +
    'he she they we you i his her their our your not no said says say will would could should may might can after before over ' +
    'about into than then there here who whom which what when where while also more most new other some such up out one two')
    .split(' '),
);

/** Lower-cased content words, lightly de-inflected so "attacks" and "attack" shingle alike. */
function contentWords(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .match(/[a-z0-9]+/g) ?? [];
  return words
    .filter((word) => !STOPWORDS.has(word) && word.length > 1)
    .map((word) => (word.length > 4 ? word.replace(/(ies|es|s|ed|ing)$/, '') : word));
}

function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // A final avalanche so nearby seeds give independent permutations.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/**
 * MinHash signature of a story's title and lead over words and word pairs. Rewrites of one wire story share
 * most named people, places and numbers even when the sentences differ, which word-level shingles capture.
 */
export function storySignature(title: string, lead: string): number[] {
  const words = contentWords(`${title} ${title} ${lead}`);
  const shingles = new Set<string>();
  words.forEach((word, index) => {
    shingles.add(word);
    const next = words[index + 1];
    if (next !== undefined) shingles.add(`${word} ${next}`);
  });
  const signature = new Array<number>(SIGNATURE_SIZE).fill(0xffffffff);
  for (const shingle of shingles) {
    // Two base hashes give every permutation by double hashing (Kirsch and Mitzenmacher): one pass per shingle.
    const a = fnv1a(shingle, 0x9e3779b1);
    const b = fnv1a(shingle, 0x7f4a7c15) | 1;
    for (let i = 0; i < SIGNATURE_SIZE; i += 1) {
      const value = (a + Math.imul(i, b)) >>> 0;
      if (value < (signature[i] as number)) signature[i] = value;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity of the two shingle sets. */
export function signatureSimilarity(a: readonly number[], b: readonly number[]): number {
  const size = Math.min(a.length, b.length);
  if (size === 0) return 0;
  let same = 0;
  for (let i = 0; i < size; i += 1) if (a[i] === b[i] && a[i] !== 0xffffffff) same += 1;
  return same / size;
}

export interface StoryCandidate {
  storyId: string;
  articleKey: string;
  source: string;
  signature: readonly number[];
  analyzedAt: string;
}

export interface StoryAssignment {
  storyId: string;
  /** The story's first article when this one joins an existing story. */
  followUpOf: string | null;
  /** Sources already carrying the story, this article's excluded. */
  otherSources: string[];
  /** The story's earlier articles: each one's outlet and when it was analysed (for surge escalation). */
  arrivals: StoryArrival[];
}

/** Default similarity above which two articles tell the same story. */
export const SAME_STORY_THRESHOLD = 0.18;

/**
 * Puts an article into the story of its most similar recent article, or starts a new story named after the
 * article itself. Candidates must already be limited to the story window.
 */
export function assignStory(
  article: { key: string; source: string; signature: readonly number[] },
  candidates: readonly StoryCandidate[],
  threshold = SAME_STORY_THRESHOLD,
): StoryAssignment {
  let best: StoryCandidate | null = null;
  let bestScore = threshold;
  for (const candidate of candidates) {
    if (candidate.articleKey === article.key) continue;
    const score = signatureSimilarity(article.signature, candidate.signature);
    if (score >= bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (!best) return { storyId: `story-${article.key.replace(/^[a-z]+:/, '').slice(0, 16)}`, followUpOf: null, otherSources: [], arrivals: [] };
  const members = candidates
    .filter((candidate) => candidate.storyId === best.storyId)
    .sort((x, y) => x.analyzedAt.localeCompare(y.analyzedAt));
  const first = members[0] ?? best;
  const otherSources = [...new Set(members.map((member) => member.source))].filter((source) => source !== article.source);
  const arrivals = members.map((member) => ({ source: member.source, at: member.analyzedAt }));
  return { storyId: best.storyId, followUpOf: first.articleKey, otherSources, arrivals };
}

/** A compact printable form of a signature, for logs and the analyze output. */
export function formatSignature(signature: readonly number[]): string {
  return signature.slice(0, 8).map((value) => value.toString(16).padStart(8, '0')).join('');
}
