/**
 * Example outputs in docs/ come from the code. A fenced block right after a marker line
 * `<!-- example: newswatch ARGS -->` holds exactly what `newswatch ARGS` prints on stdout (run from the repository
 * root, on the embedded defaults). `npm run docs:examples` rewrites the blocks; tests/unit/docs/examples.test.ts
 * fails when one differs from what the code prints.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface DocExample {
  file: string;
  args: string[];
  /** The block's text as the page has it now. */
  shown: string;
  /** Offsets of the block's text in the page. */
  start: number;
  end: number;
}

const MARKER = /<!-- example: newswatch ([^\n]*?) -->\n```[^\n]*\n([\s\S]*?)```/gu;

/** Every marked example in the markdown files under `docs/`. */
export function findDocExamples(dir = join(repoRoot, 'docs')): DocExample[] {
  const files = readdirSync(dir).flatMap((name): string[] => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? findDocExamples(path).map((example) => example.file) : name.endsWith('.md') ? [path] : [];
  });
  return [...new Set(files)].flatMap((file) => {
    const markdown = readFileSync(file, 'utf8');
    return [...markdown.matchAll(MARKER)].map((match) => {
      const blockStart = (match.index ?? 0) + match[0].indexOf('\n```') + 1;
      const start = markdown.indexOf('\n', blockStart) + 1;
      const shown = match[2] ?? '';
      return { file, args: splitArgs(match[1] ?? ''), shown, start, end: start + shown.length };
    });
  });
}

/** Splits ARGS like a shell would for plain words and "double-quoted" ones. */
function splitArgs(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/gu)].map((match) => match[1] ?? match[2] ?? '');
}

/** What `newswatch ARGS` prints on stdout, run from source on the embedded defaults. */
export function runExample(args: readonly string[]): string {
  // `npm test` names the CLI it built once for the run; otherwise src/ runs through tsx.
  const built = process.env['NEWSWATCH_TEST_CLI'];
  const cli = built ? [built] : ['--import', 'tsx', join(repoRoot, 'src', 'cli.ts')];
  const result = spawnSync(process.execPath, [...cli, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, REDIS_URL: '', LOG_LEVEL: 'warn', NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 60_000,
  });
  return result.stdout;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const examples = findDocExamples();
  const byFile = new Map<string, DocExample[]>();
  for (const example of examples) byFile.set(example.file, [...(byFile.get(example.file) ?? []), example]);
  for (const [file, list] of byFile) {
    let markdown = readFileSync(file, 'utf8');
    for (const example of [...list].sort((a, b) => b.start - a.start)) {
      markdown = markdown.slice(0, example.start) + runExample(example.args) + markdown.slice(example.end);
    }
    writeFileSync(file, markdown);
    process.stderr.write(`${file}: ${list.length} example(s) refreshed\n`);
  }
}
