import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { freePort } from './own-redis.js';

// The Redis deployments teams run, started by the tests themselves on loopback, each in a folder of its own: a
// 3-master Redis Cluster, a master with a replica watched by a sentinel (with ACL users and passwords), and a
// server that speaks only TLS and wants client certificates.

/** One redis-server (or sentinel) process of the tests' own. */
export interface RedisServerProcess {
  port: number;
  /** Stops it with `signal` (SIGKILL: a crash) and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Its last output, for failure messages. */
  log(): string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Fails, never skips, when redis-server is not installed. */
function requireRedisServer(): void {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('redis-server is not installed; the tests start their own (install it: `apt-get install redis-server`)');
  }
}

/** `count` distinct free ports. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** Starts redis-server with `args` and waits until its output says `ready`. */
async function spawnRedisServer(args: string[], port: number, ready: RegExp, timeoutMs = 10_000): Promise<RedisServerProcess> {
  const child: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (chunk: Buffer): void => void (output = (output + chunk.toString()).slice(-4_000));
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const deadline = Date.now() + timeoutMs;
  while (!ready.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server ${args.join(' ')} did not start: ${output}`);
    }
    await sleep(25);
  }
  return {
    port,
    log: () => output,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await gone;
    },
  };
}

/** Asks one server, with a short-lived connection; null while it does not answer. */
async function ask(options: RedisOptions, command: (redis: Redis) => Promise<unknown>): Promise<unknown> {
  const redis = new Redis({ host: '127.0.0.1', lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null, ...options });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await command(redis);
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

const common = ['--bind', '127.0.0.1', '--save', '', '--maxmemory-policy', 'noeviction'];

export interface OwnRedisCluster {
  /** `redis+cluster://` with every master as a seed node. */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

/**
 * Starts a Redis Cluster of `masters` masters (no replicas) and waits until every node says it is ok. With
 * `tls`, the nodes speak only TLS, to clients and to each other (client certificates not required).
 */
export async function startOwnRedisCluster(dir: string, options: { masters?: number; tls?: TestCertificates } = {}): Promise<OwnRedisCluster> {
  const { masters = 3, tls } = options;
  requireRedisServer();
  const ports = await freePorts(masters * 2);
  const nodes: RedisServerProcess[] = [];
  try {
    for (let i = 0; i < masters; i += 1) {
      const port = ports[i] as number;
      const nodeDir = join(dir, `node-${port}`);
      mkdirSync(nodeDir, { recursive: true });
      const listen = tls
        ? ['--port', '0', '--tls-port', String(port), '--tls-cluster', 'yes', '--tls-cert-file', tls.serverCert, '--tls-key-file', tls.serverKey]
        : ['--port', String(port)];
      if (tls) listen.push('--tls-ca-cert-file', tls.ca, '--tls-auth-clients', 'no');
      const args = [...listen, '--cluster-port', String(ports[masters + i]), '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'];
      args.push('--cluster-node-timeout', '2000', '--dir', nodeDir, '--appendonly', 'no', ...common);
      nodes.push(await spawnRedisServer(args, port, /Ready to accept connections/));
    }
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    const cliTls = tls ? ['--tls', '--cacert', tls.ca] : [];
    const create = spawnSync('redis-cli', [...cliTls, '--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8', timeout: 20_000 });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    for (const node of nodes) {
      const connection = { port: node.port, ...(tls ? { tls: { ca: readFileSync(tls.ca) } } : {}) };
      await waitFor(async () => /cluster_state:ok/.test(String(await ask(connection, (redis) => redis.cluster('INFO')))), `cluster node ${node.port} to be ok`, 15_000);
    }
  } catch (error) {
    await Promise.all(nodes.map((node) => node.kill('SIGKILL')));
    throw error;
  }
  return {
    url: `${tls ? 'rediss' : 'redis'}+cluster://${nodes.map((node) => `127.0.0.1:${node.port}`).join(',')}`,
    ports: nodes.map((node) => node.port),
    stop: async () => void (await Promise.all(nodes.map((node) => node.kill('SIGKILL')))),
  };
}

export interface OwnRedisSentinel {
  master: string;
  /** The sentinel's address, host:port. */
  sentinel: string;
  /** The ports of the first master and its replica. */
  masterPort: number;
  replicaPort: number;
  /** Kills the master as a crash would (SIGKILL). */
  killMaster(): Promise<void>;
  /** Where the sentinel says the master is now (its port), or null while it does not answer. */
  currentMasterPort(): Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts a master with AOF and one replica, both allowing only the ACL user `username` (the default user off), and
 * one sentinel with a password of its own that fails over after the master is down for a second. Waits until the
 * replica is in sync and the sentinel knows it.
 */
export async function startOwnRedisSentinel(dir: string, auth: { username: string; password: string; sentinelPassword: string }): Promise<OwnRedisSentinel> {
  requireRedisServer();
  const [masterPort, replicaPort, sentinelPort] = (await freePorts(3)) as [number, number, number];
  const processes: RedisServerProcess[] = [];
  const acl = ['--user', 'default', 'off', '--user', auth.username, 'on', `>${auth.password}`, '~*', '&*', '+@all', '--masteruser', auth.username, '--masterauth', auth.password];
  const server = async (port: number, extra: string[]): Promise<RedisServerProcess> => {
    const serverDir = join(dir, `redis-${port}`);
    mkdirSync(serverDir, { recursive: true });
    const args = ['--port', String(port), '--dir', serverDir, '--appendonly', 'yes', '--appendfsync', 'everysec', ...common, ...acl, ...extra];
    const started = await spawnRedisServer(args, port, /Ready to accept connections/);
    processes.push(started);
    return started;
  };
  const credentials = { username: auth.username, password: auth.password };
  try {
    const master = await server(masterPort, []);
    await server(replicaPort, ['--replicaof', '127.0.0.1', String(masterPort)]);
    await waitFor(
      async () => /master_link_status:up/.test(String(await ask({ port: replicaPort, ...credentials }, (redis) => redis.info('replication')))),
      'the replica to sync with the master',
      15_000,
    );
    const sentinelDir = join(dir, 'sentinel');
    mkdirSync(sentinelDir, { recursive: true });
    const conf = join(sentinelDir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${sentinelDir}`,
        `requirepass ${auth.sentinelPassword}`,
        `sentinel monitor mymaster 127.0.0.1 ${masterPort} 1`,
        `sentinel auth-user mymaster ${auth.username}`,
        `sentinel auth-pass mymaster ${auth.password}`,
        'sentinel down-after-milliseconds mymaster 1000',
        'sentinel failover-timeout mymaster 10000',
        '',
      ].join('\n'),
    );
    processes.push(await spawnRedisServer([conf, '--sentinel'], sentinelPort, /\+monitor master mymaster/));
    const sentinelAsk = (command: (redis: Redis) => Promise<unknown>) => ask({ port: sentinelPort, password: auth.sentinelPassword }, command);
    await waitFor(
      async () => ((await sentinelAsk((redis) => redis.call('SENTINEL', 'REPLICAS', 'mymaster'))) as unknown[] | null)?.length === 1,
      'the sentinel to know the replica',
      15_000,
    );
    return {
      master: 'mymaster',
      sentinel: `127.0.0.1:${sentinelPort}`,
      masterPort,
      replicaPort,
      killMaster: () => master.kill('SIGKILL'),
      async currentMasterPort() {
        const answer = (await sentinelAsk((redis) => redis.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'))) as [string, string] | null;
        return answer ? Number(answer[1]) : null;
      },
      stop: async () => void (await Promise.all(processes.map((process) => process.kill('SIGKILL')))),
    };
  } catch (error) {
    await Promise.all(processes.map((process) => process.kill('SIGKILL')));
    throw error;
  }
}

/** PEM files of a throwaway CA, a server certificate for 127.0.0.1 and localhost, and a client certificate. */
export interface TestCertificates {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** Makes the certificates with openssl in `dir` (EC keys: quick to make). */
export function makeTestCertificates(dir: string): TestCertificates {
  const file = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    const run = spawnSync('openssl', args, { encoding: 'utf8', cwd: dir });
    if (run.error || run.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${run.error?.message ?? run.stderr}`);
  };
  const key = (name: string): void => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', file(name));
  key('ca.key');
  openssl('req', '-x509', '-new', '-key', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=newswatch test CA');
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const [name, subject, extensions] of [
    ['server', '/CN=localhost', ['-extfile', file('server.ext')]],
    ['client', '/CN=newswatch', []],
  ] as const) {
    key(`${name}.key`);
    openssl('req', '-new', '-key', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', subject);
    openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file(`${name}.pem`), '-days', '2', ...extensions);
  }
  return { ca: file('ca.pem'), serverCert: file('server.pem'), serverKey: file('server.key'), clientCert: file('client.pem'), clientKey: file('client.key') };
}

/**
 * Starts a redis-server that speaks only TLS, wants a client certificate signed by the CA, and lets in only the
 * ACL user `username`, allowed every command on the keys `keys` matches (no Pub/Sub channels).
 */
export async function startOwnTlsRedis(dir: string, certificates: TestCertificates, auth: { username: string; password: string; keys: string }): Promise<RedisServerProcess> {
  requireRedisServer();
  const [port] = (await freePorts(1)) as [number];
  const serverDir = join(dir, `redis-tls-${port}`);
  mkdirSync(serverDir, { recursive: true });
  const args = ['--port', '0', '--tls-port', String(port), '--tls-cert-file', certificates.serverCert, '--tls-key-file', certificates.serverKey];
  args.push('--tls-ca-cert-file', certificates.ca, '--tls-auth-clients', 'yes', '--dir', serverDir, '--appendonly', 'no', ...common);
  args.push('--user', 'default', 'off', '--user', auth.username, 'on', `>${auth.password}`, `~${auth.keys}`, 'resetchannels', '+@all');
  return spawnRedisServer(args, port, /Ready to accept connections/);
}
