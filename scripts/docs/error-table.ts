/**
 * The table of bad inputs in docs/errors.md comes from the code: each case below runs the real CLI (from source)
 * in a scratch directory holding the case's files, and the table shows what it printed on stderr and its exit
 * code. `npm run docs:errors` (tsx scripts/docs/error-table.ts) rewrites the table;
 * tests/integration/cli/bad-input.test.ts checks every case's message and exit code, and that the page shows them.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const errorsPage = join(repoRoot, 'docs', 'errors.md');

const topics = 'topics:\n  - id: cyber\n    name: Cyber\n    query: cyber*\n    channels: [console]\n';
const localFeed = 'feeds:\n  - url: http://127.0.0.1:9/feed.xml\n    id: local\n';
const fileFeed = 'feeds:\n  - url: wire.xml\n    id: wire\n';

/** Files every case finds in its scratch directory. */
const FILES: Record<string, string | Buffer> = {
  'empty.yaml': '',
  'no-feeds.yaml': topics,
  'no-topics.yaml': fileFeed,
  'local.yaml': `${localFeed}${topics}`,
  'ok.yaml': `${fileFeed}${topics}`,
  'bad.yaml': 'feeds:\n  - url: wire.xml\n    interval: soon\n',
  'redis-twice.yaml': `queue: redis\nredis:\n  url: redis://cache.internal:6379\n  cluster:\n    nodes: ["cache-1.internal:6379"]\n${fileFeed}${topics}`,
  'redis-tls.yaml': `queue: redis\nredis:\n  url: rediss://127.0.0.1:1\n  tls:\n    ca: certs/ca.pem\n${fileFeed}${topics}`,
  'redis-password.yaml': `queue: redis\nredis:\n  password: from-the-config\n${fileFeed}${topics}`,
  'wire.xml': '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>',
  'empty.txt': '',
  'binary.bin': `ELF\u0000\u0001\u0002 not an article\u0000`,
  'a-file': 'a file where a directory should be\n',
  'latin1.txt': Buffer.from('Le député a déclaré à la presse : « Ça suffit. » Élections générales prévues en été.\n', 'latin1'),
};

/** One bad input: the command line, the environment it adds, and what a user must see. */
export interface ErrorCase {
  /** What was wrong, as the table's first column says it. */
  input: string;
  args: string[];
  env?: Record<string, string>;
  /** A part of the message that must be there. */
  expect: string;
  code: number;
}

export const errorCases: ErrorCase[] = [
  { input: 'config file missing', args: ['--config', 'missing.yaml', 'run'], expect: 'missing.yaml:1:1: file not found', code: 2 },
  { input: 'config file invalid', args: ['--config', 'bad.yaml', 'config', 'check'], expect: 'bad.yaml:3:15: feeds[0].interval', code: 2 },
  { input: 'empty config', args: ['--config', 'empty.yaml', 'run', '--once'], expect: 'empty.yaml: no feeds and no topics', code: 3 },
  { input: 'config without feeds', args: ['--config', 'no-feeds.yaml', 'run'], expect: 'no-feeds.yaml: no feeds, so nothing is polled', code: 3 },
  { input: 'config without topics', args: ['--config', 'no-topics.yaml', 'worker'], expect: 'no-topics.yaml: no topics, so nothing can alert', code: 3 },
  { input: 'empty config, checked', args: ['--config', 'empty.yaml', 'config', 'check', '--strict'], expect: 'warning: empty.yaml: no feeds and no topics', code: 9 },
  { input: 'feed on a loopback address, checked', args: ['--config', 'local.yaml', 'config', 'check', '--strict'], expect: 'defaults.allow_private_addresses', code: 9 },
  { input: 'feed on a loopback address, polled', args: ['--config', 'local.yaml', 'run', '--once', '--fresh'], expect: 'defaults.allow_private_addresses', code: 1 },
  { input: 'data directory under a file', args: ['--config', 'ok.yaml', '--data-dir', 'a-file/data', 'feeds'], expect: 'data directory a-file/data: cannot', code: 4 },
  { input: 'data directory that cannot exist', args: ['--config', 'ok.yaml', '--data-dir', '/proc/newswatch', 'feeds'], expect: 'data directory /proc/newswatch: cannot create', code: 4 },
  { input: 'PORT not a number', args: ['--config', 'ok.yaml', 'run'], env: { PORT: 'abc' }, expect: 'PORT "abc" is not a port number (0-65535)', code: 5 },
  { input: 'HOST not an address', args: ['--config', 'ok.yaml', 'run'], env: { HOST: 'my host' }, expect: 'HOST "my host" is not an IP address or host name', code: 5 },
  { input: 'LOG_LEVEL unknown', args: ['--config', 'ok.yaml', 'feeds'], env: { LOG_LEVEL: 'verbose' }, expect: 'LOG_LEVEL "verbose" is not a log level', code: 5 },
  { input: 'REDIS_URL not a Redis URL', args: ['--config', 'ok.yaml', 'feeds'], env: { REDIS_URL: 'localhost:6379' }, expect: 'REDIS_URL "localhost:6379" is not a Redis URL', code: 5 },
  { input: 'Redis located twice in the config', args: ['--config', 'redis-twice.yaml', 'config', 'check'], expect: 'redis-twice.yaml:5:5: redis.cluster', code: 2 },
  { input: 'Redis TLS CA file missing', args: ['--config', 'redis-tls.yaml', 'run', '--once'], expect: 'redis.tls.ca: cannot read', code: 2 },
  { input: 'Redis password in REDIS_URL and the config', args: ['--config', 'redis-password.yaml', 'worker'], env: { REDIS_URL: 'redis://:pw@127.0.0.1:1' }, expect: 'REDIS_URL carries a password', code: 2 },
  { input: 'PUBLIC_URL not a URL', args: ['--config', 'ok.yaml', 'run'], env: { PUBLIC_URL: 'newswatch.example.org' }, expect: 'PUBLIC_URL "newswatch.example.org" is not an http:// or https:// URL', code: 5 },
  { input: 'PORT not a number, checked', args: ['--config', 'ok.yaml', 'config', 'check', '--strict'], env: { PORT: 'abc' }, expect: 'warning: PORT "abc" is not a port number', code: 9 },
  { input: 'binary file to analyze', args: ['--config', 'ok.yaml', 'analyze', 'binary.bin'], expect: 'binary.bin: a binary file', code: 6 },
  { input: 'text file not in UTF-8', args: ['--config', 'ok.yaml', 'analyze', 'latin1.txt'], expect: 'latin1.txt: not UTF-8 text', code: 6 },
  { input: 'empty file to analyze', args: ['--config', 'ok.yaml', 'analyze', 'empty.txt'], expect: 'empty.txt: the file is empty', code: 6 },
  { input: 'missing file to preview', args: ['--config', 'ok.yaml', 'preview', 'gone.html'], expect: 'gone.html: file not found', code: 6 },
  { input: 'queues without Redis', args: ['--config', 'ok.yaml', 'queues'], expect: 'set REDIS_URL or `queue: redis`', code: 7 },
  { input: 'resuming a feed that is not paused', args: ['--config', 'ok.yaml', 'feeds', 'resume', 'wire'], expect: 'feed wire is not paused; nothing to resume', code: 8 },
  { input: 'resuming a feed the config lacks', args: ['--config', 'ok.yaml', 'feeds', 'resume', 'nope'], expect: 'no feed "nope" in ok.yaml', code: 64 },
  { input: 'unknown option', args: ['--config', 'ok.yaml', 'feeds', '--colour'], expect: "unknown option '--colour'", code: 64 },
];

