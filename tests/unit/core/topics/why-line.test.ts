import { describe, expect, it } from 'vitest';
import { MAX_WHY_TERMS } from '../../../../src/core/alert.js';
import { analyzeArticle } from '../../../../src/core/analyze-article.js';
import { buildAlerts } from '../../../../src/core/build-alerts.js';
import type { RuntimeSettings } from '../../../../src/core/settings/runtime-settings.js';
import { compileTopics } from '../../../../src/core/topics/topic-index.js';

const query = 'strait OR tanker OR drone OR navy OR warship OR missile OR seized OR convoy';

const settings: RuntimeSettings = {
  feeds: [],
  topics: [{ id: 'gulf', name: 'Gulf', query, channels: ['ops'], origin: 'yaml', mutedUntil: null, surge: null }],
  topicIndex: compileTopics([{ id: 'gulf', name: 'Gulf', query }]),
  channels: new Map([['ops', { id: 'ops', platform: 'console', mode: 'immediate', digestSchedule: null, minScore: 0, quietHours: null, surgeMention: null, briefs: [] }]]),
  adminChannel: null,
  summarySentences: 2,
  maxQuotes: 3,
  teaserWords: 0,
  storyWindowMs: 72 * 3_600_000,
};

const article = {
  key: 'link:why',
  feedId: 'wire',
  source: 'Wire',
  url: 'https://news.example.test/why',
  title: 'Tanker seized in the strait',
  publishedAt: '2024-06-24T10:00:00Z',
  html:
    '<p>Guards seized a tanker in the strait on Monday after a drone circled it for an hour.</p>' +
    '<p>A navy warship later escorted a convoy past the spot.</p>' +
    '<p>Officials said a missile battery on the coast had been moved last week.</p>',
  text: null,
};

describe('why it matched', () => {
  it('shows the strongest few terms, strongest first, and the evidence sentence', () => {
    const analysis = analyzeArticle({ title: article.title, html: article.html }, settings.topicIndex, { summarySentences: 2, focusSummary: true });
    const [routed] = buildAlerts(article, analysis, { storyId: 's', followUpOf: null, otherSources: [], arrivals: [] }, settings, new Date('2024-06-24T12:00:00Z'));
    const [topic] = routed?.alert.topics ?? [];
    expect(analysis.matches[0]?.terms.length).toBeGreaterThan(MAX_WHY_TERMS);
    expect(topic?.terms).toHaveLength(MAX_WHY_TERMS);
    expect(topic?.terms.slice(0, 3).sort()).toEqual(['seized', 'strait', 'tanker']);
    expect(topic?.terms).not.toContain('missile');
    expect(topic?.evidence).toBe('Guards seized a tanker in the strait on Monday after a drone circled it for an hour.');
  });
});
