import type { PlatformId } from '../chat-platform.js';
import type { SurgeRule } from '../surge.js';
import { freezeSnapshot } from './freeze-snapshot.js';

// The chat overlay: what admins set from chat, kept in the live configuration store and merged onto the YAML
// (merge-chat-overlay.ts).

/** Who made a change from chat. */
export interface ChatAuthor {
  platform: PlatformId;
  userId: string;
  userName: string;
}

/** What a chat override was made against: when the YAML topic no longer looks like this, the YAML wins again. */
export interface YamlTopicSnapshot {
  name: string;
  query: string;
  channels: string[];
  /** Canonical form of the whole YAML definition, compared to tell whether the YAML changed that topic. */
  fingerprint: string;
}

/**
 * A topic as chat set it: either made in chat (`overrides` null) or a YAML topic changed from chat, which then
 * carries the YAML values it overrode. `removed` marks a YAML topic removed from chat.
 */
export interface LiveTopic {
  id: string;
  name: string;
  query: string;
  channels: string[];
  mutedUntil: string | null;
  /** Set by `/topic surge` (null: off); absent: the YAML's rule, or the default. */
  surge?: SurgeRule | null;
  removed: boolean;
  overrides: YamlTopicSnapshot | null;
  createdBy: ChatAuthor;
  createdAt: string;
  updatedBy: ChatAuthor;
  updatedAt: string;
}

/** A feed as chat set it: added from chat (`overrides` null), or a YAML feed removed from chat. */
export interface LiveFeed {
  id: string;
  url: string;
  name: string;
  removed: boolean;
  /** The YAML feed this record removes, as it was then (see fingerprintYamlFeed); null for a feed added from chat. */
  overrides: { location: string; fingerprint: string } | null;
  createdBy: ChatAuthor;
  createdAt: string;
}

/** Everything chat has set, at one version of the store. */
export interface LiveConfig {
  version: number;
  topics: LiveTopic[];
  feeds: LiveFeed[];
}

/** The chat overlay before any change: what a process merges until the store has been read. */
export const EMPTY_CHAT_OVERLAY: LiveConfig = freezeSnapshot({ version: 0, topics: [], feeds: [] });
