/**
 * Measures extractPage throughput in pages per second over the article-extraction benchmark pages, next to
 * plain Readability on linkedom measured in the same run.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractPage } from '../../src/adapters/feeds/extract-page.js';
import { extractWithReadability, loadExtractionPages } from '../eval/extraction.js';
import { sharedDataDir } from '../eval/summaries.js';

const ROUNDS = 3;

/** Pages per second for extractPage and for plain Readability (best of a few rounds, after a warm-up). */
export async function benchExtraction(dataDir: string): Promise<Record<string, unknown>> {
  const pages = await loadExtractionPages(dataDir);
  const megabytes = pages.reduce((total, page) => total + Buffer.byteLength(page.html), 0) / 1e6;
  const measure = (extract: (html: string, url: string) => unknown): number => {
    for (const page of pages.slice(0, 5)) extract(page.html, page.url);
    let best = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const started = process.hrtime.bigint();
      for (const page of pages) extract(page.html, page.url);
      best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9);
    }
    return best;
  };
  const ours = measure((html, url) => extractPage(html, url));
  const baseline = measure((html) => extractWithReadability(html));
  return {
    pages: pages.length,
    megabytes: Math.round(megabytes * 10) / 10,
    extractPage: { pagesPerSecond: round(pages.length / ours), megabytesPerSecond: round(megabytes / ours) },
    readabilityLinkedom: { pagesPerSecond: round(pages.length / baseline), megabytesPerSecond: round(megabytes / baseline) },
    // The machines are noisy: compare this ratio between runs, not the absolute speeds.
    speedVersusReadability: Math.round((baseline / ours) * 100) / 100,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchExtraction(sharedDataDir()), null, 2));
}
