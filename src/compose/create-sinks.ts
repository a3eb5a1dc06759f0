import type { Writable } from 'node:stream';
import { createConsoleSink } from '../adapters/chat/console/console-sink.js';
import { createDiscordSink } from '../adapters/chat/discord/index.js';
import { createSlackSink } from '../adapters/chat/slack/index.js';
import type { ChannelConfig, Config } from '../config/config-schema.js';
import type { Environment } from '../config/environment.js';
import type { ChatSink } from '../ports/chat-sink.js';
import type { Logger } from '../ports/logger.js';

export interface SinkOptions {
  output: 'text' | 'jsonl';
  stdout: Writable;
  environment: Pick<Environment, 'slack' | 'discord'>;
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
          logger,
        }),
      );
    }
  }
  return sinks;
}

