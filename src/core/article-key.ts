import { createHash } from 'node:crypto';
import type { FeedItem } from './article.js';

const TRACKING_PARAMS = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref|ref_src|cmpid|ocid|smid|__twitter_impression)$/i;

/** A link without tracking parameters, fragment, default port or trailing-slash noise; null when it is no URL. */
export function canonicalizeLink(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.hostname = url.hostname.toLowerCase().replace(/^www\./, '');
  for (const name of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMS.test(name)) url.searchParams.delete(name);
  }
  url.searchParams.sort();
  let text = url.toString();
  if (url.pathname.endsWith('/') && url.pathname.length > 1 && url.search === '') text = text.replace(/\/$/, '');
  return text.replace(/^http:/, 'https:');
}

/**
 * Whether a feed's guids identify its items: every item has one, they are distinct, and they are not all the
 * same as the feed link (some feeds give every item the home page as guid).
 */
export function guidsAreTrustworthy(items: readonly FeedItem[]): boolean {
  if (items.length === 0) return false;
  const guids = items.map((item) => item.guid?.trim() ?? '');
  if (guids.some((guid) => guid === '')) return false;
  return new Set(guids).size === guids.length;
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

/**
 * The stable key of an item: its guid when the feed's guids are trustworthy, else its canonical link, else a
 * hash of title and date. Keys are namespaced by kind so a guid can never collide with a link.
 */
export function articleKey(item: FeedItem, feedId: string, trustGuids: boolean): string {
  if (trustGuids && item.guid) {
    const asLink = canonicalizeLink(item.guid);
    return asLink ? `link:${digest(asLink)}` : `guid:${digest(`${feedId}\n${item.guid.trim()}`)}`;
  }
  const link = item.link ? canonicalizeLink(item.link) : null;
  if (link) return `link:${digest(link)}`;
  return `hash:${digest(`${feedId}\n${(item.title ?? '').trim().toLowerCase()}\n${item.publishedAt ?? ''}`)}`;
}
