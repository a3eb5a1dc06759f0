/**
 * End-to-end pipeline throughput, in articles a second, on one generated workload (local feeds, every item new
 * and alerting, a JSON-lines recording sink): in-process queue and SQLite, BullMQ and Redis in one process, and
 * BullMQ with one and with two `newswatch worker` processes. The ceiling is the same job graph (poll → analyze →
 * deliver) with no-op handlers on the same Redis: what the queue alone allows. Rounds alternate the modes and
 * each figure is the median, because these machines are noisy. Runs on a redis-server `npm run bench` starts.
 * Run directly (`tsx scripts/bench/pipeline.ts`) to print the figures as JSON.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullmqQueueName, createBullmqQueue } from '../../src/adapters/queue/bullmq-queue.js';
import type { App } from '../../src/compose/app.js';
import { createApp } from '../../src/compose/create-app.js';
import { parseEnvironment } from '../../src/config/environment.js';
import { enqueueDuePolls } from '../../src/pipeline/pipeline.js';
import { spawnCli } from '../../tests/support/cli.js';
import { startFeedServer, type FeedServer } from '../../tests/support/feed-server.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix, redisUrl } from '../../tests/support/redis.js';
import { generateWorkload, serveWorkload, writeScaleConfig, type Workload } from '../../tests/integration/scale/workload.js';

export interface PipelineRun {
  articles: number;
  alerts: number;
  seconds: number;
  articlesPerSecond: number;
  /**
   * CPU time per article of the newswatch processes and of Redis (null when Redis is not on this machine); with
   * worker processes, `workers` is theirs alone (`newswatch` adds this process, which queues polls and waits).
   */
  cpuMsPerArticle: { newswatch: number; workers?: number; redis: number | null };
}

/** CPU seconds a process on this machine has used so far, from /proc; null where that cannot be read. */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** The pid of the Redis server when it runs on this machine, else undefined. */
export async function localRedisPid(redis: Redis): Promise<number | undefined> {
  const pid = Number(/^process_id:(\d+)/m.exec(await redis.info('server'))?.[1]);
  try {
    return Number.isInteger(pid) && readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('redis') ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Starts counting CPU time of some processes (and of this one); `stop` gives milliseconds per article. */
function startCpuMeter(pids: (number | undefined)[], redisPid: number | undefined): { stop: (articles: number) => PipelineRun['cpuMsPerArticle'] } {
  const self = process.cpuUsage();
  const before = pids.map(processCpuSeconds);
  const redisBefore = processCpuSeconds(redisPid);
  return {
    stop(articles) {
      const own = process.cpuUsage(self);
      let workers = 0;
      pids.forEach((pid, index) => (workers += (processCpuSeconds(pid) ?? 0) - (before[index] ?? 0)));
      const redisAfter = processCpuSeconds(redisPid);
      const redisSeconds = redisAfter === null || redisBefore === null ? null : redisAfter - redisBefore;
      const perArticle = (value: number): number => round3((value * 1000) / articles);
      return {
        newswatch: perArticle((own.user + own.system) / 1e6 + workers),
        ...(pids.length > 0 ? { workers: perArticle(workers) } : {}),
        redis: redisSeconds === null ? null : perArticle(redisSeconds),
      };
    },
  };
}

export interface PipelineFigure {
  /** Median over the rounds. */
  articlesPerSecond: number;
  /** Each round's figure, in order. */
  rounds: number[];
  /** Every run delivered every alert. */
  complete: boolean;
  /** Medians over the rounds. */
  cpuMsPerArticle: PipelineRun['cpuMsPerArticle'];
}

const CONCURRENCY = 4;

/** A stream that counts the alert lines written to it. */
function alertCounter(): { stream: Writable; count: () => number } {
  let count = 0;
  let rest = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{"type":"alert"')) count += 1;
      done();
    },
  });
  return { stream, count: () => count };
}

