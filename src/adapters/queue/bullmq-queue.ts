import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { describeError, isPermanent } from '../../core/errors.js';
import type { FailedJob, JobQueue, QueueCounts, QueueName } from '../../ports/job-queue.js';
import { decodeJobId, encodeJobId } from './bullmq-job-id.js';
import { awaitRedisReady, createRedisClient, isConnectionError, isCluster, quitRedisClient, type RedisConnectionSpec } from './redis-connection.js';

export { checkRedisMemoryPolicy } from './check-redis-memory-policy.js';

type JobData = Record<string, string>;

export interface BullmqQueueOptions {
  /** Where Redis is: a URL (`redis://`, `rediss://`, `redis+sentinel://`, `redis+cluster://`) or the options. */
  connection: RedisConnectionSpec;
  /** Namespace of every key (BullMQ's `prefix`), so several deployments or test runs share one Redis. */
  prefix: string;
  /** Tries per job, the first included (default 5). */
  attempts?: number;
  /** First retry delay; each later retry waits twice as long (default 1 s). */
  backoffMs?: number;
  /** Failed jobs kept per queue for inspection and replay (default 1,000). */
  maxFailedKept?: number;
  /** How long completed jobs are kept, for inspection only (default one hour, at most 1,000 per queue). */
  completedAgeSeconds?: number;
  /** How long `add`, `counts` and `drain` wait for a connection before giving up (default 2 s). */
  readyTimeoutMs?: number;
  /**
   * How long a worker holds a job without renewing its lock (default 30 s). The stalled-job check runs as often,
   * so the jobs of a worker that died return to the queue within about twice this.
   */
  lockDurationMs?: number;
  /** How long `drain` rides out a Redis outage that begins while it waits, before giving up (default 2 min). */
  drainOutageMs?: number;
  /**
   * How long `close` lets running jobs finish (default 10 s); past it, as when Redis is down and they cannot,
   * it closes anyway and their locks lapse, so other workers take them back.
   */
  closeGraceMs?: number;
  /** Every failed attempt, and connection trouble (job null; reported once per outage). */
  onError?: (job: { queue: QueueName; id: string; attempt: number } | null, error: unknown) => void;
}

const QUEUE_NAMES: readonly QueueName[] = ['poll', 'analyze', 'deliver'];
const DRAIN_POLL_MS = 50;
const FAILED_PAGE = 200;
/** How long each later step of `close` may take once the grace period is over. */
const CLOSE_STEP_MS = 2_000;

/** 1 when a job id is in its queue's completed or failed set. KEYS: those sets. ARGV: the job id. */
const FINISHED_SCRIPT = `if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 1 end
return 0`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Redis name of a pipeline queue. On a Redis Cluster the name is a hash tag (`{newswatch-poll}`): a BullMQ
 * script touches many keys of its queue, which must all live in one slot, and the tag puts them there while the
 * three queues still land in slots of their own. One server or Sentinel keeps the plain names, which deployments
 * already hold jobs under.
 */
export function bullmqQueueName(queue: QueueName, cluster = false): string {
  return cluster ? `{newswatch-${queue}}` : `newswatch-${queue}`;
}

/**
 * The multi-process queue: three BullMQ queues on Redis, so any number of worker processes share the work and a
 * crashed worker's job is picked up by another. Producers fail fast while Redis is down; workers wait for it.
 * A PermanentError fails its job at once (BullMQ's UnrecoverableError); other errors retry with exponential
 * backoff. Adding a job whose earlier run already finished runs it again, as with the in-process queue.
 * `drain` reads Redis, so it also waits for jobs that workers in other processes run (and waits as long as no
 * worker anywhere takes them).
 */
