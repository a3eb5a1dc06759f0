import { describe, expect, it } from 'vitest';
import { parseQuery, QueryParseError, type QueryNode } from '../../../../src/core/topics/parse-query.js';

/** A compact rendering of a tree, so expectations read like the query they come from. */
function show(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
    case 'phrase':
    case 'prefix': {
      const field = node.field === null ? '' : `${node.field}:`;
      const text = node.kind === 'phrase' ? `"${node.text}"` : node.kind === 'prefix' ? `${node.text}*` : node.text;
      return `${field}${text}`;
    }
    case 'and':
    case 'or':
      return `(${node.children.map(show).join(` ${node.kind.toUpperCase()} `)})`;
    case 'not':
      return `NOT ${show(node.child)}`;
    case 'near':
      return `(${show(node.left)} NEAR/${node.distance} ${show(node.right)})`;
    case 'notnear':
      return `(${show(node.left)} NOT NEAR/${node.distance} ${show(node.right)})`;
  }
}

function failure(query: string): QueryParseError {
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof QueryParseError) return error;
    throw error;
  }
  throw new Error(`expected "${query}" to fail`);
}

describe('parseQuery: constructs', () => {
  it('reads a single term, keeping it as written', () => {
    expect(parseQuery('Iran')).toEqual({ kind: 'term', text: 'Iran', field: null, position: 0 });
  });

  it('reads quoted phrases, also with typographic quotes', () => {
    expect(show(parseQuery('"strait of hormuz"'))).toBe('"strait of hormuz"');
    expect(show(parseQuery('“strait of hormuz”'))).toBe('"strait of hormuz"');
  });

  it('reads prefixes', () => {
    expect(parseQuery('cyber*')).toEqual({ kind: 'prefix', text: 'cyber', field: null, position: 0 });
  });

  it('reads AND, OR and NOT', () => {
    expect(show(parseQuery('iran AND cyber'))).toBe('(iran AND cyber)');
    expect(show(parseQuery('iran OR tehran'))).toBe('(iran OR tehran)');
    expect(show(parseQuery('NOT sport'))).toBe('NOT sport');
  });

  it('takes adjacent terms as AND', () => {
    expect(show(parseQuery('iran cyber attack'))).toBe('(iran AND cyber AND attack)');
  });

  it('takes a leading minus as NOT, on terms, phrases and groups', () => {
    expect(show(parseQuery('iran -football'))).toBe('(iran AND NOT football)');
    expect(show(parseQuery('iran -"world cup"'))).toBe('(iran AND NOT "world cup")');
    expect(show(parseQuery('iran -(football OR soccer)'))).toBe('(iran AND NOT (football OR soccer))');
  });

  it('keeps hyphens inside words', () => {
    expect(show(parseQuery('cyber-attack'))).toBe('cyber-attack');
  });

  it('binds AND tighter than OR, and NOT tighter than AND', () => {
    expect(show(parseQuery('a b OR c'))).toBe('((a AND b) OR c)');
    expect(show(parseQuery('a OR b AND c'))).toBe('(a OR (b AND c))');
    expect(show(parseQuery('NOT a b'))).toBe('(NOT a AND b)');
    expect(show(parseQuery('a AND NOT b OR c'))).toBe('((a AND NOT b) OR c)');
  });

  it('groups with parentheses and flattens nested operators of the same kind', () => {
    expect(show(parseQuery('iran AND (cyber OR hack*)'))).toBe('(iran AND (cyber OR hack*))');
    expect(show(parseQuery('a OR (b OR (c OR d))'))).toBe('(a OR b OR c OR d)');
  });

  it('reads NEAR with a distance, NEAR alone as 10, and binds it tightest', () => {
    expect(show(parseQuery('iran NEAR/5 cyber*'))).toBe('(iran NEAR/5 cyber*)');
    expect(show(parseQuery('iran NEAR cyber'))).toBe('(iran NEAR/10 cyber)');
    expect(show(parseQuery('a b NEAR/3 c'))).toBe('(a AND (b NEAR/3 c))');
    expect(show(parseQuery('NOT a NEAR/3 b'))).toBe('NOT (a NEAR/3 b)');
    expect(show(parseQuery('(iran OR tehran) NEAR/4 "cyber attack"'))).toBe('((iran OR tehran) NEAR/4 "cyber attack")');
    expect(show(parseQuery('a NEAR/2 b NEAR/3 c'))).toBe('((a NEAR/2 b) NEAR/3 c)');
  });

  it('scopes terms, phrases and groups to a field', () => {
    expect(show(parseQuery('title:iran'))).toBe('title:iran');
    expect(show(parseQuery('title:"cyber attack"'))).toBe('title:"cyber attack"');
    expect(show(parseQuery('title:(iran OR tehran*) cyber'))).toBe('((title:iran OR title:tehran*) AND cyber)');
    expect(show(parseQuery('body:sanctions -title:sanctions'))).toBe('(body:sanctions AND NOT title:sanctions)');
    expect(show(parseQuery('Title:iran'))).toBe('title:iran');
  });

  it('records where each leaf was written', () => {
    const node = parseQuery('iran AND title:"cyber attack"');
    expect(node).toEqual({
      kind: 'and',
      children: [
        { kind: 'term', text: 'iran', field: null, position: 0 },
        { kind: 'phrase', text: 'cyber attack', field: 'title', position: 15 },
      ],
    });
  });

  it('accepts operators spread over several lines', () => {
    expect(show(parseQuery('iran\n  AND (cyber\n  OR hack*)'))).toBe('(iran AND (cyber OR hack*))');
  });

  it('treats quoted operator words as words', () => {
    expect(show(parseQuery('"or" "NOT"'))).toBe('("or" AND "NOT")');
  });
});

