import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../../../src/core/summary/summarize.js';
import { cleanDocument } from '../../../../src/core/text/clean-document.js';

interface SeedExpectation {
  file: string;
  headline: string | null;
  lead_sentence: string;
  boilerplate: string[];
  repeated_paragraphs?: string[];
}

const seedsDir = fileURLToPath(new URL('../../../fixtures/seeds/', import.meta.url));
const expected = JSON.parse(readFileSync(`${seedsDir}expected.json`, 'utf8')) as { articles: SeedExpectation[] };

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

describe.each(expected.articles)('seed $file', (seed) => {
  const doc = cleanDocument({ text: readFileSync(`${seedsDir}${seed.file}`, 'utf8'), detectHeadline: true });

  it('drops every piece of boilerplate', () => {
    for (const boilerplate of seed.boilerplate) {
      expect(doc.text).not.toContain(boilerplate);
      for (const line of boilerplate.split('\n')) {
        expect(doc.text).not.toContain(line);
        expect(doc.paragraphs).not.toContain(line);
        expect(doc.title).not.toBe(line);
      }
    }
  });

  it('keeps each repeated paragraph exactly once', () => {
    for (const repeated of seed.repeated_paragraphs ?? []) {
      const copies = doc.paragraphs.filter((paragraph) => normalise(paragraph) === normalise(repeated));
      expect(copies).toHaveLength(1);
    }
  });

  it('finds the headline only when the text has one', () => {
    if (seed.headline !== null) {
      expect(doc.title).toBe(seed.headline);
      expect(doc.paragraphs).not.toContain(seed.headline);
    } else {
      expect(doc.title.length).toBeGreaterThan(0);
      expect(seed.lead_sentence.startsWith(doc.title.replace(/…$/, ''))).toBe(true);
    }
  });

  it('leads the summary with the lead sentence', () => {
    const summary = summarize(doc, { sentences: 3 });
    expect(summary).toHaveLength(3);
    expect(summary[0]).toBe(seed.lead_sentence);
  });

  it('keeps section headings out of the body', () => {
    for (const paragraph of doc.paragraphs) expect(paragraph).toMatch(/[.!?"”’]$/);
  });
});
