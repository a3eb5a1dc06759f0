import { describe, expect, it } from 'vitest';
import { retryWithBackoff } from '../../../src/pipeline/retry-with-backoff.js';
import type { Logger } from '../../../src/ports/logger.js';

function keptLogger(): Logger & { warnings: object[] } {
  const warnings: object[] = [];
  const ignore = (): void => undefined;
  return { warnings, debug: ignore, info: ignore, error: ignore, warn: (fields) => void warnings.push(fields) };
}

/** A task failing `failures` times (as a call to an unreachable Redis does), then answering `value`. */
function failingTask<T>(failures: number, value: T) {
  let calls = 0;
  return {
    calls: () => calls,
    run: async (): Promise<T> => {
      calls += 1;
      if (calls <= failures) throw new Error('Reached the max retries per request limit (which is 1)');
      return value;
    },
  };
}

describe('retryWithBackoff', () => {
  it('tries again after each failure, waiting longer each time, until the task succeeds', async () => {
    const logger = keptLogger();
    const task = failingTask(3, 'queued');
    const result = await retryWithBackoff(task.run, { what: 'queue the unfinished work', logger, stopped: () => false, firstDelayMs: 5, maxDelayMs: 12 });
    expect(result).toBe('queued');
    expect(task.calls()).toBe(4);
    expect(logger.warnings).toEqual([
      expect.objectContaining({ attempt: 1, retryInMs: 5 }),
      expect.objectContaining({ attempt: 2, retryInMs: 10 }),
      expect.objectContaining({ attempt: 3, retryInMs: 12, err: expect.stringContaining('max retries') }),
    ]);
  });

  it('stops trying, with null, once the process is stopping', async () => {
    let stopping = false;
    const task = failingTask(Number.POSITIVE_INFINITY, 'never');
    const result = retryWithBackoff(
      async () => {
        if (task.calls() === 2) stopping = true;
        return task.run();
      },
      { what: 'queue the first polls', logger: keptLogger(), stopped: () => stopping, firstDelayMs: 5 },
    );
    expect(await result).toBeNull();
    expect(task.calls()).toBe(3);
  });

  it('gives up with the last failure past its deadline', async () => {
    const task = failingTask(Number.POSITIVE_INFINITY, 'never');
    await expect(retryWithBackoff(task.run, { what: 'queue the unfinished work', logger: keptLogger(), stopped: () => false, firstDelayMs: 20, giveUpAfterMs: 50 })).rejects.toThrow(
      /max retries/,
    );
    expect(task.calls()).toBeGreaterThanOrEqual(2);
  });
});
