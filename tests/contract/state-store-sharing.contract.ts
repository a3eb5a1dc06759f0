import { expect, it } from 'vitest';
import { assignStory } from '../../src/core/story-fingerprint.js';
import type { DeliveryRecord, StateStore, StoredArticle } from '../../src/ports/state-store.js';
import { makeArticle, makeDelivery, makeStoredArticle } from './state-records.js';

const T0 = '2024-05-01T10:00:00.000Z';
const CLAIM_MS = 60_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The sent record a post leaves behind. */
function sentRecord(record: DeliveryRecord, messageRef: string): DeliveryRecord {
  return { ...record, status: 'sent', attempts: 1, sentAt: T0, posted: { channelId: record.channelId, messageRef, threadRef: null } };
}

/**
 * A MinHash-like signature for story `story`, variant `variant`: two variants of one story agree on half their
 * positions (well above the grouping threshold); different stories agree nowhere.
 */
function storySignature(story: number, variant: number): number[] {
  return Array.from({ length: 96 }, (_, i) => (i % 2 === 0 ? story * 1_000 + i : story * 1_000 + 500 + variant * 100 + (i % 100)));
}

/** Groups an article with the core's story assignment, as the analyse step does. */
function groupAs(key: string, signature: number[], analyzedAt: string) {
  return (recent: readonly StoredArticle[]) => {
    const story = assignStory(
      { key, source: `Outlet ${key}`, signature },
      recent.map((stored) => ({ storyId: stored.storyId, articleKey: stored.key, source: stored.source, signature: stored.signature, analyzedAt: stored.analyzedAt })),
    );
    const article = makeStoredArticle(key, analyzedAt, { storyId: story.storyId, signature, source: `Outlet ${key}` });
    return { article, deliveries: [makeDelivery(key, 'c1', analyzedAt, { alert: { storyId: story.storyId, followUpOf: story.followUpOf } })], story };
  };
}

/**
 * The part of the StateStore contract about several processes on one store: delivery claims and story grouping.
 * `store` and `twin` are two instances over the same data, as two processes would open them.
 */
export function describeSharingContract(stores: () => { store: StateStore; twin: StateStore }): void {
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
}
