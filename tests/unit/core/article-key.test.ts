import { describe, expect, it } from 'vitest';
import { articleKey, canonicalizeLink, guidsAreTrustworthy } from '../../../src/core/article-key.js';
import type { FeedItem } from '../../../src/core/article.js';

const item = (fields: Partial<FeedItem>): FeedItem => ({
  guid: null,
  link: null,
  title: null,
  publishedAt: null,
  contentHtml: null,
  summaryHtml: null,
  author: null,
  ...fields,
});

describe('canonicalizeLink', () => {
  it('drops tracking parameters, the fragment and www, and keeps real parameters', () => {
    expect(canonicalizeLink('https://www.Example.com/news/a?utm_source=x&id=7&utm_medium=rss#top')).toBe('https://example.com/news/a?id=7');
    expect(canonicalizeLink('http://example.com/a/?fbclid=1')).toBe('https://example.com/a');
  });

  it('returns null for what is not an http(s) URL', () => {
    expect(canonicalizeLink('not a url')).toBeNull();
    expect(canonicalizeLink('javascript:alert(1)')).toBeNull();
  });
});

describe('guidsAreTrustworthy', () => {
  it('needs every item to have a distinct guid', () => {
    expect(guidsAreTrustworthy([item({ guid: 'a' }), item({ guid: 'b' })])).toBe(true);
    expect(guidsAreTrustworthy([item({ guid: 'a' }), item({ guid: 'a' })])).toBe(false);
    expect(guidsAreTrustworthy([item({ guid: 'a' }), item({})])).toBe(false);
    expect(guidsAreTrustworthy([])).toBe(false);
  });
});

describe('articleKey', () => {
  it('uses the guid when guids are trustworthy, scoped to the feed', () => {
    const a = articleKey(item({ guid: 'x-1', link: 'https://e.com/1' }), 'feed-a', true);
    expect(a).toBe(articleKey(item({ guid: 'x-1', link: 'https://e.com/other' }), 'feed-a', true));
    expect(a).not.toBe(articleKey(item({ guid: 'x-1' }), 'feed-b', true));
  });

  it('falls back to the canonical link, so tracking variants are one article across feeds', () => {
    const a = articleKey(item({ link: 'https://e.com/story?utm_source=rss' }), 'feed-a', false);
    const b = articleKey(item({ link: 'https://www.e.com/story#comments' }), 'feed-b', false);
    expect(a).toBe(b);
    expect(a.startsWith('link:')).toBe(true);
  });

  it('falls back to title and date when there is no link', () => {
    const a = articleKey(item({ title: 'Headline', publishedAt: '2024-01-01T00:00:00.000Z' }), 'f', false);
    expect(a).toBe(articleKey(item({ title: ' headline ', publishedAt: '2024-01-01T00:00:00.000Z' }), 'f', false));
    expect(a).not.toBe(articleKey(item({ title: 'Headline', publishedAt: '2024-01-02T00:00:00.000Z' }), 'f', false));
    expect(a.startsWith('hash:')).toBe(true);
  });
});
