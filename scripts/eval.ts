// `npm run eval`: every quality figure on ../shared/data (or NEWSWATCH_SHARED_DATA), as a table and as JSON.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateExtraction } from './eval/extraction.js';
import { evaluateFeeds } from './eval/feeds.js';
import { evaluateQuotes } from './eval/quotes.js';
import { evaluateSummaries } from './eval/summaries.js';
import { evaluateTopics } from './eval/topics.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env['NEWSWATCH_SHARED_DATA'] ?? resolve(repoRoot, '..', 'shared', 'data');
if (!existsSync(dataDir)) {
  console.error(`eval: no evaluation data at ${dataDir}; set NEWSWATCH_SHARED_DATA to its folder`);
  process.exit(2);
}

const only = process.argv.slice(2);
const sections: [string, (dir: string) => Promise<unknown>][] = [
  ['quotes', evaluateQuotes],
  ['summaries', evaluateSummaries],
  ['extraction', evaluateExtraction],
  ['topics', evaluateTopics],
  ['feeds', evaluateFeeds],
];

function flatten(value: unknown, prefix: string, rows: [string, string][]): void {
  if (typeof value === 'number') rows.push([prefix, Number.isInteger(value) ? String(value) : value.toFixed(4)]);
  else if (typeof value === 'string' || typeof value === 'boolean') rows.push([prefix, String(value)]);
  else if (Array.isArray(value)) {
    if (value.length <= 12) value.forEach((item, index) => flatten(item, `${prefix}[${index}]`, rows));
    else rows.push([prefix, `${value.length} items (see JSON)`]);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix === '' ? key : `${prefix}.${key}`, rows);
  }
}

const results: Record<string, unknown> = {};
for (const [name, evaluate] of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  const started = performance.now();
  results[name] = await evaluate(dataDir);
  const rows: [string, string][] = [];
  flatten(results[name], '', rows);
  const width = Math.max(...rows.map(([key]) => key.length), 10);
  console.log(`\n## ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  for (const [key, value] of rows) console.log(`  ${key.padEnd(width)}  ${value}`);
}
const out = resolve(repoRoot, '.eval', 'results.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ dataDir, at: new Date().toISOString(), results }, null, 2)}\n`);
console.log(`\nJSON written to ${out}`);
