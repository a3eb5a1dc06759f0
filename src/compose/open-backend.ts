import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/config-schema.js';
import type { RetentionPolicy } from '../core/settings/runtime-settings.js';
import type { Logger } from '../ports/logger.js';
import type { AppOptions } from './app.js';
import { ensureDataDir } from './check-data-dir.js';
import { createBackend, type Backend } from './create-backend.js';

/**
 * The backend of the data directory, or with `fresh` of a throw-away one that `close` removes. `fresh` is refused
 * with Redis, whose shared state it cannot empty.
 */
export function openBackend(
  config: Config,
  options: Pick<AppOptions, 'configPath' | 'dataDir' | 'fresh' | 'environment'>,
  logger: Logger,
  retention?: () => RetentionPolicy,
): Backend {
  const dataDir = options.fresh ? mkdtempSync(join(tmpdir(), 'newswatch-')) : options.dataDir;
  const backend = createBackend(config, options.environment, { configPath: options.configPath, dataDir, logger, prepareDataDir: ensureDataDir, ...(retention ? { retention } : {}) });
  if (!options.fresh) return backend;
  const removeDataDir = (): void => rmSync(dataDir, { recursive: true, force: true });
  if (backend.kind === 'redis') {
    void backend.close();
    removeDataDir();
    throw new Error('--fresh starts from an empty embedded state and cannot empty a shared Redis; unset REDIS_URL or set queue: memory');
  }
  return {
    ...backend,
    close: async () => {
      await backend.close();
      removeDataDir();
    },
  };
}
