import { formatEnvironmentProblem, type Environment } from '../config/environment.js';
import { ExitCode, InputError } from './exit-codes.js';

export { readProcessEnvironment } from '../config/environment.js';

/**
 * Refuses to go on while a variable holds a value newswatch cannot use, naming each one with its fix; every
 * command but `config check` (which warns instead) calls this before doing anything.
 */
export function refuseEnvironmentProblems(environment: Environment): void {
  if (environment.problems.length === 0) return;
  throw new InputError(ExitCode.environmentInvalid, environment.problems.map(formatEnvironmentProblem).join('\n'));
}

/** The HTTP listener's address: PORT (3000 when unset) and HOST (0.0.0.0 when unset). */
export function listenAddress(environment: Environment): { port: number; host: string } {
  return { port: environment.port ?? 3000, host: environment.host };
}
