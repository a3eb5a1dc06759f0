import { analyzeArticle } from '../core/analyze-article.js';
import type { Article } from '../core/article.js';
import { buildAlerts } from '../core/build-alerts.js';
import { describeError } from '../core/errors.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import { assignStory } from '../core/story-fingerprint.js';
import type { Clock } from '../ports/clock.js';
import type { FeedFetcher, PageExtractor } from '../ports/feed-fetcher.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { DeliveryRecord } from '../core/records/delivery.js';
import type { SeenArticleStore } from '../ports/seen-article-store.js';
import type { StoryStore } from '../ports/story-store.js';

export interface AnalyzeDependencies {
  store: SeenArticleStore & StoryStore;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  settings: () => RuntimeSettings;
  /** Fetches article pages when a feed gives only a teaser; absent, teasers are analysed as they are. */
  pages?: { fetcher: FeedFetcher; extract: PageExtractor };
  metrics?: Metrics;
}

function wordCount(html: string | null): number {
  if (!html) return 0;
  return html.replace(/<[^>]*>/g, ' ').split(/\s+/).filter(Boolean).length;
}

/** The article's body, from its page when the feed carried only a teaser. Failures fall back to the teaser. */
async function completeBody(article: Article, deps: AnalyzeDependencies, teaserWords: number): Promise<Article> {
  if (!deps.pages || !article.url || article.text || wordCount(article.html) >= teaserWords) return article;
  try {
    const page = await deps.pages.fetcher.fetch(article.url, { etag: null, lastModified: null });
    if (page.kind !== 'fetched') return article;
    const extracted = deps.pages.extract(page.body, page.finalUrl);
    if (!extracted || wordCount(extracted.html) <= wordCount(article.html)) return article;
    return { ...article, html: extracted.html };
  } catch (error) {
    deps.logger.warn({ article: article.key, url: article.url, err: describeError(error) }, 'article page fetch failed; using the feed text');
    return article;
  }
}

/**
 * Analyses a pending article, groups it into a story, and records its alerts as pending deliveries in the same
 * step that clears it from pending, then queues the deliveries.
 */
export async function analyzePendingArticle(key: string, deps: AnalyzeDependencies): Promise<void> {
  const { store, clock, logger } = deps;
  const pending = await store.getPendingArticle(key);
  if (!pending) return;
  const settings = deps.settings();
  const article = await completeBody(pending, deps, settings.teaserWords);
  const analysis = analyzeArticle(
    { title: article.title, html: article.html, text: article.text },
    settings.topicIndex,
    { summarySentences: settings.summarySentences, focusSummary: true },
  );
  const now = clock.now();
  const since = new Date(now.getTime() - settings.storyWindowMs).toISOString();
  // The story is looked up and the article stored in one step of the store, so a rewrite analysed at the same
  // instant in another process joins the same story; the grouping may run again on a fresher window.
  const grouped = await store.completeGroupedArticle(key, since, (recent) => {
    const story = assignStory(
      { key: article.key, source: article.source, signature: analysis.signature },
      recent.map((stored) => ({
        storyId: stored.storyId,
        articleKey: stored.key,
        source: stored.source,
        signature: stored.signature,
        analyzedAt: stored.analyzedAt,
      })),
    );
    const routed = buildAlerts(article, analysis, story, settings, now);
    const records: DeliveryRecord[] = routed.map(({ alert, digest }) => ({
      articleKey: article.key,
      channelId: alert.channelId,
      alert,
      status: digest ? 'digest' : 'pending',
      attempts: 0,
      createdAt: now.toISOString(),
      sentAt: null,
      lastError: null,
      posted: null,
    }));
    return {
      article: {
        key: article.key,
        feedId: article.feedId,
        source: article.source,
        title: article.title || analysis.title,
        url: article.url,
        publishedAt: article.publishedAt,
        analyzedAt: now.toISOString(),
        storyId: story.storyId,
        signature: analysis.signature,
        text: analysis.text,
      },
      deliveries: records,
      story,
    };
  });
  // Another run of this job completed the article meanwhile, and queues its alerts.
  if (!grouped) return;
  const { deliveries, story } = grouped;
  for (const match of analysis.matches) deps.metrics?.topicMatched(match.topic);
  logger.info(
    {
      article: article.key,
      title: article.title || analysis.title,
      story: story.storyId,
      followUpOf: story.followUpOf,
      topics: analysis.matches.map((match) => `${match.topic}:${match.score.toFixed(2)}`),
      channels: deliveries.map((delivery) => delivery.channelId),
    },
    'article analysed',
  );
  for (const delivery of deliveries) {
    if (delivery.status === 'pending') {
      await deps.queue.add('deliver', `${delivery.articleKey}|${delivery.channelId}`, {
        articleKey: delivery.articleKey,
        channelId: delivery.channelId,
      });
    }
  }
}
