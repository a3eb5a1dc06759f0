/** The pipeline's hand-offs: one queue per step, not per feed or channel. */
export type QueueName = 'poll' | 'analyze' | 'deliver';

export interface JobOptions {
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
}

/** Handles one job; throwing retries it with backoff, a PermanentError fails it at once. */
export type JobHandler = (data: Record<string, string>) => Promise<void>;

/** A failed job kept for inspection. */
export interface FailedJob {
  queue: QueueName;
  id: string;
  data: Record<string, string>;
  reason: string;
  failedAt: string;
  attempts: number;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/**
 * Runs pipeline jobs. Job ids name what a job is about, so adding the same job twice while it exists runs it
 * once; the state store, not the queue, keeps it exactly-once afterwards.
 */
export interface JobQueue {
  add(queue: QueueName, id: string, data: Record<string, string>, options?: JobOptions): Promise<void>;
  process(queue: QueueName, handler: JobHandler, concurrency: number): void;
  /** Resolves when no job is waiting, delayed or running in any queue. */
  drain(): Promise<void>;
  counts(queue: QueueName): Promise<QueueCounts>;
  failed(queue: QueueName, limit: number): Promise<FailedJob[]>;
  retryFailed(queue: QueueName): Promise<number>;
  /** Stops taking jobs, lets running ones finish, then releases resources. */
  close(): Promise<void>;
}
