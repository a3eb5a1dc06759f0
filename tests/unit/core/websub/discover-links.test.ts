import { describe, expect, it } from 'vitest';
import { discoverWebSubLinks, parseLinkHeader } from '../../../../src/core/websub/discover-links.js';

const base = 'https://news.example.test/feeds/world.xml';

describe('discoverWebSubLinks', () => {
  it('reads the hub and self of an RSS feed from <atom:link>', () => {
    const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>World</title>
      <atom:link rel="self" type="application/rss+xml" href="https://news.example.test/world.xml"/>
      <atom:link href="https://hub.example.test/" rel="hub" /><item><title>One</title></item></channel></rss>`;
    expect(discoverWebSubLinks(null, rss, base)).toEqual({ hubs: ['https://hub.example.test/'], self: 'https://news.example.test/world.xml' });
  });

  it('reads an Atom feed, resolving relative links against the feed', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><link rel='hub' href='/hub?x=1&amp;y=2'/><link rel="self" href="world.atom"/><entry/></feed>`;
    expect(discoverWebSubLinks(null, atom, base)).toEqual({ hubs: ['https://news.example.test/hub?x=1&y=2'], self: 'https://news.example.test/feeds/world.atom' });
  });

  it('prefers the Link header, as the Recommendation says', () => {
    const rss = '<rss><channel><atom:link rel="hub" href="https://in-body.example.test/"/></channel></rss>';
    const header = '<https://hub-a.example.test/>; rel="hub", <https://news.example.test/world.xml>; rel="self", <https://hub-b.example.test/>; rel=hub';
    expect(discoverWebSubLinks(header, rss, base)).toEqual({
      hubs: ['https://hub-a.example.test/', 'https://hub-b.example.test/'],
      self: 'https://news.example.test/world.xml',
    });
  });

  it('takes the self link from the body when the header names only the hub', () => {
    const rss = '<rss><channel><atom:link rel="self" href="https://news.example.test/self.xml"/></channel></rss>';
    expect(discoverWebSubLinks('<https://hub.example.test/>; rel="hub"', rss, base)?.self).toBe('https://news.example.test/self.xml');
  });

  it('never takes a hub from an item, a comment or CDATA, nor one that is not http(s)', () => {
    const rss = `<rss><channel><!-- <atom:link rel="hub" href="https://comment.example.test/"/> -->
      <description><![CDATA[<link rel="hub" href="https://cdata.example.test/">]]></description>
      <atom:link rel="hub" href="javascript:alert(1)"/>
      <item><description><![CDATA[x]]></description><atom:link rel="hub" href="https://item.example.test/"/></item></channel></rss>`;
    expect(discoverWebSubLinks(null, rss, base)).toBeNull();
  });

  it('is null for a feed without a hub, and ignores links with other relations', () => {
    expect(discoverWebSubLinks('<https://x.example.test/>; rel="next"', '<rss><channel><link>https://news.example.test/</link></channel></rss>', base)).toBeNull();
  });
});

describe('parseLinkHeader', () => {
  it('keeps commas and semicolons inside the URL and quoted values', () => {
    expect(parseLinkHeader('<https://a.example.test/x,y;z>; title="a, b"; rel="hub self"')).toEqual([{ href: 'https://a.example.test/x,y;z', rels: ['hub', 'self'] }]);
  });
});
