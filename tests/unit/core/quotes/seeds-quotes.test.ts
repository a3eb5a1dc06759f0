import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../../src/core/quotes/extract-quotes.js';
import { cleanDocument } from '../../../../src/core/text/clean-document.js';
import { quoteTextAsShown } from '../../../support/seed-quotes.js';

interface ExpectedQuote {
  text: string;
  speaker: string;
  role: string | null;
}

interface ExpectedArticle {
  file: string;
  quotes: ExpectedQuote[];
  not_quotes?: string[];
  boilerplate?: string[];
}

const seeds = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/seeds');
const expected = JSON.parse(readFileSync(path.join(seeds, 'expected.json'), 'utf8')) as { articles: ExpectedArticle[] };

describe.each(expected.articles)('quotes of $file', (article) => {
  const text = readFileSync(path.join(seeds, article.file), 'utf8');
  const quotes = extractQuotes(cleanDocument({ text, detectHeadline: true }));

  it.each(article.quotes)('finds “$text” by $speaker', (want) => {
    const found = quotes.find((q) => q.text === quoteTextAsShown(want.text));
    expect(found, `quote not found: ${want.text}`).toBeDefined();
    expect(found?.speaker).toBe(want.speaker);
    expect(found?.role).toBe(want.role);
  });

  it('returns the expected quotes in article order', () => {
    const order = article.quotes.map((want) => quotes.findIndex((q) => q.text === quoteTextAsShown(want.text)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('returns none of the phrases that are not quotes', () => {
    for (const phrase of article.not_quotes ?? []) {
      expect(quotes.some((q) => q.text.includes(phrase))).toBe(false);
    }
  });

  it('lets no page furniture into a quote', () => {
    for (const furniture of article.boilerplate ?? []) {
      expect(quotes.some((q) => q.text.includes(furniture))).toBe(false);
    }
  });
});
