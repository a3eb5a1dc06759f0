import { CodedError } from '../errors.js';
import { lexQuery, type QueryToken } from './lex-query.js';
import { isNamedList } from './named-lists.js';
import type { QueryField, QueryNode } from './query-node.js';
import { tokenizeWords } from './tokenize-words.js';

export type { QueryField, QueryNode } from './query-node.js';

/** Shortest prefix a "word*" may have: shorter ones would match a good part of the dictionary. */
export const MIN_PREFIX_LENGTH = 3;
const MAX_DEPTH = 64;
const PRIMARY = 'a term, a "phrase" or "("';
/** Tokens that begin an operand: one of them right after another operand is an implied AND. */
const STARTS_OPERAND = new Set<QueryToken['kind']>(['word', 'phrase', 'open', 'field', 'not', 'minus']);

/**
 * A query that cannot be read: where (0-based `position`), what was `expected` there, and a message that
 * echoes the query with a caret under the spot.
 */
export class QueryParseError extends CodedError {
  readonly position: number;
  readonly expected: string;
  readonly query: string;
  /** The topic whose query this is, when the error comes from compiling topics. */
  readonly topicId: string | null;

  constructor(query: string, position: number, expected: string, topicId: string | null = null) {
    const label = topicId === null ? 'query' : `topic "${topicId}": query`;
    const head = `${label}: expected ${expected} at column ${position + 1}: `;
    const shown = query.replace(/[\r\n\t]/g, ' ');
    super('query_invalid', `${head}${shown}\n${' '.repeat(head.length + position)}^`);
    this.name = 'QueryParseError';
    this.position = position;
    this.expected = expected;
    this.query = query;
    this.topicId = topicId;
  }
}

/**
 * Parses a topic query into a tree.
 * Precedence, tightest first: field scope, NEAR and NOT NEAR, NOT / "-", AND (written or implied by adjacency), OR.
 * Throws QueryParseError at the first spot that does not fit the grammar.
 */
