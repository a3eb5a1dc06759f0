// Vitest global setup: the Redis suites need a Redis at REDIS_URL. When nothing answers there and redis-server is
// installed, one is started for the run (in memory only) and stopped after; otherwise the run stops with how to get one.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';

const url = new URL(process.env['REDIS_URL'] || 'redis://127.0.0.1:6379');
const host = url.hostname || '127.0.0.1';
const port = Number(url.port || 6379);

function answers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

let server: ChildProcess | null = null;

export async function setup(): Promise<void> {
  if (await answers()) return;
  const local = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  if (!local || spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      `Redis does not answer at ${url.href} and cannot be started here. Install it (apt-get install redis-server) ` +
        'and start it with `redis-server --daemonize yes`, or set REDIS_URL to a running Redis.',
    );
  }
  server = spawn('redis-server', ['--bind', host, '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i += 1) {
    if (await answers()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server was started on ${host}:${port} but does not answer`);
}

export async function teardown(): Promise<void> {
  server?.kill('SIGTERM');
}
