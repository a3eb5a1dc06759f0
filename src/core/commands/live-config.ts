import type { ChatAuthor, LiveFeed, LiveTopic } from '../settings/chat-overlay.js';
import type { PlatformId } from '../chat-platform.js';

/** One change to the live configuration, applied atomically with its audit entry. */
export type LiveChange =
  | { kind: 'put-topic'; topic: LiveTopic }
  | { kind: 'delete-topic'; id: string }
  | { kind: 'put-feed'; feed: LiveFeed }
  | { kind: 'delete-feed'; id: string };

/** Where a command was typed. */
export interface CommandPlace {
  platform: PlatformId;
  /** The platform's own id of the channel. */
  channelId: string;
  channelName: string | null;
  /** The workspace or server the channel belongs to, when the platform has one. */
  workspaceId: string | null;
}

/** One line of the audit log: who did what, when, from where, and what came of it. */
export interface AuditEntry {
  at: string;
  actor: ChatAuthor;
  place: CommandPlace;
  /** The command as typed, e.g. "/topic add stuxnet". */
  command: string;
  /** What changed, or why nothing did. */
  change: string;
  outcome: 'applied' | 'refused';
}
