import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createSqliteStateStore } from '../../../src/adapters/state/sqlite-state-store.js';
import { buildSettings } from '../../../src/config/build-settings.js';
import { configSchemaOf } from '../../../src/compose/chat-platforms.js';
import type { Alert } from '../../../src/core/alert.js';
import { CodedError } from '../../../src/core/errors.js';
import type { ChatSink, PostedMessage } from '../../../src/ports/chat-sink.js';
import type { JobQueue } from '../../../src/ports/job-queue.js';
import { silentLogger } from '../../../src/ports/logger.js';
import type { DeliveryRecord } from '../../../src/core/records/delivery.js';
import type { StateStore } from '../../../src/ports/state-store.js';
import { MAX_DELIVERY_ATTEMPTS } from '../../../src/pipeline/deliver-step.js';
import { startPipeline, type PipelineDependencies, type RunningPipeline } from '../../../src/pipeline/pipeline.js';
import { tempDir, waitFor } from './harness.js';

// The deliver step through the real pipeline wiring, the SQLite store and the in-process queue, with chat sinks
// scripted to be slow or failing: how channels share the deliver slots, and what becomes of alerts that fail.

const settings = buildSettings(
  configSchemaOf().parse({
    channels: { slow: { type: 'console' }, fast: { type: 'console' }, ops: { type: 'console' } },
    admin_channel: 'ops',
  }),
  'test.yaml',
  (path) => path,
);

function alertFor(articleKey: string, channelId: string): Alert {
  return {
    articleKey, channelId, title: `Story ${articleKey}`, url: null, source: 'Wire', publishedAt: null,
    topics: [{ id: 'cyber', name: 'Cyber', score: 1, terms: ['cyber'] }], summary: [], quotes: [],
    storyId: `story-${articleKey}`, otherSources: [], followUpOf: null,
  };
}

function pendingRecord(articleKey: string, channelId: string, n: number): DeliveryRecord {
  return {
    articleKey, channelId, alert: alertFor(articleKey, channelId), status: 'pending', attempts: 0,
    createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, n)).toISOString(), sentAt: null, lastError: null, posted: null,
  };
}

/**
 * A sink whose posts run `behaviour`, recording the article keys it was given, the message each reply went under,
 * and the notices it posted.
 */
function scriptedSink(channelId: string, behaviour: (alert: Alert) => Promise<void> = async () => undefined) {
  const posted: string[] = [];
  const repliedTo = new Map<string, string>();
  const notices: string[] = [];
  let sequence = 0;
  const message = (): PostedMessage => ({ channelId, messageRef: String((sequence += 1)), threadRef: null });
  const sink: ChatSink = {
    platform: 'test',
    async postAlert(alert, replyTo) {
      await behaviour(alert);
      posted.push(alert.articleKey);
      if (replyTo) repliedTo.set(alert.articleKey, replyTo.messageRef);
      return message();
    },
    async postDigest() {
      return message();
    },
    async postEscalation() {
      return message();
    },
    async postBrief() {
      return message();
    },
    async postNotice(text) {
      notices.push(text);
      return message();
    },
  };
  return { sink, posted, repliedTo, notices };
}

let store: StateStore;
let queue: JobQueue;
let pipeline: RunningPipeline | null = null;

afterEach(async () => {
  pipeline?.stop();
  await queue.close();
  await store.close();
});

async function start(sinks: Map<string, ChatSink>, records: DeliveryRecord[]): Promise<void> {
  store = createSqliteStateStore(join(tempDir(), 'state.sqlite'));
  queue = createInProcessQueue({ backoffMs: 5 });
  const unused = async (): Promise<never> => {
    throw new Error('no feeds in this test');
  };
  const deps: PipelineDependencies = {
    fetcher: { fetch: unused },
    parseFeed: unused,
    store,
    queue,
    clock: { now: () => new Date() },
    logger: silentLogger,
    settings: () => settings,
    sinks: () => sinks,
  };
  // The concurrency the app passes by default.
  pipeline = startPipeline(deps, { poll: 4, analyze: 2, deliver: 4 });
  for (const record of records) {
    await store.saveDelivery(record);
    await queue.add('deliver', `${record.articleKey}|${record.channelId}`, { articleKey: record.articleKey, channelId: record.channelId });
  }
}

