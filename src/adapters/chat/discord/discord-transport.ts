import { DiscordAPIError, parseResponse, REST, RequestMethod, Routes, type APIChannel, type APIMessage, type APIWebhook, type InternalRequest, type ResponseLike } from 'discord.js';
import type { RateBudgets, WindowLimits } from '../../../ports/rate-budgets.js';
import { budgetDigest } from '../shared/budget-digest.js';
import type { SendWindow } from '../shared/send-gate.js';
import { THREAD_ALREADY_CREATED } from './classify-discord-error.js';
import type { DiscordMessage } from './discord-message.js';

/** One way of reaching a Discord channel: a bot token or a webhook. Each call is one request, sent through the sink's gate. */
export interface DiscordTransport {
  /** Posts a message, into `threadId` when given; returns the new message id. */
  post(message: DiscordMessage, threadId: string | null): Promise<string>;
  /** Replaces an earlier message's embeds (and content, when the new message has some). */
  edit(messageId: string, threadId: string | null, message: DiscordMessage): Promise<void>;
  /** Starts a thread on a message and returns its id; absent for webhooks. */
  startThread?(messageId: string, name: string): Promise<string>;
  /** A link to a posted message, when the transport can know one; null when it cannot (never a link that leads nowhere). */
  messageLink?(messageId: string): Promise<string | null>;
  close(): void;
}

/** Sends one request through the sink's gate (the channel's turn), spending from `windows` first. */
export type DiscordSend = <T>(request: () => Promise<T>, windows: readonly SendWindow[]) => Promise<T>;

/** What every transport is built with: the gate to send through, and the budgets the routes' buckets live in. */
export interface DiscordTransportContext {
  send: DiscordSend;
  budgets: RateBudgets;
  timeoutMs: number;
}

/** Discord's global limit for a bot: 50 requests a second across all its routes. */
const BOT_GLOBAL_WINDOW: WindowLimits = { limit: 50, windowMs: 1_000 };

/**
 * A REST client whose own retries are off and whose rate-limit waits become RateLimitErrors: the sink's send
 * gate retries and waits, with delays the configuration controls. The offset is 0 because the shared buckets
 * already wait for the full reset the headers give.
 */
function createRest(api: string, timeoutMs: number): REST {
  return new REST({ api, version: '10', retries: 0, timeout: timeoutMs, offset: 0, rejectOnRateLimit: () => true });
}

/** One REST call, and the bucket Discord counts it in: the route's template and its major parameter. */
interface RouteCall<T> extends InternalRequest {
  bucket: { route: string; major: string };
  /** An answer that stands for an error the caller expects (inside the gate, so it is never retried). */
  recover?: (error: unknown) => T | undefined;
}

/**
 * Calls one route through the gate. The route's bucket (Discord's, per route and major parameter) is a window in
 * the budgets, taught by each answer's X-RateLimit-Remaining and -Reset-After, so every worker sees what any one
 * learned; a bot's calls also spend from its global window. Keys hold digests, never a token.
 */
function createRouteCaller(rest: REST, context: DiscordTransportContext, bot: string | null) {
  const globalWindow: SendWindow[] = bot === null ? [] : [{ key: `discord:global:${bot}`, limits: BOT_GLOBAL_WINDOW, pausedBy: 'global' }];
  return async <T>({ bucket, recover, ...request }: RouteCall<T>): Promise<T> => {
    const route = `discord:route:${budgetDigest(`${request.method} ${bucket.route} ${bucket.major}`)}`;
    const windows: SendWindow[] = [{ key: route, limits: null, pausedBy: 'request' }, ...globalWindow];
    return context.send(async () => {
      try {
        const response = await rest.queueRequest(request);
        await learnBucket(context.budgets, route, response);
        return (await parseResponse(response)) as T;
      } catch (error) {
        const answer = recover?.(error);
        if (answer === undefined) throw error;
        return answer;
      }
    }, windows);
  };
}

/** Teaches the route's window what the answer said of it. A budget that cannot be written only knows less. */
async function learnBucket(budgets: RateBudgets, route: string, response: ResponseLike): Promise<void> {
  const remaining = Number(response.headers.get('x-ratelimit-remaining') ?? Number.NaN);
  const resetAfter = Number(response.headers.get('x-ratelimit-reset-after') ?? Number.NaN);
  if (!Number.isFinite(remaining) || !Number.isFinite(resetAfter)) return;
  await budgets.learn(route, { remaining, resetAfterMs: resetAfter * 1_000 }).catch(() => undefined);
}

