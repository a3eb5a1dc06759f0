import { MAX_WHY_TERMS, type Alert, type AlertTopic } from './alert.js';
import type { Article } from './article.js';
import type { ArticleAnalysis } from './analyze-article.js';
import type { RuntimeSettings } from './settings/runtime-settings.js';
import type { StoryAssignment } from './story-fingerprint.js';
import { findAlertSurge } from './surge.js';

export interface RoutedAlert {
  alert: Alert;
  /** Held for the channel's digest instead of posted at once. */
  digest: boolean;
}

/**
 * One alert per channel that any matched topic routes to, carrying every matched topic for that channel.
 * Muted topics and matches under a channel's minimum score are left out.
 */
export function buildAlerts(
  article: Article,
  analysis: ArticleAnalysis,
  story: StoryAssignment,
  settings: RuntimeSettings,
  now: Date,
): RoutedAlert[] {
  const topicsById = new Map(settings.topics.map((topic) => [topic.id, topic]));
  const perChannel = new Map<string, AlertTopic[]>();
  for (const match of analysis.matches) {
    const topic = topicsById.get(match.topic);
    if (!topic) continue;
    if (topic.mutedUntil !== null && Date.parse(topic.mutedUntil) > now.getTime()) continue;
    for (const channelId of topic.channels) {
      const channel = settings.channels.get(channelId);
      if (!channel || match.score < channel.minScore) continue;
      const list = perChannel.get(channelId) ?? [];
      const terms = (match.strongest ?? match.terms).slice(0, MAX_WHY_TERMS);
      const [evidence] = match.evidence;
      list.push({ id: topic.id, name: topic.name, score: match.score, terms, ...(evidence === undefined ? {} : { evidence }) });
      perChannel.set(channelId, list);
    }
  }
  const quotes = [...analysis.quotes]
    .filter((quote) => quote.text.split(/\s+/).length >= 3)
    .sort((a, b) => b.score - a.score)
    .slice(0, settings.maxQuotes);
  const title = article.title.trim() !== '' ? article.title.trim() : analysis.title;
  const arrivals = [...story.arrivals, { source: article.source, at: now.toISOString() }];
  return [...perChannel.entries()].map(([channelId, topics]) => {
    topics.sort((a, b) => b.score - a.score);
    // A story in surge under any of the alert's topics (strongest first) is marked as developing.
    const developing = story.followUpOf === null ? null : findAlertSurge(arrivals, topics.map((topic) => topicsById.get(topic.id)?.surge ?? null), now);
    return {
      digest: settings.channels.get(channelId)?.mode === 'digest',
      alert: {
        articleKey: article.key,
        channelId,
        title,
        url: article.url,
        source: article.source,
        publishedAt: article.publishedAt,
        topics,
        summary: analysis.summary,
        quotes,
        storyId: story.storyId,
        otherSources: story.otherSources,
        followUpOf: story.followUpOf,
        ...(developing === null ? {} : { developing }),
      },
    };
  });
}
