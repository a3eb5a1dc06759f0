import type { SurgeRule } from '../surge.js';
import type { ChatAuthor } from '../settings/chat-overlay.js';
import type { CommandPlace } from './live-config.js';

/** The command roots: `/topic`, `/feed`, `/newswatch`. */
export type CommandRoot = 'topic' | 'feed' | 'newswatch';

/** A parsed command: what the caller asked for, with every argument validated. */
export type Command =
  | { kind: 'topic.add'; name: string; query: string | null }
  | { kind: 'topic.remove'; name: string }
  | { kind: 'topic.list' }
  | { kind: 'topic.show'; name: string }
  | { kind: 'topic.route'; name: string; channels: string[] }
  | { kind: 'topic.mute'; name: string; durationMs: number | null; durationText: string }
  | { kind: 'topic.surge'; name: string; rule: SurgeRule | null }
  | { kind: 'topic.test'; query: string }
  | { kind: 'feed.add'; url: string }
  | { kind: 'feed.remove'; id: string }
  | { kind: 'feed.list' }
  | { kind: 'newswatch.status' }
  | { kind: 'newswatch.help'; root: CommandRoot | null }
  | { kind: 'newswatch.audit'; limit: number }
  | { kind: 'newswatch.brief'; topic: string; sinceMs: number; sinceText: string; public: boolean };

export type CommandKind = Command['kind'];

/** The caller, with what the platform vouches for about their rights. */
export interface Actor extends ChatAuthor {
  /**
   * Facts about the caller in the form the platform's admin list uses ("user:U0ADMIN", "group:S0ADMINS",
   * "role:17", "right:manage-server"); checkPermission compares them, nothing else reads them.
   */
  facts: string[];
}

/** What a platform adapter hands over: the typed command, who typed it, and where. */
export interface CommandRequest {
  root: string;
  /** Platforms that send the command as typed: the text after the command's name. */
  text?: string;
  /** Platforms that send structured commands: the subcommand and its option values. */
  subcommand?: string | null;
  options?: Record<string, string>;
  actor: Actor;
  place: CommandPlace;
}

/** A piece of reply text: plain (escaped by the platform), code, bold, or a link. */
export type ReplySpan = string | { code: string } | { bold: string } | { link: string; label: string };

/** One line of a reply. */
export type ReplyLine = ReplySpan[];

/**
 * A platform-neutral reply. Every plain string is treated as untrusted by the renderers; ephemeral replies are
 * shown to the caller only.
 */
export interface Reply {
  ephemeral: boolean;
  title: string;
  lines: ReplyLine[];
}

/** Code span. */
export const code = (text: string): ReplySpan => ({ code: text });
/** Bold span. */
export const bold = (text: string): ReplySpan => ({ bold: text });
/** Link span. */
export const link = (url: string, label: string): ReplySpan => ({ link: url, label });

/** The reply as plain text, for logs, fallbacks and tests. */
export function replyToText(reply: Reply): string {
  const span = (part: ReplySpan): string =>
    typeof part === 'string' ? part : 'code' in part ? part.code : 'bold' in part ? part.bold : part.label;
  return [reply.title, ...reply.lines.map((line) => line.map(span).join(''))].join('\n');
}
