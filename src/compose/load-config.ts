import type { ChatPlatform } from '../adapters/chat/shared/chat-platform.js';
import type { Config } from '../config/config-schema.js';
import * as config from '../config/load-config.js';
import * as settings from '../config/load-settings.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import { chatPlatforms, configSchemaOf } from './chat-platforms.js';

type Variables = Readonly<Record<string, string | undefined>>;

/** Parses and validates config text whose channels are of `platforms`; throws ConfigError with file:line:column. */
export function parseConfigText(text: string, file: string, env: Variables, platforms: readonly ChatPlatform[] = chatPlatforms): Config {
  return config.parseConfigText(text, file, env, configSchemaOf(platforms));
}

/** Reads and validates a config file whose channels are of `platforms`. */
export function loadConfigFile(path: string, env: Variables, platforms: readonly ChatPlatform[] = chatPlatforms): Config {
  return config.loadConfigFile(path, env, configSchemaOf(platforms));
}

/** Reads and resolves a config file whose channels are of `platforms`; throws ConfigError with file:line:column. */
export function loadSettings(path: string, env: Variables, platforms: readonly ChatPlatform[] = chatPlatforms): { config: Config; settings: RuntimeSettings } {
  return settings.loadSettings(path, env, configSchemaOf(platforms));
}
