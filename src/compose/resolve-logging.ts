import { logFormats, type LogFormat } from './create-logger.js';
import { ExitCode, InputError } from './exit-codes.js';

/** The log levels the CLI accepts, quietest last. */
export const logLevels: readonly string[] = ['debug', 'info', 'warn', 'error', 'silent'];

/**
 * The log level and format of a command: the option, else LOG_LEVEL / LOG_FORMAT, else the default, which is
 * `info` for long-running commands (run, worker) and `warn` for one-shot ones, so those print only their result.
 * A bad value in the environment is refused by name rather than left to the logger's own error.
 */
export function resolveLogging(
  flags: { logLevel?: string | undefined; logFormat?: string | undefined },
  env: NodeJS.ProcessEnv,
  kind: 'long-running' | 'one-shot',
): { logLevel: string; logFormat: LogFormat } {
  const logLevel = flags.logLevel ?? (env['LOG_LEVEL'] || (kind === 'long-running' ? 'info' : 'warn'));
  if (!logLevels.includes(logLevel)) {
    throw new InputError(ExitCode.environmentInvalid, `LOG_LEVEL ${JSON.stringify(logLevel)} is not a log level; use one of ${logLevels.join(', ')}`);
  }
  const logFormat = flags.logFormat ?? (env['LOG_FORMAT'] || 'auto');
  if (!(logFormats as readonly string[]).includes(logFormat)) {
    throw new InputError(ExitCode.environmentInvalid, `LOG_FORMAT ${JSON.stringify(logFormat)} is not a log format; use one of ${logFormats.join(', ')}`);
  }
  return { logLevel, logFormat: logFormat as LogFormat };
}