describe('deliver lanes', () => {
  it('let one channel wait on its platform without holding back another, and keep each channel in order', async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const slow = scriptedSink('slow', () => blocked);
    const fast = scriptedSink('fast');
    const slowRecords = Array.from({ length: 12 }, (_, n) => pendingRecord(`s${String(n).padStart(2, '0')}`, 'slow', n));
    const fastRecords = Array.from({ length: 3 }, (_, n) => pendingRecord(`f${n}`, 'fast', 20 + n));
    await start(new Map([['slow', slow.sink], ['fast', fast.sink], ['ops', scriptedSink('ops').sink]]), [...slowRecords, ...fastRecords]);

    // Twelve alerts of the slow channel were queued first; the fast channel's three still go out at once.
    await waitFor(() => fast.posted.length === 3, 5_000, 'the fast channel');
    expect(slow.posted).toEqual([]);
    release();
    await queue.drain();
    expect(slow.posted).toEqual(slowRecords.map((record) => record.articleKey));
    expect((await store.listDeliveries({ status: 'sent' })).length).toBe(15);
  });

  it('retry a transient failure through the queue, then record it failed for replay and tell the admin channel once', async () => {
    const failing = scriptedSink('slow', async () => {
      throw new CodedError('delivery_transient', 'slack channel "slow" (C1): internal_error (gave up after 4 attempts)');
    });
    const ops = scriptedSink('ops');
    await start(new Map([['slow', failing.sink], ['ops', ops.sink]]), [pendingRecord('a1', 'slow', 1), pendingRecord('a2', 'slow', 2)]);
    await queue.drain();

    const failed = await store.listDeliveries({ status: 'failed', channelId: 'slow' });
    expect(failed.map((record) => [record.articleKey, record.attempts])).toEqual([
      ['a1', MAX_DELIVERY_ATTEMPTS],
      ['a2', MAX_DELIVERY_ATTEMPTS],
    ]);
    expect(failed[0]?.lastError).toContain('internal_error');
    // Nothing left to the queue's failed list: the delivery record is where a failed alert lives.
    expect((await queue.counts('deliver')).failed).toBe(0);
    expect(ops.notices).toHaveLength(1);
    expect(ops.notices[0]).toContain('Alerts to channel "slow" are not getting through');
    expect(ops.notices[0]).toContain('newswatch alerts replay --channel slow');
  });

  it('hold a follow-up back while the alert it follows is retried, then reply in its thread', async () => {
    let failures = 0;
    // The story's first alert fails once (a transient error): the queue retries it after the follow-up's turn.
    const desk = scriptedSink('slow', async (alert) => {
      if (alert.articleKey === 'p1' && failures === 0) {
        failures += 1;
        throw new CodedError('delivery_transient', 'slack channel "slow" (C1): internal_error (gave up after 4 attempts)');
      }
    });
    const parent = pendingRecord('p1', 'slow', 1);
    const followUp = pendingRecord('p2', 'slow', 2);
    followUp.alert = { ...followUp.alert, storyId: parent.alert.storyId, followUpOf: 'p1' };
    await start(new Map([['slow', desk.sink]]), [parent, followUp]);
    await queue.drain();

    expect(failures).toBe(1);
    expect(desk.posted).toEqual(['p1', 'p2']);
    const sentParent = await store.getDelivery('p1', 'slow');
    expect(desk.repliedTo.get('p2')).toBe(sentParent?.posted?.messageRef);
  });

  it('hand back the jobs still waiting in a lane when the pipeline stops; their alerts stay pending', async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    const slow = scriptedSink('slow', (alert) => {
      started.push(alert.articleKey);
      return blocked;
    });
    await start(new Map([['slow', slow.sink]]), [pendingRecord('b1', 'slow', 1), pendingRecord('b2', 'slow', 2), pendingRecord('b3', 'slow', 3)]);
    await waitFor(() => started.length === 1, 5_000, 'the first post');
    pipeline?.stop();
    release();
    await queue.drain();

    expect(slow.posted).toEqual(['b1']);
    const pending = await store.listDeliveries({ status: 'pending', channelId: 'slow' });
    expect(pending.map((record) => [record.articleKey, record.attempts])).toEqual([
      ['b2', 0],
      ['b3', 0],
    ]);
  });
});
