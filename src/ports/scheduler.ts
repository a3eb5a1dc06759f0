/** A job on a schedule; `stop` ends it. */
export interface ScheduledJob {
  stop(): void;
}

/**
 * Runs `task` on a cron expression (seconds field allowed). A run still going when the next fire comes is skipped,
 * never stacked, and a failing run is reported to `onError` without stopping the schedule.
 */
export type Scheduler = (expression: string, task: () => Promise<void>, onError: (error: unknown) => void) => ScheduledJob;
