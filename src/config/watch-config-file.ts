import { unwatchFile, watchFile } from 'node:fs';
import type { ConfigSchema } from './config-schema.js';
import type { Environment } from './environment.js';
import { readConfigAgain, type ConfigReading } from './load-settings.js';

export interface ConfigWatcher {
  stop(): void;
}

/** A running process's config file: read again on request, or on each edit while watched. */
export interface ConfigFile {
  read(): ConfigReading;
  watch(onReading: (reading: ConfigReading) => void): ConfigWatcher;
}

/** The config file at `configPath`, `${VAR}` taken from `variables` on each reading. */
export function openConfigFile(configPath: string, variables: Environment['variables'], schema: ConfigSchema): ConfigFile {
  return {
    read: () => readConfigAgain(configPath, variables, schema),
    watch: (onReading) => watchConfigFile(configPath, variables, schema, onReading),
  };
}

/**
 * Reads the config file again each time it changes and reports the reading. Polling the file's stat survives
 * editors that replace the file instead of writing it; changes within 300 ms of each other are read once.
 */
export function watchConfigFile(
  configPath: string,
  variables: Environment['variables'],
  schema: ConfigSchema,
  onReading: (reading: ConfigReading) => void,
): ConfigWatcher {
  let debounce: NodeJS.Timeout | null = null;
  const listener = (): void => {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => onReading(readConfigAgain(configPath, variables, schema)), 300);
  };
  watchFile(configPath, { interval: 1_000 }, listener);
  return {
    stop() {
      unwatchFile(configPath, listener);
      if (debounce) clearTimeout(debounce);
    },
  };
}
