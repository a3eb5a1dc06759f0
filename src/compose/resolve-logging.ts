import type { Environment, LogFormat, LogLevel } from '../config/environment.js';

export { logFormats, logLevels, type LogFormat, type LogLevel } from '../config/environment.js';

/**
 * The log level and format of a command: the option, else LOG_LEVEL / LOG_FORMAT, else the default, which is
 * `info` for long-running commands (run, worker) and `warn` for one-shot ones, so those print only their result.
 */
export function resolveLogging(
  flags: { logLevel?: LogLevel | undefined; logFormat?: LogFormat | undefined },
  environment: Environment,
  kind: 'long-running' | 'one-shot',
): { logLevel: LogLevel; logFormat: LogFormat } {
  return {
    logLevel: flags.logLevel ?? environment.logLevel ?? (kind === 'long-running' ? 'info' : 'warn'),
    logFormat: flags.logFormat ?? environment.logFormat ?? 'auto',
  };
}
