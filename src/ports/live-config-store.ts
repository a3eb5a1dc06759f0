import type { LiveConfig } from '../core/settings/chat-overlay.js';
import type { AuditEntry, LiveChange } from '../core/commands/live-config.js';

/**
 * The configuration made from chat: topics, feeds, mutes and routes, with an audit log of every change and a
 * version counter that grows with each one. Every process sharing the store polls `version` and reloads on a
 * change, which is how a chat change reaches all of them within seconds; the store survives restarts.
 */
export interface LiveConfigStore {
  /** Everything chat has set, read at one version. */
  load(): Promise<LiveConfig>;
  /** The current version: 0 for a store nobody changed yet. */
  version(): Promise<number>;
  /** Applies one change and records its audit entry in the same step; returns the new version. */
  apply(change: LiveChange, audit: AuditEntry): Promise<number>;
  /** Records an entry on its own (a change that was refused). */
  recordAudit(entry: AuditEntry): Promise<void>;
  /** The latest audit entries, newest first. */
  listAudit(limit: number): Promise<AuditEntry[]>;
  close(): Promise<void>;
}
