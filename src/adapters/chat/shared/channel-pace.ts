import { parseDuration } from '../../../core/duration.js';

/** The pace Slack and Discord allow one channel: about a message a second (Discord: five per five seconds). */
export const PLATFORM_PACE_MS = 1_000;

/** A channel's `send_interval` as the sink's spacing, when the YAML sets one. */
export function spacingOf(channel: { send_interval?: string | undefined }): { minIntervalMs?: number } {
  const ms = channel.send_interval === undefined ? null : parseDuration(channel.send_interval);
  return ms === null ? {} : { minIntervalMs: ms };
}

/** The `config check` warning for a channel paced faster than its platform allows: each such send earns a 429. */
export function hastyChannelWarnings(channelId: string, channel: { send_interval?: string | undefined }, platformName: string, apiVariable: string): string[] {
  if (channel.send_interval === undefined) return [];
  if ((parseDuration(channel.send_interval) ?? PLATFORM_PACE_MS) >= PLATFORM_PACE_MS) return [];
  return [
    `channel ${channelId}: send_interval ${channel.send_interval} is faster than ${platformName} allows (about one message a second per channel), ` +
      `so it will answer 429 and every worker will wait; set 1s or more, unless the API at ${apiVariable} allows more`,
  ];
}

/** A channel block that posts as a bot (token and channel) or through an incoming webhook. */
export interface BotOrWebhookChannel {
  token?: string | undefined;
  channel?: string | undefined;
  webhook_url?: string | undefined;
  send_interval?: string | undefined;
}

/** What changes a bot-or-webhook channel's sink: a reload rebuilds the sink only when this differs. */
export function botOrWebhookTransport(channel: BotOrWebhookChannel): unknown[] {
  return [channel.token, channel.channel, channel.webhook_url, channel.send_interval];
}

/** The sink options a bot-or-webhook channel block sets, the unset ones left out. */
export function botOrWebhookSinkOptions(channel: BotOrWebhookChannel, apiUrl: string | undefined) {
  return {
    ...(channel.token !== undefined ? { token: channel.token } : {}),
    ...(channel.channel !== undefined ? { channel: channel.channel } : {}),
    ...(channel.webhook_url !== undefined ? { webhookUrl: channel.webhook_url } : {}),
    ...(apiUrl !== undefined ? { apiUrl } : {}),
    ...spacingOf(channel),
  };
}
