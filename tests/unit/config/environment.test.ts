import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnvironmentSchema, formatEnvironmentProblem, parseEnvironment } from '../../../src/config/environment.js';

const messages = (env: Record<string, string>): string[] => parseEnvironment(env).problems.map(formatEnvironmentProblem);

describe('parseEnvironment', () => {
  it('gives every unset variable its default', () => {
    const environment = parseEnvironment({});
    expect(environment).toMatchObject({
      configPath: 'config/newswatch.yaml',
      dataDir: 'data',
      logLevel: undefined,
      logFormat: undefined,
      port: undefined,
      host: '0.0.0.0',
      redisUrl: undefined,
      redisPrefix: undefined,
      slack: { apiUrl: undefined, botToken: undefined, appToken: undefined, signingSecret: undefined },
      discord: { apiUrl: undefined, botToken: undefined, applicationId: undefined, publicKey: undefined },
      problems: [],
    });
  });

  it('types each value it reads', () => {
    const key = 'ab'.repeat(32);
    const environment = parseEnvironment({
      NEWSWATCH_CONFIG: 'ops/watch.yaml',
      NEWSWATCH_DATA_DIR: '/var/lib/watch',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      PORT: ' 8080 ',
      HOST: '[::1]',
      REDIS_URL: 'rediss://cache.internal:6380/2',
      NEWSWATCH_REDIS_PREFIX: 'watch-eu',
      SLACK_API_URL: 'http://127.0.0.1:9000/api/',
      SLACK_BOT_TOKEN: 'xoxb-bot',
      SLACK_APP_TOKEN: 'xapp-app',
      SLACK_SIGNING_SECRET: 'signing',
      DISCORD_API_URL: 'https://proxy.internal/discord/api',
      DISCORD_BOT_TOKEN: 'bot-token',
      DISCORD_APPLICATION_ID: '1234567890',
      DISCORD_PUBLIC_KEY: key,
    });
    expect(environment).toMatchObject({
      configPath: 'ops/watch.yaml',
      dataDir: '/var/lib/watch',
      logLevel: 'debug',
      logFormat: 'json',
      port: 8080,
      host: '::1',
      redisUrl: 'rediss://cache.internal:6380/2',
      redisPrefix: 'watch-eu',
      slack: { apiUrl: 'http://127.0.0.1:9000/api/', botToken: 'xoxb-bot', appToken: 'xapp-app', signingSecret: 'signing' },
      discord: { apiUrl: 'https://proxy.internal/discord/api', botToken: 'bot-token', applicationId: '1234567890', publicKey: key },
      problems: [],
    });
  });

  it('takes an empty or blank variable for an unset one', () => {
    const environment = parseEnvironment({ NEWSWATCH_CONFIG: '', PORT: '', HOST: '  ', REDIS_URL: '', SLACK_BOT_TOKEN: ' ', LOG_LEVEL: '' });
    expect(environment).toMatchObject({ configPath: 'config/newswatch.yaml', port: undefined, host: '0.0.0.0', redisUrl: undefined, logLevel: undefined, problems: [] });
    expect(environment.slack.botToken).toBeUndefined();
  });

  it('accepts the whole port range and nothing outside it', () => {
    expect(parseEnvironment({ PORT: '0' }).port).toBe(0);
    expect(parseEnvironment({ PORT: '65535' }).port).toBe(65_535);
    for (const bad of ['65536', '-1', '80.5', '8o8o', '0x50']) expect(parseEnvironment({ PORT: bad }).problems.map((problem) => problem.variable)).toEqual(['PORT']);
  });

  it('takes PUBLIC_URL as the callback base, without its trailing slash, and refuses what cannot be one', () => {
    expect(parseEnvironment({}).publicUrl).toBeUndefined();
    expect(parseEnvironment({ PUBLIC_URL: 'https://newswatch.example.org/' }).publicUrl).toBe('https://newswatch.example.org');
    expect(parseEnvironment({ PUBLIC_URL: ' https://example.org/newswatch ' }).publicUrl).toBe('https://example.org/newswatch');
    for (const value of ['newswatch.example.org', 'ftp://example.org', 'https://example.org/?x=1', 'https://example.org/#top']) {
      const environment = parseEnvironment({ PUBLIC_URL: value });
      expect(environment.publicUrl).toBeUndefined();
      expect(messages({ PUBLIC_URL: value })[0]).toContain(`PUBLIC_URL ${JSON.stringify(value)} is not an http:// or https:// URL without query or fragment`);
    }
  });

  it('accepts IP addresses and host names as HOST', () => {
    for (const host of ['127.0.0.1', '::', 'localhost', 'newswatch.internal', 'node-7.eu.example.org.']) expect(parseEnvironment({ HOST: host }).problems).toEqual([]);
    for (const bad of ['my host', 'under_score.example', '-leading.example', 'http://example.org']) expect(parseEnvironment({ HOST: bad }).problems).toHaveLength(1);
  });

  it('names every bad variable at once, each with its value and the fix, and uses the defaults meanwhile', () => {
    const env = {
      PORT: 'abc',
      HOST: 'my host',
      LOG_LEVEL: 'verbose',
      LOG_FORMAT: 'xml',
      REDIS_URL: 'localhost:6379',
      NEWSWATCH_REDIS_PREFIX: 'watch eu',
      SLACK_API_URL: 'slack.internal',
      DISCORD_API_URL: 'ftp://discord.internal',
      DISCORD_PUBLIC_KEY: 'not-a-key',
    };
    expect(messages(env)).toEqual([
      'LOG_LEVEL "verbose" is not a log level; use one of debug, info, warn, error, silent',
      'LOG_FORMAT "xml" is not a log format; use one of auto, pretty, json',
      'PORT "abc" is not a port number (0-65535); set PORT to one, or unset it for 3000',
      'HOST "my host" is not an IP address or host name; set HOST to one (0.0.0.0 listens everywhere), or unset it',
      'REDIS_URL "localhost:6379" is not a Redis URL: expected redis://, rediss://, redis+sentinel:// or redis+cluster://; set REDIS_URL to one (redis://host:6379), or unset it for the embedded SQLite state',
      'NEWSWATCH_REDIS_PREFIX "watch eu" is not a key prefix of letters, digits, ".", "_" or "-"; set NEWSWATCH_REDIS_PREFIX to one, or unset it for redis.prefix from the YAML',
      'SLACK_API_URL "slack.internal" is not an http:// or https:// URL; set SLACK_API_URL to the Slack Web API base (https://slack.com/api/), or unset it',
      'DISCORD_API_URL "ftp://discord.internal" is not an http:// or https:// URL; set DISCORD_API_URL to the Discord API base (https://discord.com/api), or unset it',
      "DISCORD_PUBLIC_KEY \"not-a-key\" is not 64 hex characters; set DISCORD_PUBLIC_KEY to the application's public key from the Discord developer portal, or unset it",
    ]);
    expect(parseEnvironment(env)).toMatchObject({ port: undefined, host: '0.0.0.0', logLevel: undefined, redisUrl: undefined, redisPrefix: undefined });
  });

  it('keeps the good values beside a bad one', () => {
    const environment = parseEnvironment({ PORT: 'abc', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    expect(environment).toMatchObject({ port: undefined, host: '127.0.0.1', logLevel: 'warn' });
    expect(environment.problems.map((problem) => problem.variable)).toEqual(['PORT']);
  });

  it('hides the credentials of a URL it quotes', () => {
    const [message] = messages({ REDIS_URL: 'http://admin:hunter2@cache.internal:6379' });
    expect(message).toContain('"http://***@cache.internal:6379"');
    expect(message).not.toContain('hunter2');
  });

  it('passes every variable through for ${VAR} in the YAML, the ones it does not read too', () => {
    const environment = parseEnvironment({ FEED_TOKEN: 'secret-1', PORT: '3001' });
    expect(environment.variables).toEqual({ FEED_TOKEN: 'secret-1', PORT: '3001' });
  });
});

describe('docs/configuration.md', () => {
  it('lists every variable the schema reads, and no other', () => {
    const page = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    const section = page.slice(page.indexOf('## Environment variables'));
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual(Object.keys(EnvironmentSchema.shape).sort());
  });
});
