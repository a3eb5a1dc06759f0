import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createRedisStateStore } from '../../../src/adapters/state/redis-state-store.js';
import { createSqliteStateStore } from '../../../src/adapters/state/sqlite-state-store.js';
import { buildSettings } from '../../../src/config/build-settings.js';
import { configSchemaOf } from '../../../src/compose/chat-platforms.js';
import type { Alert } from '../../../src/core/alert.js';
import type { ChatSink, PostedMessage } from '../../../src/ports/chat-sink.js';
import type { JobQueue } from '../../../src/ports/job-queue.js';
import type { Logger } from '../../../src/ports/logger.js';
import type { StateStore } from '../../../src/ports/state-store.js';
import { createChannelLanes } from '../../../src/pipeline/channel-lanes.js';
import { deliverAlert, type DeliverDependencies } from '../../../src/pipeline/deliver-step.js';
import { makeDelivery } from '../../contract/state-records.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix } from '../../support/redis.js';
import { waitUntil } from '../../support/wait-until.js';

// The deliver step of two processes on one store (two store instances, two queues, two sinks to one channel):
// the same alert handed to both, as a job whose lock lapsed is, goes out once; a follow-up handed to one while
// the other posts the alert it follows waits for it.

const settings = buildSettings(configSchemaOf().parse({ channels: { news: { type: 'console' } } }), 'test.yaml', (path) => path);

/**
 * A sink to the one channel, recording what it posted and what each reply went under; `hold` keeps each post
 * waiting until released.
 */
