import { describe, expect, it } from 'vitest';
import { buildSentenceVectors, contentWords, cosine, directedCentrality } from '../../../../src/core/summary/sentence-vectors.js';

const SENTENCES = [
  'The city council approved a new tram line through the old harbour district.',
  'The tram line will cost 300 million and open in four years.',
  'Harbour district shop owners welcomed the tram.',
  'Some residents fear years of roadworks.',
  'The council will publish the tram route in March.',
].map(contentWords);

describe('sentence vectors', () => {
  it('drops stopwords and lower-cases', () => {
    expect(contentWords('The Tram and THE harbour')).toEqual(['tram', 'harbour']);
  });

  it('gives unit vectors: a sentence is fully similar to itself and not at all to one with no shared word', () => {
    const vectors = buildSentenceVectors(SENTENCES);
    const [first, , , fourth] = vectors;
    if (!first || !fourth) throw new Error('missing vectors');
    expect(cosine(first, first)).toBeCloseTo(1, 10);
    expect(cosine(first, fourth)).toBe(0);
  });

  it('sums thresholded similarity to later (forward) and earlier (backward) sentences', () => {
    const vectors = buildSentenceVectors(SENTENCES);
    const threshold = 0.1;
    const { forward, backward } = directedCentrality(vectors, threshold);
    vectors.forEach((a, i) => {
      let after = 0;
      let before = 0;
      vectors.forEach((b, j) => {
        const edge = Math.max(0, cosine(a, b) - threshold);
        if (j > i) after += edge;
        if (j < i) before += edge;
      });
      expect(forward[i]).toBeCloseTo(after, 10);
      expect(backward[i]).toBeCloseTo(before, 10);
    });
    expect(forward[0]).toBeGreaterThan(forward[3] ?? 0);
  });
});