/** Posts as a bot: channel messages, threads on alerts for follow-ups, edits. */
export function createDiscordBotTransport(options: { token: string; channel: string; apiUrl: string | undefined } & DiscordTransportContext): DiscordTransport {
  const rest = createRest(options.apiUrl ?? 'https://discord.com/api', options.timeoutMs).setToken(options.token);
  const call = createRouteCaller(rest, options, budgetDigest(options.token));
  const inChannel = (route: string, channel: string) => ({ route, major: channel });
  return {
    async post(message, threadId) {
      const target = threadId ?? options.channel;
      const posted = await call<APIMessage>({ method: RequestMethod.Post, fullRoute: Routes.channelMessages(target), body: message, bucket: inChannel('/channels/:id/messages', target) });
      return posted.id;
    },
    async edit(messageId, threadId, message) {
      const target = threadId ?? options.channel;
      await call({ method: RequestMethod.Patch, fullRoute: Routes.channelMessage(target, messageId), body: message, bucket: inChannel('/channels/:id/messages/:id', target) });
    },
    async startThread(messageId, name) {
      const thread = await call<Pick<APIChannel, 'id'>>({
        method: RequestMethod.Post,
        fullRoute: Routes.threads(options.channel, messageId),
        body: { name, auto_archive_duration: 1440 },
        bucket: inChannel('/channels/:id/messages/:id/threads', options.channel),
        // A thread started from a message shares the message's id, so an existing one can be reused.
        recover: (error) => (error instanceof DiscordAPIError && error.code === THREAD_ALREADY_CREATED ? { id: messageId } : undefined),
      });
      return thread.id;
    },
    close() {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}

/** The parts of a webhook URL: the API base it lives under, its id and its secret token. */
export function parseDiscordWebhookUrl(raw: string): { base: string; id: string; token: string } | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const match = /^(.*?)\/webhooks\/(\d+)\/([\w-]+)\/?$/.exec(url.pathname);
  if (match === null) return null;
  const [, prefix = '', id = '', token = ''] = match;
  return { base: `${url.origin}${prefix.replace(/\/v\d+$/, '')}`, id, token };
}

/**
 * Posts through a webhook (no bot token, so no bot's global window): `?wait=true` so the message id comes back,
 * edits through the webhook's message route, no threads. `messageLink` looks the webhook up once to learn its
 * guild and channel, and gives null when the lookup lacks the guild or the channel.
 */
export function createDiscordWebhookTransport(options: { webhook: { base: string; id: string; token: string }; apiUrl: string | undefined } & DiscordTransportContext): DiscordTransport {
  const { id, token } = options.webhook;
  const rest = createRest(options.apiUrl ?? options.webhook.base, options.timeoutMs);
  const call = createRouteCaller(rest, options, null);
  // Discord counts a webhook's calls per webhook (id and token); the key holds a digest of both.
  const major = `${id}/${token}`;
  let home: Promise<APIWebhook | null> | null = null;
  return {
    async post(message) {
      const posted = await call<APIMessage>({
        method: RequestMethod.Post,
        fullRoute: Routes.webhook(id, token),
        body: message,
        query: new URLSearchParams({ wait: 'true' }),
        auth: false,
        bucket: { route: '/webhooks/:id/:token', major },
      });
      return posted.id;
    },
    async edit(messageId, _threadId, message) {
      await call({ method: RequestMethod.Patch, fullRoute: Routes.webhookMessage(id, token, messageId), body: message, auth: false, bucket: { route: '/webhooks/:id/:token/messages/:id', major } });
    },
    async messageLink(messageId) {
      home ??= call<APIWebhook>({ method: RequestMethod.Get, fullRoute: Routes.webhook(id, token), auth: false, bucket: { route: '/webhooks/:id/:token', major } }).catch(() => null);
      const webhook = await home;
      if (webhook === null) {
        home = null;
        return null;
      }
      // without both ids the link would lead nowhere; the follow-up then says in words that it follows an earlier alert
      const snowflake = (value: unknown): value is string => typeof value === 'string' && /^\d+$/.test(value);
      if (!snowflake(webhook.guild_id) || !snowflake(webhook.channel_id) || !snowflake(messageId)) return null;
      return `https://discord.com/channels/${webhook.guild_id}/${webhook.channel_id}/${messageId}`;
    },
    close() {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}
