import { randomBytes, randomUUID } from 'node:crypto';
import { describeError } from '../core/errors.js';
import { settingInForce, type FeedSettings, type RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { WebSubLinks } from '../core/websub/discover-links.js';
import {
  isPushHealthy,
  subscribeReason,
  subscriptionRetryMs,
  verificationOverdue,
  type SubscribeReason,
  type WebSubSubscription,
} from '../core/websub/subscription.js';
import type { Clock } from '../ports/clock.js';
import type { FeedStateStore } from '../ports/feed-state-store.js';
import type { Logger } from '../ports/logger.js';
import type { OneTimeClaims } from '../ports/one-time-claims.js';
import type { SubscriptionStore } from '../ports/subscription-store.js';
import type { WebSubHubClient } from '../ports/websub-hub.js';

/** What WebSub push needs beyond the pipeline's own dependencies. */
export interface WebSubDependencies {
  subscriptions: SubscriptionStore;
  hub: WebSubHubClient;
  /** The callback a hub is given for a feed (PUBLIC_URL/websub/<feed-id>); null while push is off. */
  callbackFor: ((feedId: string) => string) | null;
  /** A new subscription's HMAC secret; 32 random bytes as hex by default. */
  newSecret?: () => string;
}

export interface SubscriberDependencies {
  webSub: WebSubDependencies;
  store: FeedStateStore & OneTimeClaims;
  clock: Clock;
  logger: Logger;
  settings?: () => RuntimeSettings;
}

/** How long one process holds the right to send a feed's next request, so processes sharing a store send it once. */
const REQUEST_CLAIM_MS = 60_000;

const isHttpFeed = (feed: FeedSettings): boolean => /^https?:\/\//i.test(feed.location);

/**
 * After each successful poll: subscribes to the hub the feed advertises (or follows it to a new hub, topic or
 * callback), marks the subscription as missing articles when the poll found new ones the hub had not pushed,
 * and returns the interval the next poll may wait while pushes can be relied on (null: poll as usual).
 * `found` is what the full fetch advertised, or null after a 304. Never throws: push is an addition to polling.
 */
export async function followHub(
  feed: FeedSettings,
  found: { links: WebSubLinks | null; finalUrl: string } | null,
  newItems: number,
  deps: SubscriberDependencies,
): Promise<number | null> {
  const { webSub, logger } = deps;
  try {
    const now = deps.clock.now();
    let subscription = await webSub.subscriptions.get(feed.id);
    if (subscription && newItems > 0 && isPushHealthy(subscription, now)) {
      const changes = { missedAt: now.toISOString() };
      if (await webSub.subscriptions.update(feed.id, subscription.requestId, changes)) subscription = { ...subscription, ...changes };
      logger.warn({ feed: feed.id, hub: subscription.hub, newItems }, 'a poll found articles the hub had not pushed; polling as usual until a push arrives');
    }
    if (webSub.callbackFor !== null && isHttpFeed(feed) && found !== null) {
      const callback = webSub.callbackFor(feed.id);
      const hub = found.links?.hubs[0];
      if (hub === undefined) {
        if (subscription && subscription.state !== 'unsubscribing') await requestUnsubscription(subscription, 'the feed no longer advertises a hub', deps);
        return null;
      }
      const wanted = { hub, topic: found.links?.self ?? found.finalUrl, callback };
      const reason = subscribeReason(subscription, wanted, now);
      if (reason !== null) subscription = await requestSubscription(feed.id, wanted, reason, subscription, deps);
    }
    return isPushHealthy(subscription, deps.clock.now()) ? settingInForce(deps.settings?.(), 'webSub').pollIntervalMs : null;
  } catch (error) {
    logger.warn({ feed: feed.id, err: describeError(error) }, 'WebSub subscription not updated; the feed is polled as usual');
    return null;
  }
}

/**
 * Sends a subscription request for a feed, once across every process sharing the store: the record (with its
 * secret, kept across renewals to the same hub, topic and callback) is saved first, since a hub may verify before
 * it answers. A refused or failed request marks the subscription failed, to be asked again after a backoff.
 */
export async function requestSubscription(
  feedId: string,
  target: { hub: string; topic: string; callback: string },
  reason: SubscribeReason,
  previous: WebSubSubscription | null,
  deps: SubscriberDependencies,
): Promise<WebSubSubscription | null> {
  const { webSub, logger } = deps;
  const now = deps.clock.now();
  if (!(await deps.store.claimOnce(`websub:${feedId}:${previous?.requestId ?? 'none'}`, REQUEST_CLAIM_MS, now))) return previous;
  const same = previous !== null && previous.state !== 'unsubscribing' && previous.hub === target.hub && previous.topic === target.topic && previous.callback === target.callback;
  const base: WebSubSubscription = same
    ? previous
    : {
        feedId,
        ...target,
        secret: (webSub.newSecret ?? (() => randomBytes(32).toString('hex')))(),
        state: 'pending',
        pendingMode: null,
        requestId: '',
        requestedAt: now.toISOString(),
        verifiedAt: null,
        leaseSeconds: null,
        leaseExpiresAt: null,
        lastPushAt: null,
        missedAt: null,
        lastError: null,
        failures: 0,
        retryAt: null,
      };
  const request: WebSubSubscription = { ...base, pendingMode: 'subscribe', requestId: randomUUID(), requestedAt: now.toISOString() };
  await webSub.subscriptions.save(request);
  try {
    await webSub.hub.send({ hub: request.hub, mode: 'subscribe', topic: request.topic, callback: request.callback, secret: request.secret });
    logger.info({ feed: feedId, hub: request.hub, topic: request.topic, reason }, 'WebSub subscription requested');
    return request;
  } catch (error) {
    const current = await webSub.subscriptions.get(feedId);
    // the hub may have verified before failing to answer; a verified request stands
    if (current?.requestId !== request.requestId || current.pendingMode !== 'subscribe') return current;
    const failed = failure(current, describeError(error), now);
    await webSub.subscriptions.update(feedId, request.requestId, failed);
    logger.warn({ feed: feedId, hub: request.hub, reason, err: failed.lastError, retryAt: failed.retryAt }, 'WebSub subscription request failed; the feed is polled as usual');
    await bringPollForward(feedId, deps);
    return { ...current, ...failed };
  }
}

/** The changes a failed request or a denial makes: polled as usual, asked again after a backoff. */
export function failure(subscription: WebSubSubscription, reason: string, now: Date, state: 'failed' | 'denied' = 'failed') {
  const failures = subscription.failures + 1;
  return {
    state,
    pendingMode: null,
    lastError: reason,
    failures,
    retryAt: new Date(now.getTime() + subscriptionRetryMs(failures)).toISOString(),
  } satisfies Partial<WebSubSubscription>;
}

/**
 * Asks the hub to end a subscription (its feed was removed, stopped advertising the hub, or push was turned off).
 * The record stays, marked unsubscribing, until the hub verifies; when the hub cannot be reached it is dropped,
 * and the hub's subscription lapses with its lease (its deliveries are refused meanwhile).
 */
export async function requestUnsubscription(subscription: WebSubSubscription, why: string, deps: SubscriberDependencies): Promise<void> {
  const { webSub, logger } = deps;
  const now = deps.clock.now();
  if (!(await deps.store.claimOnce(`websub:${subscription.feedId}:${subscription.requestId}`, REQUEST_CLAIM_MS, now))) return;
  const request: WebSubSubscription = { ...subscription, state: 'unsubscribing', pendingMode: 'unsubscribe', requestId: randomUUID(), requestedAt: now.toISOString() };
  await webSub.subscriptions.save(request);
  try {
    await webSub.hub.send({ hub: request.hub, mode: 'unsubscribe', topic: request.topic, callback: request.callback, secret: null });
    logger.info({ feed: request.feedId, hub: request.hub, why }, 'WebSub unsubscription requested');
  } catch (error) {
    await webSub.subscriptions.deleteIfCurrent(request.feedId, request.requestId);
    logger.warn({ feed: request.feedId, hub: request.hub, why, err: describeError(error) }, 'WebSub unsubscription failed; the subscription is forgotten and lapses with its lease');
  }
}

/**
 * Brings a feed's next poll forward to now when it was put off for pushes: called whenever pushes stop being
 * reliable, so nothing published meanwhile waits for the long safety-net interval.
 */
export async function bringPollForward(feedId: string, deps: Pick<SubscriberDependencies, 'store' | 'clock'>): Promise<void> {
  const state = await deps.store.getFeedState(feedId);
  if (!state?.pushDeferred) return;
  state.pushDeferred = false;
  const now = deps.clock.now().toISOString();
  if (state.nextPollAt === null || state.nextPollAt > now) state.nextPollAt = now;
  await deps.store.saveFeedState(state);
}

/**
 * The subscriptions' upkeep, on every scheduler tick: renews leases before they end, asks again after failures,
 * gives up on requests the hub never verified, follows a new PUBLIC_URL, unsubscribes feeds that were removed (or
 * all of them when push was turned off), and brings a feed's poll forward as soon as its pushes cannot be relied on.
 */
export async function maintainSubscriptions(deps: SubscriberDependencies): Promise<void> {
  const { webSub, logger } = deps;
  const feeds = new Map((deps.settings?.().feeds ?? []).map((feed) => [feed.id, feed]));
  for (const subscription of await webSub.subscriptions.list()) {
    const now = deps.clock.now();
    try {
      const feed = feeds.get(subscription.feedId);
      // a feed added back is subscribed again by its next poll, if it still advertises the hub
      if (subscription.state === 'unsubscribing') {
        if (verificationOverdue(subscription, now)) await webSub.subscriptions.deleteIfCurrent(subscription.feedId, subscription.requestId);
        continue;
      }
      if (!feed || webSub.callbackFor === null) {
        await requestUnsubscription(subscription, feed ? 'push is off (PUBLIC_URL is not set)' : 'the feed was removed', deps);
        await bringPollForward(subscription.feedId, deps);
        continue;
      }
      let current = subscription;
      if (verificationOverdue(current, now)) {
        const failed = failure(current, 'the hub did not verify the request within 5 minutes', now);
        if (await webSub.subscriptions.update(feed.id, current.requestId, failed)) current = { ...current, ...failed };
        logger.warn({ feed: feed.id, hub: current.hub, retryAt: current.retryAt }, 'the hub did not verify the WebSub request; the feed is polled as usual');
      }
      const reason = subscribeReason(current, { hub: current.hub, topic: current.topic, callback: webSub.callbackFor(feed.id) }, now);
      if (reason !== null) current = (await requestSubscription(feed.id, { hub: current.hub, topic: current.topic, callback: webSub.callbackFor(feed.id) }, reason, current, deps)) ?? current;
      if (!isPushHealthy(current, deps.clock.now())) await bringPollForward(feed.id, deps);
    } catch (error) {
      logger.warn({ feed: subscription.feedId, err: describeError(error) }, 'WebSub upkeep failed for this feed; tried again at the next tick');
    }
  }
}
