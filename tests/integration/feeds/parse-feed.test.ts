import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/adapters/feeds/parse-feed.js';
import { expectCoded } from './expect-coded.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const rss = (items: string, channel = '<title>Test</title>'): string => `<?xml version="1.0"?><rss version="2.0"><channel>${channel}${items}</channel></rss>`;

describe('parseFeed: formats', () => {
  it('reads RSS 2.0 with content:encoded, description, dates, ttl and relative links', async () => {
    const feed = await parseFeed(fixture('rss2.xml'), 'https://gazette.example/rss.xml');
    expect(feed).toMatchObject({ title: 'Harbour Gazette', link: 'https://gazette.example/', ttlMinutes: 15 });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toEqual({
      guid: 'gazette-1001',
      link: 'https://gazette.example/news/ferry-resumes',
      title: 'Ferry service resumes after storm',
      publishedAt: '2025-03-04T08:30:00.000Z',
      contentHtml: '<p>The morning ferry left on time for the <b>first</b> time in a week.</p><p>"We are back," the captain said.</p>',
      summaryHtml: 'The morning ferry left on time for the first time in a week.',
      author: 'Mara Lindqvist',
    });
    expect(feed.items[1]).toMatchObject({
      guid: 'https://gazette.example/news/breakwater',
      link: 'https://gazette.example/news/breakwater',
      publishedAt: '2025-03-03T16:05:00.000Z',
      contentHtml: null,
      summaryHtml: '<p>Work starts in <em>April</em>.</p>',
    });
  });

  it('reads RSS 1.0 (RDF), taking rdf:about as the guid and dc:date as the date', async () => {
    const feed = await parseFeed(fixture('rss1.rdf'), 'https://observatory.example/rss');
    expect(feed.title).toBe('Observatory Notes');
    expect(feed.items).toEqual([
      {
        guid: 'https://observatory.example/notes/comet',
        link: 'https://observatory.example/notes/comet',
        title: 'Comet visible before dawn',
        publishedAt: '2025-02-11T05:00:00.000Z',
        contentHtml: null,
        summaryHtml: 'Look east an hour before sunrise.',
        author: 'Ines Okafor',
      },
    ]);
  });

  it('reads Atom: content, summary, id, author, xhtml title, and survives an unreadable date', async () => {
    const feed = await parseFeed(fixture('atom.xml'), 'https://water.example/feed.atom');
    expect(feed).toMatchObject({ title: 'Valley Water Board', link: 'https://water.example/', ttlMinutes: null });
    expect(feed.items[0]).toEqual({
      guid: 'tag:water.example,2025:reservoir',
      link: 'https://water.example/updates/reservoir',
      title: 'Reservoir at 80% &amp; rising',
      publishedAt: '2025-01-20T08:15:00.000Z',
      contentHtml: '<p>Levels are the highest since 2019, the board said.</p>',
      summaryHtml: 'Levels are the highest since 2019.',
      author: 'Tomasz Weber',
    });
    expect(feed.items[1]).toMatchObject({ title: 'Pipe repairs on Mill Road', publishedAt: null, guid: 'tag:water.example,2025:mill-road' });
    expect(feed.items[1]?.contentHtml).toContain('<p>Expect low pressure.</p>');
  });

  it('reads RSS 0.91 items without guids, leaving guid null', async () => {
    const feed = await parseFeed(fixture('no-guids.xml'), 'http://bulletin.example/rss');
    expect(feed.items.map((item) => [item.guid, item.link, item.title])).toEqual([
      [null, 'http://bulletin.example/market', 'Market opens late'],
      [null, 'http://bulletin.example/bridge', 'Bridge closed for painting'],
    ]);
  });

  it('reads an unversioned <rss>, a BOM and leading blank lines, and an empty channel-less <rss>', async () => {
    expect((await parseFeed('\uFEFF\n\n<rss><channel><title>Bare</title><item><title>x</title></item></channel></rss>', 'bare')).items).toHaveLength(1);
    expect(await parseFeed('<rss version="2.0"></rss>', 'empty')).toEqual({ title: null, link: null, ttlMinutes: null, items: [] });
  });
});