describe('parseQuery: errors', () => {
  it('is a coded error pointing at the spot with a caret', () => {
    const error = failure('iran AND (cyber');
    expect(error).toBeInstanceOf(QueryParseError);
    expect(error.code).toBe('query_invalid');
    expect(error.position).toBe(15);
    expect(error.expected).toBe('")"');
    const [line, caret] = error.message.split('\n');
    expect(line).toBe('query: expected ")" at column 16: iran AND (cyber');
    expect(caret?.indexOf('^')).toBe((line ?? '').length);
  });

  it.each([
    ['', 0, 'a term, a "phrase" or "("'],
    ['   ', 3, 'a term, a "phrase" or "("'],
    ['AND iran', 0, 'a term, a "phrase" or "("'],
    ['iran AND', 8, 'a term, a "phrase" or "(" after "AND"'],
    ['iran OR', 7, 'a term, a "phrase" or "(" after "OR"'],
    ['iran OR OR cyber', 8, 'a term, a "phrase" or "(" after "OR"'],
    ['iran NOT', 8, 'a term, a "phrase" or "(" after "NOT"'],
    ['iran NEAR/3', 11, 'a term, a "phrase" or "(" after "NEAR"'],
    ['()', 1, 'a term, a "phrase" or "("'],
    ['iran)', 4, 'a matching "(" before this ")"'],
    ['(iran', 5, '")"'],
    ['"strait of hormuz', 17, 'a closing \'"\''],
    ['""', 1, 'words between the quotes'],
    ['"..."', 1, 'words between the quotes'],
    ['"cyber att*"', 10, 'no "*" inside a "phrase" (use word* outside quotes)'],
    ['cy*ber', 2, '"*" only at the end of a word'],
    ['*', 0, 'a single word before "*" (no spaces or hyphens)'],
    ['ir*', 0, 'at least 3 letters before "*"'],
    ['cyber-att*', 0, 'a single word before "*" (no spaces or hyphens)'],
    ['iran - cyber', 6, 'a term right after "-" (no space)'],
    ['iran or cyber', 5, '"OR" in capitals (quote "or" to search for the word)'],
    ['iran and cyber', 5, '"AND" in capitals (quote "and" to search for the word)'],
    ['not iran', 0, '"NOT" in capitals (quote "not" to search for the word)'],
    ['iran near/5 cyber', 5, '"NEAR" in capitals'],
    ['iran NEAR/0 cyber', 10, 'a distance from 1 to 100 after "NEAR/"'],
    ['iran NEAR/101 cyber', 10, 'a distance from 1 to 100 after "NEAR/"'],
    ['iran NEAR/x cyber', 10, 'a distance from 1 to 100 after "NEAR/"'],
    ['(a AND b) NEAR/3 c', 10, 'a term, "phrase", prefix* or OR group on each side of NEAR (not AND or NOT)'],
    ['a NEAR/3 (b AND c)', 2, 'a term, "phrase", prefix* or OR group on each side of NEAR (not AND or NOT)'],
    ['headline:iran', 0, 'a field name ("title" or "body") before ":"'],
    ['10:30', 0, 'a field name ("title" or "body") before ":"'],
    ['title: iran', 6, 'a term, a "phrase" or "(" right after "title:"'],
    ['title:-iran', 6, 'a term after "title:" (negate the whole: -title:word)'],
    ['iran #', 5, 'a word with letters or digits'],
    ['iran NEAR/3 NOT cyber', 12, 'a term, a "phrase" or "(" after "NEAR"'],
  ])('rejects %j at %i, expecting %s', (query, position, expected) => {
    const error = failure(query);
    expect(error.position).toBe(position);
    expect(error.expected).toBe(expected);
    expect(error.message.startsWith(`query: expected ${expected} at column ${position + 1}: `)).toBe(true);
  });

  it('limits nesting depth instead of overflowing the stack', () => {
    const error = failure(`${'('.repeat(200)}iran${')'.repeat(200)}`);
    expect(error.expected).toBe('at most 64 nested "("');
    expect(error.position).toBe(64);
  });

  it('echoes multi-line queries on one line so the caret still lines up', () => {
    const error = failure('iran\nAND (cyber');
    const [line, caret] = error.message.split('\n');
    expect(line).toBe('query: expected ")" at column 16: iran AND (cyber');
    expect(caret?.length).toBe((line ?? '').length + 1);
  });
});
