// Articles a second through the whole analysis (clean, match, summarise, quotes, fingerprint), one process,
// timed on the compiled build as `newswatch` runs it (scripts/bench/analyze-compiled.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** CNN/DailyMail dev articles when the evaluation data is there, else the seed articles repeated. */
function loadArticles(dataDir: string): { source: string; texts: string[] } {
  const file = join(dataDir, 'summaries-cnndm-dev', 'articles.jsonl');
  if (existsSync(file)) {
    const texts = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { article: string }).article);
    return { source: 'summaries-cnndm-dev', texts };
  }
  const seeds = join(repoRoot, 'tests', 'fixtures', 'seeds');
  const texts = ['seed-000-iran-cia-network.txt', 'seed-004-iran-denies-cyber-attack.txt'].map((name) => readFileSync(join(seeds, name), 'utf8'));
  return { source: 'seeds', texts };
}

/** The newest modification time under a folder, to tell whether dist/ was built from the sources as they are. */
function newestChange(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than src/, so the figure is always the code as it stands. */
function ensureBuilt(): void {
  const dist = join(repoRoot, 'dist');
  if (existsSync(dist) && newestChange(dist) >= newestChange(join(repoRoot, 'src'))) return;
  process.stderr.write('bench: building dist/ first…\n');
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) throw new Error('bench analyze: `npm run build` failed; fix the build, then run the bench again');
}

interface Rates {
  full: { wall: number; cpu: number };
  cleanupOnly: { wall: number; cpu: number };
  topics: number;
}

export function benchAnalyze(dataDir: string, minMs = 3_000) {
  const { source, texts } = loadArticles(dataDir);
  ensureBuilt();
  const scratch = mkdtempSync(join(tmpdir(), 'newswatch-bench-analyze-'));
  try {
    const dataFile = join(scratch, 'texts.json');
    writeFileSync(dataFile, JSON.stringify(texts));
    // A plain Node process: no tsx loader, and NODE_OPTIONS dropped so none is inherited.
    const env = { ...process.env };
    delete env['NODE_OPTIONS'];
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'bench', 'analyze-compiled.mjs'), repoRoot, dataFile, String(minMs)], {
      env,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0) throw new Error(`bench analyze: the compiled run failed:\n${run.stderr}`);
    const { full, cleanupOnly, topics } = JSON.parse(run.stdout) as Rates;
    return {
      corpus: source,
      articles: texts.length,
      topics,
      measured: 'compiled build (dist/), plain node',
      analyzeArticlesPerCpuSecond: Math.round(full.cpu),
      cleanupOnlyArticlesPerCpuSecond: Math.round(cleanupOnly.cpu),
      analyzeVsCleanupRatio: Number((full.cpu / cleanupOnly.cpu).toFixed(3)),
      analyzeArticlesPerWallSecond: Math.round(full.wall),
      cleanupOnlyArticlesPerWallSecond: Math.round(cleanupOnly.wall),
      targetArticlesPerSecondPerCore: 500,
      meetsTarget: full.cpu >= 500,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
