/**
 * Evaluates the shipped `cyber-attacks` topic on CASIE news articles: an article is a positive when it reports
 * an attack (data breach, phishing, ransom); vulnerability-only articles are the hard negatives.
 * Run directly (`tsx scripts/eval/topics.ts`) to print the figures as JSON.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toTopicDefinitions } from '../../src/config/build-settings.js';
import { loadConfigFile } from '../../src/config/load-config.js';

// The shipped topics are the ones in config/newswatch.yaml: evaluated exactly as users get them.
const defaultTopics = toTopicDefinitions(loadConfigFile(new URL('../../config/newswatch.yaml', import.meta.url).pathname, {}));
import { compileTopics, matchTopics } from '../../src/core/topics/topic-index.js';

const TOPIC_ID = 'cyber-attacks';

interface CasieArticle {
  id: string;
  title: string | null;
  text: string;
  is_attack: boolean;
  is_vulnerability_only: boolean;
}

export interface TopicEvaluation {
  topic: string;
  articles: number;
  positives: number;
  hardNegatives: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** False positives among the vulnerability-only articles. */
  hardNegativesMatched: number;
  precision: number;
  recall: number;
  f1: number;
  articlesPerSecond: number;
}

/** Precision, recall and F1 of the `cyber-attacks` topic over `<dataDir>/topics-casie-dev/articles.jsonl`. */
export async function evaluateTopics(dataDir: string): Promise<TopicEvaluation> {
  const file = path.join(dataDir, 'topics-casie-dev', 'articles.jsonl');
  const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
  const articles = lines.map((line) => JSON.parse(line) as CasieArticle);
  const topic = defaultTopics.find((candidate) => candidate.id === TOPIC_ID);
  if (topic === undefined) throw new Error(`no shipped topic "${TOPIC_ID}"`);
  const index = compileTopics([topic]);

  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let hardNegativesMatched = 0;
  const started = performance.now();
  for (const article of articles) {
    // CASIE keeps each article's text as one block; the matcher takes the lead from its first sentences.
    const doc = { title: article.title ?? '', paragraphs: [article.text] };
    const matched = matchTopics(index, doc).some((match) => match.topic === TOPIC_ID);
    if (matched && article.is_attack) truePositives++;
    if (matched && !article.is_attack) falsePositives++;
    if (!matched && article.is_attack) falseNegatives++;
    if (matched && article.is_vulnerability_only) hardNegativesMatched++;
  }
  const seconds = (performance.now() - started) / 1000;
  const precision = ratio(truePositives, truePositives + falsePositives);
  const recall = ratio(truePositives, truePositives + falseNegatives);
  return {
    topic: TOPIC_ID,
    articles: articles.length,
    positives: articles.filter((article) => article.is_attack).length,
    hardNegatives: articles.filter((article) => article.is_vulnerability_only).length,
    truePositives,
    falsePositives,
    falseNegatives,
    hardNegativesMatched,
    precision: round(precision),
    recall: round(recall),
    f1: round(ratio(2 * precision * recall, precision + recall)),
    articlesPerSecond: Math.round(articles.length / seconds),
  };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** `../shared/data` beside the repository, unless NEWSWATCH_SHARED_DATA says otherwise. */
function defaultDataDir(): string {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  return process.env['NEWSWATCH_SHARED_DATA'] ?? path.resolve(repoRoot, '..', 'shared', 'data');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await evaluateTopics(defaultDataDir()), null, 2));
}
