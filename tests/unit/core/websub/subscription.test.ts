import { describe, expect, it } from 'vitest';
import { acceptsDeliveries, isPushHealthy, renewalTime, subscribeReason, subscriptionRetryMs, verificationOverdue, type WebSubSubscription } from '../../../../src/core/websub/subscription.js';
import { makeSubscription } from '../../../contract/subscription-store.contract.js';

const at = (iso: string): Date => new Date(iso);
const target = { hub: 'https://hub.example.test/', topic: 'https://news.example.test/wire.xml', callback: 'https://newswatch.example.test/websub/wire' };
const active = (overrides: Partial<WebSubSubscription> = {}): WebSubSubscription =>
  makeSubscription('wire', {
    state: 'active',
    pendingMode: null,
    verifiedAt: '2024-05-01T10:00:00.000Z',
    leaseSeconds: 1_000,
    leaseExpiresAt: '2024-05-01T10:16:40.000Z',
    ...overrides,
  });

describe('subscription decisions', () => {
  it('subscribes a feed that advertises a hub, and follows a new hub, topic or callback', () => {
    expect(subscribeReason(null, target, at('2024-05-01T10:00:00Z'))).toBe('new');
    expect(subscribeReason(null, null, at('2024-05-01T10:00:00Z'))).toBeNull();
    expect(subscribeReason(active(), { ...target, hub: 'https://other-hub.example.test/' }, at('2024-05-01T10:01:00Z'))).toBe('changed');
    expect(subscribeReason(active(), { ...target, callback: 'https://moved.example.test/websub/wire' }, at('2024-05-01T10:01:00Z'))).toBe('changed');
    expect(subscribeReason(active(), target, at('2024-05-01T10:01:00Z'))).toBeNull();
  });

  it('renews at 80% of the lease, and asks again once it lapsed', () => {
    expect(renewalTime(active())?.toISOString()).toBe('2024-05-01T10:13:20.000Z');
    expect(subscribeReason(active(), target, at('2024-05-01T10:13:19Z'))).toBeNull();
    expect(subscribeReason(active(), target, at('2024-05-01T10:13:20Z'))).toBe('renew');
    expect(subscribeReason(active(), target, at('2024-05-01T10:17:00Z'))).toBe('expired');
    // a renewal already asked for waits for its verification
    expect(subscribeReason(active({ pendingMode: 'subscribe', requestedAt: '2024-05-01T10:13:20.000Z' }), target, at('2024-05-01T10:14:00Z'))).toBeNull();
  });

  it('asks again after a failure only once its backoff passed', () => {
    const failed = active({ state: 'failed', failures: 2, retryAt: '2024-05-01T10:05:00.000Z' });
    expect(subscribeReason(failed, target, at('2024-05-01T10:04:59Z'))).toBeNull();
    expect(subscribeReason(failed, target, at('2024-05-01T10:05:00Z'))).toBe('retry');
    expect([1, 2, 3, 10, 20].map(subscriptionRetryMs)).toEqual([60_000, 120_000, 240_000, 21_600_000, 21_600_000]);
  });

  it('gives a hub five minutes to verify', () => {
    const pending = makeSubscription('wire', { requestedAt: '2024-05-01T10:00:00.000Z' });
    expect(verificationOverdue(pending, at('2024-05-01T10:04:59Z'))).toBe(false);
    expect(verificationOverdue(pending, at('2024-05-01T10:05:00Z'))).toBe(true);
    expect(verificationOverdue(active(), at('2024-05-02T10:00:00Z'))).toBe(false);
  });

  it('relies on pushes only while verified, within the lease and missing nothing', () => {
    expect(isPushHealthy(active(), at('2024-05-01T10:05:00Z'))).toBe(true);
    expect(isPushHealthy(active(), at('2024-05-01T10:17:00Z'))).toBe(false);
    expect(isPushHealthy(active({ missedAt: '2024-05-01T10:04:00.000Z' }), at('2024-05-01T10:05:00Z'))).toBe(false);
    expect(isPushHealthy(makeSubscription('wire'), at('2024-05-01T10:05:00Z'))).toBe(false);
    // a poll that found unpushed articles asks the hub again once
    const missed = active({ requestedAt: '2024-05-01T09:59:00.000Z', missedAt: '2024-05-01T10:04:00.000Z' });
    expect(subscribeReason(missed, target, at('2024-05-01T10:05:00Z'))).toBe('missed');
    expect(subscribeReason({ ...missed, requestedAt: '2024-05-01T10:04:30.000Z' }, target, at('2024-05-01T10:05:00Z'))).toBeNull();
  });

  it('takes deliveries on a verified subscription, and on a failed renewal until its lease ends', () => {
    expect(acceptsDeliveries(active(), at('2024-05-01T10:05:00Z'))).toBe(true);
    expect(acceptsDeliveries(makeSubscription('wire'), at('2024-05-01T10:05:00Z'))).toBe(false);
    expect(acceptsDeliveries(active({ state: 'failed' }), at('2024-05-01T10:05:00Z'))).toBe(true);
    expect(acceptsDeliveries(active({ state: 'failed' }), at('2024-05-01T10:17:00Z'))).toBe(false);
    expect(acceptsDeliveries(active({ state: 'unsubscribing' }), at('2024-05-01T10:05:00Z'))).toBe(false);
    expect(acceptsDeliveries(active({ state: 'denied' }), at('2024-05-01T10:05:00Z'))).toBe(false);
  });
});
