import type { ChildProcess } from 'node:child_process';
import { spawnCli } from '../../support/cli.js';

/** One alert line of `--output jsonl`. */
export interface PrintedAlert {
  type: 'alert';
  articleKey: string;
  channelId: string;
  title: string;
}

/** One pino log line. */
export interface LogLine {
  msg: string;
  [field: string]: unknown;
}

/**
 * A running newswatch process whose stdout is its recording sink (`--output jsonl`) and whose stderr is its
 * structured log, both parsed as they arrive.
 */
export interface NewswatchProcess {
  name: string;
  child: ChildProcess;
  alerts: PrintedAlert[];
  logs: LogLine[];
  /** Everything on stderr that was not a log line (errors printed by the CLI). */
  otherErrors: string[];
  /** Resolves with the first log line carrying `msg`, or rejects after `timeoutMs` (or when the process exits). */
  waitForLog(msg: string, timeoutMs?: number): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Splits a stream into lines, calling `onLine` for each complete one. */
function onLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let rest = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    rest += chunk;
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') onLine(line);
  });
}

/** Starts `newswatch <args>` from source with info logs and JSON-lines alerts. */
export function startNewswatch(name: string, args: readonly string[], env: NodeJS.ProcessEnv): NewswatchProcess {
  const child = spawnCli(['--output', 'jsonl', '--log-level', 'info', ...args], { env });
  const alerts: PrintedAlert[] = [];
  const logs: LogLine[] = [];
  const otherErrors: string[] = [];
  const listeners = new Set<() => void>();
  onLines(child.stdout, (line) => {
    const parsed = JSON.parse(line) as { type?: string };
    if (parsed.type === 'alert') alerts.push(parsed as PrintedAlert);
  });
  onLines(child.stderr, (line) => {
    if (line.startsWith('{')) logs.push(JSON.parse(line) as LogLine);
    else otherErrors.push(line);
    for (const listener of listeners) listener();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
      for (const listener of listeners) listener();
    });
  });
  let exitedYet = false;
  void exited.then(() => (exitedYet = true));

  const waitForLog = (msg: string, timeoutMs = 20_000): Promise<LogLine> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = logs.find((log) => log.msg === msg);
        if (found) return finish(() => resolve(found));
        if (exitedYet || child.exitCode !== null || child.signalCode !== null) {
          finish(() => reject(new Error(`${name} exited before logging "${msg}": ${[...otherErrors, ...logs.map((log) => JSON.stringify(log))].slice(-5).join('\n')}`)));
        }
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`${name} did not log "${msg}" within ${timeoutMs} ms`))), timeoutMs);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  return {
    name,
    child,
    alerts,
    logs,
    otherErrors,
    waitForLog,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Waits until `condition` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** How often each value occurs. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * Checks a run's alerts against the expected titles: which are missing, and how many were delivered more
 * than once (beyond the first), across every process.
 */
export function tallyAlerts(processes: readonly NewswatchProcess[], titles: readonly string[]): { missing: string[]; duplicates: number; total: number } {
  const all = processes.flatMap((process) => process.alerts);
  const counts = countBy(all, (alert) => alert.title);
  const missing = titles.filter((title) => !counts.has(title));
  let duplicates = 0;
  for (const count of counts.values()) duplicates += count - 1;
  return { missing, duplicates, total: all.length };
}

/** Articles each process logged as analysed, by article key, across every process. */
export function analysedCounts(processes: readonly NewswatchProcess[]): Map<string, number> {
  const analysed = processes.flatMap((process) => process.logs.filter((log) => log.msg === 'article analysed'));
  return countBy(analysed, (log) => String(log['article']));
}
