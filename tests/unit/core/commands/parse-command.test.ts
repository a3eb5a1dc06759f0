import { describe, expect, it } from 'vitest';
import { COMMAND_GRAMMAR, usageOf } from '../../../../src/core/commands/command-grammar.js';
import { parseCommandOptions, parseCommandText, rootOf } from '../../../../src/core/commands/parse-command.js';

const ok = (name: string, text: string) => {
  const result = parseCommandText(name, text);
  if (!result.ok) throw new Error(result.mistake.error);
  return result.command;
};
const mistake = (name: string, text: string) => {
  const result = parseCommandText(name, text);
  if (result.ok) throw new Error(`parsed: ${JSON.stringify(result.command)}`);
  return result.mistake;
};

describe('parseCommandText (Slack)', () => {
  it('reads every subcommand of the grammar', () => {
    expect(ok('/topic', 'add stuxnet')).toEqual({ kind: 'topic.add', name: 'stuxnet', query: null });
    expect(ok('/topic', 'ADD Iran-Cyber  iran* AND (cyber* OR "stuxnet worm") ')).toEqual({ kind: 'topic.add', name: 'Iran-Cyber', query: 'iran* AND (cyber* OR "stuxnet worm")' });
    expect(ok('/topic', 'remove stuxnet')).toEqual({ kind: 'topic.remove', name: 'stuxnet' });
    expect(ok('/topic', 'list')).toEqual({ kind: 'topic.list' });
    expect(ok('/topic', 'show stuxnet')).toEqual({ kind: 'topic.show', name: 'stuxnet' });
    expect(ok('/topic', 'route stuxnet <#C0SEC|security> #analysts')).toEqual({ kind: 'topic.route', name: 'stuxnet', channels: ['<#C0SEC|security>', '#analysts'] });
    expect(ok('/topic', 'mute stuxnet 1h30m')).toEqual({ kind: 'topic.mute', name: 'stuxnet', durationMs: 5_400_000, durationText: '1h30m' });
    expect(ok('/topic', 'mute stuxnet off')).toEqual({ kind: 'topic.mute', name: 'stuxnet', durationMs: null, durationText: 'off' });
    expect(ok('/topic', 'test sanction* NEAR/5 shipping')).toEqual({ kind: 'topic.test', query: 'sanction* NEAR/5 shipping' });
    expect(ok('/feed', 'add <https://www.example.com/rss.xml>')).toEqual({ kind: 'feed.add', url: 'https://www.example.com/rss.xml' });
    expect(ok('/feed', 'add <https://www.example.com/a?b=1|example>')).toEqual({ kind: 'feed.add', url: 'https://www.example.com/a?b=1' });
    expect(ok('/feed', 'remove BBC-World')).toEqual({ kind: 'feed.remove', id: 'bbc-world' });
    expect(ok('/feed', 'list')).toEqual({ kind: 'feed.list' });
    expect(ok('/newswatch', 'status')).toEqual({ kind: 'newswatch.status' });
    expect(ok('/newswatch', 'audit')).toEqual({ kind: 'newswatch.audit', limit: 10 });
    expect(ok('/newswatch', 'audit 25')).toEqual({ kind: 'newswatch.audit', limit: 25 });
  });

  it('gives help for a bare root or "help", and accepts /newswatch topic … and prefixed command names', () => {
    expect(ok('/newswatch', '')).toEqual({ kind: 'newswatch.help', root: null });
    expect(ok('/newswatch', 'help')).toEqual({ kind: 'newswatch.help', root: null });
    expect(ok('/topic', '')).toEqual({ kind: 'newswatch.help', root: 'topic' });
    expect(ok('/feed', 'help')).toEqual({ kind: 'newswatch.help', root: 'feed' });
    expect(ok('/newswatch', 'topic add stuxnet')).toEqual({ kind: 'topic.add', name: 'stuxnet', query: null });
    expect(ok('/newswatch', 'feed')).toEqual({ kind: 'newswatch.help', root: 'feed' });
    expect(ok('/nw-topic', 'list')).toEqual({ kind: 'topic.list' });
    expect(rootOf('/weather')).toBeNull();
  });

  it('answers a mistake with what is wrong, the usage line and an example', () => {
    expect(mistake('/topic', 'mute stuxnet')).toEqual({
      error: 'missing DURATION (how long, e.g. 2h or 3d; "off" unmutes)',
      usage: ['/topic mute NAME DURATION'],
      example: '/topic mute stuxnet 2h',
    });
    expect(mistake('/topic', 'mute stuxnet 10s').error).toContain('DURATION must be a duration from 1m to 366d');
    expect(mistake('/topic', 'mute stuxnet 400d').error).toContain('(found "400d")');
    expect(mistake('/topic', 'add').error).toBe('missing NAME (one word: letters, digits, ".", "_" or "-")');
    expect(mistake('/topic', 'add stux/net').error).toContain('NAME must be one word');
    expect(mistake('/topic', 'add stuxnet iran AND').error).toBe('query: expected a term, a "phrase" or "(" after "AND" at column 9: iran AND');
    expect(mistake('/topic', 'remove stuxnet please')).toMatchObject({ error: 'unexpected "please" at the end', usage: ['/topic remove NAME'] });
    const unknown = mistake('/topic', 'delete stuxnet');
    expect(unknown.error).toBe('unknown subcommand "delete" for /topic');
    expect(unknown.usage).toContain('/topic add NAME [QUERY]');
    expect(unknown.usage).toHaveLength(8);
    expect(mistake('/newswatch', 'audit 0').error).toContain('COUNT must be a whole number from 1 to 50');
    expect(mistake('/weather', 'today').error).toBe('unknown command /weather');
  });

  it('takes only http and https URLs without credentials for feeds', () => {
    expect(mistake('/feed', 'add file:///etc/passwd').error).toBe('only http and https feeds can be added from chat (found file)');
    expect(mistake('/feed', 'add gopher://example.com/').error).toContain('(found gopher)');
    expect(mistake('/feed', 'add https://user:pw@example.com/rss').error).toContain('user name or password');
    expect(mistake('/feed', 'add example.com/rss').error).toContain('is not a URL');
    expect(mistake('/feed', 'add').example).toBe('/feed add https://www.example.com/rss.xml');
  });
});

