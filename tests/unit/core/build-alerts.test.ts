import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/core/article.js';
import { analyzeArticle } from '../../../src/core/analyze-article.js';
import { buildAlerts } from '../../../src/core/build-alerts.js';
import type { ChannelSettings, RuntimeSettings, TopicSettings } from '../../../src/core/settings/runtime-settings.js';
import { compileTopics } from '../../../src/core/topics/topic-index.js';

const now = new Date('2024-06-24T12:00:00Z');

const channel = (id: string, fields: Partial<ChannelSettings> = {}): ChannelSettings => ({
  id,
  platform: 'console',
  mode: 'immediate',
  digestSchedule: null,
  minScore: 0,
  quietHours: null,
  surgeMention: null,
  briefs: [],
  ...fields,
});

const topic = (id: string, query: string, channels: string[], fields: Partial<TopicSettings> = {}): TopicSettings => ({
  id,
  name: id.toUpperCase(),
  query,
  channels,
  origin: 'yaml',
  surge: null,
  mutedUntil: null,
  ...fields,
});

function settingsWith(topics: TopicSettings[], channels: ChannelSettings[], maxQuotes = 3): RuntimeSettings {
  return {
    feeds: [],
    topics,
    topicIndex: compileTopics(topics.map((t) => ({ id: t.id, name: t.name, query: t.query }))),
    channels: new Map(channels.map((c) => [c.id, c])),
    adminChannel: null,
    summarySentences: 2,
    maxQuotes,
    teaserWords: 0,
    storyWindowMs: 72 * 3_600_000,
  };
}

const article: Article = {
  key: 'link:abc',
  feedId: 'wire',
  source: 'Wire',
  url: 'https://news.example.test/a',
  title: 'Ransomware attack hits Gulf shipping firm',
  publishedAt: '2024-06-24T10:00:00Z',
  html:
    '<p>A ransomware attack hit a Gulf shipping firm on Monday, disrupting tanker bookings, the company said.</p>' +
    '<p>“We are restoring our systems one by one and no data appears to have left the network,” said chief executive Omar Haddad.</p>' +
    '<p>“It was bad,” a worker said.</p>' +
    '<p>“Our customers will be told as soon as we know more about what happened,” Haddad added.</p>',
  text: null,
};

const story = { storyId: 'story-abc', followUpOf: null, otherSources: ['Other Wire'], arrivals: [] };

function alertsFor(settings: RuntimeSettings) {
  const analysis = analyzeArticle({ title: article.title, html: article.html }, settings.topicIndex, { summarySentences: 2, focusSummary: true });
  return buildAlerts(article, analysis, story, settings, now);
}

describe('buildAlerts', () => {
  it('makes one alert per channel, carrying every matched topic routed there, best first', () => {
    const settings = settingsWith(
      [topic('cyber', 'ransomware', ['ops', 'team']), topic('gulf', 'gulf AND (tanker OR shipping)', ['team'])],
      [channel('ops'), channel('team')],
    );
    const alerts = alertsFor(settings);
    expect(alerts.map((routed) => routed.alert.channelId).sort()).toEqual(['ops', 'team']);
    const team = alerts.find((routed) => routed.alert.channelId === 'team')?.alert;
    expect(team?.topics.map((t) => t.id).sort()).toEqual(['cyber', 'gulf']);
    expect(team?.topics[0]?.score).toBeGreaterThanOrEqual(team?.topics[1]?.score ?? 0);
    expect(team).toMatchObject({ title: article.title, source: 'Wire', storyId: 'story-abc', otherSources: ['Other Wire'], followUpOf: null });
    expect(team?.summary[0]).toContain('ransomware attack hit a Gulf shipping firm');
  });

  it('keeps the highest-scoring quotes of three words or more, up to the channel limit', () => {
    const settings = settingsWith([topic('cyber', 'ransomware', ['ops'])], [channel('ops')], 1);
    const [routed] = alertsFor(settings);
    expect(routed?.alert.quotes).toHaveLength(1);
    expect(routed?.alert.quotes[0]?.speaker).toBe('Omar Haddad');
    expect(routed?.alert.quotes.some((quote) => quote.text === 'It was bad,')).toBe(false);
  });

  it('leaves out muted topics and matches under a channel’s minimum score', () => {
    const muted = settingsWith(
      [topic('cyber', 'ransomware', ['ops'], { mutedUntil: '2024-06-25T00:00:00Z' })],
      [channel('ops')],
    );
    expect(alertsFor(muted)).toEqual([]);
    const expired = settingsWith([topic('cyber', 'ransomware', ['ops'], { mutedUntil: '2024-06-24T00:00:00Z' })], [channel('ops')]);
    expect(alertsFor(expired)).toHaveLength(1);
    const strict = settingsWith([topic('cyber', 'ransomware', ['ops'])], [channel('ops', { minScore: 0.99 })]);
    expect(alertsFor(strict)).toEqual([]);
  });

  it('marks alerts for digest channels to be held', () => {
    const settings = settingsWith([topic('cyber', 'ransomware', ['daily'])], [channel('daily', { mode: 'digest', digestSchedule: '0 8 * * *' })]);
    expect(alertsFor(settings).map((routed) => routed.digest)).toEqual([true]);
  });

  it('makes no alert when nothing matches', () => {
    expect(alertsFor(settingsWith([topic('football', 'football', ['ops'])], [channel('ops')]))).toEqual([]);
  });
});
