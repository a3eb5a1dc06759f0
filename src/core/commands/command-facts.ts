import type { LoggedAlert } from '../brief/build-brief.js';
import type { Actor, Reply } from './command.js';
import type { LiveConfig } from '../settings/chat-overlay.js';
import type { StandingConfig } from '../settings/standing-config.js';
import type { AuditEntry, CommandPlace, LiveChange } from './live-config.js';
import type { RecentArticle } from './test-topic-query.js';

/** A feed's health as the state store records it. */
export interface FeedHealth {
  feedId: string;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  paused: boolean;
}

/** What fetching a feed added from chat gave, before it is accepted. */
export type FeedProbe = { ok: true; title: string | null; items: number } | { ok: false; error: string };

/** Queue depth of one pipeline step. */
export interface QueueDepth {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** The last alert sent. */
export interface LastAlert {
  title: string;
  channelId: string;
  sentAt: string;
}

/** Everything a command may need to know; the caller gathers what the command's kind asks for. */
export interface CommandFacts {
  now: Date;
  standing: StandingConfig;
  live: LiveConfig;
  recentArticles?: readonly RecentArticle[];
  feedHealth?: readonly FeedHealth[];
  queues?: readonly QueueDepth[];
  lastAlert?: LastAlert | null;
  audit?: readonly AuditEntry[];
  feedProbe?: FeedProbe;
  /** The alert log of the window `/newswatch brief` asked for. */
  alertLog?: readonly LoggedAlert[];
}

/** Who asked, from where, and how they typed it. */
export interface CommandContext {
  actor: Actor;
  place: CommandPlace;
  commandText: string;
}

/** What a command comes to: the reply, and the change to store with its audit summary (null when nothing changes). */
export interface CommandOutcome {
  reply: Reply;
  change: LiveChange | null;
  /** What changed (applied), or why a permitted change was not made (refused); null for reads. */
  audit: { change: string; outcome: AuditEntry['outcome'] } | null;
}

/** The recent-article window `/topic test`, `/topic show` and `/feed list` look at. */
export const RECENT_WINDOW_MS = 7 * 86_400_000;

/** The audit entry for an outcome. */
export function auditEntryFor(context: CommandContext, at: Date, change: string, outcome: AuditEntry['outcome']): AuditEntry {
  const { actor, place } = context;
  return {
    at: at.toISOString(),
    actor: { platform: actor.platform, userId: actor.userId, userName: actor.userName },
    place,
    command: context.commandText,
    change,
    outcome,
  };
}
