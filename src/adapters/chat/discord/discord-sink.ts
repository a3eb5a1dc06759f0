import type { Alert, Digest } from '../../../core/alert.js';
import type { Reply } from '../../../core/commands/command.js';
import type { Escalation } from '../../../core/surge.js';
import { CodedError } from '../../../core/errors.js';
import type { ChatSink, PostedMessage } from '../../../ports/chat-sink.js';
import type { Logger } from '../../../ports/logger.js';
import type { RateBudgets } from '../../../ports/rate-budgets.js';
import { budgetDigest } from '../shared/budget-digest.js';
import { classifyDiscordError } from './classify-discord-error.js';
import type { DiscordMessage } from './discord-message.js';
import { fitDiscordText } from './discord-text.js';
import {
  createDiscordBotTransport,
  createDiscordWebhookTransport,
  parseDiscordWebhookUrl,
  type DiscordTransport,
  type DiscordTransportContext,
} from './discord-transport.js';
import { renderDiscordAlert } from './render-discord-alert.js';
import { renderDiscordDigest } from './render-discord-digest.js';
import { renderDiscordEscalation } from './render-discord-escalation.js';
import { renderDiscordReply } from './render-discord-reply.js';
import { renderDiscordNotice } from './render-discord-notice.js';
import { createPlatformGate } from '../shared/send-gate.js';

/** Options of one Discord destination, as the configuration describes it. */
export interface DiscordSinkOptions {
  /** newswatch's name for the channel; returned in every PostedMessage. */
  channelId: string;
  /** Bot token, used with `channel`. */
  token?: string | undefined;
  /** Discord channel id, used with `token`. */
  channel?: string | undefined;
  /** Webhook URL (`…/api/webhooks/{id}/{token}`), instead of token and channel. */
  webhookUrl?: string | undefined;
  /** REST base (DISCORD_API_URL), e.g. `http://127.0.0.1:8080/api`; for webhooks, overrides the URL's own base. */
  apiUrl?: string | undefined;
  /** Where the channel's send budget, its routes' buckets and the bot's global window live: memory, or Redis. */
  budgets: RateBudgets;
  /** Least time between two requests to this channel; Discord allows about five messages per five seconds. */
  minIntervalMs?: number | undefined;
  /** Requests per send before giving up on transient failures. */
  maxAttempts?: number | undefined;
  /** First backoff delay after a transient failure. */
  retryBaseMs?: number | undefined;
  /** Longest rate-limit wait done in place; a longer one fails the send with delivery_rate_limited. */
  maxRetryAfterMs?: number | undefined;
  /** Time limit of one request. */
  timeoutMs?: number | undefined;
  logger?: Pick<Logger, 'warn'> | undefined;
}

const DEFAULTS = { minIntervalMs: 1000, maxAttempts: 4, retryBaseMs: 1000, maxRetryAfterMs: 60_000, timeoutMs: 10_000 };
const THREAD_NAME_MAX = 100;

interface PickedTransport {
  destination: string;
  /** The channel's budget key: the bot (a digest of its token) and channel, or the webhook. */
  key: string;
  create(context: DiscordTransportContext): DiscordTransport;
}

function pickTransport(options: DiscordSinkOptions): PickedTransport {
  const { token, channel, webhookUrl, channelId } = options;
  const hasBot = token !== undefined || channel !== undefined;
  if (hasBot === (webhookUrl !== undefined)) {
    throw new CodedError('config_invalid', `discord channel "${channelId}": give either token and channel, or webhookUrl`);
  }
  if (webhookUrl !== undefined) {
    const webhook = parseDiscordWebhookUrl(webhookUrl);
    if (webhook === null) {
      throw new CodedError('config_invalid', `discord channel "${channelId}": webhookUrl is not a Discord webhook URL`);
    }
    return {
      destination: `discord webhook ${webhook.id} of channel "${channelId}"`,
      key: `discord:webhook:${budgetDigest(webhookUrl)}`,
      create: (context) => createDiscordWebhookTransport({ webhook, apiUrl: options.apiUrl, ...context }),
    };
  }
  if (token === undefined || token === '' || channel === undefined || channel === '') {
    throw new CodedError('config_invalid', `discord channel "${channelId}": a bot token needs a channel id, and the reverse`);
  }
  return {
    destination: `discord channel "${channelId}" (${channel})`,
    key: `discord:channel:${budgetDigest(token)}:${channel}`,
    create: (context) => createDiscordBotTransport({ token, channel, apiUrl: options.apiUrl, ...context }),
  };
}

