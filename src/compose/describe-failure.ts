import { ConfigError } from '../config/load-config.js';
import { describeError } from '../core/errors.js';
import { ExitCode, InputError } from './exit-codes.js';

/**
 * What the CLI writes on stderr, and the code it exits with, for the error that ended a command: a config
 * problem lists every location, an input problem names the input and the fix on each line, anything else is one
 * line with code 1. Never a stack trace.
 */
export function describeFailure(error: unknown): { exitCode: number; stderr: string } {
  if (error instanceof ConfigError) return { exitCode: ExitCode.configInvalid, stderr: `newswatch: invalid configuration\n${error.message}\n` };
  if (error instanceof InputError) return { exitCode: error.exitCode, stderr: error.message.split('\n').map((line) => `newswatch: ${line}\n`).join('') };
  return { exitCode: ExitCode.workFailed, stderr: `newswatch: ${describeError(error)}\n` };
}
