import type { Config } from './config-schema.js';

/** A YAML setting a running process reads once at start, and why it cannot change while it runs. */
export interface RestartOnlySetting {
  /** Dotted path in the YAML. */
  path: string;
  why: string;
}

/**
 * newswatch's own settings that need a restart (each chat platform lists those of its `commands` block): they
 * pick the store and queue, or open listeners and connections at start. Every other setting of the YAML takes
 * effect on the next valid edit. docs/live-config.md lists the same.
 */
export const RESTART_ONLY_SETTINGS: readonly RestartOnlySetting[] = [
  { path: 'queue', why: 'picks the state store and job queue at start' },
  { path: 'redis.url', why: 'the Redis connection is opened at start' },
  { path: 'redis.username', why: 'the Redis connection is opened at start' },
  { path: 'redis.password', why: 'the Redis connection is opened at start' },
  { path: 'redis.tls', why: 'the Redis connection is opened at start' },
  { path: 'redis.sentinel', why: 'the Redis connection is opened at start' },
  { path: 'redis.cluster', why: 'the Redis connection is opened at start' },
  { path: 'redis.prefix', why: 'names every key and queue the process already uses' },
  { path: 'redis.lock_duration', why: 'the queue workers are created with it at start' },
  { path: 'admin.token', why: 'the /admin/queues pages are set up at start' },
];

function valueAt(config: Config, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), config);
}

/**
 * The restart-only settings whose value in `edited` differs from the one the process started with: newswatch's
 * own and `platformSettings`, those the chat platforms list for their `commands.<id>` blocks.
 */
export function findRestartOnlyChanges(running: Config, edited: Config, platformSettings: readonly RestartOnlySetting[] = []): RestartOnlySetting[] {
  return [...RESTART_ONLY_SETTINGS, ...platformSettings].filter((setting) => JSON.stringify(valueAt(running, setting.path)) !== JSON.stringify(valueAt(edited, setting.path)));
}