/** A brief as a channel message: the reply's markdown within 2,000 characters, no pings, no link previews. */
function renderDiscordBrief(brief: Reply): DiscordMessage {
  const { content, flags } = renderDiscordReply({ ...brief, ephemeral: false }).data ?? {};
  return { content: content ?? '', embeds: [], allowed_mentions: { parse: [] }, ...(flags === undefined ? {} : { flags }) };
}

/**
 * Creates the ChatSink of one Discord channel, posting embeds as a bot (follow-ups in a thread started once on
 * the alert, edits in place) or through a webhook (follow-ups as messages linking the original). Every message
 * carries `allowed_mentions: { parse: [] }`. Sends are serialised and spaced per sink, rate limits wait out
 * their reset for this channel only, transient failures are retried, and permanent ones throw PermanentError
 * naming the channel and Discord's error.
 */
export function createDiscordSink(options: DiscordSinkOptions): ChatSink {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const picked = pickTransport(options);
  const gate = createPlatformGate({ name: picked.destination, key: picked.key, budgets: options.budgets, requestTimeoutMs: timeoutMs }, options, DEFAULTS, classifyDiscordError);
  const transport = picked.create({ send: (request, windows) => gate.send(request, windows), budgets: options.budgets, timeoutMs });
  // Alert message id → its follow-up thread, so a thread is started once per alert.
  const threads = new Map<string, Promise<string>>();

  const post = async (message: DiscordMessage, threadId: string | null): Promise<PostedMessage> => {
    const id = await transport.post(message, threadId);
    return { channelId: options.channelId, messageRef: id, threadRef: threadId };
  };

  const threadFor = (replyTo: PostedMessage, alert: Alert, start: (id: string, name: string) => Promise<string>): Promise<string> => {
    if (replyTo.threadRef !== null) return Promise.resolve(replyTo.threadRef);
    const known = threads.get(replyTo.messageRef);
    if (known !== undefined) return known;
    const name = fitDiscordText(`Follow-ups: ${alert.title}`, THREAD_NAME_MAX, true) || 'Follow-ups';
    const started = start(replyTo.messageRef, name);
    threads.set(replyTo.messageRef, started);
    started.catch(() => threads.delete(replyTo.messageRef));
    return started;
  };

  return {
    platform: 'discord',
    async postAlert(alert: Alert, replyTo?: PostedMessage): Promise<PostedMessage> {
      if (replyTo === undefined) return post(renderDiscordAlert(alert), null);
      const start = transport.startThread;
      if (start !== undefined) {
        const threadId = await threadFor(replyTo, alert, start.bind(transport));
        return post(renderDiscordAlert(alert), threadId);
      }
      const link = transport.messageLink;
      const replyToUrl = link === undefined ? null : await link.call(transport, replyTo.messageRef);
      return post(renderDiscordAlert(alert, { followUp: true, replyToUrl }), null);
    },
    async updateAlert(message: PostedMessage, alert: Alert): Promise<void> {
      const rendered = renderDiscordAlert(alert);
      await transport.edit(message.messageRef, message.threadRef, rendered);
    },
    async postEscalation(escalation: Escalation): Promise<PostedMessage> {
      // In the channel itself, where the mention reaches the role: a thread notifies only its members.
      return post(renderDiscordEscalation(escalation), null);
    },
    async postDigest(digest: Digest): Promise<PostedMessage> {
      const [first, ...rest] = renderDiscordDigest(digest);
      if (first === undefined) throw new Error('a rendered digest has at least one part');
      const posted = await post(first, null);
      for (const part of rest) await post(part, null);
      return posted;
    },
    async postBrief(brief: Reply): Promise<PostedMessage> {
      return post(renderDiscordBrief(brief), null);
    },
    async postNotice(text: string): Promise<PostedMessage> {
      return post(renderDiscordNotice(text), null);
    },
    async close(): Promise<void> {
      await gate.drain();
      transport.close();
    },
  };
}
