import type { CommandKind, CommandRoot } from './command.js';

/** How an argument is read and checked. */
export type ParamKind = 'name' | 'query' | 'channels' | 'duration' | 'url' | 'feed' | 'count' | 'surge' | 'flag';

/** One argument of a subcommand; in a command typed as text, arguments come in this order. */
export interface ParamSpec {
  /** Option name, on platforms that send structured commands. */
  name: string;
  /** How the usage line shows it. */
  placeholder: string;
  kind: ParamKind;
  optional: boolean;
  /** Takes the rest of the line (queries, several channels). */
  rest: boolean;
  description: string;
  /** Platforms that complete what is being typed offer completions for this argument. */
  autocomplete: 'topic' | 'feed' | null;
}

/** One subcommand: its arguments, what it does, an example, and whether it changes the configuration. */
export interface SubcommandSpec {
  root: CommandRoot;
  name: string;
  kind: CommandKind;
  params: ParamSpec[];
  summary: string;
  example: string;
  changes: boolean;
}

const param = (
  name: string,
  placeholder: string,
  kind: ParamKind,
  description: string,
  extra: Partial<Pick<ParamSpec, 'optional' | 'rest' | 'autocomplete'>> = {},
): ParamSpec => ({ name, placeholder, kind, description, optional: false, rest: false, autocomplete: null, ...extra });

const topicName = param('name', 'NAME', 'name', 'the topic', { autocomplete: 'topic' });

/**
 * The one command grammar every platform shares: commands typed as text are parsed against it, structured
 * commands (such as application commands) are generated from it, and help and usage lines are written from it.
 */
export const COMMAND_GRAMMAR: readonly SubcommandSpec[] = [
  {
    root: 'topic', name: 'add', kind: 'topic.add', changes: true,
    params: [
      param('name', 'NAME', 'name', 'one word: letters, digits, ".", "_" or "-"'),
      param('query', 'QUERY', 'query', 'the query (default: the name itself)', { optional: true, rest: true }),
    ],
    summary: 'watch a new topic; a bare name is a one-term topic',
    example: '/topic add stuxnet',
  },
  { root: 'topic', name: 'remove', kind: 'topic.remove', changes: true, params: [topicName], summary: 'stop watching a topic', example: '/topic remove stuxnet' },
  { root: 'topic', name: 'list', kind: 'topic.list', changes: false, params: [], summary: 'every topic and where it comes from', example: '/topic list' },
  { root: 'topic', name: 'show', kind: 'topic.show', changes: false, params: [topicName], summary: 'a topic\'s query, channels and recent matches', example: '/topic show stuxnet' },
  {
    root: 'topic', name: 'route', kind: 'topic.route', changes: true,
    params: [topicName, param('channel', '#CHANNEL', 'channels', 'where its alerts go (replaces its channels)', { rest: true })],
    summary: 'send a topic\'s alerts to a channel',
    example: '/topic route stuxnet #security',
  },
  {
    root: 'topic', name: 'mute', kind: 'topic.mute', changes: true,
    params: [topicName, param('duration', 'DURATION', 'duration', 'how long, e.g. 2h or 3d; "off" unmutes')],
    summary: 'pause a topic\'s alerts for a while',
    example: '/topic mute stuxnet 2h',
  },
  {
    root: 'topic', name: 'surge', kind: 'topic.surge', changes: true,
    params: [
      topicName,
      param('outlets', 'OUTLETS', 'surge', 'how many outlets make a story breaking (2 to 50), or "off"'),
      param('minutes', 'MINUTES', 'surge', 'within how many minutes (1 to 1440; default 30)', { optional: true }),
    ],
    summary: 'when a topic\'s stories escalate: OUTLETS outlets within MINUTES minutes',
    example: '/topic surge gulf-tensions 4 30',
  },
  {
    root: 'topic', name: 'test', kind: 'topic.test', changes: false,
    params: [param('query', 'QUERY', 'query', 'the query to try', { rest: true })],
    summary: 'what a query would have matched in the last 7 days, with the evidence',
    example: '/topic test iran* AND (cyber* OR stuxnet)',
  },
  {
    root: 'feed', name: 'add', kind: 'feed.add', changes: true,
    params: [param('url', 'URL', 'url', 'an http or https feed address')],
    summary: 'poll a new feed',
    example: '/feed add https://www.example.com/rss.xml',
  },
  {
    root: 'feed', name: 'remove', kind: 'feed.remove', changes: true,
    params: [param('id', 'ID', 'feed', 'the feed id (see /feed list)', { autocomplete: 'feed' })],
    summary: 'stop polling a feed',
    example: '/feed remove example-com-rss-xml',
  },
  { root: 'feed', name: 'list', kind: 'feed.list', changes: false, params: [], summary: 'every feed with its health', example: '/feed list' },
  { root: 'newswatch', name: 'status', kind: 'newswatch.status', changes: false, params: [], summary: 'feeds, topics, queue and the last alert', example: '/newswatch status' },
  { root: 'newswatch', name: 'help', kind: 'newswatch.help', changes: false, params: [], summary: 'the commands', example: '/newswatch help' },
  {
    root: 'newswatch', name: 'audit', kind: 'newswatch.audit', changes: false,
    params: [param('count', 'COUNT', 'count', 'how many entries (default 10, at most 50)', { optional: true })],
    summary: 'the latest changes made from chat: who, what, when, where',
    example: '/newswatch audit 20',
  },
  {
    root: 'newswatch', name: 'brief', kind: 'newswatch.brief', changes: false,
    params: [
      param('topic', 'TOPIC', 'name', 'the topic', { autocomplete: 'topic' }),
      param('since', 'SINCE', 'duration', 'how far back, e.g. 6h or 2d (default 24h)', { optional: true }),
      param('public', 'public', 'flag', 'post the brief in the channel for everyone (default: only you see it)', { optional: true }),
    ],
    summary: 'the top stories on a topic: most outlets first, with summary, quote and link; `public` shows it to the channel',
    example: '/newswatch brief harbour-safety 24h',
  },
];

/** The subcommands of one root. */
export function subcommandsOf(root: CommandRoot): SubcommandSpec[] {
  return COMMAND_GRAMMAR.filter((spec) => spec.root === root);
}

/** The spec of a command kind. */
export function specOf(kind: CommandKind): SubcommandSpec {
  const spec = COMMAND_GRAMMAR.find((candidate) => candidate.kind === kind);
  if (!spec) throw new RangeError(`no grammar for ${kind}`);
  return spec;
}

/** The usage line, e.g. `/topic add NAME [QUERY]`. */
export function usageOf(spec: SubcommandSpec): string {
  const params = spec.params.map((p) => (p.optional ? `[${p.placeholder}]` : p.placeholder));
  return [`/${spec.root}`, spec.name, ...params].join(' ');
}

/** Whether a command changes the configuration (and so needs admin rights). */
export function isChange(kind: CommandKind): boolean {
  return specOf(kind).changes;
}
