import type { QueryField } from './query-node.js';

/** One token of the query language, with its 0-based offset in the source. */
export type QueryToken =
  | { kind: 'word'; text: string; position: number }
  | { kind: 'phrase'; text: string; position: number }
  | { kind: 'field'; field: QueryField; position: number }
  | { kind: 'and' | 'or' | 'not' | 'minus' | 'open' | 'close' | 'end'; position: number }
  | { kind: 'near'; distance: number; position: number };

/** A lexing failure: where, and what was expected there. */
export interface LexFailure {
  position: number;
  expected: string;
}

export const FIELDS: readonly QueryField[] = ['title', 'body'];
export const MAX_NEAR_DISTANCE = 100;
/** NEAR written without "/n". */
export const DEFAULT_NEAR_DISTANCE = 10;

const OPEN_QUOTES = '"\u201c\u201d\u201e';
const CLOSE_QUOTES = '"\u201c\u201d';
const SPACE = /\s/;

function isWordChar(char: string): boolean {
  return !SPACE.test(char) && char !== '(' && char !== ')' && !OPEN_QUOTES.includes(char);
}

/**
 * Splits a query into tokens, or reports the first spot it cannot read.
 * Why: operators must be capitals so that a lower-case "or" is never silently taken as a word to require.
 */
export function lexQuery(source: string): QueryToken[] | LexFailure {
  const tokens: QueryToken[] = [];
  let at = 0;
  while (at < source.length) {
    const char = source.charAt(at);
    if (SPACE.test(char)) {
      at += 1;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: char === '(' ? 'open' : 'close', position: at });
      at += 1;
    } else if (OPEN_QUOTES.includes(char)) {
      let close = at + 1;
      while (close < source.length && !CLOSE_QUOTES.includes(source.charAt(close))) close += 1;
      if (close >= source.length) return { position: source.length, expected: 'a closing \'"\'' };
      tokens.push({ kind: 'phrase', text: source.slice(at + 1, close), position: at });
      at = close + 1;
    } else if (char === '-' && at + 1 < source.length && !SPACE.test(source.charAt(at + 1))) {
      tokens.push({ kind: 'minus', position: at });
      at += 1;
    } else if (char === '-') {
      return { position: at + 1, expected: 'a term right after "-" (no space)' };
    } else {
      let end = at;
      while (end < source.length && isWordChar(source.charAt(end))) end += 1;
      const failure = lexWord(source.slice(at, end), at, tokens);
      if (failure !== null) return failure;
      const last = tokens[tokens.length - 1];
      // A field name only reaches its scope when nothing separates them.
      if (last?.kind === 'field' && (end >= source.length || SPACE.test(source.charAt(end)))) {
        return { position: end, expected: `a term, a "phrase" or "(" right after "${last.field}:"` };
      }
      at = end;
    }
  }
  tokens.push({ kind: 'end', position: source.length });
  return tokens;
}

/** Reads one run of word characters: an operator, a field scope, or a word. */
function lexWord(run: string, position: number, tokens: QueryToken[]): LexFailure | null {
  if (run === 'AND' || run === 'OR' || run === 'NOT') {
    tokens.push({ kind: run === 'AND' ? 'and' : run === 'OR' ? 'or' : 'not', position });
    return null;
  }
  const lower = run.toLowerCase();
  if (lower === 'and' || lower === 'or' || lower === 'not') {
    return { position, expected: `"${run.toUpperCase()}" in capitals (quote "${run}" to search for the word)` };
  }
  if (run === 'NEAR') {
    tokens.push({ kind: 'near', distance: DEFAULT_NEAR_DISTANCE, position });
    return null;
  }
  if (lower.startsWith('near/')) {
    if (!run.startsWith('NEAR/')) return { position, expected: '"NEAR" in capitals' };
    const digits = run.slice(5);
    const distance = /^\d{1,3}$/.test(digits) ? Number(digits) : NaN;
    if (!(distance >= 1 && distance <= MAX_NEAR_DISTANCE)) {
      return { position: position + 5, expected: `a distance from 1 to ${MAX_NEAR_DISTANCE} after "NEAR/"` };
    }
    tokens.push({ kind: 'near', distance, position });
    return null;
  }
  const colon = run.indexOf(':');
  if (colon === -1) {
    tokens.push({ kind: 'word', text: run, position });
    return null;
  }
  const name = run.slice(0, colon).toLowerCase();
  const field = FIELDS.find((candidate) => candidate === name);
  if (field === undefined) {
    return { position, expected: `a field name (${FIELDS.map((f) => `"${f}"`).join(' or ')}) before ":"` };
  }
  tokens.push({ kind: 'field', field, position });
  const rest = run.slice(colon + 1);
  if (rest.startsWith('-')) {
    return { position: position + colon + 1, expected: `a term after "${field}:" (negate the whole: -${field}:word)` };
  }
  return rest === '' ? null : lexWord(rest, position + colon + 1, tokens);
}
