import type { Alert } from '../../src/core/alert.js';
import type { Article } from '../../src/core/article.js';
import type { DeliveryRecord } from '../../src/core/records/delivery.js';
import type { FeedState } from '../../src/core/records/feed-state.js';
import type { StoredArticle } from '../../src/core/records/stored-article.js';

/** A pending article with a given key. */
export function makeArticle(key: string, overrides: Partial<Article> = {}): Article {
  return {
    key,
    feedId: 'feed-a',
    source: 'Example News',
    url: `https://news.example.org/${encodeURIComponent(key)}`,
    title: `Title of ${key}`,
    publishedAt: '2024-05-01T10:00:00.000Z',
    html: '<p>Body with “quotes” and ünïcode.</p>',
    text: null,
    ...overrides,
  };
}

/** An analysed article as the analyze step stores it. */
export function makeStoredArticle(key: string, analyzedAt: string, overrides: Partial<StoredArticle> = {}): StoredArticle {
  return {
    key,
    feedId: 'feed-a',
    source: 'Example News',
    title: `Title of ${key}`,
    url: null,
    publishedAt: null,
    analyzedAt,
    storyId: `story-${key}`,
    signature: [1, 2, 3, 4_294_967_295],
    text: 'Some text.',
    ...overrides,
  };
}

function makeAlert(articleKey: string, channelId: string, overrides: Partial<Alert>): Alert {
  return {
    articleKey,
    channelId,
    title: `Title of ${articleKey}`,
    url: null,
    source: 'Example News',
    publishedAt: null,
    topics: [{ id: 'cyber', name: 'Cyber', score: 0.8, terms: ['ransomware'] }],
    summary: ['A sentence.'],
    quotes: [],
    storyId: `story-${articleKey}`,
    otherSources: [],
    followUpOf: null,
    ...overrides,
  };
}

/** A delivery record; `alert` overrides go into its alert (story id, follow-up). */
export function makeDelivery(
  articleKey: string,
  channelId: string,
  createdAt: string,
  overrides: Partial<Omit<DeliveryRecord, 'alert'>> & { alert?: Partial<Alert> } = {},
): DeliveryRecord {
  const { alert, ...rest } = overrides;
  return {
    articleKey,
    channelId,
    alert: makeAlert(articleKey, channelId, alert ?? {}),
    status: 'pending',
    attempts: 0,
    createdAt,
    sentAt: null,
    lastError: null,
    posted: null,
    ...rest,
  };
}

/** A feed state after a few polls. */
export function makeFeedState(feedId: string, overrides: Partial<FeedState> = {}): FeedState {
  return {
    feedId,
    validators: { etag: '"abc"', lastModified: 'Wed, 01 May 2024 10:00:00 GMT' },
    lastPollAt: '2024-05-01T10:00:00.000Z',
    lastSuccessAt: '2024-05-01T10:00:00.000Z',
    lastError: null,
    lastErrorAt: null,
    consecutiveFailures: 0,
    nextPollAt: '2024-05-01T10:05:00.000Z',
    initialized: true,
    paused: false,
    itemsSeen: 12,
    ...overrides,
  };
}
