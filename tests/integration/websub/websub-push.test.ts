import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { waitUntil } from '../../support/wait-until.js';
import { feedWithHub, freshItem, scrapeMetrics, startPushRig, type PushRig } from './harness.js';

let rig: PushRig | null = null;
afterEach(async () => {
  await rig?.stop();
  rig = null;
});

/** Waits until the hub holds a verified subscription for the rig's feed; returns the request that made it. */
async function subscribed(current: PushRig): Promise<void> {
  await waitUntil(() => current.hub.active(current.topic).length === 1, 'the hub verified the subscription');
}

const sign = (method: string, secret: string, body: string): string => `${method}=${createHmac(method, secret).update(body).digest('hex')}`;

describe('WebSub push, end to end through the listener and the pipeline', () => {
  it('subscribes to the hub the feed advertises, alerts on a push, and polls slower while the hub pushes', async () => {
    rig = await startPushRig();
    await subscribed(rig);
    const [request] = rig.hub.requests;
    expect(request).toMatchObject({ mode: 'subscribe', topic: rig.topic, callback: rig.callback, verification: 'verified' });
    expect(request?.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await rig.app.subscriptions.get('wire')).toMatchObject({ state: 'active', hub: rig.hub.url, secret: request?.secret, leaseSeconds: 3_600 });

    // the next poll sees pushes can be relied on and waits the safety-net interval (1h) instead of 2s
    const app = rig.app;
    await waitUntil(async () => (await app.store.getFeedState('wire'))?.pushDeferred === true, 'a poll put the next one off');
    const state = await app.store.getFeedState('wire');
    expect(Date.parse(state?.nextPollAt ?? '') - Date.now()).toBeGreaterThan(30 * 60_000);

    const body = rig.publishToFeed([freshItem(2), ...rig.items]);
    const [delivery] = await rig.hub.publish(rig.topic, body);
    expect(delivery?.status).toBe(204);
    const current = rig;
    await waitUntil(() => current.alerts().some((alert) => alert.title === 'Ransomware attack number 2 hits hospital network'), 'the pushed article alerted');

    // the same content pushed again is taken, and deduplicated like a second poll
    expect((await rig.hub.publish(rig.topic, body))[0]?.status).toBe(204);
    await rig.app.queue.drain();
    expect(rig.alerts().map((alert) => alert.title)).toEqual(['Ransomware attack number 2 hits hospital network']);

    // a restart keeps the subscription and its secret: the next push is taken without asking the hub again
    await rig.restart();
    const again = rig.publishToFeed([freshItem(3), ...rig.items]);
    expect((await rig.hub.publish(rig.topic, again))[0]?.status).toBe(204);
    await waitUntil(() => current.alerts().some((alert) => alert.title === 'Ransomware attack number 3 hits hospital network'), 'the push after the restart alerted');
    expect(rig.hub.requests).toHaveLength(1);

    await rig.app.stop();
    const listing = await runCli(['--config', rig.configPath, '--data-dir', rig.dataDir, 'feeds'], { env: { PUBLIC_URL: rig.publicUrl } });
    expect(listing.stdout).toMatch(new RegExp(`push: {9}subscribed at ${rig.hub.url.replace(/[.]/g, '\\.')}, lease until \\S+; polled every 1h as the safety net`));
  });

  it('refuses unsigned, forged and unsubscribed pushes and counts each in /metrics', async () => {
    rig = await startPushRig({ method: 'sha512' });
    await subscribed(rig);
    const secret = rig.hub.requests[0]?.secret ?? '';
    const body = feedWithHub('Wire', [freshItem(4)], rig.hub.url, rig.topic);
    const post = (url: string, headers: Record<string, string>): Promise<Response> =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/rss+xml', ...headers }, body });

    expect((await post(rig.callback, {})).status).toBe(403);
    expect((await post(rig.callback, { 'x-hub-signature': sign('sha256', 'not-the-secret', body) })).status).toBe(403);
    expect((await post(rig.callback, { 'x-hub-signature': `md5=${'0'.repeat(32)}` })).status).toBe(403);
    expect((await post(`${rig.publicUrl}/websub/not-a-feed`, { 'x-hub-signature': sign('sha256', secret, body) })).status).toBe(410);
    await rig.app.queue.drain();
    expect(rig.alerts()).toEqual([]);

    // each of the four digests the Recommendation names is taken
    for (const method of ['sha1', 'sha256', 'sha384']) expect((await post(rig.callback, { 'x-hub-signature': sign(method, secret, body) })).status).toBe(204);
    expect((await rig.hub.publish(rig.topic, body))[0]?.status).toBe(204);
    const current = rig;
    await waitUntil(() => current.alerts().length === 1, 'the signed push alerted');

    const metrics = await scrapeMetrics(rig.port);
    expect(metrics.get('newswatch_websub_pushes_total{result="unsigned"}')).toBe(1);
    expect(metrics.get('newswatch_websub_pushes_total{result="bad_signature"}')).toBe(2);
    expect(metrics.get('newswatch_websub_pushes_total{result="not_subscribed"}')).toBe(1);
    expect(metrics.get('newswatch_websub_pushes_total{result="accepted"}')).toBe(4);
    expect(metrics.get('newswatch_websub_subscriptions{state="active"}')).toBe(1);
    expect(rig.logs().filter((line) => line.msg === 'WebSub delivery refused').map((line) => line['result'])).toEqual(['unsigned', 'bad_signature', 'bad_signature', 'not_subscribed']);
  });

  it('echoes the challenge only for a mode and topic it asked for', async () => {
    rig = await startPushRig();
    await subscribed(rig);
    const verify = async (feed: string, mode: string, topic: string): Promise<{ status: number; body: string }> => {
      const url = new URL(`${rig?.publicUrl}/websub/${feed}`);
      for (const [name, value] of Object.entries({ 'hub.mode': mode, 'hub.topic': topic, 'hub.challenge': 'c-123', 'hub.lease_seconds': '60' })) url.searchParams.set(name, value);
      const response = await fetch(url);
      return { status: response.status, body: await response.text() };
    };
    expect(await verify('wire', 'subscribe', 'https://elsewhere.example.test/feed.xml')).toEqual({ status: 404, body: '' });
    expect(await verify('wire', 'unsubscribe', rig.topic)).toEqual({ status: 404, body: '' });
    expect(await verify('not-a-feed', 'subscribe', rig.topic)).toEqual({ status: 404, body: '' });
    expect((await scrapeMetrics(rig.port)).get('newswatch_websub_verifications_total{result="refused"}')).toBe(3);
    // the subscription it asked for stands, with the hub's lease
    expect(await rig.app.subscriptions.get('wire')).toMatchObject({ state: 'active', leaseSeconds: 3_600 });
  });

  it('renews a lease about to expire, with the same callback and secret', async () => {
    rig = await startPushRig({ leaseSeconds: 4 });
    await subscribed(rig);
    const current = rig;
    const first = await rig.app.subscriptions.get('wire');
    await waitUntil(() => current.hub.requests.filter((request) => request.verification === 'verified').length >= 2, 'the hub verified a renewal', 15_000);
    const [original, renewal] = rig.hub.requests;
    expect(renewal).toMatchObject({ mode: 'subscribe', topic: rig.topic, callback: original?.callback, secret: original?.secret });
    const renewed = await rig.app.subscriptions.get('wire');
    expect(Date.parse(renewed?.leaseExpiresAt ?? '')).toBeGreaterThan(Date.parse(first?.leaseExpiresAt ?? ''));
    expect(renewed?.state).toBe('active');
  });

  it('falls back to polling when the hub goes away, and loses no article', async () => {
    rig = await startPushRig({ leaseSeconds: 4 });
    await subscribed(rig);
    const app = rig.app;
    await waitUntil(async () => (await app.store.getFeedState('wire'))?.pushDeferred === true, 'a poll put the next one off');
    const pushed = rig.publishToFeed([freshItem(5), ...rig.items]);
    expect((await rig.hub.publish(rig.topic, pushed))[0]?.status).toBe(204);
    const current = rig;
    await waitUntil(() => current.alerts().length === 1, 'the pushed article alerted');

    await rig.hub.close();
    rig.publishToFeed([freshItem(6), ...rig.items]);
    await waitUntil(() => current.alerts().some((alert) => alert.title === 'Ransomware attack number 6 hits hospital network'), 'the fallback poll alerted', 20_000);
    expect(rig.alerts().map((alert) => alert.title)).toEqual(['Ransomware attack number 5 hits hospital network', 'Ransomware attack number 6 hits hospital network']);
    const subscription = await rig.app.subscriptions.get('wire');
    expect(subscription?.state).toBe('failed');
    expect(subscription?.lastError).toContain(`hub ${rig.hub.url}: refused the connection`);
  });

  it('unsubscribes when the feed is removed, then refuses its pushes', async () => {
    rig = await startPushRig();
    await subscribed(rig);
    const secret = rig.hub.requests[0]?.secret ?? '';
    writeFileSync(rig.configPath, 'defaults:\n  allow_private_addresses: true\nscheduler:\n  tick: 1s\nchannels:\n  console: { type: console }\ntopics:\n  - id: cyber\n    name: Cyber\n    query: ransomware\n    channels: [console]\n');
    expect(await rig.app.reloadConfig()).toBe(true);
    const current = rig;
    const app = rig.app;
    await waitUntil(async () => current.hub.active().length === 0 && (await app.subscriptions.get('wire')) === null, 'the hub verified the unsubscription');
    expect(rig.hub.requests.at(-1)).toMatchObject({ mode: 'unsubscribe', topic: rig.topic, callback: rig.callback, verification: 'verified' });
    const body = feedWithHub('Wire', [freshItem(7)], rig.hub.url, rig.topic);
    const response = await fetch(rig.callback, { method: 'POST', headers: { 'x-hub-signature': sign('sha256', secret, body) }, body });
    expect(response.status).toBe(410);
  });

  it('takes a denial, and polls as usual meanwhile', async () => {
    rig = await startPushRig({ denyWith: 'topic not served\u0007 here' });
    const app = rig.app;
    await waitUntil(async () => (await app.subscriptions.get('wire'))?.state === 'denied', 'the denial was recorded');
    const denied = await app.subscriptions.get('wire');
    expect(denied).toMatchObject({ lastError: 'topic not served here', failures: 1, pendingMode: null });
    expect(Date.parse(denied?.retryAt ?? '')).toBeGreaterThan(Date.now());
    expect((await scrapeMetrics(rig.port)).get('newswatch_websub_verifications_total{result="denied"}')).toBe(1);
    // polled every 2s as before while the denial stands
    const polled = (await app.store.getFeedState('wire'))?.lastPollAt ?? '';
    await waitUntil(async () => ((await app.store.getFeedState('wire'))?.lastPollAt ?? '') > polled, 'the feed was polled again');
    expect((await app.store.getFeedState('wire'))?.pushDeferred).toBe(false);
  });

  it('stays off without PUBLIC_URL, and `newswatch feeds` says why', async () => {
    rig = await startPushRig({ push: false });
    const app = rig.app;
    await waitUntil(async () => (await app.store.getFeedState('wire'))?.lastSuccessAt != null, 'the feed was polled');
    await rig.app.stop();
    expect(rig.hub.requests).toEqual([]);
    const listing = await runCli(['--config', rig.configPath, '--data-dir', rig.dataDir, 'feeds']);
    expect(listing.stdout).toContain(`push:         off: PUBLIC_URL is not set, so no hub can reach a callback (the feed advertises the hub ${rig.hub.url})`);
  });
});
