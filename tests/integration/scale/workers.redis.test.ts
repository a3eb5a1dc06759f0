import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { HEAVY_TEST_TIMEOUT_MS, holdHeavySlotDuringSuite } from '../../support/heavy-slot.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix, redisUrl } from '../../support/redis.js';
import { analysedCounts, startNewswatch, tallyAlerts, waitUntil, type NewswatchProcess } from './processes.js';
import { generateWorkload, serveWorkload, writeScaleConfig, type ScaleConfigOptions } from './workload.js';

const FEEDS = 50;
const ITEMS = 10;

describe('three worker processes on one Redis', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  holdHeavySlotDuringSuite();
  let redis: Redis;
  let server: FeedServer;
  const running: NewswatchProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    redis = await connectTestRedis();
    server = await startFeedServer();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((process) => process.stop('SIGKILL')));
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  afterAll(async () => {
    await server?.close();
    redis?.disconnect();
  });

  /** A fresh prefix, workload and config; returns what the processes need. */
  const setUp = (tag: string, config: ScaleConfigOptions = {}) => {
    const prefix = createTestPrefix();
    const dir = mkdtempSync(join(tmpdir(), `nw-scale-${tag}-`));
    const workload = generateWorkload({ feeds: FEEDS, items: ITEMS, tag });
    serveWorkload(server, workload);
    const configPath = writeScaleConfig(dir, server.url, workload, config);
    cleanups.push(async () => {
      await deleteKeysWithPrefix(redis, prefix);
      rmSync(dir, { recursive: true, force: true });
    });
    // PORT empty: no HTTP listener in these processes, whatever the environment says.
    const env = { REDIS_URL: redisUrl, NEWSWATCH_REDIS_PREFIX: prefix, PORT: '' };
    const args = ['--config', configPath, '--data-dir', join(dir, 'data')];
    return { workload, env, args };
  };

  const startWorkers = async (names: string[], args: string[], env: NodeJS.ProcessEnv, concurrency: (name: string) => number = () => 4) => {
    const workers = names.map((name) => startNewswatch(name, [...args, 'worker', '--concurrency', String(concurrency(name))], env));
    running.push(...workers);
    await Promise.all(workers.map((worker) => worker.waitForLog('worker running')));
    return workers;
  };

  it('analyses every article once and delivers every alert exactly once across the workers', async () => {
    const { workload, env, args } = setUp('a');
    const workers = await startWorkers(['w1', 'w2', 'w3'], args, env);
    const [, , leaving] = workers;
    const driver = startNewswatch('run --once', [...args, 'run', '--once'], env);
    running.push(driver);
    // One worker leaves mid-run on SIGTERM: it finishes the jobs it holds and exits cleanly; nothing is repeated.
    await waitUntil(() => (leaving?.alerts.length ?? 0) >= 5, 'the third worker to deliver a few alerts');
    expect(await leaving?.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await driver.exited, driver.otherErrors.join('\n')).toEqual({ code: 0, signal: null });
    const everyone = [...workers, driver];
    // run --once returns once Redis says all is done; the workers' last lines may still be in their pipes.
    await waitUntil(() => tallyAlerts(everyone, workload.titles).total >= workload.titles.length, 'every alert printed', 5_000).catch(() => undefined);

    const tally = tallyAlerts(everyone, workload.titles);
    expect(tally.missing).toEqual([]);
    expect(tally.duplicates).toBe(0);
    const analysed = analysedCounts(everyone);
    expect(analysed.size).toBe(FEEDS * ITEMS);
    expect([...analysed.values()].every((count) => count === 1)).toBe(true);
    for (const worker of workers) expect(worker.alerts.length, `${worker.name} delivered some alerts`).toBeGreaterThan(0);

    const exits = await Promise.all(workers.map((worker) => worker.stop('SIGTERM')));
    expect(exits).toEqual(workers.map(() => ({ code: 0, signal: null })));
  });

  it('loses nothing when a worker is killed mid-run, and repeats at most the one alert it was sending', async () => {
    // The killed worker's lock lapses after 2 s; the others' stalled-job check then takes its jobs back.
    const { workload, env, args } = setUp('b', { lockDuration: '2s' });
    // Concurrency 1 for the victim: one alert in flight, so its kill may repeat at most one (N in flight, N).
    const [w1, w2, victim] = await startWorkers(['w1', 'w2', 'victim'], args, env, (name) => (name === 'victim' ? 1 : 4));
    const driver = startNewswatch('run --once', [...args, 'run', '--once'], env);
    running.push(driver);
    await waitUntil(() => (victim?.alerts.length ?? 0) >= 3, 'the victim to deliver a few alerts');
    expect(await victim?.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await driver.exited, driver.otherErrors.join('\n')).toEqual({ code: 0, signal: null });
    const everyone = [w1, w2, victim, driver].filter((process): process is NewswatchProcess => process !== undefined);
    await waitUntil(() => tallyAlerts(everyone, workload.titles).missing.length === 0, 'every alert printed', 5_000).catch(() => undefined);

    const tally = tallyAlerts(everyone, workload.titles);
    expect(tally.missing).toEqual([]);
    expect(tally.duplicates).toBeLessThanOrEqual(1);
    expect([...analysedCounts(everyone).values()].every((count) => count === 1)).toBe(true);
  });
});
