import type { Alternative, Matcher } from './compile-query.js';

/** Index terms at least one of which every matching article holds. */
export interface RequiredTerms {
  /** Whole words, folded (and stemmed when the topic stems). */
  words: string[];
  /** Folded word beginnings, from prefix* leaves. */
  prefixes: string[];
}

/**
 * Extracts from a query the sets of terms that any article it matches must hold: at least one term of every
 * set (the Lucene Monitor / percolator idea, with one set per AND side as in its multipass presearcher).
 * An empty list means nothing rules an article out (a query of only NOT).
 * Why: an article then needs checking only against the topics its own words point to on every side.
 */
export function extractRequiredTerms(matcher: Matcher): RequiredTerms[] {
  switch (matcher.kind) {
    case 'leaf':
      return [fromAlternatives(matcher.alternatives)];
    case 'not':
      return [];
    case 'and':
      return matcher.children.flatMap(extractRequiredTerms);
    case 'near':
      return [...extractRequiredTerms(matcher.left), ...extractRequiredTerms(matcher.right)];
    case 'notnear':
      return extractRequiredTerms(matcher.left);
    case 'or': {
      const sides = matcher.children.map((child) => narrowest(extractRequiredTerms(child)));
      if (sides.some((side) => side === null)) return [];
      return [union(sides as RequiredTerms[])];
    }
  }
}

/** The sets ordered from the most selective: fewest terms first, then the longest shortest term. */
export function sortBySelectivity(sets: readonly RequiredTerms[]): RequiredTerms[] {
  return [...sets].sort(compareSelectivity);
}

function fromAlternatives(alternatives: readonly Alternative[]): RequiredTerms {
  const words: string[] = [];
  const prefixes: string[] = [];
  for (const alternative of alternatives) {
    if (alternative.kind === 'word') words.push(alternative.word);
    else if (alternative.kind === 'prefix') prefixes.push(alternative.prefix);
    else words.push(longest(alternative.words));
  }
  return { words: [...new Set(words)], prefixes: [...new Set(prefixes)] };
}

/** The longest word of a phrase: longer words tend to be rarer, so fewer articles pick the topic up. */
function longest(words: readonly string[]): string {
  return words.reduce((best, word) => (word.length > best.length ? word : best), '');
}

function union(sets: readonly RequiredTerms[]): RequiredTerms {
  return {
    words: [...new Set(sets.flatMap((set) => set.words))],
    prefixes: [...new Set(sets.flatMap((set) => set.prefixes))],
  };
}

function narrowest(sets: readonly RequiredTerms[]): RequiredTerms | null {
  return sortBySelectivity(sets)[0] ?? null;
}

function compareSelectivity(a: RequiredTerms, b: RequiredTerms): number {
  // A prefix stands for many words, so it counts as several.
  const size = (set: RequiredTerms): number => set.words.length + 3 * set.prefixes.length;
  const shortest = (set: RequiredTerms): number =>
    Math.min(...set.words.map((word) => word.length), ...set.prefixes.map((prefix) => prefix.length));
  return size(a) - size(b) || shortest(b) - shortest(a);
}
