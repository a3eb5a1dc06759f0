import { parseDuration } from '../core/duration.js';
import { describeError } from '../core/errors.js';
import { settingInForce } from '../core/settings/runtime-settings.js';
import type { ScheduledJob, Scheduler } from '../ports/scheduler.js';
import type { Housekeeping } from './housekeeping.js';
import { enqueueDuePolls, type PendingSweeper, type PipelineDependencies } from './pipeline.js';
import { postTopicBrief } from './send-brief.js';
import { sendDigest } from './send-digest.js';

/** The cron expression of the scheduler's tick, a whole number of seconds that divides a minute (the schema checks). */
function tickExpression(tick: string): string {
  const seconds = Math.max(1, Math.round((parseDuration(tick) ?? 10_000) / 1_000));
  return seconds >= 60 ? '0 * * * * *' : `*/${seconds} * * * * *`;
}

export interface TimedJobsDependencies {
  schedule: Scheduler;
  /** What the polls, digests and briefs run with. */
  pipeline: PipelineDependencies;
  sweeper: PendingSweeper;
  housekeeping: Housekeeping;
  /** The WebSub subscriptions' upkeep, run on the tick. */
  maintainWebSub: () => Promise<void>;
  /** Redis: work pending without a job is looked for once a minute. */
  sharedQueue: boolean;
}

/** The schedule of the process that runs `run`: what is done at set times rather than when a job comes. */
export interface TimedJobs {
  /** Schedules the poll tick, the channels' digests and briefs, the WebSub upkeep, the sweep and the daily prune. */
  start(): void;
  /** Once started, replaces the tick, digest and brief jobs when the settings in force changed any of them. */
  reschedule(): void;
  stop(): void;
}

/** The tick, digests and briefs are read from the settings in force. */
export function createTimedJobs(deps: TimedJobsDependencies): TimedJobs {
  const { schedule, pipeline, sweeper, housekeeping } = deps;
  const { store, queue, clock, logger } = pipeline;
  const onError = (error: unknown): void => logger.error({ err: describeError(error) }, 'scheduled task failed');
  let started = false;
  const fixed: ScheduledJob[] = [];
  // The jobs a YAML edit can change, and the key of what they were built from.
  let timed: { key: string; jobs: ScheduledJob[] } | null = null;

  const scheduleTimed = (): void => {
    const settings = pipeline.settings();
    const currentTick = settingInForce(settings, 'schedulerTick');
    const channels = [...settings.channels.values()];
    const digests = channels.flatMap((channel) => (channel.mode === 'digest' && channel.digestSchedule ? [[channel.id, channel.digestSchedule] as const] : []));
    const briefs = channels.flatMap((channel) => channel.briefs.map((brief) => [channel.id, brief] as const));
    const key = JSON.stringify([currentTick, digests, briefs]);
    if (timed?.key === key) return;
    for (const job of timed?.jobs.splice(0) ?? []) job.stop();
    const jobs = [schedule(tickExpression(currentTick), async () => void (await enqueueDuePolls(pipeline.settings(), store, queue, clock.now())), onError)];
    for (const [channelId, expression] of digests) jobs.push(schedule(expression, async () => void (await sendDigest(channelId, pipeline)), onError));
    for (const [channelId, brief] of briefs) jobs.push(schedule(brief.schedule, async () => void (await postTopicBrief(channelId, brief, pipeline, true)), onError));
    // apart from the poll tick, so a slow hub never holds the polls up
    jobs.push(schedule(tickExpression(currentTick), () => deps.maintainWebSub(), onError));
    timed = { key, jobs };
  };

  return {
    start() {
      if (started) return;
      started = true;
      scheduleTimed();
      if (deps.sharedQueue) {
        // Once a minute, work pending since the last sweep without a job is queued again (see createPendingSweeper).
        fixed.push(
          schedule('30 * * * * *', async () => {
            const swept = await sweeper.sweep();
            if (swept.articles + swept.deliveries > 0) logger.warn(swept, 'pending work had no job; queued it again');
          }, onError),
        );
      }
      fixed.push(schedule('17 3 * * *', async () => void (await housekeeping.run()), onError));
    },
    reschedule() {
      if (started) scheduleTimed();
    },
    stop() {
      for (const job of [...fixed.splice(0), ...(timed?.jobs.splice(0) ?? [])]) job.stop();
    },
  };
}
