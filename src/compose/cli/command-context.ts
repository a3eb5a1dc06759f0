import type { Environment } from '../../config/environment.js';
import type { AppOptions } from '../app.js';
import { resolveLogging, type LogFormat, type LogLevel } from '../resolve-logging.js';

/** The options every command takes. */
export interface GlobalOptions {
  config: string;
  dataDir: string;
  output: 'text' | 'jsonl';
  logLevel?: LogLevel;
  logFormat?: LogFormat;
}

/** What a command runs with: the global options and the environment, parsed once at start. */
export interface CommandContext {
  globals: GlobalOptions;
  environment: Environment;
}

/** What a command passes to createApp. Long-running commands log at info by default, one-shot ones at warn. */
export function appOptions(context: CommandContext, kind: 'long-running' | 'one-shot', overrides: Partial<AppOptions> = {}): AppOptions {
  const { globals, environment } = context;
  const logging = resolveLogging(globals, environment, kind);
  return { configPath: globals.config, dataDir: globals.dataDir, output: globals.output, ...logging, environment, stdout: process.stdout, stderr: process.stderr, ...overrides };
}
