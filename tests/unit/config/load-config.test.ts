import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfigText } from '../../../src/compose/load-config.js';
import { ConfigError } from '../../../src/config/load-config.js';

const problemsOf = (text: string, env: NodeJS.ProcessEnv = {}) => {
  try {
    parseConfigText(text, 'newswatch.yaml', env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the config to be refused');
};

const minimal = `
feeds:
  - url: https://example.com/rss
topics:
  - id: iran-cyber
    name: Iran cyber
    query: iran AND cyber
    channels: [console]
`;

describe('parseConfigText', () => {
  it('fills defaults for what the file leaves out', () => {
    const config = parseConfigText(minimal, 'f.yaml', {});
    expect(config.defaults.interval).toBe('10m');
    expect(config.defaults.first_poll).toBe('24h');
    expect(config.defaults.summary_sentences).toBe(3);
    expect(config.channels).toEqual({ console: { type: 'console', mode: 'immediate' } });
    expect(config.topics[0]?.stemming).toBe(true);
  });

  it('locates a YAML syntax error at its line and column', () => {
    const [problem] = problemsOf('feeds:\n  - url: x\n   bad: [\n');
    expect(problem?.line).toBe(3);
    expect(problem?.file).toBe('newswatch.yaml');
    expect(problem?.message).toMatch(/^YAML syntax/);
  });

  it('names the path, the value found and what is expected for a schema error', () => {
    const problems = problemsOf(minimal.replace('url: https://example.com/rss', 'url: https://example.com/rss\n    interval: 5 minutes'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 4, column: 15, path: 'feeds[0].interval' });
    expect(problems[0]?.message).toContain('expected a duration');
    expect(problems[0]?.message).toContain('found "5 minutes"');
  });

  it('reports an unknown key at the key itself, and every problem at once', () => {
    const problems = problemsOf('defaults:\n  intervl: 5m\ntopics:\n  - id: Bad Id\n    name: x\n    query: y\n    channels: [console]\n');
    expect(problems.map((p) => [p.path, p.line, p.column])).toEqual([
      ['defaults', 2, 3],
      ['topics[0].id', 4, 9],
    ]);
    expect(problems[0]?.message).toContain('intervl');
  });

  it('locates a surge rule out of range and a mention that is not the platform’s kind of id', () => {
    const text = `
channels:
  desk:
    type: slack
    webhook_url: https://hooks.example.com/x
    surge_mention: "1300000000000000099"
  ops:
    type: discord
    webhook_url: https://discord.example.com/api/webhooks/1/x
    surge_mention: S0GULFDESK
topics:
  - id: gulf
    name: Gulf
    query: hormuz
    channels: [desk, ops]
    surge: { outlets: 1, minutes: 30 }
`;
    const problems = problemsOf(text);
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ['channels.desk.surge_mention', 6],
      ['channels.ops.surge_mention', 10],
      ['topics[0].surge.outlets', 16],
    ]);
    expect(problems[0]?.message).toContain('expected a Slack user group id such as S0614TZR7, or "here" or "everyone"');
    expect(problems[1]?.message).toContain('expected a Discord role id (digits)');
  });

  it('locates a scheduled brief of an unknown topic, a bad schedule and a bad window', () => {
    const text = `${minimal.replace('topics:', 'channels:\n  console:\n    type: console\n    briefs:\n      - { topic: iran-cyber, schedule: "0 8 * * *" }\n      - { topic: gulf, schedule: "0 18 * * *", since: 12h }\n      - { topic: iran-cyber, schedule: "at eight", since: 2y }\ntopics:')}`;
    const problems = problemsOf(text);
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ['channels.console.briefs[2].schedule', 10],
      ['channels.console.briefs[2].since', 10],
      ['channels.console.briefs[1].topic', 9],
    ]);
    expect(problems[2]?.message).toContain('unknown topic "gulf"; expected one of: iran-cyber');
  });

  it('reads a surge rule, "off", and the default of 4 outlets in 30 minutes', () => {
    const config = parseConfigText(`${minimal}    surge: off\n  - id: gulf\n    name: Gulf\n    query: hormuz\n    channels: [console]\n    surge: { outlets: 6, minutes: 20 }\n  - id: red-sea\n    name: Red Sea\n    query: houthi\n    channels: [console]\n`, 'newswatch.yaml', {});
    expect(config.topics.map((topic) => topic.surge)).toEqual(['off', { outlets: 6, minutes: 20 }, undefined]);
  });

  it('refuses a topic routed to a channel that does not exist', () => {
    const [problem] = problemsOf(minimal.replace('[console]', '[console, analysts]'));
    expect(problem).toMatchObject({ path: 'topics[0].channels[1]', line: 8 });
    expect(problem?.message).toContain('unknown channel "analysts"');
  });

  it('reads ${VAR} from the environment, with a default, and names a missing variable', () => {
    const text = 'channels:\n  s:\n    type: slack\n    token: ${SLACK_BOT_TOKEN}\n    channel: ${SLACK_CHANNEL:-C123}\n';
    const config = parseConfigText(text, 'f.yaml', { SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(config.channels['s']).toMatchObject({ token: 'xoxb-1', channel: 'C123' });
    const [problem] = problemsOf(text);
    expect(problem).toMatchObject({ line: 4, column: 12 });
    expect(problem?.message).toContain('SLACK_BOT_TOKEN is not set');
  });

  it('needs either token and channel or a webhook for a Slack channel', () => {
    const [problem] = problemsOf('channels:\n  s:\n    type: slack\n    channel: C1\n');
    expect(problem?.message).toContain('either token and channel, or webhook_url');
  });
});

describe('loadConfigFile', () => {
  it('says how to pick another file when it is missing', () => {
    expect(() => loadConfigFile('/nonexistent/newswatch.yaml', {})).toThrow(/file not found; pass --config FILE or set NEWSWATCH_CONFIG/);
  });

  it('reads a file from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-config-'));
    writeFileSync(join(dir, 'c.yaml'), minimal);
    expect(loadConfigFile(join(dir, 'c.yaml'), {}).feeds).toHaveLength(1);
  });
});

describe('topic queries in the config', () => {
  it('are parsed when the file is loaded, and a bad one is located in the file and in the query', () => {
    try {
      parseConfigText(minimal.replace('query: iran AND cyber', 'query: iran AND (cyber'), 'newswatch.yaml', {});
      throw new Error('expected a refusal');
    } catch (error) {
      const [problem] = (error as ConfigError).problems;
      expect(problem).toMatchObject({ line: 7, column: 12, path: 'topics[0].query' });
      expect(problem?.message).toMatch(/expected "\)" at column \d+/);
    }
  });
});
