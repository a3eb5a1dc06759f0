import { describe, expect, it } from 'vitest';
import { assignStory, signatureSimilarity, storySignature } from '../../../src/core/story-fingerprint.js';

// One wire story as two outlets rewrote it, and a different story on the same subject.
const wireA = {
  title: 'Iran denies US cyber-attack ahead of new sanctions',
  lead: 'Iran denied on Monday that it was hit by a US cyber-attack as Washington was due to tighten sanctions on Tehran in a standoff sparked by the US withdrawal from a nuclear deal. Telecommunications Minister Mohammad Javad Azari Jahromi said no cyber-attack against his country had ever succeeded.',
};
const wireB = {
  title: 'Tehran says US cyber attack failed as Washington readies sanctions',
  lead: 'Tehran on Monday denied being hit by a US cyber attack, as Washington prepared to tighten sanctions in the standoff that followed the US exit from the nuclear deal. Iranian telecoms minister Mohammad Javad Azari Jahromi said no attack had succeeded.',
};
const otherStory = {
  title: 'EU adds Iranian drone makers to sanctions list',
  lead: 'The European Union on Thursday added four Iranian companies that make drones to its sanctions list, freezing their assets in the bloc. Ministers in Brussels said the drones had been supplied to Russia for use in Ukraine.',
};
const unrelated = {
  title: 'Rare orchid found in Scottish highlands',
  lead: 'Botanists have found a rare orchid in the Scottish highlands for the first time in forty years, a walker spotted it near a loch.',
};

const sign = (story: { title: string; lead: string }) => storySignature(story.title, story.lead);

describe('story fingerprints', () => {
  it('finds two rewrites of one wire story similar, and a different story on the same subject not', () => {
    const same = signatureSimilarity(sign(wireA), sign(wireB));
    const subjectOnly = signatureSimilarity(sign(wireA), sign(otherStory));
    expect(same).toBeGreaterThan(subjectOnly);
    expect(same).toBeGreaterThanOrEqual(0.2);
    expect(subjectOnly).toBeLessThan(0.1);
    expect(signatureSimilarity(sign(wireA), sign(unrelated))).toBeLessThan(0.05);
  });

  it('is deterministic and identical for identical text', () => {
    expect(sign(wireA)).toEqual(sign(wireA));
    expect(signatureSimilarity(sign(wireA), sign(wireA))).toBe(1);
  });
});

describe('assignStory', () => {
  const candidate = (key: string, source: string, story: { title: string; lead: string }, storyId: string, analyzedAt: string) => ({
    articleKey: key,
    source,
    signature: sign(story),
    storyId,
    analyzedAt,
  });

  it('joins the second outlet to the first outlet’s story as a follow-up with the source count', () => {
    const first = candidate('link:a', 'AFP', wireA, 'story-a', '2024-06-24T10:00:00Z');
    const result = assignStory({ key: 'link:b', source: 'Reuters', signature: sign(wireB) }, [first]);
    expect(result).toEqual({ storyId: 'story-a', followUpOf: 'link:a', otherSources: ['AFP'], arrivals: [{ source: 'AFP', at: '2024-06-24T10:00:00Z' }] });
  });

  it('keeps two different stories about the same subject apart', () => {
    const first = candidate('link:a', 'AFP', wireA, 'story-a', '2024-06-24T10:00:00Z');
    const result = assignStory({ key: 'link:c', source: 'DW', signature: sign(otherStory) }, [first]);
    expect(result.storyId).not.toBe('story-a');
    expect(result.followUpOf).toBeNull();
    expect(result.otherSources).toEqual([]);
  });

  it('points follow-ups at the story’s first article and lists every other source once', () => {
    const members = [
      candidate('link:a', 'AFP', wireA, 'story-a', '2024-06-24T10:00:00Z'),
      candidate('link:b', 'Reuters', wireB, 'story-a', '2024-06-24T11:00:00Z'),
    ];
    const result = assignStory({ key: 'link:d', source: 'AFP', signature: sign(wireA) }, members);
    expect(result.followUpOf).toBe('link:a');
    expect(result.otherSources).toEqual(['Reuters']);
  });
});
