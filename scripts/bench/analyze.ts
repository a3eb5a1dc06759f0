// Articles a second through the whole analysis (clean, match, summarise, quotes, fingerprint), one process.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSettings } from '../../src/config/build-settings.js';
import { loadConfigFile } from '../../src/config/load-config.js';
import { analyzeArticle } from '../../src/core/analyze-article.js';
import { cleanDocument } from '../../src/core/text/clean-document.js';

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

/**
 * Articles per second of wall time and per second of CPU time (all of the process's threads, so the garbage
 * collector's helpers count too). CPU time is what "on one core" means and holds steady when other work shares
 * the machine; wall time is kept beside it.
 */
function rate(texts: readonly string[], minMs: number, work: (text: string) => void): { wall: number; cpu: number } {
  for (const text of texts.slice(0, 10)) work(text);
  let count = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  while (performance.now() - started < minMs) {
    for (const text of texts) work(text);
    count += texts.length;
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: count / wallSeconds, cpu: count / ((cpu.user + cpu.system) / 1e6) };
}

export function benchAnalyze(dataDir: string, minMs = 3_000) {
  const { source, texts } = loadArticles(dataDir);
  const config = loadConfigFile(join(repoRoot, 'config', 'newswatch.yaml'), {});
  const settings = buildSettings(config, 'config/newswatch.yaml', (path) => path);
  // Baseline in the same run: text cleanup alone, the floor every analysis pays.
  const cleanupOnly = rate(texts, minMs, (text) => void cleanDocument({ text, detectHeadline: true }));
  const full = rate(texts, minMs, (text) => void analyzeArticle({ text, detectHeadline: true }, settings.topicIndex, { summarySentences: 3 }));
  return {
    corpus: source,
    articles: texts.length,
    topics: settings.topics.length,
    analyzeArticlesPerCpuSecond: Math.round(full.cpu),
    cleanupOnlyArticlesPerCpuSecond: Math.round(cleanupOnly.cpu),
    analyzeVsCleanupRatio: Number((full.cpu / cleanupOnly.cpu).toFixed(3)),
    analyzeArticlesPerWallSecond: Math.round(full.wall),
    cleanupOnlyArticlesPerWallSecond: Math.round(cleanupOnly.wall),
    targetArticlesPerSecondPerCore: 500,
    meetsTarget: full.cpu >= 500,
  };
}
