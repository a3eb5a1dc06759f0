import { DiscordAPIError, REST, Routes, type APIChannel, type APIMessage, type APIWebhook } from 'discord.js';
import { THREAD_ALREADY_CREATED } from './classify-discord-error.js';
import type { DiscordMessage } from './discord-message.js';

/** One way of reaching a Discord channel: a bot token or a webhook. Each call is one request. */
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

/**
 * A REST client whose own retries are off and whose rate-limit waits become RateLimitErrors: the sink's send
 * gate retries and waits, per channel, with delays the configuration controls.
 */
function createRest(api: string, timeoutMs: number): REST {
  return new REST({ api, version: '10', retries: 0, timeout: timeoutMs, rejectOnRateLimit: () => true });
}

/** Posts as a bot: channel messages, threads on alerts for follow-ups, edits. */
export function createDiscordBotTransport(options: {
  token: string;
  channel: string;
  apiUrl: string | undefined;
  timeoutMs: number;
}): DiscordTransport {
  const rest = createRest(options.apiUrl ?? 'https://discord.com/api', options.timeoutMs).setToken(options.token);
  return {
    async post(message, threadId) {
      const posted = (await rest.post(Routes.channelMessages(threadId ?? options.channel), { body: message })) as APIMessage;
      return posted.id;
    },
    async edit(messageId, threadId, message) {
      await rest.patch(Routes.channelMessage(threadId ?? options.channel, messageId), { body: message });
    },
    async startThread(messageId, name) {
      try {
        const thread = (await rest.post(Routes.threads(options.channel, messageId), {
          body: { name, auto_archive_duration: 1440 },
        })) as APIChannel;
        return thread.id;
      } catch (error) {
        // A thread started from a message shares the message's id, so an existing one can be reused.
        if (error instanceof DiscordAPIError && error.code === THREAD_ALREADY_CREATED) return messageId;
        throw error;
      }
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
 * Posts through a webhook (no bot token): `?wait=true` so the message id comes back, edits through the webhook's
 * message route, no threads. `messageLink` looks the webhook up once to learn its guild and channel, and gives
 * null when the lookup lacks the guild or the channel.
 */
export function createDiscordWebhookTransport(options: {
  webhook: { base: string; id: string; token: string };
  apiUrl: string | undefined;
  timeoutMs: number;
}): DiscordTransport {
  const { id, token } = options.webhook;
  const rest = createRest(options.apiUrl ?? options.webhook.base, options.timeoutMs);
  let home: Promise<APIWebhook | null> | null = null;
  return {
    async post(message) {
      const posted = (await rest.post(Routes.webhook(id, token), {
        body: message,
        query: new URLSearchParams({ wait: 'true' }),
        auth: false,
      })) as APIMessage;
      return posted.id;
    },
    async edit(messageId, _threadId, message) {
      await rest.patch(Routes.webhookMessage(id, token, messageId), { body: message, auth: false });
    },
    async messageLink(messageId) {
      home ??= (rest.get(Routes.webhook(id, token), { auth: false }) as Promise<APIWebhook>).catch(() => null);
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