export const discard = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });
const round3 = (value: number): number => Math.round(value * 1000) / 1000;
const round1 = (value: number): number => Math.round(value * 10) / 10;

function toRun(articles: number, alerts: number, seconds: number, cpuMsPerArticle: PipelineRun['cpuMsPerArticle']): PipelineRun {
  return { articles, alerts, seconds: round3(seconds), articlesPerSecond: round1(articles / seconds), cpuMsPerArticle };
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

function toFigure(runs: PipelineRun[]): PipelineFigure {
  const redis = runs.map((run) => run.cpuMsPerArticle.redis);
  const workers = runs.map((run) => run.cpuMsPerArticle.workers);
  return {
    articlesPerSecond: median(runs.map((run) => run.articlesPerSecond)),
    rounds: runs.map((run) => run.articlesPerSecond),
    complete: runs.every((run) => run.alerts === run.articles),
    cpuMsPerArticle: {
      newswatch: median(runs.map((run) => run.cpuMsPerArticle.newswatch)),
      ...(runs.length > 0 && workers.every((value): value is number => value !== undefined) ? { workers: median(workers) } : {}),
      redis: redis.every((value): value is number => value !== null) ? median(redis) : null,
    },
  };
}

/** `run --once` inside this process, on the in-process queue and SQLite or on BullMQ and Redis. */
async function runInOneProcess(queue: 'memory' | 'redis', server: FeedServer, workload: Workload, redis: Redis, redisPid: number | undefined): Promise<PipelineRun> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-pipeline-'));
  const prefix = createTestPrefix();
  const counter = alertCounter();
  const configPath = writeScaleConfig(dir, server.url, workload, { queue });
  const env = queue === 'redis' ? { REDIS_URL: redisUrl, NEWSWATCH_REDIS_PREFIX: prefix } : {};
  const app = createApp({ configPath, dataDir: join(dir, 'data'), output: 'jsonl', logLevel: 'silent', environment: parseEnvironment(env), stdout: counter.stream, stderr: discard() });
  try {
    const cpu = startCpuMeter([], redisPid);
    const started = performance.now();
    await app.runOnce();
    const seconds = (performance.now() - started) / 1000;
    return toRun(workload.titles.length, counter.count(), seconds, cpu.stop(workload.titles.length));
  } finally {
    await app.stop();
    if (queue === 'redis') await deleteKeysWithPrefix(redis, prefix);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same job graph with handlers that do nothing but queue the next step: the queue's own ceiling. */
async function runNoopJobs(workload: Workload, redis: Redis, redisPid: number | undefined): Promise<PipelineRun & { jobsPerSecond: number }> {
  const prefix = createTestPrefix();
  const queue = createBullmqQueue({ connection: redisUrl, prefix });
  const perFeed = workload.titles.length / workload.feeds.length;
  let delivered = 0;
  try {
    queue.process('poll', async (data) => {
      for (let i = 0; i < perFeed; i += 1) await queue.add('analyze', `${data['feedId']}-${i}`, { key: `${data['feedId']}-${i}` });
    }, CONCURRENCY);
    queue.process('analyze', async (data) => queue.add('deliver', `${data['key']}|console`, { key: data['key'] ?? '' }), Math.ceil(CONCURRENCY / 2));
    queue.process('deliver', async () => void (delivered += 1), CONCURRENCY);
    const cpu = startCpuMeter([], redisPid);
    const started = performance.now();
    for (const feed of workload.feeds) await queue.add('poll', feed.id, { feedId: feed.id });
    await queue.drain();
    const seconds = (performance.now() - started) / 1000;
    const jobs = workload.feeds.length + 2 * workload.titles.length;
    return { ...toRun(workload.titles.length, delivered, seconds, cpu.stop(workload.titles.length)), jobsPerSecond: round1(jobs / seconds) };
  } finally {
    await queue.close();
    await deleteKeysWithPrefix(redis, prefix);
  }
}

/** Waits until `count` processes have a worker on the deliver queue. */
export async function waitForWorkers(prefix: string, count: number, exited: () => string | null): Promise<void> {
  const queue = new Queue(bullmqQueueName('deliver'), { connection: { url: redisUrl }, prefix });
  try {
    const deadline = Date.now() + 60_000;
    while ((await queue.getWorkersCount()) < count) {
      const problem = exited();
      if (problem !== null) throw new Error(`a worker process exited before it was ready: ${problem}`);
      if (Date.now() > deadline) throw new Error(`${count} worker processes were not ready within a minute`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await queue.close();
  }
}

/** Queues a poll of each of `feeds` (ids) and waits until the queues are empty. */
export async function pollAndDrain(driver: App, feeds: Workload['feeds']): Promise<void> {
  const ids = new Set(feeds.map((feed) => feed.id));
  const settings = driver.settings();
  await enqueueDuePolls({ ...settings, feeds: settings.feeds.filter((feed) => ids.has(feed.id)) }, driver.store, driver.queue, new Date(), { all: true });
  await driver.queue.drain();
}

/**
 * `processes` × `newswatch worker` do the work; this process only queues the polls and waits for the queues to
 * drain, so the figure is the worker processes' alone. Their start-up is not timed, and they first work through
 * the `warm` workload, untimed, so the figure is of warmed-up processes as in the other modes.
 */
async function runWorkerProcesses(
  processes: number,
  server: FeedServer,
  { warm, workload }: { warm: Workload; workload: Workload },
  redis: Redis,
  redisPid: number | undefined,
): Promise<PipelineRun> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-workers-'));
  const prefix = createTestPrefix();
  const configPath = writeScaleConfig(dir, server.url, { feeds: [...warm.feeds, ...workload.feeds], titles: [...warm.titles, ...workload.titles] });
  const env = { REDIS_URL: redisUrl, NEWSWATCH_REDIS_PREFIX: prefix, PORT: '' };
  const args = ['--config', configPath, '--data-dir', join(dir, 'data'), '--output', 'jsonl', '--log-level', 'warn', 'worker', '--concurrency', String(CONCURRENCY)];
  const counters = Array.from({ length: processes }, () => alertCounter());
  let stderr = '';
  const children = counters.map((counter) => {
    const child = spawnCli(args, { env });
    child.stdout?.pipe(counter.stream);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2_000)));
    return child;
  });
  const driver = createApp({ configPath, dataDir: join(dir, 'data'), output: 'jsonl', logLevel: 'silent', environment: parseEnvironment(env), stdout: discard(), stderr: discard() });
  try {
    await waitForWorkers(prefix, processes, () => (children.some((child) => child.exitCode !== null) ? stderr : null));
    await pollAndDrain(driver, warm.feeds);
    const cpu = startCpuMeter(children.map((child) => child.pid), redisPid);
    const started = performance.now();
    await pollAndDrain(driver, workload.feeds);
    const seconds = (performance.now() - started) / 1000;
    const cpuMsPerArticle = cpu.stop(workload.titles.length);
    // Each alert is printed before its job completes; give the pipes a moment to hand the last lines over.
    const expected = warm.titles.length + workload.titles.length;
    const total = (): number => counters.reduce((sum, counter) => sum + counter.count(), 0);
    for (let wait = 0; wait < 40 && total() < expected; wait += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    return toRun(workload.titles.length, total() - warm.titles.length, seconds, cpuMsPerArticle);
  } finally {
    await driver.stop();
    await stopChildren(children);
    await deleteKeysWithPrefix(redis, prefix);
    rmSync(dir, { recursive: true, force: true });
  }
}

export type PipelineMode = 'inProcess' | 'bullmq' | 'noop' | 'one' | 'two';

/**
 * Measures each mode (all by default) `rounds` times, alternating, on `feeds` × `items` articles. Targets: BullMQ
 * in one process at least 80% of the in-process figure; two worker processes at least 1.4 times one.
 */
export async function benchPipeline(options: { feeds?: number; items?: number; rounds?: number; modes?: readonly PipelineMode[] } = {}) {
  const modes = new Set<PipelineMode>(options.modes ?? ['inProcess', 'bullmq', 'noop', 'one', 'two']);
  const feeds = options.feeds ?? 50;
  const items = options.items ?? 20;
  const rounds = options.rounds ?? 3;
  const redis = await connectTestRedis();
  const redisPid = await localRedisPid(redis);
  const server = await startFeedServer();
  const workload = generateWorkload({ feeds, items, tag: 'bench' });
  // Untimed, first: every mode is measured warmed up (compiled code, connections made). Small, as worker
  // processes keep these articles in their story window during the timed run.
  const warm = generateWorkload({ feeds: Math.max(1, Math.round(feeds / 5)), items, tag: 'warm', seed: 11 });
  serveWorkload(server, workload);
  serveWorkload(server, warm);
  const runs = { inProcess: [] as PipelineRun[], bullmq: [] as PipelineRun[], noop: [] as (PipelineRun & { jobsPerSecond: number })[], one: [] as PipelineRun[], two: [] as PipelineRun[] };
  try {
    if (modes.has('inProcess')) await runInOneProcess('memory', server, warm, redis, redisPid);
    if (modes.has('bullmq') || modes.has('noop')) await runInOneProcess('redis', server, warm, redis, redisPid);
    for (let round = 0; round < rounds; round += 1) {
      process.stderr.write(`bench: pipeline round ${round + 1}/${rounds}\n`);
      if (modes.has('inProcess')) runs.inProcess.push(await runInOneProcess('memory', server, workload, redis, redisPid));
      if (modes.has('bullmq')) runs.bullmq.push(await runInOneProcess('redis', server, workload, redis, redisPid));
      if (modes.has('noop')) runs.noop.push(await runNoopJobs(workload, redis, redisPid));
      if (modes.has('one')) runs.one.push(await runWorkerProcesses(1, server, { warm, workload }, redis, redisPid));
      if (modes.has('two')) runs.two.push(await runWorkerProcesses(2, server, { warm, workload }, redis, redisPid));
    }
  } finally {
    await server.close();
    redis.disconnect();
  }
  const inProcess = toFigure(runs.inProcess);
  const bullmq = toFigure(runs.bullmq);
  const noop = toFigure(runs.noop);
  const one = toFigure(runs.one);
  const two = toFigure(runs.two);
  const ratio = (a: number, b: number): number => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
  const ratios = {
    bullmqVsInProcess: ratio(bullmq.articlesPerSecond, inProcess.articlesPerSecond),
    twoWorkersVsOne: ratio(two.articlesPerSecond, one.articlesPerSecond),
    bullmqVsNoopCeiling: ratio(bullmq.articlesPerSecond, noop.articlesPerSecond),
  };
  // What one article costs where the work runs: the one process in-process, one worker process (polls, analysis
  // and delivery, without the process that queues the polls), and Redis beside it.
  const cpuMsPerArticle = { inProcess: inProcess.cpuMsPerArticle.newswatch, workerProcess: one.cpuMsPerArticle.workers ?? null, redisBesideWorker: one.cpuMsPerArticle.redis };
  return {
    workload: { feeds, itemsPerFeed: items, articles: workload.titles.length, concurrencyPerProcess: CONCURRENCY, rounds },
    inProcess,
    bullmqOneProcess: bullmq,
    noopCeiling: { ...noop, jobsPerSecond: median(runs.noop.map((run) => run.jobsPerSecond)) },
    workerProcesses: { one, two },
    ratios,
    cpuMsPerArticle,
    targets: {
      bullmqVsInProcess: { target: 0.8, met: ratios.bullmqVsInProcess >= 0.8 },
      twoWorkersVsOne: { target: 1.4, met: ratios.twoWorkersVsOne >= 1.4 },
    },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchPipeline(), null, 2));
}

/** Stops worker processes (SIGTERM) and resolves once each has exited. */
export async function stopChildren(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}
