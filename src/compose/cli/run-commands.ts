import type { App } from '../app.js';
import { createApp } from '../create-app.js';
import { appOptions, type CommandContext } from './command-context.js';

/** `run --once`: polls every feed once, finishes the work and exits, 1 when a feed failed or an alert did not go out. */
export async function runOnceCommand(context: CommandContext, options: { fresh: boolean }): Promise<void> {
  const app = createApp(appOptions(context, 'long-running', { fresh: options.fresh }));
  // A signal stops taking new work, lets running jobs finish and exits; the next run resumes what is pending.
  let interrupted: NodeJS.Signals | null = null;
  let stopped: Promise<void> | null = null;
  const interrupt = (signal: NodeJS.Signals): void => {
    interrupted = signal;
    stopped ??= app.stop();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const result = await app.runOnce().catch(async (error: unknown) => {
    await app.stop();
    throw error;
  });
  await (stopped ?? app.stop());
  if (interrupted !== null) {
    process.stderr.write(`newswatch: stopped by ${interrupted}; unfinished work resumes on the next run\n`);
    process.exit(interrupted === 'SIGINT' ? 130 : 143);
  }
  for (const failure of result.failed) process.stderr.write(`newswatch: feed ${failure.feedId} failed: ${failure.error}\n`);
  for (const { channelId, count, lastError } of result.undelivered) {
    process.stderr.write(`newswatch: ${count} alert(s) to ${channelId} not delivered: ${lastError}; once fixed: newswatch alerts replay --channel ${channelId}\n`);
  }
  if (result.held > 0) process.stderr.write(`newswatch: ${result.held} alert(s) held for quiet hours; the first run after they end sends them\n`);
  process.stderr.write(`newswatch: polled ${result.polled} feeds, ${result.failed.length} failed\n`);
  process.exitCode = result.failed.length > 0 || result.undelivered.length > 0 ? 1 : 0;
}

/** SIGINT and SIGTERM stop the app once, letting the work in hand finish, then exit. */
function stopOnSignals(app: App, message: string): void {
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, message);
    void app.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** Starts the app and, when that fails, stops what it opened before passing the error on. */
async function startOrStop(app: App, options?: Parameters<App['start']>[0]): Promise<void> {
  await app.start(options).catch(async (error: unknown) => {
    await app.stop();
    throw error;
  });
}

/** `run`: polls the feeds on their schedule and alerts until stopped. */
export async function runCommand(context: CommandContext, options: { fresh: boolean }): Promise<void> {
  const app = createApp(appOptions(context, 'long-running', { fresh: options.fresh }));
  stopOnSignals(app, 'stopping: finishing the work in hand');
  await startOrStop(app);
  app.logger.info({ feeds: app.settings().feeds.length, topics: app.settings().topics.length }, 'newswatch running');
}

/** `worker`: the pipeline's workers only, no schedule. */
export async function workerCommand(context: CommandContext, options: { concurrency: number }): Promise<void> {
  const app = createApp(appOptions(context, 'long-running'));
  if (app.backend !== 'redis') {
    app.logger.warn({}, 'worker without Redis: set REDIS_URL (or queue: redis) so workers share the queue; this process only drains its own');
  }
  stopOnSignals(app, 'worker stopping: finishing jobs in hand');
  await startOrStop(app, { scheduler: false, concurrency: options.concurrency });
  app.logger.info({ concurrency: options.concurrency, backend: app.backend }, 'worker running');
}
