// The analysis as `newswatch` runs it: the compiled build in dist/, in a plain Node process. The bench itself
// runs under tsx, whose on-the-fly transform slows some hot loops about twofold, so timing inside it would
// measure the transform, not the product. Prints one JSON object: articles per CPU-second and per wall-second,
// for the whole analysis and for text cleanup alone (the baseline), measured in this one process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [repoRoot, dataFile, minMsText] = process.argv.slice(2);
const minMs = Number(minMsText);
const load = (path) => import(pathToFileURL(join(repoRoot, 'dist', path)).href);
const { buildSettings } = await load('config/build-settings.js');
const { loadConfigFile } = await load('config/load-config.js');
const { analyzeArticle } = await load('core/analyze-article.js');
const { cleanDocument } = await load('core/text/clean-document.js');

const texts = JSON.parse(readFileSync(dataFile, 'utf8'));
const config = loadConfigFile(join(repoRoot, 'config', 'newswatch.yaml'), {});
const settings = buildSettings(config, 'config/newswatch.yaml', (path) => path);

/** Articles a second of wall time and of CPU time (all threads: the garbage collector's helpers count too). */
function rate(work) {
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

const cleanupOnly = rate((text) => void cleanDocument({ text, detectHeadline: true }));
const full = rate((text) => void analyzeArticle({ text, detectHeadline: true }, settings.topicIndex, { summarySentences: 3 }));
process.stdout.write(JSON.stringify({ full, cleanupOnly, topics: settings.topics.length }));