/** What one run of the CLI printed and how it ended. */
export interface ErrorOutcome {
  code: number | null;
  stderr: string;
  stdout: string;
  ms: number;
}

/** Runs a case in a fresh scratch directory, killing it after `timeoutMs` so a hang shows as a failure. */
export async function runErrorCase(errorCase: ErrorCase, timeoutMs = 30_000): Promise<ErrorOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-errors-'));
  for (const [name, content] of Object.entries(FILES)) writeFileSync(join(dir, name), content);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const started = Date.now();
  // `npm test` names the CLI it built once for the run; otherwise src/ runs through tsx.
  const built = process.env['NEWSWATCH_TEST_CLI'];
  const cli = built ? [built] : ['--import', pathToFileURL(join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href, join(repoRoot, 'src/cli.ts')];
  const child = spawn(process.execPath, [...cli, ...errorCase.args], {
    cwd: dir,
    env: { ...process.env, REDIS_URL: '', LOG_LEVEL: '', LOG_FORMAT: '', PORT: '', HOST: '', PUBLIC_URL: '', NEWSWATCH_DATA_DIR: join(dir, 'data'), ...errorCase.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((done) => child.on('close', (exit) => done(exit)));
  clearTimeout(timer);
  rmSync(dir, { recursive: true, force: true });
  return { code, stderr, stdout, ms: Date.now() - started };
}

/** The line of stderr a case is documented by: the one holding the expected text (help text and log records left out). */
export function messageLine(errorCase: ErrorCase, outcome: ErrorOutcome): string {
  const lines = outcome.stderr.split('\n').filter((line) => line.includes(errorCase.expect));
  // a JSON log record may carry the same words; the table shows the line written for the user
  return lines.find((line) => !line.startsWith('{')) ?? lines[0] ?? '';
}

/** The table's row for a case. */
export function tableRow(errorCase: ErrorCase, outcome: ErrorOutcome): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const command = `\`newswatch ${errorCase.args.join(' ')}\`${errorCase.env ? ` with ${Object.entries(errorCase.env).map(([key, value]) => `\`${key}=${value}\``).join(' ')}` : ''}`;
  return `| ${cell(errorCase.input)} | ${cell(command)} | ${outcome.code ?? 'killed'} | ${cell(messageLine(errorCase, outcome))} |`;
}

const START = '<!-- error-table: start -->';
const END = '<!-- error-table: end -->';

/** The page's table between its markers. */
export function shownTable(page = readFileSync(errorsPage, 'utf8')): string {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  return start < 0 || end < 0 ? '' : page.slice(start + START.length, end);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows: string[] = [];
  for (const errorCase of errorCases) rows.push(tableRow(errorCase, await runErrorCase(errorCase)));
  const table = `\n| input | command | exit | message (stderr) |\n|---|---|---|---|\n${rows.join('\n')}\n`;
  const page = readFileSync(errorsPage, 'utf8');
  writeFileSync(errorsPage, page.replace(`${START}${shownTable(page)}${END}`, `${START}${table}${END}`));
  process.stderr.write(`${errorsPage}: ${rows.length} rows refreshed\n`);
}
