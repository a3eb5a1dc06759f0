import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../src/core/records/delivery.js';
import type { DeliveryClaims, DeliveryLog } from '../../src/ports/delivery-store.js';
import { makeDelivery } from './state-records.js';
import { at, T0, useStores, type StoreFactory } from './state-store-factory.js';

const CLAIM_MS = 60_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The sent record a post leaves behind. */
function sentRecord(record: DeliveryRecord, messageRef: string): DeliveryRecord {
  return { ...record, status: 'sent', attempts: 1, sentAt: T0, posted: { channelId: record.channelId, messageRef, threadRef: null } };
}

/** The behaviour every DeliveryLog adapter must show. */
export function describeDeliveryLogContract(name: string, factory: StoreFactory<DeliveryLog>): void {
  describe(`DeliveryLog contract: ${name}`, () => {
    const stores = useStores(factory);

    it('saves deliveries and lists them by status, channel and time', async () => {
      const { store } = stores();
      expect(await store.getDelivery('a', 'c1')).toBeNull();
      await store.saveDelivery(makeDelivery('b', 'c1', at(2)));
      await store.saveDelivery(makeDelivery('a', 'c1', at(2)));
      await store.saveDelivery(makeDelivery('a', 'c2', at(1), { status: 'digest' }));
      await store.saveDelivery(makeDelivery('c', 'c2', at(3)));
      const list = async (filter: Parameters<DeliveryLog['listDeliveries']>[0]): Promise<string[]> =>
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
      const { store } = stores();
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
  });
}

/**
 * The behaviour every DeliveryClaims adapter must show, across two instances over the same data as two processes
 * open them. Completing a claim saves the delivery, so the contract reads the delivery log too.
 */
export function describeDeliveryClaimsContract(name: string, factory: StoreFactory<DeliveryClaims & DeliveryLog>): void {
  describe(`DeliveryClaims contract: ${name}`, () => {
    const stores = useStores(factory);

    it('lets one owner at a time claim an alert, across store instances, and its owner extend it', async () => {
      const { store, twin } = stores();
      const now = new Date();
      const claims = await Promise.all(
        ['a', 'b', 'c', 'd'].map((owner, i) => (i % 2 === 0 ? store : twin).claimDelivery('art', 'c1', owner, CLAIM_MS, now)),
      );
      const winners = claims.flatMap((claim, i) => (claim.status === 'claimed' ? [['a', 'b', 'c', 'd'][i]] : []));
      expect(winners).toHaveLength(1);
      for (const claim of claims.filter((candidate) => candidate.status !== 'claimed')) {
        expect(claim.status).toBe('held');
        if (claim.status === 'held') {
          expect(claim.expiresInMs).toBeGreaterThan(0);
          expect(claim.expiresInMs).toBeLessThanOrEqual(CLAIM_MS);
        }
      }
      const winner = winners[0] ?? '';
      expect(await twin.claimDelivery('art', 'c1', winner, CLAIM_MS, now)).toEqual({ status: 'claimed' });
      // Another channel, or another article, is a claim of its own.
      expect(await store.claimDelivery('art', 'c2', 'e', CLAIM_MS, now)).toEqual({ status: 'claimed' });
      expect(await store.claimDelivery('other', 'c1', 'e', CLAIM_MS, now)).toEqual({ status: 'claimed' });
    });

    it('hands a claim that lapsed without completion to the next owner', async () => {
      const { store, twin } = stores();
      const now = new Date();
      expect(await store.claimDelivery('art', 'c1', 'dead', 50, now)).toEqual({ status: 'claimed' });
      expect((await twin.claimDelivery('art', 'c1', 'next', CLAIM_MS, now)).status).toBe('held');
      await sleep(120);
      const later = new Date(now.getTime() + 120);
      expect(await twin.claimDelivery('art', 'c1', 'next', CLAIM_MS, later)).toEqual({ status: 'claimed' });
      expect((await store.claimDelivery('art', 'c1', 'dead', CLAIM_MS, later)).status).toBe('held');
    });

    it('makes a claim permanent once the post is completed, and saves the record with it', async () => {
      const { store, twin } = stores();
      const record = makeDelivery('art', 'c1', T0);
      await store.saveDelivery(record);
      const now = new Date();
      expect(await store.claimDelivery('art', 'c1', 'poster', 50, now)).toEqual({ status: 'claimed' });
      expect(await store.completeDelivery(sentRecord(record, 'm1'), 'poster', now)).toBe(true);
      expect(await twin.getDelivery('art', 'c1')).toEqual(sentRecord(record, 'm1'));
      expect((await twin.listDeliveries({ status: 'sent' })).map((found) => found.articleKey)).toEqual(['art']);
      await sleep(120);
      const later = new Date(now.getTime() + 120);
      expect(await twin.claimDelivery('art', 'c1', 'another', CLAIM_MS, later)).toEqual({ status: 'done' });
      expect(await store.claimDelivery('art', 'c1', 'poster', CLAIM_MS, later)).toEqual({ status: 'done' });
      // A release after completion changes nothing.
      await store.releaseDelivery('art', 'c1', 'poster');
      expect(await twin.claimDelivery('art', 'c1', 'another', CLAIM_MS, later)).toEqual({ status: 'done' });
    });

    it('says when a claim lapsed and passed to another owner before the post was completed', async () => {
      const { store, twin } = stores();
      const record = makeDelivery('art', 'c1', T0);
      await store.saveDelivery(record);
      const now = new Date();
      expect(await store.claimDelivery('art', 'c1', 'slow', 50, now)).toEqual({ status: 'claimed' });
      await sleep(120);
      const later = new Date(now.getTime() + 120);
      expect(await twin.claimDelivery('art', 'c1', 'fast', CLAIM_MS, later)).toEqual({ status: 'claimed' });
      // The slow owner's post went out all the same: it is recorded, and the claim is complete for everyone.
      expect(await store.completeDelivery(sentRecord(record, 'm-slow'), 'slow', later)).toBe(false);
      expect((await twin.getDelivery('art', 'c1'))?.status).toBe('sent');
      expect(await twin.claimDelivery('art', 'c1', 'fast', CLAIM_MS, later)).toEqual({ status: 'done' });
    });

    it('releases a claim for its owner only', async () => {
      const { store, twin } = stores();
      const now = new Date();
      expect(await store.claimDelivery('art', 'c1', 'owner', CLAIM_MS, now)).toEqual({ status: 'claimed' });
      await twin.releaseDelivery('art', 'c1', 'stranger');
      expect((await twin.claimDelivery('art', 'c1', 'stranger', CLAIM_MS, now)).status).toBe('held');
      await twin.releaseDelivery('art', 'c1', 'owner');
      expect(await twin.claimDelivery('art', 'c1', 'stranger', CLAIM_MS, now)).toEqual({ status: 'claimed' });
      expect((await store.claimDelivery('art', 'c1', 'owner', CLAIM_MS, now)).status).toBe('held');
    });
  });
}
