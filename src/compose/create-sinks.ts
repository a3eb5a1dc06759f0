import type { Writable } from 'node:stream';
import type { ChatPlatform } from '../adapters/chat/shared/chat-platform.js';
import type { Config } from '../config/config-schema.js';
import type { Environment } from '../config/environment.js';
import type { ChatSink } from '../ports/chat-sink.js';
import type { Logger } from '../ports/logger.js';
import type { RateBudgets } from '../ports/rate-budgets.js';
import { chatPlatforms, platformOf } from './chat-platforms.js';

export interface SinkOptions {
  output: 'text' | 'jsonl';
  stdout: Writable;
  environment: Environment;
  /** The backend's budgets: each channel's send budget, shared by every worker on Redis. */
  budgets: RateBudgets;
}

/** Builds one chat sink per configured channel, by the platform its `type` names. */
export function createSinks(config: Config, options: SinkOptions, logger: Logger, platforms: readonly ChatPlatform[] = chatPlatforms): Map<string, ChatSink> {
  const sinks = new Map<string, ChatSink>();
  for (const [channelId, channel] of Object.entries(config.channels)) {
    const context = { channelId, environment: options.environment, budgets: options.budgets, logger, stdout: options.stdout, output: options.output };
    sinks.set(channelId, platformOf(channel, platforms).createSink(channel, context));
  }
  return sinks;
}
