import { CodedError, describeError } from '../core/errors.js';
import { acceptsDeliveries, DEFAULT_LEASE_SECONDS, type WebSubSubscription } from '../core/websub/subscription.js';
import { checkHubSignature } from '../core/websub/verify-signature.js';
import type { BodyDecoder, FeedParser } from '../ports/feed-fetcher.js';
import type { JobQueue } from '../ports/job-queue.js';
import { noopMetrics, type Metrics, type PushResult } from '../ports/metrics.js';
import type { SeenArticleStore } from '../ports/seen-article-store.js';
import { admitItems } from './admit-items.js';
import { initialFeedState } from '../core/feed-health.js';
import { bringPollForward, failure, type SubscriberDependencies } from './websub-subscriber.js';

export interface CallbackDependencies extends SubscriberDependencies {
  /** A pushed feed's items are admitted as a poll's are: seen keys too. */
  store: SubscriberDependencies['store'] & SeenArticleStore;
  queue: JobQueue;
  parseFeed: FeedParser;
  decodeBody: BodyDecoder;
  metrics?: Metrics;
}

/** What the callback answers: a status and a plain-text body. */
export interface CallbackAnswer {
  status: number;
  body: string;
}

/** The query of a hub's GET on the callback (WebSub sections 5.2 and 5.3). */
export interface VerificationQuery {
  mode: string | null;
  topic: string | null;
  challenge: string | null;
  leaseSeconds: string | null;
  reason: string | null;
}

const NOT_FOUND: CallbackAnswer = { status: 404, body: '' };
/** Longest hub-given reason kept. */
const REASON_CHARS = 200;

const cleanText = (text: string): string => text.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, REASON_CHARS);

/**
 * Answers a hub's verification of intent. The challenge is echoed only when the mode and topic match a request
 * this deployment made for that feed (a subscription of a configured feed, or an unsubscription it asked for);
 * anything else is 404, so nobody can subscribe the callback to a topic newswatch did not ask for. A confirmed
 * subscription takes the lease the hub granted; a denial marks the subscription denied, to be asked again later.
 */
