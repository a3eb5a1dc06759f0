/** The WebSub links a feed advertises: its hubs, first preferred, and its self URL (the topic). */
export interface WebSubLinks {
  hubs: string[];
  self: string | null;
}

/** Most of a document's start scanned for links: the feed's head, never its items. */
const HEAD_LIMIT = 64 * 1024;
const MAX_HUBS = 5;

/**
 * Discovers a feed's hubs and self URL as the WebSub Recommendation (section 4) says: from the HTTP `Link`
 * header when it names a hub, else from `<link rel="hub">` / `<atom:link rel="hub">` in the document. Only the
 * feed's head is read (up to its first item or entry), so an item's content cannot name a hub. Relative URLs
 * resolve against `base`; only http(s) URLs are kept. Null when no hub is advertised.
 */
export function discoverWebSubLinks(linkHeader: string | null, body: string, base: string): WebSubLinks | null {
  const header = linkHeader === null ? [] : parseLinkHeader(linkHeader);
  const document = readDocumentLinks(body);
  const pick = (links: readonly Link[], rel: string): string[] =>
    links.flatMap((link) => (link.rels.includes(rel) ? [absoluteHttpUrl(link.href, base)] : [])).filter((url): url is string => url !== null);
  const headerHubs = pick(header, 'hub');
  const hubs = [...new Set(headerHubs.length > 0 ? headerHubs : pick(document, 'hub'))].slice(0, MAX_HUBS);
  if (hubs.length === 0) return null;
  const self = pick(header, 'self')[0] ?? pick(document, 'self')[0] ?? null;
  return { hubs, self };
}

interface Link {
  href: string;
  rels: string[];
}

/** `<url>; rel="hub", <url>; rel="self"` (RFC 8288), commas inside `<...>` or quotes kept. */
export function parseLinkHeader(value: string): Link[] {
  const links: Link[] = [];
  for (const part of splitOutside(value, ',')) {
    const match = /^\s*<([^>]*)>(.*)$/s.exec(part);
    if (!match) continue;
    const params = splitOutside(match[2] ?? '', ';');
    for (const param of params) {
      const rel = /^\s*rel\s*=\s*(?:"([^"]*)"|([^\s";]+))\s*$/i.exec(param);
      if (rel) links.push({ href: (match[1] ?? '').trim(), rels: (rel[1] ?? rel[2] ?? '').toLowerCase().split(/\s+/).filter(Boolean) });
    }
  }
  return links;
}

function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inAngle = false;
  let inQuote = false;
  for (const char of text) {
    if (char === '<' && !inQuote) inAngle = true;
    else if (char === '>' && !inQuote) inAngle = false;
    else if (char === '"' && !inAngle) inQuote = !inQuote;
    if (char === separator && !inAngle && !inQuote) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** The `<link>` elements (any namespace prefix) with rel and href in the feed's head, comments and CDATA left out. */
function readDocumentLinks(body: string): Link[] {
  const start = body.slice(0, HEAD_LIMIT);
  const firstItem = start.search(/<(?:[\w.-]+:)?(?:item|entry)[\s>/]/);
  const head = (firstItem >= 0 ? start.slice(0, firstItem) : start).replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const links: Link[] = [];
  for (const match of head.matchAll(/<(?:[\w.-]+:)?link\b([^>]*)>/gi)) {
    const attributes = readAttributes(match[1] ?? '');
    const href = attributes.get('href');
    const rel = attributes.get('rel');
    if (href !== undefined && rel !== undefined) links.push({ href: decodeEntities(href.trim()), rels: rel.toLowerCase().split(/\s+/).filter(Boolean) });
  }
  return links;
}

function readAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = (match[1] ?? '').toLowerCase();
    if (!attributes.has(name)) attributes.set(name, match[2] ?? match[3] ?? '');
  }
  return attributes;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => {
    const lower = name.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number.parseInt(lower.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

function absoluteHttpUrl(href: string, base: string): string | null {
  if (href === '') return null;
  let url: URL;
  try {
    url = new URL(href, /^https?:/i.test(base) ? base : undefined);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.href;
}
