/**
 * Memory with 100,000 seen articles and 1,000 feeds: local feeds of 100 items each are polled twice (all new, then
 * all 304) by the real app in a child process of its own, so nothing else in the bench inflates its memory. The
 * baseline is the same child with newswatch loaded and no state; the target is under 300 MB resident.
 * Run directly (`tsx scripts/bench/memory.ts`) to print the figures as JSON.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApp } from '../../src/compose/create-app.js';
import { parseEnvironment } from '../../src/config/environment.js';
import { benchItem, startFeedFarm, writeBenchConfig } from './polling.js';

const TARGET_MB = 300;
const mb = (bytes: number): number => Math.round(bytes / 1024 / 102.4) / 10;

interface ChildFigures {
  baselineRssMb: number;
  afterFirstCycleRssMb: number;
  afterSecondCycleRssMb: number;
  peakRssMb: number;
  heapUsedMb: number;
  firstCycleMs: number;
  secondCycleMs: number;
  feeds: number;
  seenArticles: number;
}

/** The child: loads newswatch, measures, runs two cycles over the config's feeds, measures again. */
async function measureInChild(configPath: string, dataDir: string): Promise<ChildFigures> {
  const settle = async (): Promise<number> => {
    for (let round = 0; round < 3; round += 1) {
      global.gc?.();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return process.memoryUsage().rss;
  };
  const baseline = await settle();
  const app = createApp({ configPath, dataDir, output: 'jsonl', logLevel: 'silent', environment: parseEnvironment({ REDIS_URL: '' }), stdout: new PassThrough(), stderr: new PassThrough() });
  try {
    await app.start({ scheduler: false, concurrency: 16 });
    let started = performance.now();
    await app.runOnce();
    const firstCycleMs = performance.now() - started;
    const afterFirst = await settle();
    started = performance.now();
    await app.runOnce();
    const secondCycleMs = performance.now() - started;
    const afterSecond = await settle();
    const states = await app.store.listFeedStates();
    return {
      baselineRssMb: mb(baseline),
      afterFirstCycleRssMb: mb(afterFirst),
      afterSecondCycleRssMb: mb(afterSecond),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
      heapUsedMb: mb(process.memoryUsage().heapUsed),
      firstCycleMs: Math.round(firstCycleMs),
      secondCycleMs: Math.round(secondCycleMs),
      feeds: states.length,
      seenArticles: states.reduce((sum, state) => sum + state.itemsSeen, 0),
    };
  } finally {
    await app.stop();
  }
}

/** Serves 1,000 feeds of 100 items, runs the child on them, and reports its memory against the baseline and target. */
export async function benchMemory(feeds = 1_000, itemsPerFeed = 100): Promise<Record<string, unknown>> {
  const now = new Date();
  const farm = await startFeedFarm({ feeds, servers: 20, latencyMs: 0, items: (index) => Array.from({ length: itemsPerFeed }, (_, n) => benchItem(index, n, now)) });
  const { dir, path } = writeBenchConfig(farm.urls);
  try {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', path, join(dir, 'data')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`the memory bench child exited with ${code}`);
    const figures = JSON.parse(stdout) as ChildFigures;
    return {
      ...figures,
      targetMb: TARGET_MB,
      underTarget: figures.peakRssMb < TARGET_MB,
      peakVsBaseline: Math.round((figures.peakRssMb / figures.baselineRssMb) * 100) / 100,
      growthMb: Math.round((figures.afterSecondCycleRssMb - figures.baselineRssMb) * 10) / 10,
    };
  } finally {
    await farm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [flag, configPath, dataDir] = process.argv.slice(2);
  if (flag === '--child' && configPath && dataDir) process.stdout.write(JSON.stringify(await measureInChild(configPath, dataDir)));
  else console.log(JSON.stringify(await benchMemory(), null, 2));
}
