import { describeError, isPermanent } from '../../core/errors.js';
import type { FailedJob, JobHandler, JobOptions, JobQueue, QueueCounts, QueueName } from '../../ports/job-queue.js';

interface Job {
  queue: QueueName;
  id: string;
  data: Record<string, string>;
  attempts: number;
  timer: NodeJS.Timeout | null;
}

export interface InProcessQueueOptions {
  attempts?: number;
  backoffMs?: number;
  maxFailedKept?: number;
  onError?: (job: { queue: QueueName; id: string; attempt: number }, error: unknown) => void;
}

/**
 * The single-machine queue: jobs live in memory, so it serves one process only. Durability comes from the
 * state store (pending articles and deliveries are re-enqueued at start-up), not from this queue.
 */
export function createInProcessQueue(options: InProcessQueueOptions = {}): JobQueue {
  const maxAttempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 1_000;
  const maxFailedKept = options.maxFailedKept ?? 1_000;
  const jobs = new Map<string, Job>();
  const waiting: Record<QueueName, Job[]> = { poll: [], analyze: [], deliver: [] };
  const handlers = new Map<QueueName, { handler: JobHandler; concurrency: number; running: number }>();
  const failedJobs: Record<QueueName, FailedJob[]> = { poll: [], analyze: [], deliver: [] };
  let closing = false;
  let idleWaiters: (() => void)[] = [];

  const jobKey = (queue: QueueName, id: string): string => `${queue}:${id}`;
  const runningTotal = (): number => [...handlers.values()].reduce((sum, h) => sum + h.running, 0);

  const settleIfIdle = (): void => {
    if (jobs.size > 0 || runningTotal() > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const pump = (queue: QueueName): void => {
    const entry = handlers.get(queue);
    if (!entry || closing) return;
    while (entry.running < entry.concurrency && waiting[queue].length > 0) {
      const job = waiting[queue].shift() as Job;
      entry.running += 1;
      job.attempts += 1;
      // Each job starts on a fresh turn of the event loop, so a long backlog never starves signals, timers or
      // HTTP handlers (the microtask chain of awaited jobs would otherwise run it all in one turn).
      void new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => entry.handler(job.data))
        .then(
          () => jobs.delete(jobKey(queue, job.id)),
          (error: unknown) => {
            options.onError?.({ queue, id: job.id, attempt: job.attempts }, error);
            if (!isPermanent(error) && job.attempts < maxAttempts && !closing) {
              schedule(job, backoffMs * 2 ** (job.attempts - 1));
              return;
            }
            jobs.delete(jobKey(queue, job.id));
            const kept = failedJobs[queue];
            kept.push({ queue, id: job.id, data: job.data, reason: describeError(error), failedAt: new Date().toISOString(), attempts: job.attempts });
            if (kept.length > maxFailedKept) kept.shift();
          },
        )
        .finally(() => {
          entry.running -= 1;
          pump(queue);
          settleIfIdle();
        });
    }
  };

  const schedule = (job: Job, delayMs: number): void => {
    if (delayMs <= 0) {
      waiting[job.queue].push(job);
      pump(job.queue);
      return;
    }
    job.timer = setTimeout(() => {
      job.timer = null;
      waiting[job.queue].push(job);
      pump(job.queue);
    }, delayMs);
  };

  return {
    async add(queue, id, data, jobOptions: JobOptions = {}) {
      if (closing) throw new Error(`queue ${queue} is closing; job ${id} was not added`);
      const key = jobKey(queue, id);
      if (jobs.has(key)) return;
      const job: Job = { queue, id, data, attempts: 0, timer: null };
      jobs.set(key, job);
      schedule(job, jobOptions.delayMs ?? 0);
    },
    process(queue, handler, concurrency) {
      handlers.set(queue, { handler, concurrency: Math.max(1, concurrency), running: 0 });
      pump(queue);
    },
    drain() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIfIdle();
      });
    },
    async counts(queue): Promise<QueueCounts> {
      let delayed = 0;
      for (const job of jobs.values()) if (job.queue === queue && job.timer) delayed += 1;
      return {
        waiting: waiting[queue].length,
        active: handlers.get(queue)?.running ?? 0,
        delayed,
        failed: failedJobs[queue].length,
      };
    },
    async failed(queue, limit) {
      return failedJobs[queue].slice(0, limit);
    },
    async retryFailed(queue) {
      const retry = failedJobs[queue].splice(0);
      for (const failedJob of retry) await this.add(queue, failedJob.id, failedJob.data);
      return retry.length;
    },
    async close() {
      closing = true;
      for (const job of jobs.values()) {
        if (job.timer) clearTimeout(job.timer);
      }
      for (const queue of Object.keys(waiting) as QueueName[]) {
        for (const job of waiting[queue]) jobs.delete(jobKey(queue, job.id));
        waiting[queue] = [];
      }
      for (const job of [...jobs.values()]) if (job.timer) jobs.delete(jobKey(job.queue, job.id));
      await new Promise<void>((resolve) => {
        if (runningTotal() === 0) resolve();
        else idleWaiters.push(resolve);
      });
    },
  };
}
