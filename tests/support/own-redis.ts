import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

export { freePort };

/** A redis-server of the tests' own, on a free port with a folder of its own, so it can be killed and restarted. */
export interface OwnRedis {
  url: string;
  /** Stops the server with `signal` (SIGTERM, kill's default: it flushes the AOF first) and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and folder, and waits until it answers. */
  start(): Promise<void>;
}

async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server at ${url} did not answer within ${timeoutMs} ms: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
}

/**
 * Starts `redis-server` on a free loopback port in `dir` as docker-compose.yml runs it: `noeviction`, and with
 * `appendOnly` (the default) AOF with fsync every second. Fails, never skips, when redis-server is not installed.
 */
export async function startOwnRedis(dir: string, options: { appendOnly?: boolean } = {}): Promise<OwnRedis> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('redis-server is not installed; the tests start their own (install it: `apt-get install redis-server`)');
  }
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const persistence = options.appendOnly === false ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', 'everysec'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...persistence, '--save', '', '--maxmemory-policy', 'noeviction'];
  let child: ChildProcess | null = null;
  let log = '';
  const start = async (): Promise<void> => {
    const server = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-2_000)));
    child = server;
    await waitForPing(url, 10_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${log}`);
    });
  };
  await start();
  return {
    url,
    start,
    async kill(signal = 'SIGTERM') {
      const server = child;
      if (!server || server.exitCode !== null || server.signalCode !== null) return;
      const gone = new Promise((resolve) => server.once('exit', resolve));
      server.kill(signal);
      await gone;
    },
  };
}
