import { describe, expect, it } from 'vitest';
import type { DeliveryLog } from '../../src/ports/delivery-store.js';
import type { SeenArticleStore } from '../../src/ports/seen-article-store.js';
import type { StatePruning } from '../../src/ports/state-store.js';
import type { StoryStore } from '../../src/ports/story-store.js';
import { makeArticle, makeDelivery, makeStoredArticle } from './state-records.js';
import { at, keysOf, useStores, type StoreFactory } from './state-store-factory.js';

/** The behaviour every StatePruning adapter must show, seen through the stores it prunes. */
export function describeStatePruningContract(name: string, factory: StoreFactory<StatePruning & SeenArticleStore & StoryStore & DeliveryLog>): void {
  describe(`StatePruning contract: ${name}`, () => {
    const stores = useStores(factory);

    it('prunes old articles and finished deliveries, keeping pending work and newer state', async () => {
      const { store } = stores();
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
  });
}
