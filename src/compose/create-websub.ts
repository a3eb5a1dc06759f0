import { decodeBody } from '../adapters/feeds/decode-body.js';
import { parseFeed } from '../adapters/feeds/parse-feed.js';
import { createWebSubHubClient } from '../adapters/feeds/websub-hub-client.js';
import { mountWebSubRoutes, WEBSUB_PATH } from '../adapters/http/websub-routes.js';
import type { Express } from 'express';
import type { Environment } from '../config/environment.js';
import { describeError } from '../core/errors.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { StateStore } from '../ports/state-store.js';
import type { SubscriptionStore } from '../ports/subscription-store.js';
import { answerVerification, receiveDelivery, type CallbackDependencies } from '../pipeline/websub-callback.js';
import { maintainSubscriptions, type WebSubDependencies } from '../pipeline/websub-subscriber.js';
import { defaultUserAgent } from './create-fetcher.js';

/** Why push is off, as `newswatch feeds` and the start log say it; null when it is on. */
export function pushOffReason(environment: Pick<Environment, 'publicUrl'>): string | null {
  return environment.publicUrl === undefined ? 'PUBLIC_URL is not set, so no hub can reach a callback' : null;
}

/** A feed's callback under PUBLIC_URL: `<PUBLIC_URL>/websub/<feed-id>`. */
export function callbackUrl(publicUrl: string, feedId: string): string {
  return `${publicUrl}${WEBSUB_PATH}/${encodeURIComponent(feedId)}`;
}

export interface WebSubParts {
  deps: WebSubDependencies;
  /** The subscriptions' upkeep, for the scheduler's tick. */
  maintain(): Promise<void>;
  /** Serves the callback on the listener. */
  mount(app: Express): void;
  close(): Promise<void>;
}

interface WebSubWiring {
  environment: Pick<Environment, 'publicUrl'>;
  subscriptions: SubscriptionStore;
  store: StateStore;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  settings: () => RuntimeSettings;
}

/**
 * WebSub push, wired: subscriptions in the state store, requests to hubs under the feeds' address policy and
 * time limit, and the callback on the listener. Without PUBLIC_URL nothing is subscribed (and what was is
 * unsubscribed), while the callback still answers, refusing what it is sent.
 */
export function createWebSub(wiring: WebSubWiring): WebSubParts {
  const { environment, settings, logger } = wiring;
  const hub = createWebSubHubClient({
    limits: () => {
      const fetch = settings().fetch;
      return {
        userAgent: fetch?.userAgent ?? defaultUserAgent,
        totalTimeoutMs: fetch?.totalTimeoutMs ?? 20_000,
        allowPrivateAddresses: fetch?.allowPrivateAddresses ?? false,
        trustedHosts: fetch?.trustedHosts ?? [],
      };
    },
  });
  const publicUrl = environment.publicUrl;
  const deps: WebSubDependencies = {
    subscriptions: wiring.subscriptions,
    hub,
    callbackFor: publicUrl === undefined ? null : (feedId) => callbackUrl(publicUrl, feedId),
  };
  const callback: CallbackDependencies = { ...wiring, webSub: deps, parseFeed, decodeBody: (bytes, contentType) => decodeBody(bytes, contentType).text };
  return {
    deps,
    maintain: () => maintainSubscriptions({ ...wiring, webSub: deps }),
    mount(app) {
      mountWebSubRoutes(app, {
        verify: (feedId, query) => answerVerification(feedId, query, callback),
        deliver: (feedId, delivery) => receiveDelivery(feedId, delivery, callback),
        maxBytes: () => settings().fetch?.maxBytes ?? 5 * 1024 * 1024,
        onError: (error, feedId) => logger.error({ feed: feedId, err: describeError(error) }, 'WebSub callback failed'),
      });
    },
    close: () => hub.close(),
  };
}
