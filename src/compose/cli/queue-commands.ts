import type { App } from '../app.js';
import { createApp } from '../create-app.js';
import { ExitCode, InputError } from '../exit-codes.js';
import { appOptions, type CommandContext } from './command-context.js';

const QUEUES = ['poll', 'analyze', 'deliver'] as const;

/** The app for the queue commands, which read Redis: the in-process queue exists only inside a running process. */
function openQueueApp(context: CommandContext): App {
  const app = createApp(appOptions(context, 'one-shot', { logLevel: 'silent' }));
  if (app.backend === 'redis') return app;
  void app.stop();
  const why = app.config.queue === 'memory' ? 'sets `queue: memory`: set `queue: redis` and REDIS_URL' : 'uses none: set REDIS_URL or `queue: redis`';
  throw new InputError(
    ExitCode.redisRequired,
    `queues reads the shared Redis queues, and ${context.globals.config} ${why} (without Redis, each newswatch process keeps its queue in its own memory)`,
  );
}

/** `queues`: jobs waiting, active, delayed and failed per queue, with the oldest failures. */
export async function queuesCommand(context: CommandContext, options: { failures: number }): Promise<void> {
  const app = openQueueApp(context);
  try {
    for (const name of QUEUES) {
      const counts = await app.queue.counts(name);
      const failures = await app.queue.failed(name, options.failures);
      if (context.globals.output === 'jsonl') {
        process.stdout.write(`${JSON.stringify({ queue: name, ...counts, failures })}\n`);
        continue;
      }
      process.stdout.write(`${name.padEnd(8)} waiting ${counts.waiting}  active ${counts.active}  delayed ${counts.delayed}  failed ${counts.failed}\n`);
      for (const failure of failures) process.stdout.write(`  ${failure.failedAt}  ${failure.id}  (${failure.attempts} attempts)  ${failure.reason}\n`);
    }
  } finally {
    await app.stop();
  }
}

/** `queues retry-failed`: requeues every failed job. */
export async function retryFailedCommand(context: CommandContext): Promise<void> {
  const app = openQueueApp(context);
  try {
    for (const name of QUEUES) process.stdout.write(`${name}: ${await app.queue.retryFailed(name)} requeued\n`);
  } finally {
    await app.stop();
  }
}
