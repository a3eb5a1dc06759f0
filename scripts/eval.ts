// `npm run eval`: every quality figure on ../shared/data (or NEWSWATCH_SHARED_DATA), as a table and as JSON.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateExtraction } from './eval/extraction.js';
import { evaluateFeeds } from './eval/feeds.js';
import { evaluateQuotes } from './eval/quotes.js';
import { evaluateSummaries } from './eval/summaries.js';
import { MAX_HALF_GAP } from './eval/halves.js';
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
/**
 * A target figure: where the whole-set value is, where each half's value is, the baseline beside it, and the
 * pass rule. Every figure is also compared between the two fixed halves (scripts/eval/halves.ts).
 */
interface Target {
  figure: string;
  ours: string;
  /** The same figure within a half: `{half}` stands for develop or check. */
  half: string;
  baseline: string | null;
  target: string;
  pass: (ours: number, baseline: number | undefined) => boolean;
}
const watchTopic = (topic: string, set = 'watch', label = 'watch topics'): Target => ({
  figure: `${label}: ${topic} F1`,
  ours: `topics.${set}.ours.topics.${topic}.f1`,
  half: `topics.${set}.halves.{half}.ours.topics.${topic}.f1`,
  baseline: `topics.${set}.baseline.topics.${topic}.f1`,
  target: '≥ 0.92',
  pass: (o) => o >= 0.92,
});
const targets: Target[] = [
  { figure: 'quotes: detection F1 (overlap > 0.8)', ours: 'quotes.detection.over80.f1', half: 'quotes.halves.{half}.detection.over80.f1', baseline: 'quotes.baseline.detection.f1', target: '≥ 0.97', pass: (o) => o >= 0.97 },
  { figure: 'quotes: speaker accuracy', ours: 'quotes.speaker.accuracy', half: 'quotes.halves.{half}.speaker.accuracy', baseline: 'quotes.baseline.speaker.accuracy', target: '≥ 0.90', pass: (o) => o >= 0.9 },
  { figure: 'summaries: ROUGE-1 gain over Lead-3', ours: 'summaries.gainOverLead3Fraction.rouge1', half: 'summaries.halves.{half}.gainOverLead3Fraction.rouge1', baseline: null, target: '≥ +0.005', pass: (o) => o >= 0.005 },
  { figure: 'summaries: ROUGE-2 gain over Lead-3', ours: 'summaries.gainOverLead3Fraction.rouge2', half: 'summaries.halves.{half}.gainOverLead3Fraction.rouge2', baseline: null, target: '≥ +0.005', pass: (o) => o >= 0.005 },
  { figure: 'extraction: shingle F1', ours: 'extraction.ours.f1', half: 'extraction.halves.{half}.ours.f1', baseline: 'extraction.readabilityLinkedom.f1', target: '≥ 0.96, ≥ R.', pass: (o, b) => o >= 0.96 && (b === undefined || o >= b) },
  { figure: 'topics: cyber-attacks F1 (CASIE)', ours: 'topics.f1', half: 'topics.halves.{half}.f1', baseline: null, target: '≥ 0.92', pass: (o) => o >= 0.92 },
  { figure: 'watch topics: macro F1', ours: 'topics.watch.ours.macroF1', half: 'topics.watch.halves.{half}.ours.macroF1', baseline: 'topics.watch.baseline.macroF1', target: '≥ 0.95', pass: (o) => o >= 0.95 },
  ...['iran-cyber', 'sanctions', 'gulf-tensions', 'cyber-attacks'].map((topic) => watchTopic(topic)),
  { figure: 'second watch set: macro F1', ours: 'topics.watchSecond.ours.macroF1', half: 'topics.watchSecond.halves.{half}.ours.macroF1', baseline: 'topics.watchSecond.baseline.macroF1', target: '≥ 0.95', pass: (o) => o >= 0.95 },
  ...['iran-cyber', 'sanctions', 'gulf-tensions', 'cyber-attacks'].map((topic) => watchTopic(topic, 'watchSecond', 'second watch set')),
  { figure: 'feeds: crashed or hung', ours: 'feeds.unexpectedExceptions', half: '', baseline: null, target: '0', pass: (o) => o + (get('feeds.timeouts') ?? 0) === 0 },
];
interface TargetRow {
  figure: string;
  ours: number;
  baseline: number | null;
  develop: number | null;
  check: number | null;
  halfGap: number | null;
  target: string;
  met: boolean;
}
const summary: TargetRow[] = [];
for (const row of targets) {
  const ours = get(row.ours);
  if (ours === undefined) continue;
  const baseline = row.baseline ? get(row.baseline) : undefined;
  const develop = row.half ? get(row.half.replace('{half}', 'develop')) ?? null : null;
  const check = row.half ? get(row.half.replace('{half}', 'check')) ?? null : null;
  const halfGap = develop !== null && check !== null ? Math.abs(develop - check) : null;
  summary.push({ figure: row.figure, ours, baseline: baseline ?? null, develop, check, halfGap, target: row.target, met: row.pass(ours, baseline) });
}
if (summary.length > 0) {
  console.log(`\n## targets (baselines computed in the same run; halves: develop / check, gap allowed ${MAX_HALF_GAP})`);
  const width = Math.max(...summary.map((row) => row.figure.length));
  const fmt = (n: number | null): string => (n === null ? '-' : Number.isInteger(n) ? String(n) : n.toFixed(n > 1 ? 2 : 3));
  console.log(`  ${'figure'.padEnd(width)}  ${'ours'.padStart(7)}  ${'baseline'.padStart(8)}  ${'develop'.padStart(7)}  ${'check'.padStart(7)}  ${'gap'.padStart(6)}  ${'target'.padEnd(12)}  met  halves`);
  for (const row of summary) {
    const gapOk = row.halfGap === null ? '-' : row.halfGap <= MAX_HALF_GAP ? 'ok' : 'GAP';
    console.log(
      `  ${row.figure.padEnd(width)}  ${fmt(row.ours).padStart(7)}  ${fmt(row.baseline).padStart(8)}  ${fmt(row.develop).padStart(7)}  ${fmt(row.check).padStart(7)}  ${fmt(row.halfGap).padStart(6)}  ${row.target.padEnd(12)}  ${row.met ? 'yes' : 'NO '}  ${gapOk}`,
    );
  }
}
results['targets'] = summary;

const out = resolve(repoRoot, '.eval', 'results.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ dataDir, at: new Date().toISOString(), results }, null, 2)}\n`);
console.log(`\nJSON written to ${out}`);
