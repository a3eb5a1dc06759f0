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
