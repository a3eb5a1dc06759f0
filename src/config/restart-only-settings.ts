import type { Config } from './config-schema.js';

/** A YAML setting a running process reads once at start, and why it cannot change while it runs. */
export interface RestartOnlySetting {
  /** Dotted path in the YAML. */
  path: string;
  why: string;
}

/**
 * The settings that need a restart: they pick the store and queue, or open listeners and connections at start.
 * Every other setting of the YAML takes effect on the next valid edit. docs/live-config.md lists the same.
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
  { path: 'commands.slack.signing_secret', why: 'the Slack command endpoint is set up at start' },
  { path: 'commands.slack.app_token', why: 'Socket Mode connects at start' },
  { path: 'commands.slack.bot_token', why: 'the Slack command client is created at start' },
  { path: 'commands.discord.public_key', why: 'the Discord interactions endpoint is set up at start' },
  { path: 'commands.discord.bot_token', why: 'the Discord gateway connects at start' },
  { path: 'commands.discord.gateway', why: 'the choice between gateway and HTTP interactions is made at start' },
];

function valueAt(config: Config, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), config);
}

/** The restart-only settings whose value in `edited` differs from the one the process started with. */
export function findRestartOnlyChanges(running: Config, edited: Config): RestartOnlySetting[] {
  return RESTART_ONLY_SETTINGS.filter((setting) => JSON.stringify(valueAt(running, setting.path)) !== JSON.stringify(valueAt(edited, setting.path)));
}
