import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bullmqQueueName, checkRedisMemoryPolicy, createBullmqQueue } from '../../src/adapters/queue/bullmq-queue.js';
import { awaitRedisReady, createRedisClient, isCluster, quitRedisClient, toConnectionOptions, type RedisClient } from '../../src/adapters/queue/redis-connection.js';
import { createRedisLiveConfigStore } from '../../src/adapters/state/redis-live-config-store.js';
import { createRedisStateStore } from '../../src/adapters/state/redis-state-store.js';
import { makeTestCertificates, startOwnRedisCluster, type OwnRedisCluster } from '../support/own-redis-deployments.js';
import { createTestPrefix } from '../support/redis.js';
import { describeJobQueueContract } from './job-queue.contract.js';
import { describeLiveConfigStoreContract, makeAudit } from './live-config-store.contract.js';
import { describeStateStoreContracts } from './state-store.contract.js';
import { makeArticle, makeDelivery, makeStoredArticle } from './state-records.js';

// Every store and queue contract again, on a 3-master Redis Cluster of the test's own: a script or transaction
// whose keys fell in two slots would fail here with CROSSSLOT, where one server accepts it.

let dir = '';
let cluster: OwnRedisCluster;
let client: Cluster;
const clients: RedisClient[] = [];

/** A cluster connection of the test's own, as another process has. */
async function connect(): Promise<Cluster> {
  const connection = createRedisClient(cluster.url, 'worker');
  if (!isCluster(connection)) throw new Error('expected a cluster client');
  clients.push(connection);
  await awaitRedisReady(connection, 10_000);
  return connection;
}

/** Every key, on every master, that starts with `pattern`. */
async function keysOn(pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const node of client.nodes('master')) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
  }
  return found;
}

async function deleteKeys(pattern: string): Promise<void> {
  for (const key of await keysOn(pattern)) await client.del(key);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nw-cluster-'));
  cluster = await startOwnRedisCluster(dir);
  client = await connect();
}, 60_000);

afterAll(async () => {
  for (const connection of clients.splice(0)) await quitRedisClient(connection);
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describeStateStoreContracts('redis cluster', async () => {
  const prefix = createTestPrefix();
  return {
    store: createRedisStateStore(client, { prefix }),
    twin: createRedisStateStore(await connect(), { prefix }),
    dispose: () => deleteKeys(`{${prefix}}:*`),
  };
});

describeLiveConfigStoreContract('redis cluster', async () => {
  const prefix = createTestPrefix();
  return {
    store: createRedisLiveConfigStore(client, { prefix }),
    reopen: async () => createRedisLiveConfigStore(await connect(), { prefix }),
    dispose: () => deleteKeys(`{${prefix}}:*`),
  };
});

describeJobQueueContract('bullmq on redis cluster', async (options) => {
  const prefix = createTestPrefix();
  const queue = createBullmqQueue({ connection: cluster.url, prefix, ...options });
  return {
    queue,
    dispose: async () => {
      await queue.close();
      await deleteKeys(`${prefix}:*`);
    },
  };
});

describe('keys on a Redis Cluster', () => {
  it('keeps all state in one slot and each queue in a slot of its own', async () => {
    const prefix = createTestPrefix();
    const store = createRedisStateStore(client, { prefix });
    const live = createRedisLiveConfigStore(client, { prefix });
    const queue = createBullmqQueue({ connection: cluster.url, prefix });
    try {
      await store.recordSeen(['seen-only'], [makeArticle('a'), makeArticle('b')], '2024-05-01T10:00:00.000Z');
      await store.completeArticle('a', makeStoredArticle('a', '2024-05-01T10:01:00.000Z'), [makeDelivery('a', 'c1', '2024-05-01T10:01:00.000Z')]);
      await live.recordAudit(makeAudit('/topic list'));
      for (const name of ['poll', 'analyze', 'deliver'] as const) await queue.add(name, `job-${name}`, { name }, { delayMs: 60_000 });

      const stateKeys = await keysOn(`{${prefix}}:*`);
      expect(stateKeys.length).toBeGreaterThan(8);
      const stateSlots = new Set(await Promise.all(stateKeys.map((key) => client.cluster('KEYSLOT', key))));
      expect(stateSlots.size).toBe(1);

      const queueSlots: number[] = [];
      for (const name of ['poll', 'analyze', 'deliver']) {
        const keys = await keysOn(`${prefix}:{newswatch-${name}}:*`);
        expect(keys.length, `keys of the ${name} queue`).toBeGreaterThan(1);
        const slots = new Set(await Promise.all(keys.map((key) => client.cluster('KEYSLOT', key))));
        expect(slots.size, `slots of the ${name} queue`).toBe(1);
        queueSlots.push(...slots);
      }
      expect(new Set(queueSlots).size).toBe(3);
      // Nothing outside those names: every key the queue wrote carries its queue's hash tag.
      expect((await keysOn(`${prefix}:*`)).every((key) => /^[^:]+:\{newswatch-(poll|analyze|deliver)\}:/.test(key))).toBe(true);
    } finally {
      await queue.close();
      await deleteKeys(`{${prefix}}:*`);
      await deleteKeys(`${prefix}:*`);
    }
  });

  it('reads the eviction policy of every master', async () => {
    expect(await checkRedisMemoryPolicy(client)).toBeNull();
    const [, second] = client.nodes('master');
    await second?.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      expect(await checkRedisMemoryPolicy(client)).toMatch(/^Redis maxmemory-policy is "allkeys-lru" on cluster node 127\.0\.0\.1:\d+: .* set it to "noeviction"$/);
    } finally {
      await second?.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });
});

describe('a Redis Cluster over TLS', () => {
  let tlsDir = '';
  let tlsCluster: OwnRedisCluster | null = null;
  afterAll(async () => {
    await tlsCluster?.stop();
    if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
  });

  it('runs jobs and keeps state through every node it is redirected to, verifying each certificate', async () => {
    tlsDir = mkdtempSync(join(tmpdir(), 'nw-cluster-tls-'));
    const certificates = makeTestCertificates(tlsDir);
    tlsCluster = await startOwnRedisCluster(tlsDir, { tls: certificates });
    const connection = { ...toConnectionOptions(tlsCluster.url), tls: { ca: readFileSync(certificates.ca) } };
    const prefix = createTestPrefix();
    const storeClient = createRedisClient(connection, 'worker');
    clients.push(storeClient);
    const store = createRedisStateStore(storeClient, { prefix });
    const queue = createBullmqQueue({ connection, prefix, backoffMs: 20 });
    try {
      const fresh = await store.recordSeen([], [makeArticle('a')], '2024-05-01T10:00:00.000Z');
      expect(fresh.map((article) => article.key)).toEqual(['a']);
      const done: string[] = [];
      queue.process('analyze', async (data) => void done.push(data['key'] ?? ''), 1);
      for (const name of ['poll', 'analyze', 'deliver'] as const) expect(bullmqQueueName(name, true)).toBe(`{newswatch-${name}}`);
      await queue.add('analyze', 'a', { key: 'a' });
      await queue.drain();
      expect(done).toEqual(['a']);
      expect((await store.listPendingArticles()).map((article) => article.key)).toEqual(['a']);
    } finally {
      await queue.close();
    }

    // Without the CA that signed the nodes' certificates, no connection is made.
    const unverified = createRedisClient({ ...connection, tls: {} }, 'producer');
    clients.push(unverified);
    unverified.on('error', () => undefined); // ioredis reports the nodes' refusals only as "Connection is closed"
    await expect(awaitRedisReady(unverified, 1_500)).rejects.toThrow(/did not answer within 1500 ms/);
  });
});
