// `npm run bench`: speed figures as JSON on stdout (progress on stderr). Each figure comes with a baseline
// measured in the same run, because these machines are noisy. `npm run bench -- analyze matching` picks sections.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAnalyze } from './bench/analyze.js';
import { benchDelivery } from './bench/delivery.js';
import { benchExtraction } from './bench/extraction.js';
import { benchMatching } from './bench/matching.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env['NEWSWATCH_SHARED_DATA'] ?? resolve(repoRoot, '..', 'shared', 'data');
const only = process.argv.slice(2);

const sections: [string, () => unknown][] = [
  ['analyze', () => benchAnalyze(dataDir)],
  ['matching', () => benchMatching()],
  ['extraction', () => benchExtraction(dataDir)],
  ['delivery', () => benchDelivery()],
];

const results: Record<string, unknown> = { machine: { node: process.version, cpus: (await import('node:os')).cpus().length } };
for (const [name, run] of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  results[name] = await run();
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
