import { consolePlatform } from '../adapters/chat/console/console-platform.js';
import { discordPlatform } from '../adapters/chat/discord/discord-platform.js';
import type { ChatPlatform } from '../adapters/chat/shared/chat-platform.js';
import { slackPlatform } from '../adapters/chat/slack/slack-platform.js';
import type { PlatformReading } from '../config/build-settings.js';
import { configSchemaFor, type ChannelConfig, type Config, type ConfigSchema } from '../config/config-schema.js';
import type { RestartOnlySetting } from '../config/restart-only-settings.js';
import type { PlatformDirectory } from '../core/chat-platform.js';

/** Every chat platform newswatch speaks; adding one is a folder under src/adapters/chat/ and a line here. */
export const chatPlatforms: readonly ChatPlatform[] = [consolePlatform, slackPlatform, discordPlatform];

const schemas = new WeakMap<readonly ChatPlatform[], ConfigSchema>();

/** The config schema whose channels and `commands` blocks are those of `platforms` (built once per list). */
export function configSchemaOf(platforms: readonly ChatPlatform[] = chatPlatforms): ConfigSchema {
  let schema = schemas.get(platforms);
  if (schema === undefined) {
    schema = configSchemaFor(platforms);
    schemas.set(platforms, schema);
  }
  return schema;
}

/** The platform a channel block's `type` names; the schema admits no other type, so a miss is a wiring mistake. */
export function platformOf(channel: ChannelConfig, platforms: readonly ChatPlatform[]): ChatPlatform {
  const platform = platforms.find((candidate) => candidate.id === channel.type);
  if (platform === undefined) throw new Error(`no chat platform "${channel.type}" among ${platforms.map((candidate) => candidate.id).join(', ')}`);
  return platform;
}

/** The platforms as the command rules see them: names, and who may change things from each. */
export function platformDirectory(config: Config, platforms: readonly ChatPlatform[]): PlatformDirectory {
  return Object.fromEntries(
    platforms.map((platform) => [platform.id, { name: platform.name, admins: platform.admins?.(config.commands[platform.id]) ?? null }]),
  );
}

/** What the platforms read from a YAML for the standing config (config/build-settings.ts). */
export function platformReading(platforms: readonly ChatPlatform[] = chatPlatforms): PlatformReading {
  return {
    platformChannel: (channel) => platformOf(channel, platforms).platformChannel(channel),
    directory: (config) => platformDirectory(config, platforms),
  };
}

/** The settings of the platforms' `commands.<id>` blocks that a running process reads once at start. */
export function platformRestartOnlySettings(platforms: readonly ChatPlatform[] = chatPlatforms): RestartOnlySetting[] {
  return platforms.flatMap((platform) => (platform.restartOnly ?? []).map(({ key, why }) => ({ path: `commands.${platform.id}.${key}`, why })));
}
