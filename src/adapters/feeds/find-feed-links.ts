/**
 * The RSS/Atom addresses an HTML page advertises (<link rel="alternate" type="application/rss+xml" href>), so
 * "this is a web page, not a feed" can say which address to use instead. Scans with indexOf, in linear time.
 */
export function findFeedLinks(html: string): string[] {
  const lower = html.toLowerCase();
  const links: string[] = [];
  for (let start = lower.indexOf('<link'); start >= 0 && links.length < 10; start = lower.indexOf('<link', start + 5)) {
    const end = lower.indexOf('>', start);
    if (end < 0) break;
    const attributes = readAttributes(html.slice(start + 5, end));
    const rel = (attributes.get('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (attributes.get('type') ?? '').toLowerCase();
    const href = attributes.get('href');
    if (rel.includes('alternate') && /(rss|atom|rdf)\+xml/.test(type) && href !== undefined && href !== '') links.push(href);
  }
  return links;
}

function readAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    const name = match[1]?.toLowerCase();
    if (name !== undefined && !attributes.has(name)) attributes.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}