function recordingSink(hold = false) {
  const posted: string[] = [];
  const repliedTo = new Map<string, string>();
  let release: () => void = () => undefined;
  let started: () => void = () => undefined;
  const postStarted = new Promise<void>((resolve) => (started = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const sink: ChatSink = {
    platform: 'test',
    async postAlert(alert: Alert, replyTo?: PostedMessage) {
      started();
      if (hold) await released;
      posted.push(alert.articleKey);
      if (replyTo) repliedTo.set(alert.articleKey, replyTo.messageRef);
      return { channelId: 'news', messageRef: `m${posted.length}`, threadRef: null };
    },
    postDigest: async () => ({ channelId: 'news', messageRef: 'd', threadRef: null }),
    postEscalation: async () => ({ channelId: 'news', messageRef: 'e', threadRef: null }),
    postBrief: async () => ({ channelId: 'news', messageRef: 'b', threadRef: null }),
    postNotice: async () => ({ channelId: 'news', messageRef: 'n', threadRef: null }),
  };
  return { sink, posted, repliedTo, postStarted, release };
}

/** A logger keeping messages, to see what a process did. */
function keptLogger(): Logger & { messages: string[] } {
  const messages: string[] = [];
  const keep = (_fields: object, message: string): void => void messages.push(message);
  return { messages, debug: keep, info: keep, warn: keep, error: keep };
}

/** One process: its store instance, its queue running deliver jobs in lanes, its sink. */
function startProcess(store: StateStore, sink: ChatSink, claimTtlMs?: number) {
  const queue: JobQueue = createInProcessQueue({ backoffMs: 5 });
  const logger = keptLogger();
  const deps: DeliverDependencies = {
    store,
    queue,
    clock: { now: () => new Date() },
    logger,
    settings: () => settings,
    sinks: () => new Map([['news', sink]]),
    ...(claimTtlMs === undefined ? {} : { claimTtlMs }),
  };
  const lanes = createChannelLanes();
  queue.process(
    'deliver',
    (data) => lanes.run(data['channelId'] ?? '', () => deliverAlert(data['articleKey'] ?? '', data['channelId'] ?? '', deps, { waitingForParentSince: data['waitingForParentSince'] })),
    10,
  );
  return { queue, logger, deps };
}

type Backend = { name: string; open: () => Promise<{ stores: [StateStore, StateStore]; dispose: () => Promise<void> }> };

const backends: Backend[] = [
  {
    name: 'SQLite, two connections to one file',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nw-claims-'));
      const stores: [StateStore, StateStore] = [createSqliteStateStore(join(dir, 'state.sqlite')), createSqliteStateStore(join(dir, 'state.sqlite'))];
      return {
        stores,
        dispose: async () => {
          for (const store of stores) await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'Redis, two connections',
    open: async () => {
      const prefix = createTestPrefix();
      const clients: Redis[] = [await connectTestRedis(), await connectTestRedis()];
      const stores: [StateStore, StateStore] = [createRedisStateStore(clients[0] as Redis, { prefix }), createRedisStateStore(clients[1] as Redis, { prefix })];
      return {
        stores,
        dispose: async () => {
          await deleteKeysWithPrefix(clients[0] as Redis, prefix);
          for (const client of clients) client.disconnect();
        },
      };
    },
  },
];

describe.each(backends)('delivery claims on $name', ({ open }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Two processes on one store's data: A posts through a sink that holds its post until released, B posts freely. */
  const startRivals = (storeA: StateStore, storeB: StateStore, claimTtlMs?: number) => {
    const slowSink = recordingSink(true);
    const otherSink = recordingSink();
    const a = startProcess(storeA, slowSink.sink, claimTtlMs);
    const b = startProcess(storeB, otherSink.sink, claimTtlMs);
    cleanups.push(async () => {
      slowSink.release();
      await a.queue.close();
      await b.queue.close();
    });
    return { slowSink, otherSink, a, b };
  };

  const setUp = async () => {
    const { stores, dispose } = await open();
    cleanups.push(dispose);
    return stores;
  };

  it('posts an alert handed to two processes at once only once', async () => {
    const [storeA, storeB] = await setUp();
    await storeA.saveDelivery(makeDelivery('art', 'news', '2024-05-01T10:00:00.000Z'));
    const { slowSink, otherSink, a, b } = startRivals(storeA, storeB);

    // Process A claims and starts posting; B, handed the same job meanwhile, finds A's claim and stands back.
    await a.queue.add('deliver', 'art|news', { articleKey: 'art', channelId: 'news' });
    await slowSink.postStarted;
    await deliverAlert('art', 'news', b.deps);
    expect(otherSink.posted).toEqual([]);
    expect(b.logger.messages).toContain('alert claimed by another process; checking again once the claim lapses');
    // B queued a check of its own for when A's claim would lapse.
    expect((await b.queue.counts('deliver')).delayed).toBe(1);

    slowSink.release();
    await a.queue.drain();
    expect(slowSink.posted).toEqual(['art']);
    const sent = await storeB.getDelivery('art', 'news');
    expect(sent?.status).toBe('sent');
    expect(sent?.posted?.messageRef).toBe('m1');
    // B's check, or any later run of the job, finds the alert done.
    await deliverAlert('art', 'news', b.deps);
    expect(otherSink.posted).toEqual([]);
  });

  it('holds a follow-up in one process until another has posted the alert it follows, then replies in its thread', async () => {
    const [storeA, storeB] = await setUp();
    await storeA.saveDelivery(makeDelivery('first', 'news', '2024-05-01T10:00:00.000Z', { alert: { storyId: 'story-port' } }));
    await storeA.saveDelivery(makeDelivery('rewrite', 'news', '2024-05-01T10:01:00.000Z', { alert: { storyId: 'story-port', followUpOf: 'first' } }));
    const { slowSink, otherSink, a, b } = startRivals(storeA, storeB);

    // A is posting the story's first alert when B is handed the follow-up.
    await a.queue.add('deliver', 'first|news', { articleKey: 'first', channelId: 'news' });
    await slowSink.postStarted;
    await b.queue.add('deliver', 'rewrite|news', { articleKey: 'rewrite', channelId: 'news' });
    const waits = (): number => b.logger.messages.filter((message) => message === 'follow-up waits for the alert it follows').length;
    await waitUntil(() => waits() >= 2, 'the follow-up to be checked twice while the first alert is being posted');
    expect(otherSink.posted).toEqual([]);

    slowSink.release();
    await a.queue.drain();
    await waitUntil(() => otherSink.posted.length > 0, 'the follow-up posted once the first alert went out');
    await b.queue.drain();
    expect(slowSink.posted).toEqual(['first']);
    expect(otherSink.posted).toEqual(['rewrite']);
    expect(otherSink.repliedTo.get('rewrite')).toBe((await storeB.getDelivery('first', 'news'))?.posted?.messageRef);
  });

  it('posts the alert once the claim of a process that died mid-post lapses', async () => {
    const [storeA, storeB] = await setUp();
    await storeA.saveDelivery(makeDelivery('art', 'news', '2024-05-01T10:00:00.000Z'));
    // A process claimed the post and died: its claim lapses in 300 ms, never completed.
    expect(await storeA.claimDelivery('art', 'news', 'dead-process', 300, new Date())).toEqual({ status: 'claimed' });
    const sink = recordingSink();
    const b = startProcess(storeB, sink.sink);
    cleanups.push(() => b.queue.close());

    await b.queue.add('deliver', 'art|news', { articleKey: 'art', channelId: 'news' });
    await waitUntil(() => sink.posted.length > 0, 'the alert posted after the dead claim lapsed');
    await b.queue.drain();
    expect(sink.posted).toEqual(['art']);
    expect((await storeA.getDelivery('art', 'news'))?.status).toBe('sent');
    expect(await storeA.claimDelivery('art', 'news', 'later', 60_000, new Date())).toEqual({ status: 'done' });
  });

  it('keeps the claim through a post slower than the claim, renewing it', async () => {
    const [storeA, storeB] = await setUp();
    await storeA.saveDelivery(makeDelivery('art', 'news', '2024-05-01T10:00:00.000Z'));
    // Claims of 300 ms, renewed every 100 ms while A's post waits for well over a claim's life.
    const { slowSink, otherSink, a, b } = startRivals(storeA, storeB, 300);
    await a.queue.add('deliver', 'art|news', { articleKey: 'art', channelId: 'news' });
    await slowSink.postStarted;
    await new Promise((resolve) => setTimeout(resolve, 700));
    await deliverAlert('art', 'news', b.deps);
    expect(otherSink.posted).toEqual([]);
    slowSink.release();
    await a.queue.drain();
    await b.queue.drain();
    expect(slowSink.posted).toEqual(['art']);
    expect(otherSink.posted).toEqual([]);
    expect(a.logger.messages).not.toContain('the claim on this alert lapsed during its post; another process may have posted it too');
  });

  it('lets a retry claim at once after a failed post', async () => {
    const [store] = await setUp();
    await store.saveDelivery(makeDelivery('art', 'news', '2024-05-01T10:00:00.000Z'));
    let failures = 1;
    const posted: string[] = [];
    const flaky: ChatSink = {
      platform: 'test',
      async postAlert(alert) {
        if (failures-- > 0) throw new Error('socket hang up');
        posted.push(alert.articleKey);
        return { channelId: 'news', messageRef: 'm1', threadRef: null };
      },
      postDigest: async () => ({ channelId: 'news', messageRef: 'd', threadRef: null }),
      postEscalation: async () => ({ channelId: 'news', messageRef: 'e', threadRef: null }),
      postBrief: async () => ({ channelId: 'news', messageRef: 'b', threadRef: null }),
      postNotice: async () => ({ channelId: 'news', messageRef: 'n', threadRef: null }),
    };
    const a = startProcess(store, flaky);
    cleanups.push(() => a.queue.close());
    await a.queue.add('deliver', 'art|news', { articleKey: 'art', channelId: 'news' });
    await a.queue.drain();
    // The retry came 5 ms later, long before a claim of 30 s would lapse: the failed post released it.
    expect(posted).toEqual(['art']);
    expect(await store.getDelivery('art', 'news')).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