export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  const readyTimeoutMs = options.readyTimeoutMs ?? 2_000;
  const lockDurationMs = Math.max(1_000, options.lockDurationMs ?? 30_000);
  const drainOutageMs = options.drainOutageMs ?? 120_000;
  const producer = createRedisClient(options.connection, 'producer');
  // Never connected itself: each Worker duplicates it into its own normal and blocking connections.
  const workerTemplate = createRedisClient(options.connection, 'worker', { lazyConnect: true });
  const cluster = isCluster(producer);
  let outageReported = false;

  const reportError = (job: { queue: QueueName; id: string; attempt: number } | null, error: unknown): void => {
    if (job === null && isConnectionError(error)) {
      if (outageReported) return;
      outageReported = true;
    }
    options.onError?.(job, error);
  };
  producer.on('error', (error: unknown) => reportError(null, error));
  producer.on('ready', () => (outageReported = false));
  workerTemplate.on('error', (error: unknown) => reportError(null, error));

  const queues = new Map<QueueName, Queue<JobData>>(
    QUEUE_NAMES.map((name) => {
      const queue = new Queue<JobData>(bullmqQueueName(name, cluster), {
        connection: producer,
        prefix: options.prefix,
        defaultJobOptions: {
          attempts: Math.max(1, options.attempts ?? 5),
          backoff: { type: 'exponential', delay: options.backoffMs ?? 1_000 },
          removeOnComplete: { age: options.completedAgeSeconds ?? 3_600, count: 1_000 },
          removeOnFail: { count: options.maxFailedKept ?? 1_000 },
        },
      });
      queue.on('error', (error: unknown) => reportError(null, error));
      return [name, queue];
    }),
  );
  const workers = new Map<QueueName, Worker<JobData>>();
  let closing = false;

  const queueOf = (name: QueueName): Queue<JobData> => {
    const queue = queues.get(name);
    if (!queue) throw new Error(`unknown queue "${name}"`);
    return queue;
  };

  /**
   * Adds a job; false when its id belonged to a finished job, which the add then left as it was. Whether it did is
   * asked (BullMQ's own test for those states: the queue's completed and failed sets, without the scans of the
   * waiting and active lists its full state query makes) on the same connection just before the add, so one
   * server answers the two in that order, in one round trip.
   */
  const addUnlessFinished = async (queue: Queue<JobData>, name: string, data: JobData, options: { jobId: string; delay?: number }): Promise<boolean> => {
    const finished = producer.eval(FINISHED_SCRIPT, 2, queue.keys['completed'] ?? '', queue.keys['failed'] ?? '', options.jobId);
    if (cluster) {
      // A cluster client does not keep the two in order (the add could run first, and its job finish before the
      // test), so there the add waits for the answer.
      if (Number(await finished) === 1) return false;
      await queue.add(name, data, options);
      return true;
    }
    const [, wasFinished] = await Promise.all([queue.add(name, data, options), finished]);
    return Number(wasFinished) === 0;
  };

  const toFailedJob = (name: QueueName, job: Job<JobData>): FailedJob => ({
    queue: name,
    id: decodeJobId(job.id ?? ''),
    data: job.data,
    reason: job.failedReason ?? '',
    failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
    attempts: job.attemptsMade,
  });

  /**
   * Jobs waiting, running or delayed in any queue. On one server all three queues are read in one transaction,
   * one round trip. On a cluster each queue is read in one transaction (its keys share a slot), in pipeline order:
   * a job adds its next step's jobs before it completes, so a job that finished before its queue was read left
   * its successors where a later read sees them.
   */
  const readTogether = cluster ? [...queues.values()].map((queue) => [queue]) : [[...queues.values()]];
  const countUnfinished = async (): Promise<number> => {
    let total = 0;
    for (const group of readTogether) {
      const multi = producer.multi();
      for (const queue of group) {
        multi.llen(queue.keys['wait'] ?? '').llen(queue.keys['paused'] ?? '').llen(queue.keys['active'] ?? '');
        multi.zcard(queue.keys['delayed'] ?? '').zcard(queue.keys['prioritized'] ?? '').zcard(queue.keys['waiting-children'] ?? '');
      }
      for (const [error, value] of (await multi.exec()) ?? []) {
        if (error) throw error;
        total += Number(value);
      }
    }
    return total;
  };

  return {
    async add(name, id, data, jobOptions = {}) {
      if (closing) throw new Error(`queue ${name} is closing; job ${id} was not added`);
      await awaitRedisReady(producer, readyTimeoutMs);
      const queue = queueOf(name);
      const jobId = encodeJobId(id);
      const delay = Math.max(0, Math.round(jobOptions.delayMs ?? 0));
      const options = delay > 0 ? { jobId, delay } : { jobId };
      // A finished job keeps its id until removed, and adding it again does nothing; the port promises only
      // "once while it exists". So the finished job goes first, and the job is added again.
      if (await addUnlessFinished(queue, name, data, options)) return;
      // A concurrent retry may have revived it meanwhile; the add below then finds it and does nothing.
      await queue.remove(jobId).catch(() => 0);
      await queue.add(name, data, options);
    },

    process(name, handler, concurrency) {
      if (closing) throw new Error(`queue ${name} is closing; no worker started`);
      if (workers.has(name)) throw new Error(`queue ${name} already has a worker in this process`);
      const worker = new Worker<JobData>(
        bullmqQueueName(name, cluster),
        async (job) => {
          try {
            await handler(job.data);
          } catch (error) {
            reportError({ queue: name, id: decodeJobId(job.id ?? ''), attempt: job.attemptsMade + 1 }, error);
            if (isPermanent(error)) throw new UnrecoverableError(describeError(error));
            throw error instanceof Error ? error : new Error(describeError(error));
          }
        },
        {
          connection: workerTemplate,
          prefix: options.prefix,
          concurrency: Math.max(1, Math.floor(concurrency)),
          lockDuration: lockDurationMs,
          stalledInterval: lockDurationMs,
        },
      );
      worker.on('error', (error: unknown) => reportError(null, error));
      workers.set(name, worker);
    },

    async drain() {
      // Fails fast when Redis is not there at all; an outage that starts later is waited out, for a while.
      await awaitRedisReady(producer, readyTimeoutMs);
      let outageSince: number | null = null;
      for (;;) {
        try {
          await awaitRedisReady(producer, readyTimeoutMs);
          if ((await countUnfinished()) === 0) return;
          outageSince = null;
        } catch (error) {
          if (producer.status === 'end' || (producer.status === 'ready' && !isConnectionError(error))) throw error;
          outageSince ??= Date.now();
          if (Date.now() - outageSince > drainOutageMs) throw error;
        }
        await sleep(DRAIN_POLL_MS);
      }
    },

    async counts(name): Promise<QueueCounts> {
      await awaitRedisReady(producer, readyTimeoutMs);
      const counts = await queueOf(name).getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
      return {
        waiting: (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0),
        active: counts['active'] ?? 0,
        delayed: counts['delayed'] ?? 0,
        failed: counts['failed'] ?? 0,
      };
    },

    async failed(name, limit) {
      if (limit <= 0) return [];
      await awaitRedisReady(producer, readyTimeoutMs);
      const jobs = await queueOf(name).getJobs(['failed'], 0, limit - 1, true);
      return jobs.filter((job): job is Job<JobData> => job !== undefined).map((job) => toFailedJob(name, job));
    },

    async retryFailed(name) {
      await awaitRedisReady(producer, readyTimeoutMs);
      const queue = queueOf(name);
      const ids: string[] = [];
      for (let start = 0; ; start += FAILED_PAGE) {
        const page = await queue.getJobs(['failed'], start, start + FAILED_PAGE - 1, true);
        for (const job of page) if (job?.id) ids.push(job.id);
        if (page.length < FAILED_PAGE) break;
      }
      let retried = 0;
      for (const jobId of ids) {
        const job = await queue.getJob(jobId);
        if (!job) continue;
        try {
          await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
          retried += 1;
        } catch {
          // Another process retried or removed it meanwhile.
        }
      }
      return retried;
    },

    async close() {
      closing = true;
      const graceful = Promise.all([...workers.values()].map((worker) => worker.close()));
      if ((await within(graceful, options.closeGraceMs ?? 10_000)) === 'expired') {
        await within(Promise.all([...workers.values()].map((worker) => worker.close(true).catch(() => undefined))), CLOSE_STEP_MS);
      }
      await within(Promise.all([...queues.values()].map((queue) => queue.close().catch(() => undefined))), CLOSE_STEP_MS);
      await quitRedisClient(producer);
      workerTemplate.disconnect();
    },
  };
}

/** Waits for `work` at most `ms`: a close must end even when Redis does not answer. */
async function within(work: Promise<unknown>, ms: number): Promise<'done' | 'expired'> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), ms)));
  try {
    return await Promise.race([work.then(() => 'done' as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}
