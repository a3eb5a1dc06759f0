import type { Alert, Digest } from '../../../core/alert.js';
import type { Reply } from '../../../core/commands/command.js';
import type { Escalation } from '../../../core/surge.js';
import { CodedError } from '../../../core/errors.js';
import type { ChatSink, PostedMessage } from '../../../ports/chat-sink.js';
import type { Logger } from '../../../ports/logger.js';
import type { RateBudgets, WindowLimits } from '../../../ports/rate-budgets.js';
import { budgetDigest } from '../shared/budget-digest.js';
import { classifySlackError } from './classify-slack-error.js';
import { renderSlackAlert } from './render-slack-alert.js';
import { renderSlackDigest } from './render-slack-digest.js';
import { renderSlackEscalation } from './render-slack-escalation.js';
import { renderSlackNotice } from './render-slack-notice.js';
import { renderSlackReplyMessage } from './render-slack-reply.js';
import { createPlatformGate, type SendWindow } from '../shared/send-gate.js';
import type { SlackMessage } from './slack-message.js';
import { createSlackBotTransport, createSlackWebhookTransport, type SlackTransport } from './slack-transport.js';

/** Options of one Slack destination, as the configuration describes it. */
export interface SlackSinkOptions {
  /** newswatch's name for the channel; returned in every PostedMessage. */
  channelId: string;
  /** Bot token, used with `channel`. */
  token?: string | undefined;
  /** Slack channel id, used with `token`. */
  channel?: string | undefined;
  /** Incoming webhook URL, instead of token and channel. */
  webhookUrl?: string | undefined;
  /** Web API base (SLACK_API_URL), e.g. `http://127.0.0.1:8080/api/`; Slack's own by default. */
  apiUrl?: string | undefined;
  /** Where the channel's send budget lives: this process's memory, or Redis shared by every worker. */
  budgets: RateBudgets;
  /** Least time between two requests to this channel; Slack allows about one message a second. */
  minIntervalMs?: number | undefined;
  /** Requests per send before giving up on transient failures. */
  maxAttempts?: number | undefined;
  /** First backoff delay after a transient failure. */
  retryBaseMs?: number | undefined;
  /** Longest Retry-After waited in place; a longer one fails the send with delivery_rate_limited. */
  maxRetryAfterMs?: number | undefined;
  /** Time limit of one request. */
  timeoutMs?: number | undefined;
  logger?: Pick<Logger, 'warn'> | undefined;
}

const DEFAULTS = { minIntervalMs: 1100, maxAttempts: 4, retryBaseMs: 1000, maxRetryAfterMs: 60_000, timeoutMs: 10_000 };
/** chat.update is in Slack's Tier 3 (50+ a minute per workspace and app); chat.postMessage is paced per channel. */
const CHAT_UPDATE_TIER: WindowLimits = { limit: 50, windowMs: 60_000 };

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

interface PickedTransport {
  transport: SlackTransport;
  destination: string;
  /** The channel's budget key: workspace and app (a digest of the token) and channel, or the webhook's digest. */
  key: string;
  /** The workspace's budget for chat.update; none for a webhook, which cannot edit. */
  updateWindow: SendWindow | null;
}

function pickTransport(options: SlackSinkOptions, timeoutMs: number): PickedTransport {
  const { token, channel, webhookUrl, channelId } = options;
  const hasBot = token !== undefined || channel !== undefined;
  if (hasBot === (webhookUrl !== undefined)) {
    throw new CodedError('config_invalid', `slack channel "${channelId}": give either token and channel, or webhookUrl`);
  }
  if (webhookUrl !== undefined) {
    if (!isHttpUrl(webhookUrl)) throw new CodedError('config_invalid', `slack channel "${channelId}": webhookUrl is not an http(s) URL`);
    return {
      transport: createSlackWebhookTransport({ webhookUrl, timeoutMs }),
      destination: `slack webhook of channel "${channelId}"`,
      key: `slack:webhook:${budgetDigest(webhookUrl)}`,
      updateWindow: null,
    };
  }
  if (token === undefined || token === '' || channel === undefined || channel === '') {
    throw new CodedError('config_invalid', `slack channel "${channelId}": a bot token needs a channel id, and the reverse`);
  }
  const app = budgetDigest(token);
  return {
    transport: createSlackBotTransport({ token, channel, apiUrl: options.apiUrl, timeoutMs }),
    destination: `slack channel "${channelId}" (${channel})`,
    key: `slack:channel:${app}:${channel}`,
    updateWindow: { key: `slack:method:${app}:chat.update`, limits: CHAT_UPDATE_TIER, pausedBy: 'request' },
  };
}

/**
 * Creates the ChatSink of one Slack channel, posting Block Kit messages with a bot token (threads, edits) or
 * through an incoming webhook (no threads, no edits: a reply goes out as a message marked as a follow-up).
 * Sends are serialised and spaced per channel in `budgets` (so across every worker sharing them), chat.update
 * also spends from the workspace's Tier 3 window, 429s pause the channel (and the method) for their Retry-After,
 * transient failures are retried, and permanent ones throw PermanentError naming the channel and Slack's error.
 */
export function createSlackSink(options: SlackSinkOptions): ChatSink {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const { transport, destination, key, updateWindow } = pickTransport(options, timeoutMs);
  const gate = createPlatformGate({ name: destination, key, budgets: options.budgets, requestTimeoutMs: timeoutMs }, options, DEFAULTS, classifySlackError);
  const canThread = transport.update !== undefined;

  const post = async (message: SlackMessage, threadTs: string | null): Promise<PostedMessage> => {
    const ts = await gate.send(() => transport.post(message, threadTs));
    return { channelId: options.channelId, messageRef: ts, threadRef: threadTs };
  };

  const sink: ChatSink = {
    platform: 'slack',
    async postAlert(alert: Alert, replyTo?: PostedMessage): Promise<PostedMessage> {
      if (replyTo === undefined) return post(renderSlackAlert(alert), null);
      if (!canThread) return post(renderSlackAlert(alert, { followUp: true }), null);
      return post(renderSlackAlert(alert), replyTo.threadRef ?? replyTo.messageRef);
    },
    async postEscalation(escalation: Escalation, story: PostedMessage | null): Promise<PostedMessage> {
      const rendered = renderSlackEscalation(escalation);
      // In the story's thread and broadcast to the channel; a webhook cannot thread, so it posts to the channel.
      if (story !== null && canThread) return post(rendered, story.threadRef ?? story.messageRef);
      const { broadcast: _broadcast, ...plain } = rendered;
      return post(plain, null);
    },
    async postDigest(digest: Digest): Promise<PostedMessage> {
      const [first, ...rest] = renderSlackDigest(digest);
      if (first === undefined) throw new Error('a rendered digest has at least one part');
      const posted = await post(first, null);
      for (const part of rest) await post(part, null);
      return posted;
    },
    async postBrief(brief: Reply): Promise<PostedMessage> {
      return post(renderSlackReplyMessage(brief), null);
    },
    async postNotice(text: string): Promise<PostedMessage> {
      return post(renderSlackNotice(text), null);
    },
    async close(): Promise<void> {
      await gate.drain();
    },
  };
  const update = transport.update;
  if (update !== undefined) {
    sink.updateAlert = async (message: PostedMessage, alert: Alert): Promise<void> => {
      const rendered = renderSlackAlert(alert);
      await gate.send(() => update(message.messageRef, rendered), updateWindow === null ? [] : [updateWindow]);
    };
  }
  return sink;
}
