import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, wireItem, type Harness } from './harness.js';
import { discordReplyText, slackReplyText } from './platform-requests.js';
import { waitUntil as waitFor } from '../../support/wait-until.js';

/** Polls with this file's longer default: these waits span several polls on a loaded machine. */
const waitUntil = (check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> => waitFor(check, what, timeoutMs);

describe('the fetcher follows YAML edits while newswatch runs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    h.serve([wireItem('calm-1', 'Markets close higher', 'Shares rose across Europe.')]);
    h.serve([wireItem('extra-1', 'Port reopens', 'The port reopened on Monday.')], '/extra.xml');
    h.serve([wireItem('later-1', 'Harbour news', 'Ferries resumed.')], '/later.xml');
  });
  afterEach(async () => h.close());

  const requestsFor = (path: string): number => h.feeds.requests.filter((request) => request.path === path).length;
  const setAllowPrivate = async (allow: boolean): Promise<void> => {
    const yaml = readFileSync(h.configPath, 'utf8');
    writeFileSync(h.configPath, yaml.replace(/allow_private_addresses: (true|false)/, `allow_private_addresses: ${allow}`));
    await waitUntil(() => h.app().settings().fetch?.allowPrivateAddresses === allow, `allow_private_addresses: ${allow} is in force`);
  };

  it('turning allow_private_addresses off refuses the next poll and the next /feed add of a loopback feed, and on again allows both', async () => {
    const app = await h.start();
    expect(slackReplyText((await h.slack(`/feed add ${h.feeds.url}/extra.xml`)).body)).toContain('Feed 127-0-0-1-extra-xml added by alice');
    expect((await app.runOnce()).failed).toEqual([]);

    await setAllowPrivate(false);
    const polled = { wire: requestsFor('/wire.xml'), extra: requestsFor('/extra.xml') };
    const refusedRun = await app.runOnce();
    expect(refusedRun.failed.map((failure) => failure.feedId).sort()).toEqual(['127-0-0-1-extra-xml', 'wire']);
    for (const failure of refusedRun.failed) {
      expect(failure.error).toMatch(/^feed http:\/\/127\.0\.0\.1:\d+\/\w+\.xml: .*points at 127\.0\.0\.1, a loopback, private or reserved address/);
    }
    expect({ wire: requestsFor('/wire.xml'), extra: requestsFor('/extra.xml') }).toEqual(polled);

    const slackAdd = slackReplyText((await h.slack(`/feed add ${h.feeds.url}/later.xml`)).body);
    expect(slackAdd).toContain('Feed not added');
    expect(slackAdd).toContain('defaults.allow_private_addresses');
    const discordAdd = discordReplyText((await h.discord('feed', 'add', { url: `${h.feeds.url}/later.xml` })).body);
    expect(discordAdd).toContain('Feed not added');
    expect(requestsFor('/later.xml')).toBe(0);
    expect(app.settings().feeds.map((feed) => feed.id)).toEqual(['wire', '127-0-0-1-extra-xml']);

    await setAllowPrivate(true);
    expect((await app.runOnce()).failed).toEqual([]);
    expect(requestsFor('/wire.xml')).toBeGreaterThan(polled.wire);
    expect(slackReplyText((await h.slack(`/feed add ${h.feeds.url}/later.xml`)).body)).toContain('Feed 127-0-0-1-later-xml added by alice');
  });

  it('a feed added from chat that redirects to the cloud metadata address is refused even with private addresses allowed', async () => {
    h.feeds.route('/to-metadata.xml', (_request, response) => response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
    await h.start();
    const reply = slackReplyText((await h.slack(`/feed add ${h.feeds.url}/to-metadata.xml`)).body);
    expect(reply).toContain('Feed not added');
    expect(reply).toContain('http://169.254.169.254/latest/meta-data/ points at 169.254.169.254, a link-local or cloud metadata address');
    expect(h.app().settings().feeds.map((feed) => feed.id)).toEqual(['wire']);
  });

  it('user_agent, max_feed_size, fetch_timeout and trusted_hosts edits reach the next request', async () => {
    const app = await h.start();
    const yaml = readFileSync(h.configPath, 'utf8');
    writeFileSync(
      h.configPath,
      yaml.replace('allow_private_addresses: true', 'allow_private_addresses: false\n  trusted_hosts: ["127.0.0.1"]\n  user_agent: "wire-desk/2.0"\n  max_feed_size: 200B'),
    );
    await waitUntil(() => app.settings().fetch?.userAgent === 'wire-desk/2.0', 'the edited defaults are in force');
    const seen = h.feeds.requests.length;
    const run = await app.runOnce();
    expect(h.feeds.requests.slice(seen).filter((request) => request.path === '/wire.xml').map((request) => request.headers['user-agent'])).toEqual(['wire-desk/2.0']);
    expect(run.failed).toEqual([{ feedId: 'wire', error: expect.stringMatching(/: response exceeded 200 bytes/) as unknown as string }]);

    const edited = readFileSync(h.configPath, 'utf8');
    writeFileSync(h.configPath, edited.replace('max_feed_size: 200B', 'max_feed_size: 5MB\n  fetch_timeout: 1s'));
    await waitUntil(() => app.settings().fetch?.totalTimeoutMs === 1_000, 'fetch_timeout: 1s is in force');
    h.feeds.route('/wire.xml', (_request, response) => void setTimeout(() => response.end('<rss version="2.0"><channel></channel></rss>'), 3_000));
    const slow = await app.runOnce();
    expect(slow.failed).toEqual([{ feedId: 'wire', error: expect.stringMatching(/no complete response within 1000 ms/) as unknown as string }]);
  });
});
