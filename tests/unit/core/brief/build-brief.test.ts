import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../src/core/alert.js';
import { buildBrief, type LoggedAlert } from '../../../../src/core/brief/build-brief.js';
import { renderBriefText } from '../../../../src/core/brief/render-brief-text.js';

const now = new Date('2030-03-10T18:00:00Z');
const since = '2030-03-09T18:00:00Z';
const harbour = { id: 'harbour', name: 'Harbour safety' };

function logged(fields: Partial<Alert> & { storyId: string; source: string }, score = 0.5, createdAt = '2030-03-10T12:00:00Z', topicId = 'harbour'): LoggedAlert {
  return {
    createdAt,
    alert: {
      articleKey: `${fields.storyId}:${fields.source}`,
      channelId: 'ops',
      title: `Story ${fields.storyId} as told by ${fields.source}`,
      url: `https://${fields.source.toLowerCase().replace(/\s+/g, '')}.example.test/${fields.storyId}`,
      publishedAt: createdAt,
      topics: [{ id: topicId, name: topicId, score, terms: ['harbour'] }],
      summary: [`Summary of ${fields.storyId} by ${fields.source}.`, 'A second sentence.'],
      quotes: [],
      otherSources: [],
      followUpOf: null,
      ...fields,
    },
  };
}

describe('buildBrief', () => {
  it('ranks stories by distinct outlets, then relevance, then recency', () => {
    const alerts = [
      logged({ storyId: 'quiet-but-relevant', source: 'Coast Daily' }, 0.95),
      logged({ storyId: 'wide', source: 'Coast Daily', otherSources: ['Port Wire', 'Bay Herald'] }, 0.4),
      logged({ storyId: 'wide', source: 'Port Wire', otherSources: ['Coast Daily'] }, 0.6),
      logged({ storyId: 'two-old', source: 'Bay Herald', otherSources: ['Port Wire'] }, 0.7, '2030-03-10T08:00:00Z'),
      logged({ storyId: 'two-new', source: 'Coast Daily', otherSources: ['Bay Herald'] }, 0.7, '2030-03-10T16:00:00Z'),
      logged({ storyId: 'two-relevant', source: 'Coast Daily', otherSources: ['Port Wire'] }, 0.8, '2030-03-10T01:00:00Z'),
    ];
    const brief = buildBrief(alerts, { topic: harbour, since, now, limit: 10 });
    expect(brief.entries.map((entry) => entry.storyId)).toEqual(['wide', 'two-relevant', 'two-new', 'two-old', 'quiet-but-relevant']);
    expect(brief.total).toBe(5);
    const wide = brief.entries[0];
    expect(wide?.outlets).toEqual(['Port Wire', 'Coast Daily', 'Bay Herald']);
    expect(wide?.score).toBe(0.6);
    // the most relevant article speaks for the story
    expect(wide?.title).toBe('Story wide as told by Port Wire');
    expect(wide?.summary).toBe('Summary of wide by Port Wire.');
    expect(wide?.url).toBe('https://portwire.example.test/wide');
  });

  it('keeps one entry per story across channels, and leaves out other topics and alerts outside the window', () => {
    const inOps = logged({ storyId: 's1', source: 'Coast Daily' });
    const inDesk = { ...inOps, alert: { ...inOps.alert, channelId: 'desk' } };
    const alerts = [
      inOps,
      inDesk,
      logged({ storyId: 'other-topic', source: 'Coast Daily' }, 0.9, '2030-03-10T12:00:00Z', 'markets'),
      logged({ storyId: 'too-old', source: 'Coast Daily' }, 0.9, '2030-03-09T17:59:00Z'),
      logged({ storyId: 'future', source: 'Coast Daily' }, 0.9, '2030-03-10T18:01:00Z'),
    ];
    const brief = buildBrief(alerts, { topic: harbour, since, now, limit: 10 });
    expect(brief.entries.map((entry) => entry.storyId)).toEqual(['s1']);
    expect(brief.entries[0]?.outlets).toEqual(['Coast Daily']);
  });

  it("picks the story's highest-scoring quote that names its speaker", () => {
    const alerts = [
      logged({ storyId: 's1', source: 'Coast Daily', quotes: [{ text: 'Nobody said this', speaker: null, role: null, score: 0.99 }, { text: 'The cranes stopped at noon', speaker: 'Ana Ruiz', role: 'dock foreman', score: 0.6 }] }, 0.9),
      logged({ storyId: 's1', source: 'Port Wire', quotes: [{ text: 'We are inspecting every berth', speaker: 'Lee Park', role: null, score: 0.8 }] }, 0.3),
      logged({ storyId: 's2', source: 'Port Wire', quotes: [{ text: 'Unattributed', speaker: null, role: null, score: 0.9 }] }, 0.3),
    ];
    const brief = buildBrief(alerts, { topic: harbour, since, now, limit: 10 });
    expect(brief.entries[0]?.quote).toEqual({ text: 'We are inspecting every berth', speaker: 'Lee Park', role: null });
    expect(brief.entries[1]?.quote).toBeNull();
  });

  it('keeps `limit` stories and counts the rest', () => {
    const alerts = ['a', 'b', 'c', 'd'].map((storyId, index) => logged({ storyId, source: 'Coast Daily' }, 0.1 * (index + 1)));
    const brief = buildBrief(alerts, { topic: harbour, since, now, limit: 2 });
    expect(brief.entries.map((entry) => entry.storyId)).toEqual(['d', 'c']);
    expect(brief.total).toBe(4);
  });
});

