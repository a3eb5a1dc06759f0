import type { Writable } from 'node:stream';
import { createConsoleSink } from '../adapters/chat/console/console-sink.js';
import { createDiscordSink } from '../adapters/chat/discord/index.js';
import { createSlackSink } from '../adapters/chat/slack/index.js';
import type { ChannelConfig, Config } from '../config/config-schema.js';
import type { Environment } from '../config/environment.js';
import { parseDuration } from '../core/duration.js';
import type { ChatSink } from '../ports/chat-sink.js';
import type { Logger } from '../ports/logger.js';
import type { RateBudgets } from '../ports/rate-budgets.js';

export interface SinkOptions {
  output: 'text' | 'jsonl';
  stdout: Writable;
  environment: Pick<Environment, 'slack' | 'discord'>;
  /** The backend's budgets: each channel's send budget, shared by every worker on Redis. */
  budgets: RateBudgets;
}

/** A channel's `send_interval` as the sink's spacing, when the YAML sets one. */
function spacingOf(channel: { send_interval?: string | undefined }): { minIntervalMs?: number } {
  const ms = channel.send_interval === undefined ? null : parseDuration(channel.send_interval);
  return ms === null ? {} : { minIntervalMs: ms };
}

/** Builds one chat sink per configured channel. Adding a platform means one more case here. */
export function createSinks(config: Config, options: SinkOptions, logger: Logger): Map<string, ChatSink> {
  const sinks = new Map<string, ChatSink>();
  for (const [channelId, channel] of Object.entries(config.channels) as [string, ChannelConfig][]) {
    if (channel.type === 'console') {
      sinks.set(channelId, createConsoleSink({ channelId, output: options.stdout, format: options.output }));
    } else if (channel.type === 'slack') {
      sinks.set(
        channelId,
        createSlackSink({
          channelId,
          ...(channel.token !== undefined ? { token: channel.token } : {}),
          ...(channel.channel !== undefined ? { channel: channel.channel } : {}),
          ...(channel.webhook_url !== undefined ? { webhookUrl: channel.webhook_url } : {}),
          ...(options.environment.slack.apiUrl !== undefined ? { apiUrl: options.environment.slack.apiUrl } : {}),
          ...spacingOf(channel),
          budgets: options.budgets,
          logger,
        }),
      );
    } else {
      sinks.set(
        channelId,
        createDiscordSink({
          channelId,
          ...(channel.token !== undefined ? { token: channel.token } : {}),
          ...(channel.channel !== undefined ? { channel: channel.channel } : {}),
          ...(channel.webhook_url !== undefined ? { webhookUrl: channel.webhook_url } : {}),
          ...(options.environment.discord.apiUrl !== undefined ? { apiUrl: options.environment.discord.apiUrl } : {}),
          ...spacingOf(channel),
          budgets: options.budgets,
          logger,
        }),
      );
    }
  }
  return sinks;
}

