import { isIP } from 'node:net';
import { z } from 'zod';
import { parseRedisUrl } from './redis-url.js';

/** The log levels newswatch accepts, quietest last. */
export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** How log lines are written: `pretty` for people, `json` for collectors, `auto` picks by whether stderr is a terminal. */
export const logFormats = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof logFormats)[number];

/** A DNS name: dot-separated labels of letters, digits and inner hyphens. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** An empty (or blank) variable counts as unset, so `PORT=` in a compose file means "the default". */
const unsetWhenBlank = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const text = z.preprocess(unsetWhenBlank, z.string().optional());
const checked = (check: (value: string) => boolean, message: string) => z.preprocess(unsetWhenBlank, z.string().refine(check, message).optional());
const isHttpUrl = (value: string): boolean => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);
const stripBrackets = (host: string): string => host.replace(/^\[|\]$/g, '');

/**
 * Every environment variable newswatch reads, with what a bad value is told. Messages follow the variable and
 * its value ("PORT "abc" is not a port number ..."), so each names the fix.
 */
export const EnvironmentSchema = z.object({
  NEWSWATCH_CONFIG: text,
  NEWSWATCH_DATA_DIR: text,
  LOG_LEVEL: z.preprocess(unsetWhenBlank, z.enum(logLevels, `is not a log level; use one of ${logLevels.join(', ')}`).optional()),
  LOG_FORMAT: z.preprocess(unsetWhenBlank, z.enum(logFormats, `is not a log format; use one of ${logFormats.join(', ')}`).optional()),
  PORT: checked((value) => /^\s*\d+\s*$/.test(value) && Number(value) <= 65_535, 'is not a port number (0-65535); set PORT to one, or unset it for 3000'),
  HOST: checked(
    (value) => isIP(stripBrackets(value.trim())) !== 0 || HOST_NAME.test(value.trim()),
    'is not an IP address or host name; set HOST to one (0.0.0.0 listens everywhere), or unset it',
  ),
  REDIS_URL: z.preprocess(
    unsetWhenBlank,
    z
      .string()
      .superRefine((value, ctx) => {
        const parsed = parseRedisUrl(value);
        if ('error' in parsed) {
          ctx.addIssue({ code: 'custom', message: `is not a Redis URL: ${parsed.error}; set REDIS_URL to one (redis://host:6379), or unset it for the embedded SQLite state` });
        }
      })
      .optional(),
  ),
  NEWSWATCH_REDIS_PREFIX: checked(
    (value) => /^[A-Za-z0-9_.-]+$/.test(value),
    'is not a key prefix of letters, digits, ".", "_" or "-"; set NEWSWATCH_REDIS_PREFIX to one, or unset it for redis.prefix from the YAML',
  ),
  SLACK_API_URL: checked(isHttpUrl, 'is not an http:// or https:// URL; set SLACK_API_URL to the Slack Web API base (https://slack.com/api/), or unset it'),
  SLACK_BOT_TOKEN: text,
  SLACK_APP_TOKEN: text,
  SLACK_SIGNING_SECRET: text,
  DISCORD_API_URL: checked(isHttpUrl, 'is not an http:// or https:// URL; set DISCORD_API_URL to the Discord API base (https://discord.com/api), or unset it'),
  DISCORD_BOT_TOKEN: text,
  DISCORD_APPLICATION_ID: text,
  PUBLIC_URL: checked(
    (value) => isHttpUrl(value.trim()) && new URL(value.trim()).search === '' && new URL(value.trim()).hash === '',
    'is not an http:// or https:// URL without query or fragment; set PUBLIC_URL to the address hubs reach this listener at (https://newswatch.example.org), or unset it to keep WebSub push off',
  ),
  DISCORD_PUBLIC_KEY: checked(
    (value) => /^[0-9a-f]{64}$/i.test(value),
    "is not 64 hex characters; set DISCORD_PUBLIC_KEY to the application's public key from the Discord developer portal, or unset it",
  ),
});

/** The name of a variable newswatch reads. */
export type EnvironmentVariable = keyof typeof EnvironmentSchema.shape;

/** A variable whose value newswatch cannot use; its value is ignored, and its default used instead. */
export interface EnvironmentProblem {
  variable: EnvironmentVariable;
  value: string;
  message: string;
}

