/**
 * The `newswatch feeds` push lines shown in docs/websub.md come from the code: the listing below is what
 * `listFeeds` and `formatFeedListing` print for three feeds in three push situations, at a fixed time.
 * `tsx scripts/docs/websub-listing.ts` prints it; tests/unit/docs/websub-listing.test.ts fails when the page
 * shows something else.
 */
import { pathToFileURL } from 'node:url';
import { pushOffReason } from '../../src/compose/create-websub.js';
import { formatFeedListing, listFeeds } from '../../src/compose/list-feeds.js';
import { buildSettings } from '../../src/config/build-settings.js';
import { configSchemaOf } from '../../src/compose/chat-platforms.js';
import type { WebSubSubscription } from '../../src/core/websub/subscription.js';
import type { FeedState } from '../../src/core/records/feed-state.js';

const NOW = new Date('2024-05-01T12:00:00.000Z');
const HUB = 'https://hub.example.org/';

function state(feedId: string, overrides: Partial<FeedState>): FeedState {
  return {
    feedId,
    validators: { etag: null, lastModified: null },
    lastPollAt: '2024-05-01T11:58:00.000Z',
    lastSuccessAt: '2024-05-01T11:58:00.000Z',
    lastError: null,
    lastErrorAt: null,
    consecutiveFailures: 0,
    nextPollAt: '2024-05-01T12:08:00.000Z',
    initialized: true,
    paused: false,
    itemsSeen: 40,
    intervalMs: 600_000,
    hub: null,
    ...overrides,
  };
}

function subscription(feedId: string, topic: string, overrides: Partial<WebSubSubscription>): WebSubSubscription {
  return {
    feedId,
    hub: HUB,
    topic,
    callback: `https://newswatch.example.org/websub/${feedId}`,
    secret: '0'.repeat(64),
    state: 'active',
    pendingMode: null,
    requestId: 'example',
    requestedAt: '2024-05-01T09:00:00.000Z',
    verifiedAt: '2024-05-01T09:00:01.000Z',
    leaseSeconds: 864_000,
    leaseExpiresAt: '2024-05-11T09:00:01.000Z',
    lastPushAt: '2024-05-01T11:40:12.000Z',
    missedAt: null,
    lastError: null,
    failures: 0,
    retryAt: null,
    ...overrides,
  };
}

/** The listing with push on (PUBLIC_URL set), then one feed's listing with push off. */
export function websubListingExample(): string {
  const config = configSchemaOf().parse({
    feeds: [
      { id: 'wire', url: 'https://news.example.org/wire.xml' },
      { id: 'agency', url: 'https://agency.example.org/rss' },
      { id: 'blog', url: 'https://blog.example.org/feed' },
    ],
  });
  const settings = buildSettings(config, 'newswatch.yaml', (path) => path);
  const states = [
    state('wire', { hub: { hub: HUB, topic: 'https://news.example.org/wire.xml' }, nextPollAt: '2024-05-01T12:58:00.000Z', pushDeferred: true }),
    state('agency', { hub: { hub: HUB, topic: 'https://agency.example.org/rss' } }),
    state('blog', {}),
  ];
  const subscriptions = [
    subscription('wire', 'https://news.example.org/wire.xml', {}),
    subscription('agency', 'https://agency.example.org/rss', {
      state: 'failed',
      lastError: `hub ${HUB}: HTTP 503 to the subscribe request: try later`,
      failures: 2,
      retryAt: '2024-05-01T12:02:00.000Z',
    }),
  ];
  const on = listFeeds(settings, states, { offReason: null, subscriptions, now: NOW }).map(formatFeedListing).join('');
  const unpushed = [state('wire', { hub: { hub: HUB, topic: 'https://news.example.org/wire.xml' } })];
  const off = listFeeds({ ...settings, feeds: settings.feeds.slice(0, 1) }, unpushed, { offReason: pushOffReason({ publicUrl: undefined }), subscriptions: [], now: NOW })
    .map(formatFeedListing)
    .join('');
  return `${on}\n${off}`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.stdout.write(websubListingExample());
