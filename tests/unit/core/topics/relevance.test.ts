import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_SCORE } from '../../../../src/core/topics/topic-definition.js';
import { compileTopics, matchTopics } from '../../../../src/core/topics/topic-index.js';

/** Eight paragraphs of an unrelated story, two sentences each. */
const FILLER = [
  'The city council approved a new budget for road repairs on Tuesday. Work is due to start in the spring.',
  'The mayor said the plan would fix the worst potholes first. Residents had complained for years.',
  'Contractors will bid for the work in three separate lots. Each lot covers one district of the city.',
  'Opposition members asked for an independent audit of past projects. The mayor agreed to publish the costs.',
  'A local business group welcomed the decision. It said delivery trucks lose hours in traffic every week.',
  'Cyclists asked for protected lanes on the main avenues. The council will consider a separate proposal.',
  'The budget also funds new street lighting near schools. Parents had asked for it after a string of accidents.',
  'The council meets again next month to vote on the lighting contracts. The session is open to the public.',
];

interface Placement {
  title?: string;
  /** Replacements by paragraph number. */
  paragraphs?: Record<number, string>;
}

function article({ title = 'Council approves road repair budget', paragraphs = {} }: Placement) {
  return { title, paragraphs: FILLER.map((text, index) => paragraphs[index] ?? text) };
}

function scoreOf(query: string, doc: ReturnType<typeof article>): number {
  const [match] = matchTopics(compileTopics([{ id: 't', name: 'T', query, minScore: 0 }]), doc);
  return match?.score ?? 0;
}

function fires(query: string, doc: ReturnType<typeof article>, minScore?: number): boolean {
  const topic = { id: 't', name: 'T', query, ...(minScore === undefined ? {} : { minScore }) };
  return matchTopics(compileTopics([topic]), doc).length === 1;
}

const LAST = FILLER.length - 1;
const mention = 'Some residents also raised sanctions on a foreign supplier.';

describe('relevance', () => {
  it('does not fire on a term only in the closing paragraph', () => {
    expect(fires('sanctions', article({ paragraphs: { [LAST]: mention } }))).toBe(false);
    expect(scoreOf('sanctions', article({ paragraphs: { [LAST]: mention } }))).toBeGreaterThan(0);
  });

  it('fires on a term in the title', () => {
    expect(fires('sanctions', article({ title: 'Council weighs sanctions on supplier' }))).toBe(true);
  });

  it('fires on a term in the lead', () => {
    expect(fires('sanctions', article({ paragraphs: { 0: `${mention} ${FILLER[0]}` } }))).toBe(true);
  });

  it('takes the lead from the first paragraph that has words', () => {
    const doc = article({});
    expect(fires('sanctions', { ...doc, paragraphs: ['', mention, ...doc.paragraphs] })).toBe(true);
  });

  it('skips an update note and a "source | date | time" line when finding the lead', () => {
    for (const furniture of ['Updated May 4 to add the ministry’s statement and new figures from the port.', 'Harbour Post | May 4, 2025 | 7:16 PM | 3 min read']) {
      const doc = article({});
      expect(fires('sanctions', { ...doc, paragraphs: [furniture, `${mention} ${FILLER[0]}`, ...doc.paragraphs] })).toBe(true);
    }
  });

  it('still takes a first paragraph that only looks like a note when it is prose', () => {
    const doc = article({});
    const prose = 'Update crews worked through the night on the port’s cranes after the storm, the harbour office said.';
    expect(fires('sanctions', { ...doc, paragraphs: [prose, mention, ...doc.paragraphs] })).toBe(false);
  });

  it('does not fire on one passing mention in the body, but does on repeated early ones', () => {
    expect(fires('sanctions', article({ paragraphs: { 3: mention } }))).toBe(false);
    expect(fires('sanctions', article({ paragraphs: { 1: mention, 2: mention } }))).toBe(true);
  });

  it('weighs the title above the lead, the lead above the body, the body start above its end', () => {
    const title = scoreOf('sanctions', article({ title: 'Sanctions on supplier' }));
    const lead = scoreOf('sanctions', article({ paragraphs: { 0: mention } }));
    const early = scoreOf('sanctions', article({ paragraphs: { 1: mention } }));
    const late = scoreOf('sanctions', article({ paragraphs: { [LAST]: mention } }));
    expect(title).toBeGreaterThan(lead);
    expect(lead).toBeGreaterThan(early);
    expect(early).toBeGreaterThan(late);
  });

  it('grows with frequency, with saturation', () => {
    const scores = [1, 2, 4, 8].map((count) => {
      const paragraphs: Record<number, string> = {};
      for (let index = 0; index < count; index++) paragraphs[index] = mention;
      return scoreOf('sanctions', article({ paragraphs }));
    });
    for (let index = 1; index < scores.length; index++) expect(scores[index]).toBeGreaterThan(scores[index - 1] ?? 1);
    const gains = scores.slice(1).map((score, index) => score - (scores[index] ?? 0));
    expect(gains[2]).toBeLessThan(gains[0] ?? 0);
    expect(scores[3]).toBeLessThan(1);
  });

  it('lets the weaker side of an AND decide', () => {
    const doc = article({ title: 'Iran talks resume', paragraphs: { [LAST]: 'A cyber unit was mentioned once.' } });
    expect(fires('iran AND cyber', doc)).toBe(false);
    expect(fires('iran', doc)).toBe(true);
  });

  it('adds the alternatives of an OR, counting one occurrence once', () => {
    const doc = article({ paragraphs: { 2: 'Tankers waited near Hormuz.', 4: 'More tankers arrived.' } });
    expect(scoreOf('tankers OR hormuz', doc)).toBeGreaterThan(scoreOf('tankers', doc));
    expect(scoreOf('tankers OR tanker', doc)).toBe(scoreOf('tankers', doc));
  });

  it('follows the documented scale', () => {
    expect(scoreOf('sanctions', article({ title: 'Sanctions on supplier' }))).toBeCloseTo(0.593, 3);
    expect(scoreOf('sanctions', article({ paragraphs: { 0: mention } }))).toBeCloseTo(0.528, 3);
    expect(DEFAULT_MIN_SCORE).toBe(0.45);
  });

  it('honours a topic minScore', () => {
    const doc = article({ title: 'Sanctions on supplier' });
    expect(fires('sanctions', doc, 0.9)).toBe(false);
    expect(fires('sanctions', doc, 0.5)).toBe(true);
    expect(fires('sanctions', article({ paragraphs: { [LAST]: mention } }), 0)).toBe(true);
  });
});