/** The environment, parsed: every value typed, unset ones as `undefined` or their default. */
export interface Environment {
  /** NEWSWATCH_CONFIG: the config file when `--config` is not given. */
  configPath: string;
  /** NEWSWATCH_DATA_DIR: the state directory when `--data-dir` is not given. */
  dataDir: string;
  /** LOG_LEVEL: unset, each command picks its own default. */
  logLevel: LogLevel | undefined;
  logFormat: LogFormat | undefined;
  /** PORT: unset, `run` listens on 3000 and a worker opens no listener. */
  port: number | undefined;
  /** HOST, without the brackets of an IPv6 literal. */
  host: string;
  redisUrl: string | undefined;
  redisPrefix: string | undefined;
  /** PUBLIC_URL, without a trailing slash: where hubs reach the listener; unset, WebSub push is off. */
  publicUrl: string | undefined;
  slack: { apiUrl: string | undefined; botToken: string | undefined; appToken: string | undefined; signingSecret: string | undefined };
  discord: { apiUrl: string | undefined; botToken: string | undefined; applicationId: string | undefined; publicKey: string | undefined };
  /** Every variable as given, for `${VAR}` references in the YAML. */
  variables: Readonly<Record<string, string | undefined>>;
  /** Variables newswatch cannot use; a command refuses to start while there is one (`config check` warns). */
  problems: readonly EnvironmentProblem[];
}

const variableNames = Object.keys(EnvironmentSchema.shape) as EnvironmentVariable[];

/**
 * Parses the environment once, at start: each variable newswatch reads is checked and typed, and every bad one
 * is listed in `problems` (with its default used meanwhile), so one look names all of them.
 */
export function parseEnvironment(env: Readonly<Record<string, string | undefined>>): Environment {
  const given = Object.fromEntries(variableNames.map((name) => [name, env[name]]));
  const first = EnvironmentSchema.safeParse(given);
  const problems: EnvironmentProblem[] = [];
  if (!first.success) {
    for (const issue of first.error.issues) {
      const variable = issue.path[0] as EnvironmentVariable;
      if (!problems.some((problem) => problem.variable === variable)) problems.push({ variable, value: env[variable] ?? '', message: issue.message });
    }
  }
  // Without the bad values every field is valid, so the second parse cannot fail.
  const valid = first.success ? first.data : EnvironmentSchema.parse({ ...given, ...Object.fromEntries(problems.map((problem) => [problem.variable, undefined])) });
  return {
    configPath: valid.NEWSWATCH_CONFIG ?? 'config/newswatch.yaml',
    dataDir: valid.NEWSWATCH_DATA_DIR ?? 'data',
    logLevel: valid.LOG_LEVEL,
    logFormat: valid.LOG_FORMAT,
    port: valid.PORT === undefined ? undefined : Number(valid.PORT),
    host: valid.HOST === undefined ? '0.0.0.0' : stripBrackets(valid.HOST.trim()),
    redisUrl: valid.REDIS_URL,
    redisPrefix: valid.NEWSWATCH_REDIS_PREFIX,
    publicUrl: valid.PUBLIC_URL?.trim().replace(/\/+$/, ''),
    slack: { apiUrl: valid.SLACK_API_URL, botToken: valid.SLACK_BOT_TOKEN, appToken: valid.SLACK_APP_TOKEN, signingSecret: valid.SLACK_SIGNING_SECRET },
    discord: {
      apiUrl: valid.DISCORD_API_URL,
      botToken: valid.DISCORD_BOT_TOKEN,
      applicationId: valid.DISCORD_APPLICATION_ID,
      publicKey: valid.DISCORD_PUBLIC_KEY,
    },
    variables: { ...env },
    problems,
  };
}

/** `PORT "abc" is not a port number (0-65535); ...`: the variable, its value (credentials hidden), the fix. */
export function formatEnvironmentProblem(problem: EnvironmentProblem): string {
  const shown = problem.value.replace(/\/\/[^/@\s]*@/, '//***@');
  return `${problem.variable} ${JSON.stringify(shown)} ${problem.message}`;
}

/** The process's own environment, parsed: the one place newswatch reads `process.env`. */
export function readProcessEnvironment(): Environment {
  return parseEnvironment(process.env);
}