export function parseQuery(source: string): QueryNode {
  const tokens = lexQuery(source);
  if (!Array.isArray(tokens)) throw new QueryParseError(source, tokens.position, tokens.expected);
  return new Parser(source, tokens).parseAll();
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: QueryToken[],
  ) {}

  parseAll(): QueryNode {
    const node = this.parseOr(null);
    const next = this.peek();
    if (next.kind === 'close') this.fail(next.position, 'a matching "(" before this ")"');
    if (next.kind !== 'end') this.fail(next.position, 'an operator or the end of the query');
    return node;
  }

  private peek(): QueryToken {
    return this.tokens[this.index] ?? { kind: 'end', position: this.source.length };
  }

  private next(): QueryToken {
    const token = this.peek();
    if (this.index < this.tokens.length) this.index += 1;
    return token;
  }

  private fail(position: number, expected: string): never {
    throw new QueryParseError(this.source, position, expected);
  }

  private parseOr(field: QueryField | null): QueryNode {
    const children = [this.parseAnd(field)];
    while (this.peek().kind === 'or') {
      this.next();
      children.push(this.parseAnd(field, 'OR'));
    }
    return children.length === 1 ? (children[0] as QueryNode) : { kind: 'or', children: flatten('or', children) };
  }

  private parseAnd(field: QueryField | null, after?: string): QueryNode {
    const children = [this.parseUnary(field, after)];
    for (;;) {
      const kind = this.peek().kind;
      if (kind === 'and') {
        this.next();
        children.push(this.parseUnary(field, 'AND'));
      } else if (STARTS_OPERAND.has(kind)) {
        children.push(this.parseUnary(field));
      } else {
        break;
      }
    }
    return children.length === 1 ? (children[0] as QueryNode) : { kind: 'and', children: flatten('and', children) };
  }

  private parseUnary(field: QueryField | null, after?: string): QueryNode {
    const token = this.peek();
    if (token.kind === 'not' || token.kind === 'minus') {
      this.next();
      return { kind: 'not', child: this.parseUnary(field, token.kind === 'not' ? 'NOT' : '-') };
    }
    return this.parseNear(field, after);
  }

  private parseNear(field: QueryField | null, after?: string): QueryNode {
    let left = this.parsePrimary(field, after);
    for (let token = this.peek(); this.startsNear(); token = this.peek()) {
      const negated = token.kind === 'not';
      if (negated) this.next();
      const near = this.next();
      const distance = near.kind === 'near' ? near.distance : 0;
      const right = this.parsePrimary(field, negated ? 'NOT NEAR' : 'NEAR');
      if (!isPositional(left) || !isPositional(right)) {
        this.fail(token.position, 'a term, "phrase", prefix* or OR group on each side of NEAR (not AND or NOT)');
      }
      left = { kind: negated ? 'notnear' : 'near', left, right, distance };
    }
    return left;
  }

  /** Whether NEAR, or NOT NEAR (exclusion by context), comes next. */
  private startsNear(): boolean {
    const token = this.peek();
    if (token.kind === 'near') return true;
    return token.kind === 'not' && this.tokens[this.index + 1]?.kind === 'near';
  }

  private parsePrimary(field: QueryField | null, after?: string): QueryNode {
    const token = this.next();
    switch (token.kind) {
      case 'field':
        return this.parsePrimary(token.field, `${token.field}:`);
      case 'word':
        return this.makeWord(token.text, token.position, field);
      case 'phrase':
        return this.makePhrase(token.text, token.position, field);
      case 'open': {
        if (this.depth >= MAX_DEPTH) this.fail(token.position, `at most ${MAX_DEPTH} nested "("`);
        this.depth += 1;
        const inner = this.parseOr(field);
        this.depth -= 1;
        const close = this.next();
        if (close.kind !== 'close') this.fail(close.position, '")"');
        return inner;
      }
      default:
        return this.fail(token.position, after === undefined ? PRIMARY : `${PRIMARY} after "${after}"`);
    }
  }

  private makeWord(text: string, position: number, field: QueryField | null): QueryNode {
    const star = text.indexOf('*');
    if (star === -1) {
      if (text.startsWith('@') && !isNamedList(text.slice(1))) this.fail(position, 'a known list after "@" (@country)');
      if (tokenizeWords(text).length === 0) this.fail(position, 'a word with letters or digits');
      return { kind: 'term', text, field, position };
    }
    if (star !== text.length - 1) this.fail(position + star, '"*" only at the end of a word');
    const stem = text.slice(0, -1);
    const words = tokenizeWords(stem);
    const only = words[0];
    if (words.length !== 1 || only === undefined) {
      this.fail(position, 'a single word before "*" (no spaces or hyphens)');
    }
    if (only.word.length < MIN_PREFIX_LENGTH) {
      this.fail(position, `at least ${MIN_PREFIX_LENGTH} letters before "*"`);
    }
    return { kind: 'prefix', text: stem, field, position };
  }

  private makePhrase(text: string, position: number, field: QueryField | null): QueryNode {
    const star = text.indexOf('*');
    if (star !== -1) this.fail(position + 1 + star, 'no "*" inside a "phrase" (use word* outside quotes)');
    if (tokenizeWords(text).length === 0) this.fail(position + 1, 'words between the quotes');
    return { kind: 'phrase', text, field, position };
  }
}

/** Whether a node yields word positions, which NEAR needs on both sides. */
function isPositional(node: QueryNode): boolean {
  switch (node.kind) {
    case 'term':
    case 'phrase':
    case 'prefix':
      return true;
    case 'or':
      return node.children.every(isPositional);
    case 'near':
    case 'notnear':
      return isPositional(node.left) && isPositional(node.right);
    default:
      return false;
  }
}

/** Merges nested nodes of the same operator: (a OR (b OR c)) is (a OR b OR c). */
function flatten(kind: 'and' | 'or', children: QueryNode[]): QueryNode[] {
  return children.flatMap((child) => (child.kind === kind ? child.children : [child]));
}
