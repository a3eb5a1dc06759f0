import type { ChatPlatform } from '../adapters/chat/shared/chat-platform.js';
import { analyzeArticle } from '../core/analyze-article.js';
import { buildAlerts } from '../core/build-alerts.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import { chatPlatforms } from './chat-platforms.js';

/**
 * The exact chat payload an article would produce, for `newswatch preview`: analysed with the configured topics,
 * every matched topic routed to one preview channel. For the console it is the text the terminal shows.
 */
export function previewPayload(
  settings: RuntimeSettings,
  input: { title: string | null; html: string | null; text: string | null; url?: string | null; source?: string },
  platform: string,
  now: Date,
  platforms: readonly ChatPlatform[] = chatPlatforms,
): unknown {
  const renderer = platforms.find((candidate) => candidate.id === platform);
  if (renderer === undefined) throw new Error(`no chat platform "${platform}"; expected one of: ${platforms.map((candidate) => candidate.id).join(', ')}`);
  const analysis = analyzeArticle({ ...input, detectHeadline: input.title === null }, settings.topicIndex, {
    summarySentences: settings.summarySentences,
    focusSummary: true,
  });
  const channel = { id: 'preview', platform, mode: 'immediate' as const, digestSchedule: null, minScore: 0, quietHours: null, surgeMention: null, briefs: [] };
  const previewSettings: RuntimeSettings = {
    ...settings,
    channels: new Map([['preview', channel]]),
    topics: settings.topics.map((topic) => ({ ...topic, channels: ['preview'], mutedUntil: null })),
  };
  const article = {
    key: 'preview',
    feedId: 'preview',
    source: input.source ?? 'preview',
    url: input.url ?? null,
    title: input.title ?? analysis.title,
    publishedAt: now.toISOString(),
    html: input.html,
    text: input.text,
  };
  const story = { storyId: 'story-preview', followUpOf: null, otherSources: [], arrivals: [] };
  const alert = buildAlerts(article, analysis, story, previewSettings, now)[0]?.alert ?? {
    articleKey: 'preview', channelId: 'preview', title: article.title, url: article.url, source: article.source,
    publishedAt: article.publishedAt, topics: [], summary: analysis.summary, quotes: analysis.quotes.slice(0, settings.maxQuotes),
    storyId: story.storyId, otherSources: [], followUpOf: null,
  };
  return renderer.renderAlert(alert);
}

