import { dirname, isAbsolute, resolve } from 'node:path';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import { buildSettings } from './build-settings.js';
import type { Config, ConfigSchema } from './config-schema.js';
import type { Environment } from './environment.js';
import { findMissingParts, loadConfigFile } from './load-config.js';

/**
 * Reads and resolves a config file whose channels `schema` validates (the chat platforms' parts), `${VAR}` taken
 * from `variables`; throws ConfigError with file:line:column.
 */
export function loadSettings(configPath: string, variables: Environment['variables'], schema: ConfigSchema): { config: Config; settings: RuntimeSettings } {
  const config = loadConfigFile(configPath, variables, schema);
  const base = dirname(resolve(configPath));
  const settings = buildSettings(config, configPath, (path) => (isAbsolute(path) ? path : resolve(base, path)));
  return { config, settings };
}

/** A config file read again while running: the parsed file, or why it cannot be used (located where it can be). */
export type ConfigReading = { ok: true; config: Config; settings: RuntimeSettings } | { ok: false; error: unknown };

/**
 * Reads the config file again, as a running process does on an edit. Besides what `loadSettings` refuses, a file
 * saved empty (an editor caught mid-write, a truncated copy) is refused like a broken one.
 */
export function readConfigAgain(configPath: string, variables: Environment['variables'], schema: ConfigSchema): ConfigReading {
  try {
    const { config, settings } = loadSettings(configPath, variables, schema);
    if (settings.feeds.length + settings.topics.length === 0) {
      throw new Error(`${configPath}: ${findMissingParts({ feeds: 0, topics: 0 }).join('; ')}`);
    }
    return { ok: true, config, settings };
  } catch (error) {
    return { ok: false, error };
  }
}
