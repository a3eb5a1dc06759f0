import { parseDuration } from '../duration.js';
import { DEFAULT_SURGE_RULE, SURGE_LIMITS, type SurgeRule } from '../surge.js';
import { parseQuery } from '../topics/parse-query.js';
import type { Command, CommandRoot } from './command.js';
import { COMMAND_GRAMMAR, subcommandsOf, usageOf, type ParamSpec, type SubcommandSpec } from './command-grammar.js';

/** A command that could not be read: what is wrong, the usage line and an example. */
export interface CommandMistake {
  error: string;
  usage: string[];
  example: string;
}

export type ParseResult = { ok: true; command: Command; spec: SubcommandSpec } | { ok: false; mistake: CommandMistake };

const ROOTS: readonly CommandRoot[] = ['topic', 'feed', 'newswatch'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const FEED_ID = /^[a-z0-9][a-z0-9._-]{0,79}$/;
const MAX_MUTE_MS = 366 * 86_400_000;
/** How far back `/newswatch brief` looks unless told: a day, as a morning catch-up. */
const DEFAULT_BRIEF_SINCE = '24h';
const MAX_BRIEF_MS = 366 * 86_400_000;
const MAX_QUERY_LENGTH = 1_000;

/** A value that failed its check. */
class ArgumentError extends Error {}

/** `/topic`, `topic`, `/nw-topic` → the root; null when the name is none of ours. */
export function rootOf(name: string): CommandRoot | null {
  const bare = name.trim().replace(/^\//, '').toLowerCase();
  return ROOTS.find((root) => bare === root || bare.endsWith(`-${root}`)) ?? null;
}

function mistakeFor(root: CommandRoot, error: string, spec: SubcommandSpec | null): CommandMistake {
  if (spec) return { error, usage: [usageOf(spec)], example: spec.example };
  const specs = subcommandsOf(root);
  return { error, usage: specs.map(usageOf), example: specs[0]?.example ?? '/newswatch help' };
}

/**
 * Reads a command typed as text (`/topic add stuxnet`): the root is the command's name, `text` the rest.
 * `/newswatch topic add …` works as `/topic add …`, for workspaces where `/topic` is taken.
 */
export function parseCommandText(name: string, text: string): ParseResult {
  let root = rootOf(name);
  if (root === null) return { ok: false, mistake: mistakeFor('newswatch', `unknown command ${name}`, null) };
  let rest = text.trim();
  let sub = firstWord(rest);
  if (root === 'newswatch' && (sub.word === 'topic' || sub.word === 'feed')) {
    root = sub.word;
    rest = sub.rest;
    sub = firstWord(rest);
  }
  if (sub.word === '' || sub.word === 'help') return build('newswatch', 'help', {}, root === 'newswatch' ? null : root);
  const spec = COMMAND_GRAMMAR.find((candidate) => candidate.root === root && candidate.name === sub.word);
  if (!spec) return { ok: false, mistake: mistakeFor(root, `unknown subcommand "${sub.word}" for /${root}`, null) };
  const values: Record<string, string> = {};
  let remaining = sub.rest;
  for (const p of spec.params) {
    if (remaining === '') break;
    if (p.rest) {
      values[p.name] = remaining;
      remaining = '';
    } else {
      const next = firstWord(remaining, false);
      values[p.name] = next.word;
      remaining = next.rest;
    }
  }
  if (remaining !== '') return { ok: false, mistake: mistakeFor(root, `unexpected "${remaining}" at the end`, spec) };
  return build(root, spec.name, values);
}

/** Reads a command given as structured options: a subcommand and named option values. */
export function parseCommandOptions(name: string, subcommand: string | null, options: Record<string, string>): ParseResult {
  const root = rootOf(name);
  if (root === null) return { ok: false, mistake: mistakeFor('newswatch', `unknown command ${name}`, null) };
  if (subcommand === null || subcommand === '' || subcommand === 'help') return build('newswatch', 'help', {}, root === 'newswatch' ? null : root);
  return build(root, subcommand.toLowerCase(), options);
}

function firstWord(text: string, lower = true): { word: string; rest: string } {
  const match = /^(\S*)\s*([\s\S]*)$/.exec(text.trim());
  const word = match?.[1] ?? '';
  return { word: lower ? word.toLowerCase() : word, rest: (match?.[2] ?? '').trim() };
}

function build(root: CommandRoot, sub: string, values: Record<string, string>, helpRoot: CommandRoot | null = null): ParseResult {
  const spec = COMMAND_GRAMMAR.find((candidate) => candidate.root === root && candidate.name === sub);
  if (!spec) return { ok: false, mistake: mistakeFor(root, `unknown subcommand "${sub}" for /${root}`, null) };
  try {
    const read = (p: ParamSpec): string | null => {
      const value = (values[p.name] ?? '').trim();
      if (value !== '') return value;
      if (p.optional) return null;
      throw new ArgumentError(`missing ${p.placeholder} (${p.description})`);
    };
    const arg = (index: number): string | null => {
      const p = spec.params[index];
      return p ? read(p) : null;
    };
    const required = (index: number): string => arg(index) ?? '';
    const command = toCommand(spec, required, arg, helpRoot);
    return { ok: true, command, spec };
  } catch (error) {
    if (error instanceof ArgumentError) return { ok: false, mistake: mistakeFor(root, error.message, spec) };
    throw error;
  }
}

function toCommand(
  spec: SubcommandSpec,
  required: (index: number) => string,
  arg: (index: number) => string | null,
  helpRoot: CommandRoot | null,
): Command {
  switch (spec.kind) {
    case 'topic.add': {
      const name = checkName(required(0));
      const query = arg(1);
      return { kind: 'topic.add', name, query: query === null ? null : checkQuery(query) };
    }
    case 'topic.remove':
      return { kind: 'topic.remove', name: checkName(required(0)) };
    case 'topic.list':
      return { kind: 'topic.list' };
    case 'topic.show':
      return { kind: 'topic.show', name: checkName(required(0)) };
    case 'topic.route':
      return { kind: 'topic.route', name: checkName(required(0)), channels: required(1).split(/\s+/).filter(Boolean) };
    case 'topic.mute': {
      const text = required(1).toLowerCase();
      return { kind: 'topic.mute', name: checkName(required(0)), durationMs: checkMuteDuration(text), durationText: text };
    }
    case 'topic.surge':
      return { kind: 'topic.surge', name: checkName(required(0)), rule: checkSurgeRule(required(1), arg(2)) };
    case 'topic.test':
      return { kind: 'topic.test', query: checkQuery(required(0)) };
    case 'feed.add':
      return { kind: 'feed.add', url: checkFeedUrl(required(0)) };
    case 'feed.remove': {
      const id = required(0).toLowerCase();
      if (!FEED_ID.test(id)) throw new ArgumentError(`"${id}" is not a feed id (see /feed list)`);
      return { kind: 'feed.remove', id };
    }
    case 'feed.list':
      return { kind: 'feed.list' };
    case 'newswatch.status':
      return { kind: 'newswatch.status' };
    case 'newswatch.help':
      return { kind: 'newswatch.help', root: helpRoot };
    case 'newswatch.audit': {
      const text = arg(0);
      const limit = text === null ? 10 : Number(text);
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new ArgumentError(`COUNT must be a whole number from 1 to 50 (found "${text}")`);
      return { kind: 'newswatch.audit', limit };
    }
    case 'newswatch.brief': {
      // `public` may stand where SINCE would ("brief gulf public"); structured commands send it as a true/false option.
      const second = arg(1)?.toLowerCase() ?? null;
      const sinceIsFlag = second !== null && isPublicFlag(second);
      const flag = sinceIsFlag ? second : arg(2)?.toLowerCase() ?? null;
      if (flag !== null && !isPublicFlag(flag) && flag !== 'false') throw new ArgumentError(`expected "public" or nothing after SINCE (found "${flag}")`);
      const text = (sinceIsFlag ? null : second) ?? DEFAULT_BRIEF_SINCE;
      const ms = parseDuration(text);
      if (ms === null || ms < 60_000 || ms > MAX_BRIEF_MS) throw new ArgumentError(`SINCE must be a duration from 1m to 366d such as 6h or 2d (found "${text}")`);
      return { kind: 'newswatch.brief', topic: checkName(required(0)), sinceMs: ms, sinceText: text, public: flag !== null && isPublicFlag(flag) };
    }
  }
}

function checkName(name: string): string {
  if (!NAME.test(name)) {
    throw new ArgumentError(`NAME must be one word of up to 40 letters, digits, ".", "_" or "-" (found "${name}")`);
  }
  return name;
}

function checkQuery(query: string): string {
  if (query.length > MAX_QUERY_LENGTH) throw new ArgumentError(`the query is too long (${query.length} characters; at most ${MAX_QUERY_LENGTH})`);
  try {
    parseQuery(query);
  } catch (error) {
    throw new ArgumentError(error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error));
  }
  return query;
}

function checkMuteDuration(text: string): number | null {
  if (text === 'off' || text === '0') return null;
  const ms = parseDuration(text);
  if (ms === null || ms < 60_000 || ms > MAX_MUTE_MS) {
    throw new ArgumentError(`DURATION must be a duration from 1m to 366d such as 2h or 3d, or "off" (found "${text}")`);
  }
  return ms;
}

const isPublicFlag = (word: string): boolean => word === 'public' || word === '--public' || word === 'true';

/** `/topic surge NAME OUTLETS [MINUTES]`: a rule, or null for "off". */
function checkSurgeRule(outletsText: string, minutesText: string | null): SurgeRule | null {
  const outletsWord = outletsText.toLowerCase();
  if (outletsWord === 'off') {
    if (minutesText !== null) throw new ArgumentError(`"off" takes no MINUTES (found "${minutesText}")`);
    return null;
  }
  const outlets = Number(outletsWord);
  const { minOutlets, maxOutlets, minMinutes, maxMinutes } = SURGE_LIMITS;
  if (!Number.isInteger(outlets) || outlets < minOutlets || outlets > maxOutlets) {
    throw new ArgumentError(`OUTLETS must be a whole number from ${minOutlets} to ${maxOutlets}, or "off" (found "${outletsText}")`);
  }
  const minutes = minutesText === null ? DEFAULT_SURGE_RULE.minutes : Number(minutesText.replace(/m(?:in(?:utes?)?)?$/i, ''));
  if (!Number.isInteger(minutes) || minutes < minMinutes || minutes > maxMinutes) {
    throw new ArgumentError(`MINUTES must be a whole number from ${minMinutes} to ${maxMinutes} (found "${minutesText}")`);
  }
  return { outlets, minutes };
}

/** Feeds added from chat are untrusted: an absolute http(s) URL without credentials, nothing else. */
function checkFeedUrl(raw: string): string {
  // Chat clients may wrap links as <url> or <url|label>.
  const text = raw.replace(/^<([^|>]+)(?:\|[^>]*)?>$/, '$1');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ArgumentError(`"${text}" is not a URL; give an http or https feed address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ArgumentError(`only http and https feeds can be added from chat (found ${url.protocol.replace(/:$/, '')})`);
  }
  if (url.username !== '' || url.password !== '') throw new ArgumentError('a feed URL with a user name or password cannot be added from chat');
  if (url.href.length > 2_000) throw new ArgumentError('the URL is too long (at most 2,000 characters)');
  return url.href;
}
