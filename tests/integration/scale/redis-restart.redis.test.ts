import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { HEAVY_TEST_TIMEOUT_MS, holdHeavySlotDuringSuite } from '../../support/heavy-slot.js';
import { createTestPrefix } from '../../support/redis.js';
import { startOwnRedis, type OwnRedis } from '../../support/own-redis.js';
import { analysedCounts, startNewswatch, tallyAlerts, waitUntil, type NewswatchProcess } from './processes.js';
import { generateWorkload, serveWorkload, writeScaleConfig } from './workload.js';

describe('Redis restarted mid-run (AOF on)', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  const running: NewswatchProcess[] = [];
  let server: FeedServer | null = null;
  let redis: OwnRedis | null = null;
  let dir = '';
  holdHeavySlotDuringSuite();
  afterEach(async () => {
    await Promise.all(running.splice(0).map((process) => process.stop('SIGKILL')));
    await redis?.kill();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing, and the workers carry on by themselves once Redis is back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-scale-c-'));
    // Never the shared Redis other tests use: a server of this test's own, killed and started again.
    redis = await startOwnRedis(dir);
    server = await startFeedServer();
    const workload = generateWorkload({ feeds: 50, items: 10, tag: 'c' });
    serveWorkload(server, workload);
    // A job handed to a worker just as Redis went down can be orphaned (the reply never arrived); the stalled-job
    // check returns it once its lock lapses, which a short lock makes quick. The lock still outlasts the outage:
    // a job whose lock lapses while its worker cannot reach Redis is run again elsewhere (see docs/scaling.md).
    const configPath = writeScaleConfig(dir, server.url, workload, { lockDuration: '6s' });
    // PORT empty: no HTTP listener in these processes, whatever the environment says.
    const env = { REDIS_URL: redis.url, NEWSWATCH_REDIS_PREFIX: createTestPrefix(), PORT: '' };
    const args = ['--config', configPath, '--data-dir', join(dir, 'data')];

    const workers = ['w1', 'w2', 'w3'].map((name) => startNewswatch(name, [...args, 'worker', '--concurrency', '4'], env));
    running.push(...workers);
    await Promise.all(workers.map((worker) => worker.waitForLog('worker running')));
    const driver = startNewswatch('run --once', [...args, 'run', '--once'], env);
    running.push(driver);
    const everyone = [...workers, driver];

    await waitUntil(() => tallyAlerts(everyone, workload.titles).total >= 60, 'the first alerts');
    // `kill`'s SIGTERM: Redis flushes its AOF and exits, as in a restart. (A crash with the default fsync every
    // second can lose the last second of writes: see docs/scaling.md.)
    await redis.kill('SIGTERM');
    // Down for longer than producers wait (2 s), so queueing fails fast meanwhile and must be made good later.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const duringOutage = tallyAlerts(everyone, workload.titles).total;
    await redis.start();
    const atRestart = workers.map((worker) => worker.alerts.length);

    expect(await driver.exited, driver.otherErrors.join('\n')).toEqual({ code: 0, signal: null });
    await waitUntil(() => tallyAlerts(everyone, workload.titles).missing.length === 0, 'every alert printed', 5_000).catch(() => undefined);
    const tally = tallyAlerts(everyone, workload.titles);
    expect(tally.missing).toEqual([]);
    expect(tally.duplicates).toBe(0);
    expect([...analysedCounts(everyone).values()].every((count) => count === 1)).toBe(true);
    expect(duringOutage).toBeLessThan(workload.titles.length);
    // The workers were never restarted: each is still running and delivered alerts after Redis came back.
    workers.forEach((worker, index) => {
      expect(worker.child.exitCode, `${worker.name} still running`).toBeNull();
      expect(worker.alerts.length, `${worker.name} delivered after the restart`).toBeGreaterThan(atRestart[index] ?? 0);
    });
  });
});
