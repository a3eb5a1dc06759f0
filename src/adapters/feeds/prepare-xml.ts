import type { CodedError } from '../../core/errors.js';
import { feedError } from './feed-error.js';
import { findFeedLinks } from './find-feed-links.js';

export type FeedFormat = 'rss' | 'atom' | 'rdf';

/** XML ready for the parser: prolog checked, DOCTYPE entities expanded or refused, root element known. */
export interface PreparedXml {
  xml: string;
  format: FeedFormat;
}

const MAX_ENTITY_DECLARATIONS = 64;
const MIN_EXPANSION_BUDGET = 1_000_000;
const NAME = /^[A-Za-z_:][\w.:-]*/;

/**
 * Looks at a body before the XML parser does. Empty bodies, JSON, HTML pages and XML that is not RSS, Atom or
 * RDF end here as feed_not_a_feed. A DOCTYPE with entity declarations is neutralised: the parser never sees
 * it; simple internal entities are expanded here within a size budget, external ones expand to nothing (no
 * file or URL is ever read), and entities defined through other entities (the billion-laughs pattern) are
 * refused as feed_malformed.
 */
export function prepareXml(text: string, location: string): PreparedXml {
  const body = text.replace(/^[\uFEFF\s]+/, '');
  if (body === '') throw notAFeed(location, 'the body is empty');
  if (body.startsWith('{') || body.startsWith('[')) throw notAFeed(location, 'the body is JSON, not RSS or Atom (JSON Feed is not supported)');
  if (!body.startsWith('<')) throw notAFeed(location, `the body is not XML (it starts with ${JSON.stringify(body.slice(0, 40))})`);

  let position = 0;
  let doctype: { start: number; end: number; subset: string | null } | null = null;
  for (;;) {
    while (/\s/.test(body[position] ?? '')) position += 1;
    if (body.startsWith('<?', position)) position = skipPast(body, position, '?>', location);
    else if (body.startsWith('<!--', position)) position = skipPast(body, position, '-->', location);
    else if (/^<!doctype/i.test(body.slice(position, position + 9))) {
      doctype = readDoctype(body, position, location);
      position = doctype.end;
    } else break;
  }

  if (position >= body.length) throw notAFeed(location, 'the document has no root element');
  const root = body.startsWith('<', position) ? NAME.exec(body.slice(position + 1, position + 201))?.[0] : undefined;
  if (root === undefined) throw feedError('feed_malformed', location, `not well-formed XML: no root element where ${JSON.stringify(body.slice(position, position + 20))} starts`);
  const local = root.slice(root.indexOf(':') + 1).toLowerCase();
  if (local === 'html') throw notAFeed(location, describeHtml(body));
  const format: FeedFormat | null = local === 'rss' ? 'rss' : local === 'feed' ? 'atom' : local === 'rdf' ? 'rdf' : null;
  if (format === null) throw notAFeed(location, `the root element is <${root}>, not <rss>, <feed> (Atom) or <rdf:RDF>`);

  if (doctype === null || doctype.subset === null) return { xml: body, format };
  const entities = readEntityDeclarations(doctype.subset, location);
  const rest = body.slice(doctype.end);
  const budget = Math.max(MIN_EXPANSION_BUDGET, body.length);
  let added = 0;
  const expanded = rewriteOutsideSections(rest, (match, index) => {
    const name = NAME.exec(rest.slice(index + 1, index + 202))?.[0];
    if (name === undefined || rest[index + 1 + name.length] !== ';') return match;
    const value = entities.get(name);
    if (value === undefined) return match;
    added += value.length;
    if (added > budget) throw feedError('feed_malformed', location, `DOCTYPE entities would expand the feed by more than ${budget} characters; refused`);
    return { text: value, skip: name.length + 1 };
  });
  return { xml: body.slice(0, doctype.start) + expanded, format };
}

/**
 * Escapes ampersands that do not start a character or entity reference ("AT&T", "?a=1&b=2"), outside CDATA
 * sections and comments: the commonest way real feeds fail to be XML, and one with a single sensible reading.
 */
export function repairAmpersands(xml: string): string {
  const reference = /^(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9A-Fa-f]+);/;
  return rewriteOutsideSections(xml, (match, index) => (reference.test(xml.slice(index + 1, index + 202)) ? match : '&amp;'));
}

