import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed, startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { cyberItem } from '../operations/harness.js';
import { runBesideNormalFeeds, trackMemory } from './hostile-harness.js';

const xmlFeed = (encoding: string, items: Buffer): Buffer =>
  Buffer.concat([
    Buffer.from(`<?xml version="1.0" encoding="${encoding}"?>\n<rss version="2.0"><channel><title>Bytes</title>`),
    items,
    Buffer.from('</channel></rss>'),
  ]);
const item = (guid: string, title: Buffer): Buffer =>
  Buffer.concat([Buffer.from(`<item><guid isPermaLink="false">${guid}</guid><title>`), title, Buffer.from(`</title><link>https://bytes.example/${guid}</link></item>`)]);

describe('hostile content: each feed ends in a clear error or a bounded result, the others still alert', () => {
  let server: FeedServer;
  let memory: ReturnType<typeof trackMemory>;
  beforeAll(async () => {
    server = await startFeedServer();
    memory = trackMemory();
  });
  afterAll(async () => server.close());

  it('invalid byte sequences in the declared encoding become replacement characters, and the item still alerts', async () => {
    const broken = xmlFeed(
      'UTF-8',
      Buffer.concat([
        item('u1', Buffer.concat([Buffer.from('Ransomware hits '), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from(' city hall')])),
        item('u2', Buffer.concat([Buffer.from('Hackers '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(' leak files')])),
      ]),
    );
    server.route('/bad-utf8.xml', { body: broken, headers: { 'content-type': 'application/rss+xml; charset=utf-8' } });
    const { run, error } = await runBesideNormalFeeds(server, '/bad-utf8.xml');
    expect(error).toBeNull();
    const titles = run.alerts.map((alert) => alert.title ?? '');
    expect(titles.find((title) => title.startsWith('Ransomware hits'))).toMatch(/^Ransomware hits \uFFFD+\(?\uFFFD* city hall$/);
    expect(titles.some((title) => /^Hackers \uFFFD+ leak files$/.test(title))).toBe(true);

    const shiftJis = xmlFeed('Shift_JIS', item('s1', Buffer.concat([Buffer.from('Ransomware '), Buffer.from([0x82, 0xa0, 0x81, 0x7f, 0xfd]), Buffer.from(' attack')])));
    server.route('/bad-sjis.xml', { body: shiftJis, headers: { 'content-type': 'application/rss+xml' } });
    const sjis = await runBesideNormalFeeds(server, '/bad-sjis.xml');
    expect(sjis.error).toBeNull();
    expect(sjis.run.alerts.some((alert) => alert.title?.startsWith('Ransomware ') && alert.title.includes('\uFFFD'))).toBe(true);
  });

  it('HTML served as RSS', async () => {
    server.route('/page.xml', { body: '<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>' });
    const { error } = await runBesideNormalFeeds(server, '/page.xml');
    expect(error).toMatch(/HTML page, not a feed/);
  });

  it('an empty body', async () => {
    server.route('/empty.xml', { body: '' });
    const { error } = await runBesideNormalFeeds(server, '/empty.xml');
    expect(error).toMatch(/the body is empty/);
  });

  it('a feed of 10,000 items: parsed whole, and only the first 1,000 new ones go on to analysis', async () => {
    const items = Array.from({ length: 10_000 }, (_, n) => cyberItem(n, { guid: `flood-${n}`, link: `https://flood.example/${n}`, html: `Ransomware item ${n}.` }));
    server.route('/flood.xml', { body: rssFeed('Flood', items) });
    const { run, error } = await runBesideNormalFeeds(server, '/flood.xml', { withinMs: 20_000, defaults: { max_feed_size: '8MB' } });
    expect(error).toBeNull();
    expect(run.states.get('hostile')?.itemsSeen).toBe(10_000);
    expect(run.alerts.filter((alert) => /^Ransomware attack number \d+ hits/.test(alert.title ?? '') && !/100[12] /.test(alert.title ?? ''))).toHaveLength(1_000);
    expect(run.logs.find((line) => line.msg === 'too many new items in one poll; the rest recorded as seen')).toMatchObject({ feed: 'hostile', skipped: 9_000 });
  });

  it('items with 1 MB titles are cut to a readable length', async () => {
    const huge = `Ransomware strikes ${'again and '.repeat(100_000)}`;
    server.route('/long-titles.xml', { body: rssFeed('Long', [cyberItem(1, { title: huge }), cyberItem(2, { title: huge.replace('strikes', 'spreads') })]) });
    const { run, error } = await runBesideNormalFeeds(server, '/long-titles.xml', { defaults: { max_feed_size: '8MB' } });
    expect(error).toBeNull();
    const long = run.alerts.filter((alert) => alert.title?.startsWith('Ransomware s'));
    expect(long).toHaveLength(2);
    for (const alert of long) expect(alert.title?.length).toBeLessThanOrEqual(1_000);
  });

  it('dates in the future and in 1970 neither break the first-poll window nor speed up polling', async () => {
    server.route('/dates.xml', {
      body: rssFeed('Dates', [
        cyberItem(1, { title: 'Ransomware from the future', pubDate: 'Fri, 01 Jan 2100 00:00:00 GMT' }),
        cyberItem(2, { title: 'Ransomware from 1970', pubDate: 'Thu, 01 Jan 1970 00:00:00 GMT' }),
        cyberItem(3, { title: 'Ransomware with a date of zero', pubDate: '0' }),
      ]),
    });
    const { run, error } = await runBesideNormalFeeds(server, '/dates.xml', { defaults: { first_poll: '24h' } });
    expect(error).toBeNull();
    const titles = run.alerts.map((alert) => alert.title);
    expect(titles).toContain('Ransomware from the future');
    expect(titles).not.toContain('Ransomware from 1970');
    const state = run.states.get('hostile');
    expect(state?.itemsSeen).toBe(3);
    // only the normal feeds' items are recent: the hostile dates say nothing, so the feed is polled at the longest interval
    expect(state?.intervalMs).toBe(3_600_000);
  });

  it('kept memory bounded over all of the above', () => {
    const used = memory.stop();
    process.stderr.write(`hostile content memory: ${JSON.stringify(used)}\n`);
    expect(used.growthMb).toBeLessThan(250);
  });
});
