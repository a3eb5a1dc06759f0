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
const get = (path: string): number | undefined => {
  let value: unknown = results;
  for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' ? value : undefined;
};
type Target = [figure: string, ours: string, baseline: string | null, target: string, pass: (ours: number, baseline: number | undefined) => boolean];
const targets: Target[] = [
  ['quotes: detection F1 (overlap > 0.8)', 'quotes.detection.over80.f1', 'quotes.baseline.detection.f1', '≥ 0.95', (o) => o >= 0.95],
  ['quotes: speaker accuracy', 'quotes.speaker.accuracy', 'quotes.baseline.speaker.accuracy', '≥ 0.90', (o) => o >= 0.9],
  ['summaries: ROUGE-1 (k = 3)', 'summaries.ours.rouge1', 'summaries.lead3.rouge1', '> Lead-3', (o, b) => b !== undefined && o > b],
  ['summaries: ROUGE-2 (k = 3)', 'summaries.ours.rouge2', 'summaries.lead3.rouge2', '> Lead-3', (o, b) => b !== undefined && o > b],
  ['summaries: ROUGE-Lsum (k = 3)', 'summaries.ours.rougeLsum', 'summaries.lead3.rougeLsum', '(reported)', () => true],
  ['extraction: shingle F1', 'extraction.ours.f1', 'extraction.readabilityJsdomPublished.f1', '≥ 0.96', (o) => o >= 0.96],
  ['topics: cyber-attacks F1 (CASIE)', 'topics.f1', null, '≥ 0.90', (o) => o >= 0.9],
  ['feeds: crashed or hung', 'feeds.unexpectedExceptions', null, '0', (o) => o + (get('feeds.timeouts') ?? 0) === 0],
];
const summary: { figure: string; ours: number; baseline: number | null; target: string; met: boolean }[] = [];
for (const [figure, oursPath, baselinePath, target, pass] of targets) {
  const ours = get(oursPath);
  if (ours === undefined) continue;
  const baseline = baselinePath ? get(baselinePath) : undefined;
  summary.push({ figure, ours, baseline: baseline ?? null, target, met: pass(ours, baseline) });
}
if (summary.length > 0) {
  console.log('\n## targets (baselines computed in the same run)');
  const width = Math.max(...summary.map((row) => row.figure.length));
  console.log(`  ${'figure'.padEnd(width)}  ${'ours'.padStart(8)}  ${'baseline'.padStart(8)}  target      met`);
  for (const row of summary) {
    const fmt = (n: number | null): string => (n === null ? '-' : Number.isInteger(n) ? String(n) : n.toFixed(n > 1 ? 2 : 3));
    console.log(`  ${row.figure.padEnd(width)}  ${fmt(row.ours).padStart(8)}  ${fmt(row.baseline).padStart(8)}  ${row.target.padEnd(10)}  ${row.met ? 'yes' : 'NO'}`);
  }
}
results['targets'] = summary;

const out = resolve(repoRoot, '.eval', 'results.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ dataDir, at: new Date().toISOString(), results }, null, 2)}\n`);
console.log(`\nJSON written to ${out}`);
