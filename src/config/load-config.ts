import { readFileSync } from 'node:fs';
import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { CodedError } from '../core/errors.js';
import type { Config, ConfigSchema } from './config-schema.js';

/** One problem in a config file, located for the person who has to fix it. */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

/** A config file that cannot be used; `problems` lists every location at once so one edit fixes all. */
export class ConfigError extends CodedError {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super('config_invalid', problems.map(formatProblem).join('\n'));
    this.problems = problems;
    this.name = 'ConfigError';
  }
}

/** `file:line:column: path: message`, the form editors and terminals turn into links. */
export function formatProblem(problem: ConfigProblem): string {
  const where = problem.path === '' ? '' : `${problem.path}: `;
  return `${problem.file}:${problem.line}:${problem.column}: ${where}${problem.message}`;
}

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Parses and validates config text against `schema` (configSchemaFor the chat platforms there are). `${VAR}` (or
 * `${VAR:-default}`) in a string value reads `env`, so secrets stay out of the file. Throws ConfigError naming
 * file, line and column of every problem.
 */
export function parseConfigText(text: string, file: string, env: Readonly<Record<string, string | undefined>>, schema: ConfigSchema): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((error) => ({
        file,
        ...position(error.pos[0]),
        path: '',
        message: `YAML syntax: ${error.message.split('\n')[0] ?? error.code}`,
      })),
    );
  }
  const problems = interpolateEnvironment(doc, env).map((problem) => ({
    file,
    ...position(problem.offset),
    path: '',
    message: problem.message,
  }));
  if (problems.length > 0) throw new ConfigError(problems);

  const result = schema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => locateIssue(doc, issue, file, position)));
}

/** Reads and validates a config file from disk; `${VAR}` references read `env`. */
export function loadConfigFile(path: string, env: Readonly<Record<string, string | undefined>>, schema: ConfigSchema): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigError([
      { file: path, line: 1, column: 1, path: '', message: `${reason}; pass --config FILE or set NEWSWATCH_CONFIG` },
    ]);
  }
  return parseConfigText(text, path, env, schema);
}

/**
 * What a valid config still lacks for `run` and `worker` to do anything: feeds to poll and topics to match them
 * against. Empty when nothing is missing. `config check` prints these as warnings; `run` and `worker` refuse to
 * start, since a process that polls nothing, or alerts on nothing, would look healthy while doing no work.
 */
export function findMissingParts(counts: { feeds: number; topics: number }): string[] {
  if (counts.feeds === 0 && counts.topics === 0) {
    return ['no feeds and no topics (is the file empty?); add a feeds: list of feed URLs and a topics: list, as config/newswatch.yaml does'];
  }
  const missing: string[] = [];
  if (counts.feeds === 0) missing.push('no feeds, so nothing is polled; add a feeds: list with at least one url');
  if (counts.topics === 0) missing.push('no topics, so nothing can alert; add a topics: list with at least one id, name, query and channels');
  return missing;
}

function interpolateEnvironment(doc: Document, env: Readonly<Record<string, string | undefined>>): { offset: number; message: string }[] {
  const problems: { offset: number; message: string }[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      node.value = node.value.replace(ENV_REFERENCE, (whole, name: string, fallback: string | undefined) => {
        const value = env[name];
        if (value !== undefined && value !== '') return value;
        if (fallback !== undefined) return fallback;
        problems.push({
          offset: node.range?.[0] ?? 0,
          message: `environment variable ${name} is not set (found ${whole}); set it, or write \${${name}:-default}`,
        });
        return whole;
      });
    },
  });
  return problems;
}

function locateIssue(
  doc: Document,
  issue: z.core.$ZodIssue,
  file: string,
  position: (offset: number) => { line: number; column: number },
): ConfigProblem {
  const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  // The deepest node that exists: a missing key is reported at its parent mapping.
  let offset = 0;
  let found: string | null = null;
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) {
      offset = node.range[0];
      if (depth === path.length && isScalar(node)) found = shownValue(path, node.value);
      break;
    }
  }
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const pair = key === undefined ? undefined : findKeyOffset(doc, path, key);
    if (pair !== undefined) offset = pair;
  }
  const message = found !== null && !issue.message.includes(found) ? `${issue.message} (found ${found})` : issue.message;
  return { file, ...position(offset), path: formatPath(path), message };
}

/** A value as a message may show it: never a password, token or secret, nor the password inside a URL. */
function shownValue(path: (string | number)[], value: unknown): string | null {
  if (/password|token|secret/i.test(String(path.at(-1) ?? ''))) return null;
  return JSON.stringify(value).replace(/(\/\/[^/@\s:"]*:)[^/@\s"]*@/g, '$1***@');
}

function findKeyOffset(doc: Document, path: (string | number)[], key: string): number | undefined {
  const parent = doc.getIn(path, true) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] };
  const item = parent?.items?.find((pair) => pair.key?.value === key);
  return item?.key?.range?.[0];
}

function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text === '' ? segment : `${text}.${segment}`), '');
}
