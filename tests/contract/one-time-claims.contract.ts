import { describe, expect, it } from 'vitest';
import type { OneTimeClaims } from '../../src/ports/one-time-claims.js';
import { useStores, type StoreFactory } from './state-store-factory.js';

/** The behaviour every OneTimeClaims adapter must show. */
export function describeOneTimeClaimsContract(name: string, factory: StoreFactory<OneTimeClaims>): void {
  describe(`OneTimeClaims contract: ${name}`, () => {
    const stores = useStores(factory);

    it('gives a claim token to one caller only until it expires', async () => {
      const { store, twin } = stores();
      const now = new Date('2024-06-01T10:00:00Z');
      const results = await Promise.all(Array.from({ length: 5 }, () => store.claimOnce('poll:feed-a:slot-1', 60_000, now)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.claimOnce('poll:feed-b:slot-1', 60_000, now)).toBe(true);
      expect(await store.claimOnce('poll:feed-a:slot-1', 60_000, now)).toBe(false);
      // Another process sharing the store finds the token taken as well.
      expect(await twin.claimOnce('poll:feed-b:slot-1', 60_000, now)).toBe(false);
    });

    it('frees a claim once its time is up', async () => {
      const { store } = stores();
      const now = new Date();
      expect(await store.claimOnce('short', 50, now)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await store.claimOnce('short', 50, new Date(now.getTime() + 120))).toBe(true);
    });
  });
}
