import { randomUUID } from 'node:crypto';
import { LogLevel, WebClient } from '@slack/web-api';
import { SlackWebhookError } from './classify-slack-error.js';
import type { SlackMessage } from './slack-message.js';

/** One way of reaching a Slack channel: a bot token or an incoming webhook. Each call is one request. */
export interface SlackTransport {
  /** Posts a message, in the thread of `threadTs` when given; returns the new message's ts. */
  post(message: SlackMessage, threadTs: string | null): Promise<string>;
  /** Replaces an earlier message; absent where Slack offers no way to edit. */
  update?(ts: string, message: SlackMessage): Promise<void>;
}

/**
 * Posts with a bot token through WebClient. The client's own retries and rate-limit waits are off: the sink's
 * send gate owns both, so a 429 blocks only this channel and retry delays are configurable.
 */
export function createSlackBotTransport(options: {
  token: string;
  channel: string;
  apiUrl: string | undefined;
  timeoutMs: number;
}): SlackTransport {
  const client = new WebClient(options.token, {
    ...(options.apiUrl === undefined ? {} : { slackApiUrl: options.apiUrl }),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs,
    logLevel: LogLevel.ERROR,
  });
  return {
    async post(message, threadTs) {
      const base = { channel: options.channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false };
      const result =
        threadTs === null
          ? await client.chat.postMessage(base)
          : await client.chat.postMessage({ ...base, thread_ts: threadTs, reply_broadcast: message.broadcast === true });
      if (typeof result.ts !== 'string') throw new Error('chat.postMessage returned no ts');
      return result.ts;
    },
    async update(ts, message) {
      await client.chat.update({ channel: options.channel, ts, text: message.text, blocks: message.blocks });
    },
  };
}

function parseRetryAfter(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * Posts to an incoming webhook. Webhooks return no message ts, cannot edit, and cannot thread, so the returned
 * reference is a local id and `update` is absent.
 */
export function createSlackWebhookTransport(options: { webhookUrl: string; timeoutMs: number }): SlackTransport {
  return {
    async post(message) {
      const response = await fetch(options.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const body = (await response.text()).slice(0, 200).trim();
      if (!response.ok) {
        throw new SlackWebhookError(response.status, body, parseRetryAfter(response.headers.get('retry-after')));
      }
      return `webhook:${randomUUID()}`;
    },
  };
}
