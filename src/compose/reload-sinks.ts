import type { ChatPlatform } from '../adapters/chat/shared/chat-platform.js';
import type { ChannelConfig, Config } from '../config/config-schema.js';
import type { ChatSink } from '../ports/chat-sink.js';
import type { Logger } from '../ports/logger.js';
import type { SinkChanges } from '../pipeline/apply-config.js';
import { chatPlatforms, platformOf } from './chat-platforms.js';
import { createSinks, type SinkOptions } from './create-sinks.js';

/** What a sink is built from; mode, quiet hours and min_score are read from the settings on each alert instead. */
function transportOf(channel: ChannelConfig, platforms: readonly ChatPlatform[]): string {
  return JSON.stringify([channel.type, platformOf(channel, platforms).transport(channel)]);
}

/**
 * Builds sinks for the channels an edit added or changed (token, webhook, target channel, send interval). Building
 * can throw (a webhook URL that is not one), so this runs before anything else of the reload takes effect;
 * unchanged channels keep their sink and its pending sends (the budgets live in the backend either way).
 */
export function prepareSinkChanges(
  running: Config,
  edited: Config,
  options: SinkOptions,
  logger: Logger,
  platforms: readonly ChatPlatform[] = chatPlatforms,
): SinkChanges {
  const before = running.channels;
  const changedChannels = Object.fromEntries(
    Object.entries(edited.channels).filter(([id, channel]) => before[id] === undefined || transportOf(before[id], platforms) !== transportOf(channel, platforms)),
  );
  const built = createSinks({ ...edited, channels: changedChannels }, options, logger, platforms);
  const removed = Object.keys(before).filter((id) => edited.channels[id] === undefined);
  return {
    changed: [...built.keys()],
    removed,
    async apply(sinks) {
      const retired: ChatSink[] = [];
      for (const [id, sink] of built) {
        const old = sinks.get(id);
        if (old) retired.push(old);
        sinks.set(id, sink);
      }
      for (const id of removed) {
        const old = sinks.get(id);
        if (old) retired.push(old);
        sinks.delete(id);
      }
      // a retired sink finishes what it was sending before it closes
      await Promise.all(retired.map((sink) => sink.close?.().catch(() => undefined)));
    },
  };
}
