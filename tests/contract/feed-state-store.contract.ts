import { describe, expect, it } from 'vitest';
import type { FeedStateStore } from '../../src/ports/feed-state-store.js';
import { makeFeedState } from './state-records.js';
import { useStores, type StoreFactory } from './state-store-factory.js';

/** The behaviour every FeedStateStore adapter must show. */
export function describeFeedStateStoreContract(name: string, factory: StoreFactory<FeedStateStore>): void {
  describe(`FeedStateStore contract: ${name}`, () => {
    const stores = useStores(factory);

    it('keeps feed state: missing, saved, overwritten, listed by feed id', async () => {
      const { store } = stores();
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

    it('shows one instance what another saved', async () => {
      const { store, twin } = stores();
      await store.saveFeedState(makeFeedState('feed-a', { nextPollAt: '2024-05-01T10:10:00.000Z' }));
      expect(await twin.getFeedState('feed-a')).toEqual(makeFeedState('feed-a', { nextPollAt: '2024-05-01T10:10:00.000Z' }));
    });
  });
}
