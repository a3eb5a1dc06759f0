import { createRequire } from 'node:module';
import Parser from 'rss-parser';

/** rss-parser's output for one feed: feed-level fields and items, as loosely typed as the XML they came from. */
export type RssParserOutput = Record<string, unknown> & { items: Array<Record<string, unknown>> };

const require = createRequire(import.meta.url);
const rssParserUtils = require('rss-parser/lib/utils.js') as { getSnippet: (html: string) => string };

/**
 * rss-parser derives a `contentSnippet` for every description and content with regular expressions that take
 * quadratic time on unclosed tags (a 100 KB description of "a<p" repeated takes seconds, a megabyte minutes).
 * newswatch never reads snippets, so the snippet is made by a linear tag strip instead.
 */
rssParserUtils.getSnippet = function stripTagsLinearly(html: string): string {
  const parts: string[] = [];
  let index = 0;
  while (index < html.length) {
    const open = html.indexOf('<', index);
    const close = open < 0 ? -1 : html.indexOf('>', open);
    if (close < 0) {
      parts.push(html.slice(index));
      break;
    }
    parts.push(html.slice(index, open));
    index = close + 1;
  }
  return parts.join('').trim();
};

/** Atom dates rss-parser cannot read make it throw for the whole feed; blank ones are skipped item by item. */
function blankUnreadableAtomDates(value: string, name: string): string {
  if (name !== 'published' && name !== 'updated') return value;
  const trimmed = value.trim();
  return Number.isNaN(Date.parse(trimmed)) ? '' : trimmed;
}

/**
 * Parses XML with rss-parser (xml2js on sax, strict), treating an unversioned <rss> as RSS 2.0. A fresh parser
 * per call keeps one feed's failure from leaving state behind for the next.
 */
export function runRssParser(xml: string): Promise<RssParserOutput> {
  const parser = new Parser({ defaultRSS: 2, xml2js: { valueProcessors: [blankUnreadableAtomDates] } });
  return parser.parseString(xml) as Promise<RssParserOutput>;
}
