import cron from 'node-cron';
import type { ScheduledJob } from '../../ports/scheduler.js';

/**
 * Runs `task` on a cron expression (seconds field allowed). A run still going when the next fire comes is
 * skipped, never stacked, and a failing run is reported without stopping the schedule.
 */
export function scheduleCron(expression: string, task: () => Promise<void>, onError: (error: unknown) => void): ScheduledJob {
  if (!cron.validate(expression)) throw new Error(`invalid cron expression "${expression}"; expected e.g. "0 8 * * *"`);
  const job = cron.schedule(
    expression,
    async () => {
      try {
        await task();
      } catch (error) {
        onError(error);
      }
    },
    { noOverlap: true },
  );
  return {
    stop() {
      void job.destroy();
    },
  };
}

/** Whether a cron expression is valid, for config validation. */
export function isValidCron(expression: string): boolean {
  return cron.validate(expression);
}
