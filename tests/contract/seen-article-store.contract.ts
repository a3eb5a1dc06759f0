import { describe, expect, it } from 'vitest';
import type { SeenArticleStore } from '../../src/ports/seen-article-store.js';
import { makeArticle } from './state-records.js';
import { at, keysOf, T0, useStores, type StoreFactory } from './state-store-factory.js';

/** The behaviour every SeenArticleStore adapter must show. */
export function describeSeenArticleStoreContract(name: string, factory: StoreFactory<SeenArticleStore>): void {
  describe(`SeenArticleStore contract: ${name}`, () => {
    const stores = useStores(factory);

    it('filters out keys already seen, whether pending or seen only, keeping the input order', async () => {
      const { store } = stores();
      await store.recordSeen(['seen:1'], [makeArticle('link:2')], T0);
      expect(await store.filterUnseen(['new:3', 'link:2', 'seen:1', 'new:4'])).toEqual(['new:3', 'new:4']);
      expect(await store.filterUnseen([])).toEqual([]);
    });

    it('returns only really new pending articles, and is idempotent', async () => {
      const { store } = stores();
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
      const { store } = stores();
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

    it('hands each key to one of two instances recording the same articles at once', async () => {
      const { store, twin } = stores();
      const articles = Array.from({ length: 30 }, (_, i) => makeArticle(`link:${i}`));
      const [mine, theirs] = await Promise.all([store.recordSeen([], articles, T0), twin.recordSeen([], [...articles].reverse(), T0)]);
      const returned = [...keysOf(mine), ...keysOf(theirs)];
      expect(returned.sort()).toEqual(keysOf(articles).sort());
      expect(keysOf(await twin.listPendingArticles()).sort()).toEqual(keysOf(articles).sort());
    });

    it('lists pending articles oldest first, then by key', async () => {
      const { store } = stores();
      await store.recordSeen([], [makeArticle('k2'), makeArticle('k1')], at(5));
      await store.recordSeen([], [makeArticle('k0', { title: 'Earlier' })], at(1));
      expect(keysOf(await store.listPendingArticles())).toEqual(['k0', 'k1', 'k2']);
      expect(await store.getPendingArticle('k0')).toEqual(makeArticle('k0', { title: 'Earlier' }));
      expect(await store.getPendingArticle('nope')).toBeNull();
    });
  });
}
