import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { scheduleCron } from '../../../src/adapters/schedule/cron-scheduler.js';
import { createSqliteLiveConfigStore } from '../../../src/adapters/state/sqlite-live-config-store.js';
import { createSqliteStateStore } from '../../../src/adapters/state/sqlite-state-store.js';
import { platformReading } from '../../../src/compose/chat-platforms.js';
import { parseConfigText } from '../../../src/compose/load-config.js';
import { buildSettings, buildStandingConfig } from '../../../src/config/build-settings.js';
import type { StandingConfig } from '../../../src/core/settings/standing-config.js';
import { systemClock } from '../../../src/ports/clock.js';
import type { JobQueue } from '../../../src/ports/job-queue.js';
import type { LiveConfigStore } from '../../../src/ports/live-config-store.js';
import { silentLogger } from '../../../src/ports/logger.js';
import type { Scheduler } from '../../../src/ports/scheduler.js';
import type { StateStore } from '../../../src/ports/state-store.js';
import { createHousekeeping } from '../../../src/pipeline/housekeeping.js';
import { createPendingSweeper, type PipelineDependencies } from '../../../src/pipeline/pipeline.js';
import { createSettingsHolder } from '../../../src/pipeline/runtime-settings.js';
import { createTimedJobs } from '../../../src/pipeline/timed-jobs.js';

// The schedule follows the settings in force: a new snapshot (here a YAML edit) that moves the tick, a digest or
// a brief replaces those jobs, through the holder's subscription as the composition root wires it.

const yaml = (tick: string, channel: string): string => `
scheduler: { tick: ${tick} }
feeds:
  - url: https://wire.example.test/rss.xml
    name: Wire
topics:
  - id: cyber
    name: Cyber
    query: ransomware
    channels: [desk]
channels:
  desk: ${channel}
`;

function standingOf(text: string): StandingConfig {
  const config = parseConfigText(text, 'newswatch.yaml', {});
  return buildStandingConfig(config, buildSettings(config, 'newswatch.yaml', (path) => path), platformReading());
}

describe('the timed jobs', () => {
  let dir: string;
  let live: LiveConfigStore;
  let store: StateStore;
  let queue: JobQueue;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'newswatch-timed-'));
    live = createSqliteLiveConfigStore(join(dir, 'live.sqlite'));
    store = createSqliteStateStore(join(dir, 'state.sqlite'));
    queue = createInProcessQueue();
  });
  afterEach(async () => {
    await queue.close();
    await store.close();
    await live.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replace the tick, digest and brief jobs when a new settings snapshot changes them, and only then', () => {
    // the real cron scheduler, with the expressions of the jobs still running kept beside it
    const running: string[] = [];
    const schedule: Scheduler = (expression, task, onError) => {
      const job = scheduleCron(expression, task, onError);
      running.push(expression);
      return {
        stop() {
          job.stop();
          running.splice(running.indexOf(expression), 1);
        },
      };
    };
    const holder = createSettingsHolder(live, standingOf(yaml('10s', '{ type: console }')), silentLogger);
    const settings = (): ReturnType<typeof holder.current> => holder.current();
    const pipeline = { settings, store, queue, clock: systemClock, logger: silentLogger } as unknown as PipelineDependencies;
    const timed = createTimedJobs({
      schedule,
      pipeline,
      sweeper: createPendingSweeper(store, queue),
      housekeeping: createHousekeeping({ store, clock: systemClock, settings }),
      maintainWebSub: async () => undefined,
      sharedQueue: false,
    });
    holder.subscribe(() => timed.reschedule());
    timed.start();
    // the poll tick and the WebSub upkeep on the tick, the daily prune
    expect([...running].sort()).toEqual(['*/10 * * * * *', '*/10 * * * * *', '17 3 * * *']);

    holder.setStanding(standingOf(yaml('30s', '{ type: console, mode: digest, digest_schedule: "0 9 * * *", briefs: [{ topic: cyber, schedule: "0 8 * * 1", since: 7d }] }')));
    expect([...running].sort()).toEqual(['*/30 * * * * *', '*/30 * * * * *', '0 8 * * 1', '0 9 * * *', '17 3 * * *']);

    // the same schedule again: nothing is stopped or started
    const before = [...running];
    holder.setStanding(standingOf(yaml('30s', '{ type: console, mode: digest, digest_schedule: "0 9 * * *", briefs: [{ topic: cyber, schedule: "0 8 * * 1", since: 7d }] }')));
    expect(running).toEqual(before);

    timed.stop();
    expect(running).toEqual([]);
  });
});
