// `npm run bench`: speed figures as JSON on stdout (progress on stderr). Each figure comes with a baseline
// measured in the same run, because these machines are noisy. `npm run bench -- analyze matching` picks sections.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAnalyze } from './bench/analyze.js';
import { benchDelivery } from './bench/delivery.js';
import { benchExtraction } from './bench/extraction.js';
import { benchMatching } from './bench/matching.js';
import { benchMemory } from './bench/memory.js';
import { benchPolling } from './bench/polling.js';
import { benchWebSub } from './bench/websub.js';
import { startOwnRedis } from '../tests/support/own-redis.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env['NEWSWATCH_SHARED_DATA'] ?? resolve(repoRoot, '..', 'shared', 'data');
const only = process.argv.slice(2);
/** Sections that run only when named: they take minutes. */
const namedOnly = new Set(['sizing']);

const sections: [string, () => unknown][] = [
  ['analyze', () => benchAnalyze(dataDir)],
  ['matching', () => benchMatching()],
  ['extraction', () => benchExtraction(dataDir)],
  ['delivery', () => benchDelivery()],
  ['polling', () => benchPolling()],
  ['websub', () => benchWebSub()],
  ['memory', () => benchMemory()],
  ['pipeline', () => withOwnRedis(async () => (await import('./bench/pipeline.js')).benchPipeline())],
  ['sizing', () => withOwnRedis(async () => (await import('./bench/sizing.js')).benchSizing())],
];

/**
 * Runs `work` against a redis-server of the bench's own (free port, temporary folder), never a Redis it did not
 * start; TEST_REDIS_URL names a throwaway one to use instead.
 */
async function withOwnRedis<T>(work: () => Promise<T>): Promise<T> {
  if (process.env['TEST_REDIS_URL']) return work();
  const dir = mkdtempSync(join(tmpdir(), 'newswatch-bench-redis-'));
  const redis = await startOwnRedis(dir, { appendOnly: false });
  process.env['TEST_REDIS_URL'] = redis.url;
  try {
    return await work();
  } finally {
    delete process.env['TEST_REDIS_URL'];
    await redis.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures as `section  path  value` rows, for a glance on stderr (the JSON on stdout is the record). */
function printTable(figures: Record<string, unknown>, maxRowsPerSection = 80): void {
  const rows: [string, string, string][] = [];
  const walk = (section: string, path: string, value: unknown, budget: { left: number }): void => {
    if (budget.left <= 0) return;
    if (typeof value === 'number' || typeof value === 'boolean') {
      rows.push([section, path, String(value)]);
      budget.left -= 1;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(section, path === '' ? key : `${path}.${key}`, child, budget);
    }
  };
  for (const [section, value] of Object.entries(figures)) walk(section, '', value, { left: maxRowsPerSection });
  const width = (column: 0 | 1): number => Math.max(...rows.map((row) => row[column].length));
  const [sectionWidth, pathWidth] = [width(0), width(1)];
  for (const [section, path, value] of rows) process.stderr.write(`${section.padEnd(sectionWidth)}  ${path.padEnd(pathWidth)}  ${value}\n`);
}

const results: Record<string, unknown> = { machine: { node: process.version, cpus: (await import('node:os')).cpus().length } };
for (const [name, run] of sections) {
  if (only.length > 0 ? !only.includes(name) : namedOnly.has(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  results[name] = await run();
}
printTable(results);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
