import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/core/errors.js';
import type { JobQueue } from '../../src/ports/job-queue.js';

/** Retry settings every adapter under test takes, kept short so the suite is fast. */
export interface QueueTestOptions {
  attempts: number;
  backoffMs: number;
}

/** Makes a fresh, empty queue; `dispose` closes it and removes everything it left. */
export type JobQueueFactory = (options: QueueTestOptions) => Promise<{ queue: JobQueue; dispose: () => Promise<void> }>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

/** A promise with its resolve function, to hold a handler until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** The behaviour every JobQueue adapter must show, run once per adapter by swapping the factory. */
export function describeJobQueueContract(name: string, factory: JobQueueFactory): void {
  describe(`JobQueue contract: ${name}`, () => {
    const disposers: (() => Promise<void>)[] = [];
    const open = async (options: Partial<QueueTestOptions> = {}): Promise<JobQueue> => {
      const { queue, dispose } = await factory({ attempts: 3, backoffMs: 20, ...options });
      disposers.push(dispose);
      return queue;
    };
    afterEach(async () => {
      for (const dispose of disposers.splice(0)) await dispose();
    });

    it('drains at once when nothing is queued', async () => {
      const queue = await open();
      await queue.drain();
      expect(await queue.counts('poll')).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    });

    it('runs a job added twice with the same id once while it exists, and again once it finished', async () => {
      const queue = await open();
      const runs: string[] = [];
      await queue.add('analyze', 'link:abc', { key: 'link:abc' });
      await queue.add('analyze', 'link:abc', { key: 'link:abc' });
      await queue.add('analyze', 'link:other', { key: 'link:other' });
      expect((await queue.counts('analyze')).waiting).toBe(2);
      const hold = gate();
      queue.process('analyze', async (data) => {
        runs.push(data['key'] ?? '');
        if (data['key'] === 'link:abc') await hold.promise;
      }, 2);
      await waitFor(() => runs.includes('link:abc'));
      // Still running: adding it again does nothing.
      await queue.add('analyze', 'link:abc', { key: 'link:abc' });
      hold.open();
      await queue.drain();
      expect(runs.sort()).toEqual(['link:abc', 'link:other']);
      // Finished: the same id is a new job, and the state store keeps the work exactly-once.
      await queue.add('analyze', 'link:abc', { key: 'link:abc' });
      await queue.drain();
      expect(runs.filter((key) => key === 'link:abc')).toHaveLength(2);
    });

    it('runs a job again when it is added, delayed or not, after it failed every attempt', async () => {
      const queue = await open({ attempts: 1, backoffMs: 5 });
      const runs: string[] = [];
      queue.process('deliver', async (data) => {
        runs.push(data['round'] ?? '');
        if (data['round'] === 'first') throw new Error('channel down');
      }, 1);
      await queue.add('deliver', 'a|slack', { round: 'first' });
      await queue.drain();
      expect((await queue.counts('deliver')).failed).toBe(1);
      await queue.add('deliver', 'a|slack', { round: 'second' }, { delayMs: 20 });
      await queue.drain();
      await queue.add('deliver', 'a|slack', { round: 'third' });
      await queue.drain();
      expect(runs).toEqual(['first', 'second', 'third']);
    });

    it('retries a failing job with growing delays until it succeeds', async () => {
      const queue = await open({ attempts: 4, backoffMs: 40 });
      const times: number[] = [];
      queue.process('deliver', async () => {
        times.push(Date.now());
        if (times.length < 3) throw new Error('HTTP 503');
      }, 1);
      await queue.add('deliver', 'link:a|slack', { articleKey: 'link:a', channelId: 'slack' });
      await queue.drain();
      expect(times).toHaveLength(3);
      const [first = 0, second = 0, third = 0] = times;
      expect(second - first).toBeGreaterThanOrEqual(35);
      expect(third - second).toBeGreaterThanOrEqual(75);
      expect(await queue.failed('deliver', 10)).toEqual([]);
    });

    it('keeps a job that failed every attempt, with its reason', async () => {
      const queue = await open({ attempts: 3, backoffMs: 5 });
      queue.process('poll', async () => {
        throw new Error('still down');
      }, 1);
      await queue.add('poll', 'feed-a', { feedId: 'feed-a' });
      await queue.drain();
      const [failed] = await queue.failed('poll', 10);
      expect(failed).toMatchObject({ queue: 'poll', id: 'feed-a', data: { feedId: 'feed-a' }, reason: 'still down', attempts: 3 });
      expect(Number.isNaN(Date.parse(failed?.failedAt ?? ''))).toBe(false);
    });

    it('fails a PermanentError at once, keeps it with its reason, and re-runs it on retryFailed', async () => {
      const queue = await open({ attempts: 5, backoffMs: 5 });
      let runs = 0;
      let channelBack = false;
      queue.process('deliver', async () => {
        runs += 1;
        if (!channelBack) throw new PermanentError('delivery_permanent', 'channel_not_found: the channel was deleted');
      }, 1);
      const id = 'link:9f|team:alerts';
      await queue.add('deliver', id, { articleKey: 'link:9f', channelId: 'team:alerts' });
      await queue.drain();
      expect(runs).toBe(1);
      expect(await queue.failed('deliver', 10)).toMatchObject([
        { queue: 'deliver', id, data: { articleKey: 'link:9f', channelId: 'team:alerts' }, reason: 'channel_not_found: the channel was deleted', attempts: 1 },
      ]);
      expect((await queue.counts('deliver')).failed).toBe(1);

      channelBack = true;
      expect(await queue.retryFailed('deliver')).toBe(1);
      await queue.drain();
      expect(runs).toBe(2);
      expect(await queue.failed('deliver', 10)).toEqual([]);
      expect((await queue.counts('deliver')).failed).toBe(0);
      expect(await queue.retryFailed('deliver')).toBe(0);
    });

    it('gives a retried job a full set of attempts again', async () => {
      const queue = await open({ attempts: 2, backoffMs: 5 });
      let runs = 0;
      queue.process('poll', async () => {
        runs += 1;
        throw new Error(`down ${runs}`);
      }, 1);
      await queue.add('poll', 'feed-b', { feedId: 'feed-b' });
      await queue.drain();
      expect(runs).toBe(2);
      expect(await queue.retryFailed('poll')).toBe(1);
      await queue.drain();
      expect(runs).toBe(4);
      expect(await queue.failed('poll', 10)).toMatchObject([{ id: 'feed-b', reason: 'down 4', attempts: 2 }]);
    });

    it('lists failures oldest first, up to the limit, with ids given back unchanged', async () => {
      const queue = await open({ attempts: 1 });
      queue.process('analyze', async (data) => {
        throw new PermanentError('delivery_permanent', `bad ${data['n']}`);
      }, 1);
      const ids = ['hash:1a2b', '42', 'a%3Ab:c|d', '%i7'];
      for (const [n, id] of ids.entries()) {
        await queue.add('analyze', id, { n: String(n) });
        await queue.drain();
      }
      expect((await queue.failed('analyze', 10)).map((job) => [job.id, job.reason])).toEqual(ids.map((id, n) => [id, `bad ${n}`]));
      expect((await queue.failed('analyze', 2)).map((job) => job.id)).toEqual(ids.slice(0, 2));
      expect(await queue.failed('analyze', 0)).toEqual([]);
    });

    it('waits in drain for delayed jobs and for jobs that handlers add', async () => {
      const queue = await open();
      const done: string[] = [];
      queue.process('poll', async (data) => {
        done.push(`poll ${data['feedId']}`);
        await queue.add('analyze', `link:${data['feedId']}`, { key: `link:${data['feedId']}` }, { delayMs: 150 });
      }, 1);
      queue.process('analyze', async (data) => {
        done.push(`analyze ${data['key']}`);
        await queue.add('deliver', `${data['key']}|c1`, { articleKey: data['key'] ?? '' });
      }, 1);
      queue.process('deliver', async (data) => {
        await sleep(20);
        done.push(`deliver ${data['articleKey']}`);
      }, 1);
      const started = Date.now();
      await queue.add('poll', 'feed-x', { feedId: 'feed-x' }, { delayMs: 50 });
      expect((await queue.counts('poll')).delayed).toBe(1);
      await queue.drain();
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(done).toEqual(['poll feed-x', 'analyze link:feed-x', 'deliver link:feed-x']);
    });

    it('never runs more jobs of a queue at once than its concurrency', async () => {
      const queue = await open();
      let running = 0;
      let most = 0;
      let finished = 0;
      queue.process('deliver', async () => {
        running += 1;
        most = Math.max(most, running);
        await sleep(60);
        running -= 1;
        finished += 1;
      }, 3);
      for (let i = 0; i < 9; i += 1) await queue.add('deliver', `job-${i}`, { i: String(i) });
      await queue.drain();
      expect(finished).toBe(9);
      expect(most).toBe(3);
    });

    it('lets running jobs finish when closed', async () => {
      const { queue, dispose } = await factory({ attempts: 3, backoffMs: 20 });
      let started = false;
      let finished = false;
      queue.process('analyze', async () => {
        started = true;
        await sleep(200);
        finished = true;
      }, 1);
      await queue.add('analyze', 'slow', { key: 'slow' });
      await waitFor(() => started);
      await queue.close();
      expect(finished).toBe(true);
      await expect(queue.add('analyze', 'late', { key: 'late' })).rejects.toThrow();
      await dispose();
    });
  });
}