type Replacement = string | { text: string; skip: number };

/**
 * Calls `replace` for each "&" outside CDATA sections and comments and splices in what it returns. Linear:
 * a section opener's end is found with indexOf, never by backtracking, so unterminated sections cost nothing.
 */
function rewriteOutsideSections(xml: string, replace: (match: string, index: number) => Replacement): string {
  const token = /<!\[CDATA\[|<!--|&/g;
  const parts: string[] = [];
  let copied = 0;
  for (let found = token.exec(xml); found !== null; found = token.exec(xml)) {
    if (found[0] !== '&') {
      const end = xml.indexOf(found[0] === '<!--' ? '-->' : ']]>', token.lastIndex);
      if (end < 0) break;
      token.lastIndex = end + 3;
      continue;
    }
    const replacement = replace('&', found.index);
    if (replacement === '&') continue;
    parts.push(xml.slice(copied, found.index));
    if (typeof replacement === 'string') {
      parts.push(replacement);
      copied = found.index + 1;
    } else {
      parts.push(replacement.text);
      copied = found.index + 1 + replacement.skip;
      token.lastIndex = copied;
    }
  }
  parts.push(xml.slice(copied));
  return parts.join('');
}

function readDoctype(body: string, start: number, location: string): { start: number; end: number; subset: string | null } {
  let quote: string | null = null;
  let subsetStart = -1;
  let subsetEnd = -1;
  for (let index = start + 9; index < body.length; index += 1) {
    const char = body[index];
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[' && subsetStart < 0) subsetStart = index + 1;
    else if (char === ']' && subsetStart >= 0 && subsetEnd < 0) subsetEnd = index;
    else if (char === '>' && (subsetStart < 0 || subsetEnd >= 0)) {
      return { start, end: index + 1, subset: subsetStart < 0 ? null : body.slice(subsetStart, subsetEnd) };
    }
  }
  throw feedError('feed_malformed', location, 'not well-formed XML: the DOCTYPE declaration never ends');
}

/** General entities with literal values; external ones map to "" so nothing outside the body is ever read. */
function readEntityDeclarations(subset: string, location: string): Map<string, string> {
  const declarations = subset.match(/<!ENTITY/g)?.length ?? 0;
  if (declarations > MAX_ENTITY_DECLARATIONS) {
    throw feedError('feed_malformed', location, `the DOCTYPE declares ${declarations} entities (at most ${MAX_ENTITY_DECLARATIONS}); refused as a possible entity-expansion attack`);
  }
  const entities = new Map<string, string>();
  const declaration = /<!ENTITY\s+(%\s+)?([A-Za-z_:][\w.:-]*)\s+(?:"([^"]*)"|'([^']*)'|(?:SYSTEM|PUBLIC)\b)/g;
  for (const match of subset.matchAll(declaration)) {
    const [, parameter, name = '', doubleQuoted, singleQuoted] = match;
    if (parameter !== undefined) continue;
    const value = doubleQuoted ?? singleQuoted;
    if (value === undefined) {
      entities.set(name, '');
      continue;
    }
    if (/&[A-Za-z_:]|%[A-Za-z_:]/.test(value)) {
      throw feedError(
        'feed_malformed',
        location,
        `the DOCTYPE defines entity "${name}" through other entities, the shape of an entity-expansion ("billion laughs") attack; refused`,
      );
    }
    entities.set(name, value);
  }
  return entities;
}

function skipPast(body: string, start: number, terminator: string, location: string): number {
  const end = body.indexOf(terminator, start);
  if (end < 0) throw feedError('feed_malformed', location, `not well-formed XML: "${body.slice(start, start + 4)}" is never closed`);
  return end + terminator.length;
}

function describeHtml(body: string): string {
  const links = findFeedLinks(body.slice(0, 256 * 1024));
  const hint = links.length > 0 ? `; the page links to ${links.slice(0, 3).join(', ')}` : '; use the address of its RSS or Atom feed';
  return `this is an HTML page, not a feed${hint}`;
}

function notAFeed(location: string, detail: string): CodedError {
  return feedError('feed_not_a_feed', location, detail);
}
