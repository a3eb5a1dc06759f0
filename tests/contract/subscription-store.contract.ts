import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSubSubscription } from '../../src/core/websub/subscription.js';
import type { SubscriptionStore } from '../../src/ports/subscription-store.js';

/** Makes a fresh, empty store; `reopen` opens a second store on the same data (another process); `dispose` removes it all. */
export type SubscriptionStoreFactory = () => Promise<{ store: SubscriptionStore; reopen: () => Promise<SubscriptionStore>; dispose: () => Promise<void> }>;

export function makeSubscription(feedId: string, overrides: Partial<WebSubSubscription> = {}): WebSubSubscription {
  return {
    feedId,
    hub: 'https://hub.example.test/',
    topic: `https://news.example.test/${feedId}.xml`,
    callback: `https://newswatch.example.test/websub/${feedId}`,
    secret: 'a'.repeat(64),
    state: 'pending',
    pendingMode: 'subscribe',
    requestId: 'request-1',
    requestedAt: '2024-05-01T10:00:00.000Z',
    verifiedAt: null,
    leaseSeconds: null,
    leaseExpiresAt: null,
    lastPushAt: null,
    missedAt: null,
    lastError: null,
    failures: 0,
    retryAt: null,
    ...overrides,
  };
}

/** The behaviour every SubscriptionStore adapter must show, run once per adapter by swapping the factory. */
export function describeSubscriptionStoreContract(name: string, factory: SubscriptionStoreFactory): void {
  describe(`SubscriptionStore contract: ${name}`, () => {
    let store: SubscriptionStore;
    let reopen: () => Promise<SubscriptionStore>;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, reopen, dispose } = await factory());
    });
    afterEach(async () => {
      await store.close();
      await dispose();
    });

    it('keeps a subscription whole, and lists them by feed id', async () => {
      const wire = makeSubscription('wire', { leaseSeconds: 86_400, lastError: 'hub https://hub.example.test/: HTTP 503 "busy" / retry' });
      await store.save(makeSubscription('zeta'));
      await store.save(wire);
      expect(await store.get('wire')).toEqual(wire);
      expect(await store.get('nothing')).toBeNull();
      expect((await store.list()).map((subscription) => subscription.feedId)).toEqual(['wire', 'zeta']);
    });

    it('survives a restart and is shared with another process', async () => {
      await store.save(makeSubscription('wire', { state: 'active' }));
      const other = await reopen();
      try {
        expect((await other.get('wire'))?.state).toBe('active');
      } finally {
        await other.close();
      }
    });

    it('updates only the request it answers, and keeps fields another update wrote', async () => {
      await store.save(makeSubscription('wire'));
      expect(await store.update('wire', 'request-1', { state: 'active', pendingMode: null, leaseSeconds: 600, leaseExpiresAt: '2024-05-01T10:10:00.000Z' })).toBe(true);
      expect(await store.update('wire', 'request-1', { lastPushAt: '2024-05-01T10:01:00.000Z', missedAt: null })).toBe(true);
      expect(await store.update('wire', 'an-older-request', { state: 'failed' })).toBe(false);
      expect(await store.update('nothing', 'request-1', { state: 'failed' })).toBe(false);
      expect(await store.get('wire')).toEqual(
        makeSubscription('wire', { state: 'active', pendingMode: null, leaseSeconds: 600, leaseExpiresAt: '2024-05-01T10:10:00.000Z', lastPushAt: '2024-05-01T10:01:00.000Z' }),
      );
    });

    it('a newer request replaces the record, and the answer to the older one no longer lands', async () => {
      await store.save(makeSubscription('wire'));
      await store.save(makeSubscription('wire', { requestId: 'request-2', pendingMode: 'subscribe' }));
      expect(await store.update('wire', 'request-1', { state: 'active' })).toBe(false);
      expect(await store.deleteIfCurrent('wire', 'request-1')).toBe(false);
      expect((await store.get('wire'))?.state).toBe('pending');
      expect(await store.deleteIfCurrent('wire', 'request-2')).toBe(true);
      expect(await store.get('wire')).toBeNull();
    });

    it('two processes updating one record at once both land', async () => {
      await store.save(makeSubscription('wire'));
      const other = await reopen();
      try {
        await Promise.all([
          store.update('wire', 'request-1', { state: 'active', pendingMode: null }),
          other.update('wire', 'request-1', { lastPushAt: '2024-05-01T10:01:00.000Z' }),
        ]);
        expect(await store.get('wire')).toMatchObject({ state: 'active', pendingMode: null, lastPushAt: '2024-05-01T10:01:00.000Z' });
      } finally {
        await other.close();
      }
    });
  });
}
