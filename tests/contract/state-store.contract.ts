import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StateStore } from '../../src/ports/state-store.js';
import { describeSharingContract } from './state-store-sharing.contract.js';
import { makeArticle, makeDelivery, makeFeedState, makeStoredArticle } from './state-records.js';

/**
 * Makes a fresh, empty store, and `twin`, a second instance over the same data as another process would open it;
 * `dispose` closes both and removes everything they wrote.
 */
export type StateStoreFactory = () => Promise<{ store: StateStore; twin: StateStore; dispose: () => Promise<void> }>;

const T0 = '2024-05-01T10:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const keysOf = (articles: readonly { key: string }[]): string[] => articles.map((article) => article.key);

/** The behaviour every StateStore adapter must show, run once per adapter by swapping the factory. */
export function describeStateStoreContract(name: string, factory: StateStoreFactory): void {
  describe(`StateStore contract: ${name}`, () => {
    let store: StateStore;
    let twin: StateStore;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, twin, dispose } = await factory());
    });
    afterEach(async () => {
      await dispose();
    });

    it('keeps feed state: missing, saved, overwritten, listed by feed id', async () => {
      expect(await store.getFeedState('feed-b')).toBeNull();
      await store.saveFeedState(makeFeedState('feed-b'));
      await store.saveFeedState(makeFeedState('feed-a', { paused: true }));
      await store.saveFeedState(makeFeedState('feed-b', { consecutiveFailures: 3, lastError: 'HTTP 503' }));
      expect(await store.getFeedState('feed-b')).toEqual(makeFeedState('feed-b', { consecutiveFailures: 3, lastError: 'HTTP 503' }));
      expect((await store.listFeedStates()).map((state) => [state.feedId, state.paused])).toEqual([
        ['feed-a', true],
        ['feed-b', false],
      ]);
    });

    it('filters out keys already seen, whether pending or seen only, keeping the input order', async () => {
      await store.recordSeen(['seen:1'], [makeArticle('link:2')], T0);
      expect(await store.filterUnseen(['new:3', 'link:2', 'seen:1', 'new:4'])).toEqual(['new:3', 'new:4']);
      expect(await store.filterUnseen([])).toEqual([]);
    });

    it('returns only really new pending articles, and is idempotent', async () => {
      const first = await store.recordSeen([], [makeArticle('a'), makeArticle('b')], T0);
      expect(keysOf(first)).toEqual(['a', 'b']);
      expect(first[0]).toEqual(makeArticle('a'));
      const second = await store.recordSeen(['c'], [makeArticle('b'), makeArticle('d')], at(1));
      expect(keysOf(second)).toEqual(['d']);
      expect(await store.recordSeen(['c'], [makeArticle('b'), makeArticle('d')], at(2))).toEqual([]);
      // A key recorded as seen only never becomes pending later.
      expect(await store.recordSeen([], [makeArticle('c')], at(3))).toEqual([]);
      expect(await store.getPendingArticle('c')).toBeNull();
      // The same key twice in one call counts once.
      expect(keysOf(await store.recordSeen([], [makeArticle('e'), makeArticle('e')], at(4)))).toEqual(['e']);
    });

    it('never hands the same key to two concurrent callers', async () => {
      const all = Array.from({ length: 40 }, (_, i) => `guid:${i}`);
      // Twelve callers with overlapping windows of keys, in both orders; keys 10 to 17 are in no window.
      const windows = Array.from({ length: 12 }, (_, c) => all.filter((_, i) => (i + c * 2) % 40 < 10));
      const calls = windows.map((window, c) =>
        store.recordSeen(c % 3 === 0 ? ['guid:0'] : [], (c % 2 === 0 ? window : [...window].reverse()).map((key) => makeArticle(key)), at(c)),
      );
      const returned = (await Promise.all(calls)).flatMap(keysOf);
      expect(new Set(returned).size).toBe(returned.length);
      const offered = new Set(windows.flat());
      expect(new Set(returned)).toEqual(new Set([...offered].filter((key) => key !== 'guid:0' || returned.includes(key))));
      expect(keysOf(await store.listPendingArticles()).sort()).toEqual([...returned].sort());
      expect(await store.filterUnseen(all)).toEqual(all.slice(10, 18));
    });

    it('lists pending articles oldest first, then by key', async () => {
      await store.recordSeen([], [makeArticle('k2'), makeArticle('k1')], at(5));
      await store.recordSeen([], [makeArticle('k0', { title: 'Earlier' })], at(1));
      expect(keysOf(await store.listPendingArticles())).toEqual(['k0', 'k1', 'k2']);
      expect(await store.getPendingArticle('k0')).toEqual(makeArticle('k0', { title: 'Earlier' }));
      expect(await store.getPendingArticle('nope')).toBeNull();
    });

    it('completes an article: stored, deliveries inserted once, no longer pending', async () => {
      await store.recordSeen([], [makeArticle('a'), makeArticle('b')], T0);
      const pending = makeDelivery('a', 'slack-news', at(1));
      const held = makeDelivery('a', 'discord-digest', at(1), { status: 'digest' });
      await store.completeArticle('a', makeStoredArticle('a', at(1)), [pending, held]);
      expect(keysOf(await store.listPendingArticles())).toEqual(['b']);
      expect(await store.getPendingArticle('a')).toBeNull();
      expect(await store.recentArticles(T0)).toEqual([makeStoredArticle('a', at(1))]);
      expect(await store.getDelivery('a', 'slack-news')).toEqual(pending);
      expect(await store.getDelivery('a', 'discord-digest')).toEqual(held);
      // A repeated completion (a crashed worker's job run again) keeps what was recorded first.
      await store.saveDelivery({ ...pending, status: 'sent', sentAt: at(2) });
      await store.completeArticle('a', makeStoredArticle('a', at(1)), [makeDelivery('a', 'slack-news', at(3))]);
      expect((await store.getDelivery('a', 'slack-news'))?.status).toBe('sent');
      // An article that matched nothing is cleared without a record.
      await store.completeArticle('b', null, []);
      expect(await store.listPendingArticles()).toEqual([]);
      expect(keysOf(await store.recentArticles(T0))).toEqual(['a']);
    });

    it('lists recent articles analysed since a time, oldest first', async () => {
      await store.completeArticle('x', makeStoredArticle('x', at(30)), []);
      await store.completeArticle('y', makeStoredArticle('y', at(10)), []);
      await store.completeArticle('z', makeStoredArticle('z', at(20)), []);
      expect(keysOf(await store.recentArticles(at(15)))).toEqual(['z', 'x']);
      expect(keysOf(await store.recentArticles(at(20)))).toEqual(['z', 'x']);
      expect(await store.recentArticles(at(31))).toEqual([]);
    });

    it('saves deliveries and lists them by status, channel and time', async () => {
      expect(await store.getDelivery('a', 'c1')).toBeNull();
      await store.saveDelivery(makeDelivery('b', 'c1', at(2)));
      await store.saveDelivery(makeDelivery('a', 'c1', at(2)));
      await store.saveDelivery(makeDelivery('a', 'c2', at(1), { status: 'digest' }));
      await store.saveDelivery(makeDelivery('c', 'c2', at(3)));
      const list = async (filter: Parameters<StateStore['listDeliveries']>[0]): Promise<string[]> =>
        (await store.listDeliveries(filter)).map((record) => `${record.articleKey}@${record.channelId}`);
      expect(await list({})).toEqual(['a@c2', 'a@c1', 'b@c1', 'c@c2']);
      expect(await list({ status: 'pending' })).toEqual(['a@c1', 'b@c1', 'c@c2']);
      expect(await list({ channelId: 'c2' })).toEqual(['a@c2', 'c@c2']);
      expect(await list({ status: 'pending', channelId: 'c2' })).toEqual(['c@c2']);
      expect(await list({ since: at(2) })).toEqual(['a@c1', 'b@c1', 'c@c2']);
      expect(await list({ status: 'digest', channelId: 'c1' })).toEqual([]);

      const sent = { ...makeDelivery('a', 'c1', at(2)), status: 'sent' as const, attempts: 1, sentAt: at(4), posted: { channelId: 'c1', messageRef: '171.1', threadRef: null } };
      await store.saveDelivery(sent);
      expect(await store.getDelivery('a', 'c1')).toEqual(sent);
      expect(await list({ status: 'pending' })).toEqual(['b@c1', 'c@c2']);
      expect(await list({ status: 'sent', channelId: 'c1', since: at(2) })).toEqual(['a@c1']);
    });

    it('finds the first sent, non-follow-up message of a story in a channel', async () => {
      const posted = (ref: string, channelId = 'c1') => ({ channelId, messageRef: ref, threadRef: null });
      const original = makeDelivery('orig', 'c1', at(2), { alert: { storyId: 's1' } });
      await store.saveDelivery(original);
      expect(await store.findStoryMessage('s1', 'c1')).toBeNull();
      // A follow-up sent before the original must not become the thread.
      await store.saveDelivery(makeDelivery('early-follow', 'c1', at(1), { status: 'sent', posted: posted('m0'), alert: { storyId: 's1', followUpOf: 'orig' } }));
      expect(await store.findStoryMessage('s1', 'c1')).toBeNull();
      await store.saveDelivery({ ...original, status: 'sent', posted: posted('m1'), sentAt: at(3) });
      await store.saveDelivery(makeDelivery('later', 'c1', at(5), { status: 'sent', posted: posted('m2'), alert: { storyId: 's1' } }));
      await store.saveDelivery(makeDelivery('other', 'c2', at(0), { status: 'sent', posted: posted('m3', 'c2'), alert: { storyId: 's1' } }));
      expect(await store.findStoryMessage('s1', 'c1')).toEqual(posted('m1'));
      expect(await store.findStoryMessage('s1', 'c2')).toEqual(posted('m3', 'c2'));
      expect(await store.findStoryMessage('s2', 'c1')).toBeNull();
    });

    it('prunes old articles and finished deliveries, keeping pending work and newer state', async () => {
      await store.recordSeen(['seen-new'], [makeArticle('pending-old')], at(100));
      await store.completeArticle('old', makeStoredArticle('old', at(0)), [
        makeDelivery('old', 'c1', at(0), { status: 'sent', posted: { channelId: 'c1', messageRef: 'm', threadRef: null }, alert: { storyId: 'so' } }),
        makeDelivery('old', 'c2', at(0), { status: 'failed', lastError: 'channel_not_found' }),
        makeDelivery('old', 'c3', at(0)),
        makeDelivery('old', 'c4', at(0), { status: 'digest' }),
      ]);
      await store.completeArticle('new', makeStoredArticle('new', at(60)), [makeDelivery('new', 'c1', at(60), { status: 'sent' })]);
      await store.prune({ seen: at(50), articles: at(50), deliveries: at(50) });
      expect(keysOf(await store.recentArticles(at(-1)))).toEqual(['new']);
      const left = (await store.listDeliveries({})).map((record) => `${record.articleKey}@${record.channelId}`);
      expect(left).toEqual(['old@c3', 'old@c4', 'new@c1']);
      expect(await store.getDelivery('old', 'c1')).toBeNull();
      expect(await store.findStoryMessage('so', 'c1')).toBeNull();
      expect(await store.filterUnseen(['seen-new', 'pending-old'])).toEqual([]);
      expect(keysOf(await store.listPendingArticles())).toEqual(['pending-old']);
    });

    it('gives a claim token to one caller only until it expires', async () => {
      const now = new Date('2024-06-01T10:00:00Z');
      const results = await Promise.all(Array.from({ length: 5 }, () => store.claimOnce('poll:feed-a:slot-1', 60_000, now)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.claimOnce('poll:feed-b:slot-1', 60_000, now)).toBe(true);
      expect(await store.claimOnce('poll:feed-a:slot-1', 60_000, now)).toBe(false);
    });

    it('frees a claim once its time is up', async () => {
      const now = new Date();
      expect(await store.claimOnce('short', 50, now)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await store.claimOnce('short', 50, new Date(now.getTime() + 120))).toBe(true);
    });

    describeSharingContract(() => ({ store, twin }));
  });
}