export async function answerVerification(feedId: string, query: VerificationQuery, deps: CallbackDependencies): Promise<CallbackAnswer> {
  const { webSub, logger } = deps;
  const metrics = deps.metrics ?? noopMetrics;
  const now = deps.clock.now();
  const subscription = await webSub.subscriptions.get(feedId);
  const configured = (deps.settings?.().feeds ?? []).some((feed) => feed.id === feedId);
  const topicMatches = subscription !== null && query.topic !== null && query.topic === subscription.topic;
  const refuse = (why: string): CallbackAnswer => {
    metrics.hubVerification('refused');
    logger.warn({ feed: feedId, mode: query.mode, topic: query.topic, why }, 'WebSub verification refused');
    return NOT_FOUND;
  };
  if (!subscription || !topicMatches) return refuse(subscription ? 'the topic is not the one subscribed' : 'no subscription was asked for this feed');
  if (query.mode === 'denied') {
    const denied = failure(subscription, cleanText(query.reason ?? '') || 'no reason given', now, 'denied');
    await webSub.subscriptions.update(feedId, subscription.requestId, denied);
    await bringPollForward(feedId, deps);
    metrics.hubVerification('denied');
    logger.warn({ feed: feedId, hub: subscription.hub, reason: denied.lastError, retryAt: denied.retryAt }, 'the hub denied the WebSub subscription; the feed is polled as usual');
    return { status: 200, body: '' };
  }
  const challenge = query.challenge ?? '';
  if (challenge === '') return refuse('no hub.challenge');
  if (query.mode === 'unsubscribe') {
    if (subscription.state !== 'unsubscribing') return refuse('no unsubscription was asked for this feed');
    await webSub.subscriptions.deleteIfCurrent(feedId, subscription.requestId);
    metrics.hubVerification('confirmed');
    logger.info({ feed: feedId, hub: subscription.hub }, 'WebSub unsubscription verified');
    return { status: 200, body: challenge };
  }
  if (query.mode !== 'subscribe') return refuse(`unknown hub.mode ${JSON.stringify(cleanText(query.mode ?? ''))}`);
  if (!configured || webSub.callbackFor === null || subscription.state === 'unsubscribing') return refuse('the feed is not subscribed any more');
  if (subscription.pendingMode !== 'subscribe' && subscription.state !== 'active') return refuse('no subscription request is waiting for verification');
  const leaseSeconds = /^\d{1,10}$/.test(query.leaseSeconds ?? '') && Number(query.leaseSeconds) > 0 ? Number(query.leaseSeconds) : null;
  const verified = {
    state: 'active',
    pendingMode: null,
    verifiedAt: now.toISOString(),
    leaseSeconds,
    leaseExpiresAt: new Date(now.getTime() + (leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1_000).toISOString(),
    lastError: null,
    failures: 0,
    retryAt: null,
  } satisfies Partial<WebSubSubscription>;
  // saved only over the request it answers; a newer request made meanwhile is verified on its own
  if (!(await webSub.subscriptions.update(feedId, subscription.requestId, verified))) return refuse('a newer request replaced this one');
  metrics.hubVerification('confirmed');
  logger.info({ feed: feedId, hub: subscription.hub, leaseSeconds, leaseExpiresAt: verified.leaseExpiresAt }, 'WebSub subscription verified');
  return { status: 200, body: challenge };
}

/** A hub's POST to the callback, as the listener read it; `body` is null when it was over the size limit. */
export interface Delivery {
  signature: string | null;
  contentType: string | null;
  body: Uint8Array | null;
}

/**
 * Takes a content distribution (a push): refused unless the feed has a subscription the hub verified (410, which
 * tells the hub to drop it), the body is within the size limit (413) and `X-Hub-Signature` is the HMAC of the
 * body under that subscription's secret (403 unsigned or forged). Every refusal is counted. An accepted body
 * goes through the same parse, dedup and pipeline as a polled one, and is recorded before the hub is answered.
 */
export async function receiveDelivery(feedId: string, delivery: Delivery, deps: CallbackDependencies): Promise<CallbackAnswer> {
  const { webSub, logger } = deps;
  const metrics = deps.metrics ?? noopMetrics;
  const now = deps.clock.now();
  const refuse = (result: PushResult, status: number, why: string): CallbackAnswer => {
    metrics.pushReceived({ result, newArticles: 0 });
    logger.warn({ feed: feedId, result, why }, 'WebSub delivery refused');
    return { status, body: `${why}\n` };
  };
  const feed = (deps.settings?.().feeds ?? []).find((candidate) => candidate.id === feedId);
  const subscription = feed ? await webSub.subscriptions.get(feedId) : null;
  if (!feed || !acceptsDeliveries(subscription, now) || subscription === null) return refuse('not_subscribed', 410, 'no subscription for this feed');
  if (delivery.body === null) return refuse('too_large', 413, 'the body is over the size limit');
  const signature = checkHubSignature(delivery.signature, delivery.body, subscription.secret);
  if (signature === 'missing') return refuse('unsigned', 403, 'no X-Hub-Signature');
  if (signature === 'invalid') return refuse('bad_signature', 403, 'X-Hub-Signature does not match the body');
  let admitted;
  try {
    const parsed = await deps.parseFeed(deps.decodeBody(delivery.body, delivery.contentType), feed.location);
    const state = (await deps.store.getFeedState(feed.id)) ?? initialFeedState(feed.id);
    admitted = await admitItems(feed, parsed, state, now, deps);
  } catch (error) {
    if (error instanceof CodedError && error.code.startsWith('feed_')) return refuse('malformed', 400, describeError(error));
    throw error;
  }
  await webSub.subscriptions.update(feedId, subscription.requestId, { lastPushAt: now.toISOString(), missedAt: null });
  metrics.pushReceived({ result: 'accepted', newArticles: admitted.fresh.length });
  logger.info({ feed: feedId, items: admitted.byKey.size, new: admitted.unseen.length, queued: admitted.fresh.length }, 'WebSub delivery taken');
  return { status: 204, body: '' };
}
