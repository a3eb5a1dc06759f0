import type { Writable } from 'node:stream';
import type { Config } from '../config/config-schema.js';
import type { Environment, LogFormat } from '../config/environment.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import type { StateStore } from '../ports/state-store.js';
import type { SubscriptionStore } from '../ports/subscription-store.js';
import type { Runtime } from '../pipeline/runtime.js';

export interface AppOptions {
  configPath: string;
  /** State directory; null with `fresh` for a throw-away one. */
  dataDir: string;
  fresh?: boolean;
  output: 'text' | 'jsonl';
  logLevel: string;
  /** `auto` (the default): readable lines when stderr is a terminal, JSON lines otherwise. */
  logFormat?: LogFormat;
  /** Parsed once at start (src/config/environment.ts); createApp refuses one with problems. */
  environment: Environment;
  stdout: Writable;
  stderr: Writable;
  clock?: Clock;
}

/** newswatch wired for one process: its runtime, and the parts the commands read. */
export interface App extends Runtime {
  config: Config;
  settings: () => RuntimeSettings;
  store: StateStore;
  /** The WebSub subscriptions, one per feed whose hub was asked. */
  subscriptions: SubscriptionStore;
  queue: JobQueue;
  logger: Logger;
  /** `memory` (SQLite, in-process queue) or `redis` (Redis state, BullMQ). */
  backend: 'memory' | 'redis';
  /** The configuration in force (the YAML with chat's changes merged in) as YAML, the file's comments kept. */
  exportConfig(): Promise<string>;
}