describe('parseCommandOptions (Discord)', () => {
  it('reads the same commands from subcommands and named options', () => {
    const parse = (root: string, sub: string | null, options: Record<string, string>) => parseCommandOptions(root, sub, options);
    expect(parse('topic', 'add', { name: 'stuxnet' })).toMatchObject({ ok: true, command: { kind: 'topic.add', name: 'stuxnet', query: null } });
    expect(parse('topic', 'add', { name: 'gulf', query: 'hormuz OR "persian gulf"' })).toMatchObject({ ok: true, command: { query: 'hormuz OR "persian gulf"' } });
    expect(parse('topic', 'route', { name: 'gulf', channel: '<#1300>' })).toMatchObject({ ok: true, command: { channels: ['<#1300>'] } });
    expect(parse('newswatch', 'audit', { count: '3' })).toMatchObject({ ok: true, command: { kind: 'newswatch.audit', limit: 3 } });
    expect(parse('topic', null, {})).toMatchObject({ ok: true, command: { kind: 'newswatch.help', root: 'topic' } });
    expect(parse('topic', 'add', { name: 'two words' })).toMatchObject({ ok: false, mistake: { usage: ['/topic add NAME [QUERY]'] } });
    expect(parse('topic', 'mute', { name: 'gulf' })).toMatchObject({ ok: false, mistake: { error: expect.stringContaining('missing DURATION') } });
  });
});

describe('the grammar', () => {
  it('has an example for every subcommand that parses to that subcommand', () => {
    for (const spec of COMMAND_GRAMMAR) {
      const [name = '', ...rest] = spec.example.split(' ');
      const result = parseCommandText(name, rest.join(' '));
      expect(result.ok && result.command.kind, spec.example).toBe(spec.kind);
      expect(usageOf(spec).startsWith(`/${spec.root} ${spec.name}`)).toBe(true);
    }
  });
});
