import { describe, expect, it } from 'vitest';
import { assignStory } from '../../src/core/story-fingerprint.js';
import type { StoryMember } from '../../src/core/records/stored-article.js';
import type { DeliveryLog } from '../../src/ports/delivery-store.js';
import type { SeenArticleStore } from '../../src/ports/seen-article-store.js';
import type { StoryStore } from '../../src/ports/story-store.js';
import { makeArticle, makeDelivery, makeStoredArticle } from './state-records.js';
import { at, keysOf, T0, useStores, type StoreFactory } from './state-store-factory.js';

/**
 * A MinHash-like signature for story `story`, variant `variant`: two variants of one story agree on half their
 * positions (well above the grouping threshold); different stories agree nowhere.
 */
function storySignature(story: number, variant: number): number[] {
  return Array.from({ length: 96 }, (_, i) => (i % 2 === 0 ? story * 1_000 + i : story * 1_000 + 500 + variant * 100 + (i % 100)));
}

/** Groups an article with the core's story assignment, as the analyse step does. */
function groupAs(key: string, signature: number[], analyzedAt: string) {
  return (recent: readonly StoryMember[]) => {
    const story = assignStory(
      { key, source: `Outlet ${key}`, signature },
      recent.map((stored) => ({ storyId: stored.storyId, articleKey: stored.key, source: stored.source, signature: stored.signature, analyzedAt: stored.analyzedAt })),
    );
    const article = makeStoredArticle(key, analyzedAt, { storyId: story.storyId, signature, source: `Outlet ${key}` });
    return { article, deliveries: [makeDelivery(key, 'c1', analyzedAt, { alert: { storyId: story.storyId, followUpOf: story.followUpOf } })], story };
  };
}

/**
 * The behaviour every StoryStore adapter must show. Completing an article takes it from the pending articles and
 * writes its deliveries, so the contract reads those stores too.
 */
export function describeStoryStoreContract(name: string, factory: StoreFactory<StoryStore & SeenArticleStore & DeliveryLog>): void {
  describe(`StoryStore contract: ${name}`, () => {
    const stores = useStores(factory);

    it('completes an article: stored, deliveries inserted once, no longer pending', async () => {
      const { store } = stores();
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
      const { store } = stores();
      await store.completeArticle('x', makeStoredArticle('x', at(30)), []);
      await store.completeArticle('y', makeStoredArticle('y', at(10)), []);
      await store.completeArticle('z', makeStoredArticle('z', at(20)), []);
      expect(keysOf(await store.recentArticles(at(15)))).toEqual(['z', 'x']);
      expect(keysOf(await store.recentArticles(at(20)))).toEqual(['z', 'x']);
      expect(await store.recentArticles(at(31))).toEqual([]);
    });

    it('joins rewrites of one story grouped at the same instant by two store instances', async () => {
      const { store, twin } = stores();
      const stories = 8;
      const keys = Array.from({ length: stories }, (_, story) => [`s${story}-first`, `s${story}-second`] as const);
      await store.recordSeen([], keys.flat().map((key) => makeArticle(key)), T0);
      const analyzedAt = new Date().toISOString();
      const since = new Date(Date.parse(analyzedAt) - 3_600_000).toISOString();
      // Both rewrites of each story at once, one per instance, every story at the same time.
      const results = await Promise.all(
        keys.flatMap(([first, second], story) => [
          store.completeGroupedArticle(first, since, groupAs(first, storySignature(story, 0), analyzedAt)),
          twin.completeGroupedArticle(second, since, groupAs(second, storySignature(story, 1), analyzedAt)),
        ]),
      );
      const storyOf = new Map(results.map((result) => [result?.article.key ?? '', result?.article.storyId ?? '']));
      for (const [first, second] of keys) {
        expect(storyOf.get(second), `${first} and ${second}`).toBe(storyOf.get(first));
      }
      expect(new Set(storyOf.values()).size).toBe(stories);
      // What each call returned is what was stored: the article, its deliveries, nothing pending.
      for (const result of results) {
        expect(await twin.getDelivery(result?.article.key ?? '', 'c1')).toEqual(result?.deliveries[0]);
        // One of the two is the story's first article; the other follows it up.
        const followUp = result?.story.followUpOf;
        if (followUp !== null && followUp !== undefined) expect(storyOf.get(followUp)).toBe(result?.article.storyId);
      }
      expect((await store.recentArticles(since)).map((article) => article.storyId).sort()).toEqual([...storyOf.values()].sort());
      expect(await store.listPendingArticles()).toEqual([]);
    });

    it('groups and stores only an article still pending', async () => {
      const { store, twin } = stores();
      const now = new Date().toISOString();
      await store.recordSeen([], [makeArticle('once')], T0);
      const first = await store.completeGroupedArticle('once', T0, groupAs('once', storySignature(1, 0), now));
      expect(first?.article.key).toBe('once');
      // A second run of the same analysis (a job handed to two workers) writes nothing.
      const again = await twin.completeGroupedArticle('once', T0, groupAs('once', storySignature(2, 0), now));
      expect(again).toBeNull();
      expect((await twin.recentArticles(T0)).map((article) => article.storyId)).toEqual([first?.article.storyId]);
      expect(await store.completeGroupedArticle('never-seen', T0, groupAs('never-seen', storySignature(3, 0), now))).toBeNull();
      expect(await store.getDelivery('never-seen', 'c1')).toBeNull();
    });
  });
}
