import { stemmer } from 'stemmer';
import { namedList } from './named-lists.js';
import type { QueryField, QueryLeaf, QueryNode } from './query-node.js';
import { tokenizeWords } from './tokenize-words.js';

/** One way a query leaf can occur in an article. Words are folded, and stemmed when the topic stems. */
export type Alternative =
  | { kind: 'word'; word: string }
  | { kind: 'phrase'; words: string[] }
  | { kind: 'prefix'; prefix: string };

/** A query leaf ready to match: what it was written as, and every form that counts as it. */
export interface LeafMatcher {
  kind: 'leaf';
  label: string;
  /** Rank of the leaf in the query, to report matched terms in query order. */
  order: number;
  field: QueryField | null;
  alternatives: Alternative[];
  /**
   * For a named list ("@country"): the list entry each alternative comes from ("Iran"), so a match can say
   * which word occurred rather than the list's name.
   */
  entries?: string[];
  /** Key of the alternatives and field, shared by equal leaves of any topic (a per-article cache key). */
  key: string;
}

/** A query tree whose leaves are resolved into the forms they match. */
export type Matcher =
  | LeafMatcher
  | { kind: 'and'; children: Matcher[] }
  | { kind: 'or'; children: Matcher[] }
  | { kind: 'not'; child: Matcher }
  | { kind: 'near' | 'notnear'; left: Matcher; right: Matcher; distance: number };

export interface CompileOptions {
  stemming: boolean;
  aliases: readonly (readonly string[])[];
}

/**
 * Stems of words met lately. Stemming is most of what matching costs per word, and news keeps reusing its
 * vocabulary, so most words of an article were stemmed for earlier ones; the limit bounds the memory.
 */
const recentStems = new Map<string, string>();
const RECENT_STEMS_LIMIT = 20_000;

/** Normalises one folded word the way a topic compares words: its Porter stem, or the word itself. */
export function normalizeWord(word: string, stemming: boolean): string {
  if (!stemming) return word;
  let stem = recentStems.get(word);
  if (stem === undefined) {
    // Emptied when full rather than evicting one by one: refilling costs less than tracking use.
    if (recentStems.size >= RECENT_STEMS_LIMIT) recentStems.clear();
    stem = stemmer(word);
    recentStems.set(word, stem);
  }
  return stem;
}

/**
 * Resolves a parsed query for one topic: folds and (optionally) stems its words, expands alias groups, and
 * lets a compound match whether written with a hyphen, a space or solid.
 */
export function compileQuery(node: QueryNode, options: CompileOptions): Matcher {
  const aliasMap = buildAliasMap(options);
  const prefix = options.stemming ? 's' : 'w';
  let order = 0;
  const visit = (current: QueryNode): Matcher => {
    switch (current.kind) {
      case 'and':
      case 'or':
        return { kind: current.kind, children: current.children.map(visit) };
      case 'not':
        return { kind: 'not', child: visit(current.child) };
      case 'near':
      case 'notnear':
        return { kind: current.kind, left: visit(current.left), right: visit(current.right), distance: current.distance };
      default: {
        const listed = listAlternatives(current, options.stemming);
        const alternatives = listed?.alternatives ?? leafAlternatives(current, options.stemming, aliasMap);
        const key = `${prefix}|${current.field ?? ''}|${JSON.stringify(alternatives)}`;
        const label = current.kind === 'prefix' ? `${current.text}*` : current.text.trim();
        const leaf: LeafMatcher = { kind: 'leaf', label, order: order++, field: current.field, alternatives, key };
        if (listed !== undefined) leaf.entries = listed.entries;
        return leaf;
      }
    }
  };
  return visit(node);
}

function leafAlternatives(leaf: QueryLeaf, stemming: boolean, aliasMap: Map<string, Alternative[]>): Alternative[] {
  if (leaf.kind === 'prefix') {
    const word = tokenizeWords(leaf.text)[0]?.word ?? '';
    return [{ kind: 'prefix', prefix: word }];
  }
  const own = textAlternatives(leaf.text, stemming);
  return aliasMap.get(aliasKey(leaf.text, stemming)) ?? own;
}

/** The forms of a named list ("@country"), each with the entry it comes from; undefined for other leaves. */
function listAlternatives(leaf: QueryLeaf, stemming: boolean): { alternatives: Alternative[]; entries: string[] } | undefined {
  const list = leaf.kind === 'term' && leaf.text.startsWith('@') ? namedList(leaf.text.slice(1)) : undefined;
  if (list === undefined) return undefined;
  const seen = new Set<string>();
  const alternatives: Alternative[] = [];
  const entries: string[] = [];
  for (const entry of list) {
    for (const alternative of textAlternatives(entry, stemming)) {
      const key = JSON.stringify(alternative);
      if (seen.has(key)) continue;
      seen.add(key);
      alternatives.push(alternative);
      entries.push(entry);
    }
  }
  return { alternatives, entries };
}

/** The forms of a written word or phrase: one word, or a phrase plus its solid compound when hyphenated. */
function textAlternatives(text: string, stemming: boolean): Alternative[] {
  const tokens = tokenizeWords(text);
  const parts = tokens.filter((token) => !token.joined).map((token) => normalizeWord(token.word, stemming));
  const [first] = parts;
  if (parts.length === 1 && first !== undefined) return [{ kind: 'word', word: first }];
  const alternatives: Alternative[] = [{ kind: 'phrase', words: parts }];
  const joined = tokens.filter((token) => token.joined);
  const [compound] = joined;
  if (joined.length === 1 && compound !== undefined && compound.start === 0 && compound.end === parts.length - 1) {
    alternatives.push({ kind: 'word', word: normalizeWord(compound.word, stemming) });
  }
  return alternatives;
}

function aliasKey(text: string, stemming: boolean): string {
  return tokenizeWords(text)
    .filter((token) => !token.joined)
    .map((token) => normalizeWord(token.word, stemming))
    .join(' ');
}

/** Maps each alias member to the alternatives of its whole group (members of several groups merge them). */
function buildAliasMap(options: CompileOptions): Map<string, Alternative[]> {
  const map = new Map<string, Alternative[]>();
  for (const group of options.aliases) {
    const members = group.filter((member) => aliasKey(member, options.stemming) !== '');
    const alternatives = members.flatMap((member) => textAlternatives(member, options.stemming));
    for (const member of members) {
      const key = aliasKey(member, options.stemming);
      map.set(key, dedupe([...(map.get(key) ?? []), ...alternatives]));
    }
  }
  return map;
}

function dedupe(alternatives: Alternative[]): Alternative[] {
  const seen = new Set<string>();
  return alternatives.filter((alternative) => {
    const key = JSON.stringify(alternative);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
