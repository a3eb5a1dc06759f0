/**
 * The process exit codes, one per kind of problem, so a script or a service manager can tell what went wrong
 * without reading the message. docs/errors.md lists them with the messages that go with them.
 */
export const ExitCode = {
  ok: 0,
  /** `run --once` or `alerts replay` finished, but a feed failed or an alert was not delivered. */
  workFailed: 1,
  /** The config file is missing or invalid (syntax, schema, an unset ${VAR}). */
  configInvalid: 2,
  /** The config is valid but sets up nothing to watch: empty, no feeds or no topics (`run`, `worker`). */
  configIncomplete: 3,
  /** The data directory cannot be created or written. */
  dataDirUnusable: 4,
  /** An environment variable holds a value newswatch cannot use (PORT, HOST, LOG_LEVEL, REDIS_URL, ...). */
  environmentInvalid: 5,
  /** An input file cannot be analysed: missing, empty or binary. */
  inputUnusable: 6,
  /** The command needs Redis and none is configured. */
  redisRequired: 7,
  /** The command had nothing to do: `feeds resume` on a feed that is not paused. */
  nothingToDo: 8,
  /** `config check --strict` found warnings. */
  configWarnings: 9,
  /** The command line is wrong: unknown command or option, a bad value, an id the config does not have. */
  usage: 64,
} as const;

/**
 * A problem with what the user gave (a file, a directory, a variable, an argument) that newswatch reports in one
 * line naming the input and the fix, then exits with `exitCode` and no stack trace.
 */
export class InputError extends Error {
  readonly exitCode: number;
  constructor(exitCode: number, message: string) {
    super(message);
    this.name = 'InputError';
    this.exitCode = exitCode;
  }
}
