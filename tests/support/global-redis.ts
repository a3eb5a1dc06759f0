// Vitest global setup: the Redis suites get a redis-server of the run's own, on a free loopback port with a
// temporary folder, stopped when the run ends. Never whatever answers on 6379: on a user's machine that can be
// production. TEST_REDIS_URL names another throwaway Redis to use instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOwnRedis, type OwnRedis } from './own-redis.js';

let server: OwnRedis | null = null;
let dir = '';

export async function setup(): Promise<void> {
  if (process.env['TEST_REDIS_URL']) return;
  dir = mkdtempSync(join(tmpdir(), 'newswatch-test-redis-'));
  server = await startOwnRedis(dir, { appendOnly: false });
  // Test workers are forked after global setup and inherit this environment.
  process.env['TEST_REDIS_URL'] = server.url;
}

export async function teardown(): Promise<void> {
  await server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
}