describe('parseFeed: not feeds and broken feeds', () => {
  it('calls malformed XML malformed, with where it broke', async () => {
    const error = await expectCoded(parseFeed(fixture('malformed.xml'), 'https://broken.example/rss'), 'feed_malformed');
    expect(error.message).toMatch(/^feed https:\/\/broken\.example\/rss: not well-formed XML: Unexpected close tag at line 7, column \d+/);
  });

  it('says an HTML page is not a feed and points at the feed it links to', async () => {
    const error = await expectCoded(parseFeed(fixture('html-page.html'), 'https://gazette.example/'), 'feed_not_a_feed');
    expect(error.message).toBe('feed https://gazette.example/: this is an HTML page, not a feed; the page links to https://gazette.example/rss.xml');
    await expectCoded(parseFeed('<html><body>hi</body></html>', 'x'), 'feed_not_a_feed');
  });

  it.each([
    ['', 'the body is empty'],
    ['  \n\t ', 'the body is empty'],
    ['{"version":"https://jsonfeed.org/version/1.1","items":[]}', 'the body is JSON'],
    ['Service temporarily unavailable', 'the body is not XML'],
    ['<?xml version="1.0"?><!-- nothing -->', 'no root element'],
    ['<note><to>Tove</to></note>', 'the root element is <note>'],
  ])('says %j is not a feed', async (body, reason) => {
    const error = await expectCoded(parseFeed(body, 'https://x.example/feed'), 'feed_not_a_feed');
    expect(error.message).toContain(reason);
  });

  it('repairs stray ampersands outside CDATA and reads the feed', async () => {
    const xml = rss('<item><title>AT&T and R&D &amp; more</title><link>http://x.example/?a=1&b=2</link><description><![CDATA[Q&amp;A]]></description></item>');
    const [item] = (await parseFeed(xml, 'x')).items;
    expect(item).toMatchObject({ title: 'AT&T and R&D & more', link: 'http://x.example/?a=1&b=2', summaryHtml: 'Q&amp;A' });
  });
});

describe('parseFeed: hostile input', () => {
  it('refuses an entity-expansion bomb quickly', async () => {
    const started = performance.now();
    const error = await expectCoded(parseFeed(fixture('billion-laughs.xml'), 'https://evil.example/rss'), 'feed_malformed');
    expect(error.message).toContain('entity-expansion');
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses quadratic expansion of one large entity', async () => {
    const big = 'x'.repeat(20_000);
    const xml = `<!DOCTYPE rss [<!ENTITY big "${big}">]>${rss(`<item><title>${'&big;'.repeat(200)}</title></item>`)}`;
    const error = await expectCoded(parseFeed(xml, 'x'), 'feed_malformed');
    expect(error.message).toContain('would expand the feed by more than');
  });

  it('expands simple internal entities and never reads external ones', async () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY id "tag:example.com,">
  <!ENTITY nbsp "&#160;">
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
${rss('<item><guid isPermaLink="false">&id;2006-05-04:/blog/</guid><title>before&nbsp;[&xxe;]after</title></item>')}`;
    const [item] = (await parseFeed(xml, 'x')).items;
    expect(item?.guid).toBe('tag:example.com,2006-05-04:/blog/');
    expect(item?.title).toBe('before\u00a0[]after');
  });

  it('keeps a 10,000-item feed whole and drops items past the cap', async () => {
    const items = (count: number): string =>
      Array.from({ length: count }, (_, index) => `<item><title>Item ${index}</title><guid>g${index}</guid></item>`).join('');
    const full = await parseFeed(rss(items(10_000)), 'x');
    expect(full.items).toHaveLength(10_000);
    expect(full.items[9_999]?.guid).toBe('g9999');
    const over = await parseFeed(rss(items(10_050)), 'x');
    expect(over.items).toHaveLength(10_000);
    expect(over.items.at(-1)?.title).toBe('Item 9999');
  });

  it('truncates a 1 MB title', async () => {
    const feed = await parseFeed(rss(`<item><title>${'t'.repeat(1024 * 1024)}</title></item>`, `<title>${'c'.repeat(5_000)}</title>`), 'x');
    expect(feed.items[0]?.title).toHaveLength(1_000);
    expect(feed.items[0]?.title?.endsWith('…')).toBe(true);
    expect(feed.title).toHaveLength(1_000);
  });

  it('parses a description full of unclosed tags in linear time', async () => {
    const started = performance.now();
    const description = 'a&lt;p'.repeat(100_000);
    const feed = await parseFeed(rss(`<item><title>x</title><description>${description}</description></item>`), 'x');
    expect(feed.items[0]?.summaryHtml).toHaveLength(300_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('ends absurd nesting in a clean error or a parse, never a crash', async () => {
    const depth = 50_000;
    const xml = rss(`<item><title>deep</title><description>${'<d>'.repeat(depth)}x${'</d>'.repeat(depth)}</description></item>`);
    const outcome = await parseFeed(xml, 'x').then(
      (feed) => feed.items[0]?.title,
      (error: unknown) => (error as { code?: string }).code,
    );
    expect(['deep', 'feed_malformed']).toContain(outcome);
  });
});
