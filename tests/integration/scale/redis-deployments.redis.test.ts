import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { awaitRedisReady, createRedisClient } from '../../../src/adapters/queue/redis-connection.js';
import { startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { HEAVY_TEST_TIMEOUT_MS, holdHeavySlotDuringSuite } from '../../support/heavy-slot.js';
import {
  makeTestCertificates,
  startOwnRedisCluster,
  startOwnRedisSentinel,
  startOwnTlsRedis,
} from '../../support/own-redis-deployments.js';
import { createTestPrefix } from '../../support/redis.js';
import { analysedCounts, startNewswatch, tallyAlerts, waitUntil, type NewswatchProcess } from './processes.js';
import { generateWorkload, serveWorkload, writeScaleConfig, type ScaleConfigOptions } from './workload.js';

// The exactly-once scenarios on the Redis deployments teams run, each started by the test in a folder of its own:
// a 3-master Redis Cluster, a master and replica behind a sentinel whose master is killed mid-run, and a server
// that speaks only TLS with client certificates. Workers and `run --once` are real newswatch processes.

describe('newswatch on the Redis deployments teams run', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  holdHeavySlotDuringSuite();
  let feeds: FeedServer;
  const running: NewswatchProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    feeds = await startFeedServer();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((process) => process.stop('SIGKILL')));
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await feeds?.close();
  });

  /** A scratch folder, a workload served by the feed server, and its config; removed after the test. */
  const setUp = (tag: string, size: { feeds: number; items: number }, config: (dir: string) => ScaleConfigOptions) => {
    const dir = mkdtempSync(join(tmpdir(), `nw-deploy-${tag}-`));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const workload = generateWorkload({ ...size, tag });
    serveWorkload(feeds, workload);
    const configPath = writeScaleConfig(dir, feeds.url, workload, config(dir));
    return { workload, args: ['--config', configPath, '--data-dir', join(dir, 'data')] };
  };

  const start = async (names: string[], args: string[], env: NodeJS.ProcessEnv, concurrency: (name: string) => number = () => 4) => {
    const workers = names.map((name) => startNewswatch(name, [...args, 'worker', '--concurrency', String(concurrency(name))], env));
    running.push(...workers);
    await Promise.all(workers.map((worker) => worker.waitForLog('worker running')));
    return workers;
  };

  it('on a Redis Cluster: every article analysed once, every alert delivered, a killed worker repeating at most its one', async () => {
    const redisDir = mkdtempSync(join(tmpdir(), 'nw-deploy-cluster-redis-'));
    const cluster = await startOwnRedisCluster(redisDir);
    cleanups.push(async () => {
      await cluster.stop();
      rmSync(redisDir, { recursive: true, force: true });
    });
    const { workload, args } = setUp('c', { feeds: 10, items: 10 }, () => ({ lockDuration: '2s' }));
    const env = { REDIS_URL: cluster.url, NEWSWATCH_REDIS_PREFIX: createTestPrefix(), PORT: '' };
    const [w1, victim] = await start(['w1', 'victim'], args, env, (name) => (name === 'victim' ? 1 : 4));
    const driver = startNewswatch('run --once', [...args, 'run', '--once'], env);
    running.push(driver);
    await waitUntil(() => (victim?.alerts.length ?? 0) >= 3, 'the victim to deliver a few alerts');
    await victim?.stop('SIGKILL');
    expect(await driver.exited, driver.otherErrors.join('\n')).toEqual({ code: 0, signal: null });
    const everyone = [w1, victim, driver].filter((process): process is NewswatchProcess => process !== undefined);
    await waitUntil(() => tallyAlerts(everyone, workload.titles).missing.length === 0, 'every alert printed', 5_000).catch(() => undefined);

    const tally = tallyAlerts(everyone, workload.titles);
    process.stderr.write(`redis cluster: ${workload.titles.length} alerts, ${tally.missing.length} lost, ${tally.duplicates} repeated, a worker killed mid-run\n`);
    expect(tally.missing).toEqual([]);
    expect(tally.duplicates).toBeLessThanOrEqual(1);
    const analysed = analysedCounts(everyone);
    expect(analysed.size).toBe(workload.titles.length);
    expect([...analysed.values()].every((count) => count === 1)).toBe(true);
    expect(String(driver.logs.find((log) => log.msg === 'using Redis')?.['redis'])).toMatch(/^cluster 127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+ \(plain TCP; from REDIS_URL\)$/);
  });

  it('through Sentinel, with ACL users: the master killed mid-run, the replica promoted, no alert lost', async () => {
    const redisDir = mkdtempSync(join(tmpdir(), 'nw-deploy-sentinel-redis-'));
    const auth = { username: 'newswatch', password: 'alerts-pw-1', sentinelPassword: 'sentinel-pw-2' };
    const sentinel = await startOwnRedisSentinel(redisDir, auth);
    cleanups.push(async () => {
      await sentinel.stop();
      rmSync(redisDir, { recursive: true, force: true });
    });
    const { workload, args } = setUp('s', { feeds: 10, items: 10 }, () => ({
      lockDuration: '2s',
      redis: [
        `username: ${auth.username}`,
        'password: ${TEST_REDIS_PASSWORD}',
        'sentinel:',
        `  master: ${sentinel.master}`,
        `  sentinels: ["${sentinel.sentinel}"]`,
        '  password: ${TEST_SENTINEL_PASSWORD}',
      ],
    }));
    const env = { NEWSWATCH_REDIS_PREFIX: createTestPrefix(), PORT: '', TEST_REDIS_PASSWORD: auth.password, TEST_SENTINEL_PASSWORD: auth.sentinelPassword };
    const workers = await start(['w1', 'w2'], args, env);
    const driver = startNewswatch('run --once', [...args, 'run', '--once'], env);
    running.push(driver);
    const everyone = [...workers, driver];
    await waitUntil(() => tallyAlerts(everyone, workload.titles).total >= workload.titles.length / 4, 'a quarter of the alerts');
    await sentinel.killMaster();
    const killedAt = Date.now();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (await sentinel.currentMasterPort()) !== sentinel.replicaPort) await new Promise((resolve) => setTimeout(resolve, 100));
    const promoted = Date.now() - killedAt;
    expect(await sentinel.currentMasterPort(), 'the sentinel promoted the replica').toBe(sentinel.replicaPort);

    expect(await driver.exited, driver.otherErrors.join('\n')).toEqual({ code: 0, signal: null });
    await waitUntil(() => tallyAlerts(everyone, workload.titles).missing.length === 0, 'every alert printed', 5_000).catch(() => undefined);
    const tally = tallyAlerts(everyone, workload.titles);
    process.stderr.write(`sentinel failover: ${workload.titles.length} alerts, ${tally.missing.length} lost, ${tally.duplicates} repeated; replica promoted ${promoted} ms after the kill\n`);
    expect(tally.missing).toEqual([]);
    // Replication is asynchronous: what the master had not yet passed on when it died is gone, which could repeat
    // an alert recorded in that instant, as could a post in flight (one per process).
    expect(tally.duplicates).toBeLessThanOrEqual(everyone.length);
    for (const worker of workers) expect(worker.child.exitCode, `${worker.name} still running: ${worker.otherErrors.join('\n')}`).toBeNull();
    expect(String(driver.logs.find((log) => log.msg === 'using Redis')?.['redis'])).toBe(
      `master "mymaster" via sentinels ${sentinel.sentinel} (plain TCP, user newswatch, with a password; from redis.sentinel)`,
    );
  });

  it('over TLS with a client certificate and an ACL user: every alert delivered once', async () => {
    const redisDir = mkdtempSync(join(tmpdir(), 'nw-deploy-tls-redis-'));
    const certificates = makeTestCertificates(redisDir);
    // The ACL user may touch only the deployment's keys, as docs/redis-deployments.md advises.
    const prefix = createTestPrefix();
    const auth = { username: 'newswatch', password: 'tls-pw-3' };
    const server = await startOwnTlsRedis(redisDir, certificates, { ...auth, keys: `${prefix}:*` });
    cleanups.push(async () => {
      await server.kill('SIGKILL');
      rmSync(redisDir, { recursive: true, force: true });
    });
    // Certificates are verified: without the CA that signed the server's, the connection never becomes ready.
    const location = { kind: 'single' as const, address: { host: '127.0.0.1', port: server.port }, db: 0 };
    const unverified = createRedisClient({ location, tls: { cert: readFileSync(certificates.clientCert), key: readFileSync(certificates.clientKey) }, ...auth }, 'producer');
    const errors: string[] = [];
    unverified.on('error', (error: Error) => errors.push(error.message));
    await expect(awaitRedisReady(unverified, 1_500)).rejects.toThrow(`Redis at 127.0.0.1:${server.port} did not answer within 1500 ms`);
    unverified.disconnect();
    expect(errors[0]).toMatch(/self[- ]signed certificate|unable to verify/);

    // The files named relative to the config file, as a deployment mounting them beside it would.
    const { workload, args } = setUp('t', { feeds: 5, items: 4 }, (dir) => ({
      redis: [
        `url: rediss://${auth.username}@127.0.0.1:${server.port}`,
        'password: ${TEST_REDIS_PASSWORD}',
        'tls:',
        `  ca: ${relative(dir, certificates.ca)}`,
        `  cert: ${relative(dir, certificates.clientCert)}`,
        `  key: ${relative(dir, certificates.clientKey)}`,
      ],
    }));
    const env = { NEWSWATCH_REDIS_PREFIX: prefix, PORT: '', TEST_REDIS_PASSWORD: auth.password };
    const once = startNewswatch('run --once', [...args, 'run', '--once'], env);
    running.push(once);
    expect(await once.exited, once.otherErrors.join('\n')).toEqual({ code: 0, signal: null });
    const tally = tallyAlerts([once], workload.titles);
    expect(tally.missing).toEqual([]);
    expect(tally.duplicates).toBe(0);
    expect(String(once.logs.find((log) => log.msg === 'using Redis')?.['redis'])).toBe(
      `127.0.0.1:${server.port} (TLS, user newswatch, with a password; from redis.url)`,
    );
    // Nothing needed a key or command outside what the ACL grants: no warning, no failed job.
    expect(once.logs.filter((log) => log.level !== undefined && Number(log.level) >= 40).map((log) => log.msg)).toEqual([]);
  });
});
