import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Names the CLI built from src/ for this run (tests/support/global-cli-build.ts), a cli.js path. */
export const builtCliVariable = 'NEWSWATCH_TEST_CLI';

/** How to start the CLI: the run's build of src/, or src/ through tsx outside a vitest run. */
function cliCommand(): string[] {
  const built = process.env[builtCliVariable];
  return built ? [built] : ['--import', 'tsx', `${repoRoot}src/cli.ts`];
}

/** Starts the newswatch CLI built from the current source, as a user would run the built one. */
export function spawnCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): ChildProcess {
  return spawn(process.execPath, [...cliCommand(), ...args], {
    cwd: options.cwd ?? repoRoot,
    // REDIS_URL is cleared unless a test sets it, so a Redis in the environment never turns a SQLite test into one
    // that shares Redis keys with every other test.
    env: { ...process.env, LOG_LEVEL: 'warn', REDIS_URL: '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion, optionally feeding stdin. */
export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; stdin?: string } = {}): Promise<CliResult> {
  const child = spawnCli(args, options);
  return collect(child, options.stdin);
}

/** Collects a child's output until it exits. */
export function collect(child: ChildProcess, stdin?: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin?.end(stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