describe('renderBriefText', () => {
  const alerts = ['a', 'b', 'c'].map((storyId, index) =>
    logged({ storyId, source: 'Coast Daily', otherSources: index === 2 ? ['Port Wire'] : [], quotes: [{ text: `Quote on ${storyId}`, speaker: 'Ana Ruiz', role: 'dock foreman', score: 0.5 }] }, 0.5 - index * 0.1),
  );
  const brief = buildBrief(alerts, { topic: harbour, since, now, limit: 10 });

  it('shows each story with summary, attributed quote, outlets and link', () => {
    const text = renderBriefText(brief, 4_000);
    expect(text).toBe(
      [
        'Harbour safety: 3 stories since 2030-03-09 18:00 UTC',
        '1. Story c as told by Coast Daily (2 outlets)\n   Summary of c by Coast Daily.\n   “Quote on c” (Ana Ruiz, dock foreman)\n   Outlets: Coast Daily, Port Wire\n   https://coastdaily.example.test/c',
        '2. Story a as told by Coast Daily (1 outlet)\n   Summary of a by Coast Daily.\n   “Quote on a” (Ana Ruiz, dock foreman)\n   Outlets: Coast Daily\n   https://coastdaily.example.test/a',
        '3. Story b as told by Coast Daily (1 outlet)\n   Summary of b by Coast Daily.\n   “Quote on b” (Ana Ruiz, dock foreman)\n   Outlets: Coast Daily\n   https://coastdaily.example.test/b',
      ].join('\n\n'),
    );
  });

  it('stops at whole stories within the limit and says how many more there are', () => {
    const full = renderBriefText(brief, 4_000);
    const limit = full.indexOf('\n\n3.') + '\n\n…and 1 more'.length;
    const text = renderBriefText(brief, limit);
    expect(text.length).toBeLessThanOrEqual(limit);
    expect(text).toContain('2. Story a');
    expect(text).not.toContain('Story b');
    expect(text.endsWith('\n\n…and 1 more')).toBe(true);
  });

  it('counts stories beyond the limit in the "more" line', () => {
    const limited = buildBrief(alerts, { topic: harbour, since, now, limit: 1 });
    expect(renderBriefText(limited, 4_000).endsWith('https://coastdaily.example.test/c\n\n…and 2 more')).toBe(true);
  });

  it('says so when there is nothing on the topic', () => {
    expect(renderBriefText(buildBrief([], { topic: harbour, since, now, limit: 10 }), 4_000)).toBe('Harbour safety: 0 stories since 2030-03-09 18:00 UTC.');
  });
});
