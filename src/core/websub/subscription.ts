/**
 * Where one feed's WebSub subscription stands: `pending` (asked, waiting for the hub to verify), `active`
 * (verified, with a lease), `failed` (the hub refused the request, could not be reached, or never verified),
 * `denied` (the hub said no), `unsubscribing` (the feed was removed; waiting for the hub to verify that).
 */
export type SubscriptionState = 'pending' | 'active' | 'failed' | 'denied' | 'unsubscribing';

/** One feed's subscription at one hub, as the state store keeps it across restarts and processes. */
export interface WebSubSubscription {
  feedId: string;
  hub: string;
  /** The topic URL: the feed's self link. */
  topic: string;
  /** The callback the hub was given: PUBLIC_URL/websub/<feed-id>. */
  callback: string;
  /** The HMAC key the hub signs each delivery with; random per subscription, kept across renewals. */
  secret: string;
  state: SubscriptionState;
  /** What the request sent last waits for the hub to verify; null once verified (or given up). */
  pendingMode: 'subscribe' | 'unsubscribe' | null;
  /** Names the request sent last, so an answer to an older one never overwrites a newer one. */
  requestId: string;
  requestedAt: string;
  verifiedAt: string | null;
  /** The lease the hub granted at its last verification. */
  leaseSeconds: number | null;
  leaseExpiresAt: string | null;
  lastPushAt: string | null;
  /** A poll found articles the hub had not pushed: polled as usual until a push arrives again. */
  missedAt: string | null;
  lastError: string | null;
  failures: number;
  /** When a failed or denied subscription is asked for again. */
  retryAt: string | null;
}

/** Time the hub has to verify a request (it may do so asynchronously) before the request counts as failed. */
export const VERIFICATION_TIMEOUT_MS = 5 * 60_000;
/** A lease is renewed when this share of it has passed. */
export const RENEW_AT_SHARE = 0.8;
/** A hub that gives no lease is asked again after this long. */
export const DEFAULT_LEASE_SECONDS = 86_400;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 6 * 3_600_000;

/** Whether pushes can be relied on now: verified, within its lease, and no article missed since the last push. */
export function isPushHealthy(subscription: WebSubSubscription | null, now: Date): boolean {
  if (subscription?.state !== 'active' || subscription.missedAt !== null) return false;
  return subscription.leaseExpiresAt !== null && Date.parse(subscription.leaseExpiresAt) > now.getTime();
}

/** Whether a delivery on this subscription may be taken: the hub verified it once and it was not given up. */
export function acceptsDeliveries(subscription: WebSubSubscription | null, now: Date): boolean {
  if (!subscription || subscription.verifiedAt === null) return false;
  if (subscription.state === 'active') return true;
  // a renewal that failed leaves the lease already granted in force
  return subscription.state === 'failed' && subscription.leaseExpiresAt !== null && Date.parse(subscription.leaseExpiresAt) > now.getTime();
}

/** When an active subscription's lease is renewed. */
export function renewalTime(subscription: WebSubSubscription): Date | null {
  if (subscription.verifiedAt === null) return null;
  const leaseMs = (subscription.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1_000;
  return new Date(Date.parse(subscription.verifiedAt) + leaseMs * RENEW_AT_SHARE);
}

/** Delay before asking again after the n-th failure in a row: doubling from a minute up to six hours. */
export function subscriptionRetryMs(failures: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
}

/** Whether the hub left the request sent last unverified for longer than it has (the request then failed). */
export function verificationOverdue(subscription: WebSubSubscription, now: Date): boolean {
  return subscription.pendingMode !== null && Date.parse(subscription.requestedAt) + VERIFICATION_TIMEOUT_MS <= now.getTime();
}

/** Why a feed's subscription should be (re)requested now, or null when it stands as it should. */
export type SubscribeReason = 'new' | 'changed' | 'renew' | 'expired' | 'retry' | 'missed';

/**
 * What to do about one configured feed's subscription, given the hub and topic it advertises (null: not known
 * from this call, keep the recorded ones) and the callback in force.
 */
export function subscribeReason(
  subscription: WebSubSubscription | null,
  wanted: { hub: string; topic: string; callback: string } | null,
  now: Date,
): SubscribeReason | null {
  if (!subscription) return wanted ? 'new' : null;
  const target = wanted ?? subscription;
  if (subscription.hub !== target.hub || subscription.topic !== target.topic || subscription.callback !== target.callback) return 'changed';
  const at = now.getTime();
  const retryDue = subscription.retryAt === null || Date.parse(subscription.retryAt) <= at;
  if (subscription.state === 'failed' || subscription.state === 'denied') return retryDue ? 'retry' : null;
  if (subscription.state === 'unsubscribing') return 'new';
  if (subscription.pendingMode !== null) return null;
  // active from here on
  if (subscription.leaseExpiresAt !== null && Date.parse(subscription.leaseExpiresAt) <= at) return 'expired';
  const renewAt = renewalTime(subscription);
  if (renewAt !== null && renewAt.getTime() <= at) return 'renew';
  if (subscription.missedAt !== null && Date.parse(subscription.requestedAt) < Date.parse(subscription.missedAt)) return 'missed';
  return null;
}
