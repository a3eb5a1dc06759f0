import type { FeedItem, ParsedFeed } from '../../core/article.js';
import { CodedError } from '../../core/errors.js';
import { feedError } from './feed-error.js';
import { prepareXml, repairAmpersands, type FeedFormat } from './prepare-xml.js';
import { runRssParser, type RssParserOutput } from './rss-parser-runner.js';

/** Caps that keep one hostile or broken feed from flooding storage and analysis downstream. */
export interface ParseLimits {
  maxItems: number;
  maxTitleChars: number;
  /** For links and guids. */
  maxUrlChars: number;
  maxAuthorChars: number;
  /** For content and summary HTML. */
  maxHtmlChars: number;
}

export const defaultParseLimits: ParseLimits = {
  maxItems: 10_000,
  maxTitleChars: 1_000,
  maxUrlChars: 2_048,
  maxAuthorChars: 300,
  maxHtmlChars: 1_000_000,
};

const MAX_TTL_MINUTES = 60 * 24 * 365;

/**
 * Parses RSS 0.9x/1.0/2.0 or Atom text into a ParsedFeed with rss-parser. Bodies that are not feeds (empty, JSON,
 * HTML) throw feed_not_a_feed and broken XML throws feed_malformed, each naming the feed and the problem. Stray
 * ampersands, the commonest breakage, are repaired and parsed again; DOCTYPE entities are handled before the
 * parser sees them; items and fields are capped (first `maxItems` items, over-long fields truncated).
 */
export async function parseFeed(xml: string, location: string, limits: ParseLimits = defaultParseLimits): Promise<ParsedFeed> {
  const prepared = prepareXml(xml, location);
  const attempt = async (text: string): Promise<RssParserOutput> => {
    try {
      return await runRssParser(text);
    } catch (error) {
      // rss-parser trips over an RSS or RDF root with no <channel>; well-formed and empty is an empty feed
      if (error instanceof TypeError && prepared.format !== 'atom' && !/<(?:[\w.-]+:)?channel[\s>/]/.test(text)) return { items: [] };
      throw error;
    }
  };
  let output: RssParserOutput;
  try {
    output = await attempt(prepared.xml);
  } catch (error) {
    const repaired = isEntityError(error) ? repairAmpersands(prepared.xml) : prepared.xml;
    if (repaired === prepared.xml) throw describeParseError(error, location, prepared.format);
    try {
      output = await attempt(repaired);
    } catch (second) {
      throw describeParseError(second, location, prepared.format);
    }
  }
  return toParsedFeed(output, prepared.format, location, limits);
}

function toParsedFeed(output: RssParserOutput, format: FeedFormat, location: string, limits: ParseLimits): ParsedFeed {
  const feedLink = cap(textOf(output.link), limits.maxUrlChars);
  const base = [feedLink, location].find((candidate) => candidate !== null && /^(https?|file):/i.test(candidate)) ?? null;
  const ttl = Number.parseInt(textOf(output.ttl) ?? '', 10);
  const items = output.items.slice(0, limits.maxItems).map((item) => toFeedItem(item, format, base, limits));
  return {
    title: cap(textOf(output.title, true), limits.maxTitleChars),
    link: feedLink,
    ttlMinutes: ttl > 0 && ttl <= MAX_TTL_MINUTES ? ttl : null,
    items,
  };
}

function toFeedItem(item: Record<string, unknown>, format: FeedFormat, base: string | null, limits: ParseLimits): FeedItem {
  // rss-parser puts an RSS description in `content`; Atom's <content> and <summary> keep their names
  const contentHtml = format === 'atom' ? item.content : item['content:encoded'];
  const summaryHtml = format === 'atom' ? item.summary : (item.content ?? item.summary);
  const link = cap(textOf(item.link), limits.maxUrlChars);
  return {
    guid: cap(textOf(item.guid) ?? textOf(item.id) ?? textOf(item['rdf:about']), limits.maxUrlChars),
    link: link === null ? null : absolutise(link, base),
    title: cap(textOf(item.title, true), limits.maxTitleChars),
    publishedAt: textOf(item.isoDate),
    contentHtml: cap(textOf(contentHtml), limits.maxHtmlChars),
    summaryHtml: cap(textOf(summaryHtml), limits.maxHtmlChars),
    author: cap(textOf(item.creator) ?? textOf(item.author), limits.maxAuthorChars),
  };
}

/**
 * The text xml2js left for a field: a string, the text of an element with attributes, or an href. With
 * `flatten`, an element holding markup (an Atom xhtml title) gives its text content, as far as xml2js kept it.
 */
function textOf(value: unknown, flatten = false): string | null {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  let text: string | null = null;
  if (typeof first === 'string') text = first;
  else if (typeof first === 'number') text = String(first);
  else if (first !== null && typeof first === 'object') {
    const node = first as { _?: unknown; $?: { href?: unknown } };
    const hasChildren = Object.keys(node).some((key) => key !== '_' && key !== '$');
    if (typeof node._ === 'string' && !(flatten && hasChildren)) text = node._;
    else if (typeof node.$?.href === 'string') text = node.$.href;
    else if (flatten && hasChildren) text = textContent(node).replace(/\s+/g, ' ');
  }
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** Concatenated text of an xml2js element tree, walked without recursion and with bounded work. */
function textContent(root: object): string {
  const parts: string[] = [];
  const stack: unknown[] = [root];
  for (let visited = 0; stack.length > 0 && visited < 10_000; visited += 1) {
    const node = stack.pop();
    if (typeof node === 'string') parts.push(node);
    else if (Array.isArray(node)) stack.push(...[...node].reverse());
    else if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node).filter(([key]) => key !== '$');
      stack.push(...entries.map(([, child]) => child).reverse());
    }
  }
  return parts.join(' ');
}

/** Cuts over-long text at a code-point boundary and marks the cut. */
function cap(text: string | null, max: number): string | null {
  if (text === null || text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 2)) ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}

function absolutise(link: string, base: string | null): string {
  if (base === null || /^[a-z][a-z0-9+.-]*:/i.test(link)) return link;
  try {
    return new URL(link, base).href;
  } catch {
    return link;
  }
}

function isEntityError(error: unknown): boolean {
  return error instanceof Error && /^Invalid character (in entity name|entity)/.test(error.message);
}

function describeParseError(error: unknown, location: string, format: FeedFormat): CodedError {
  if (error instanceof CodedError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const sax = /^([^\n]*)\nLine: (\d+)\nColumn: (\d+)/.exec(message);
  if (sax) {
    const [, reason = '', line = '0', column = '0'] = sax;
    return feedError('feed_malformed', location, `not well-formed XML: ${reason.replace(/\.$/, '')} at line ${Number(line) + 1}, column ${column}; the publisher's feed is broken`, error);
  }
  if (message.startsWith('Feed not recognized')) return feedError('feed_not_a_feed', location, 'the XML is not RSS or Atom', error);
  if (message.startsWith('Unable to parse XML')) return feedError('feed_not_a_feed', location, 'the body holds no XML element', error);
  if (format !== 'atom' && error instanceof TypeError) {
    return feedError('feed_malformed', location, 'no readable <channel> (prefixed RSS elements such as <rss:channel> are not supported)', error);
  }
  if (error instanceof RangeError && /call stack/.test(message)) {
    return feedError('feed_malformed', location, 'elements are nested too deeply to read', error);
  }
  return feedError('feed_malformed', location, `the feed's structure could not be read (${message})`, error);
}
