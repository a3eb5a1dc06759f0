import type { Alert, Digest } from '../core/alert.js';
import type { Reply } from '../core/commands/command.js';
import type { PostedMessage } from '../core/records/delivery.js';
import type { Escalation } from '../core/surge.js';

// What every post answers with; defined beside the delivery record that keeps it.
export type { PostedMessage };

/**
 * A chat destination. Implementations render the alert for their platform, treat every alert string as
 * untrusted, honour the platform's rate limits, and throw PermanentError for failures retrying cannot fix.
 */
export interface ChatSink {
  readonly platform: string;
  /** Posts an alert; with `replyTo`, as a follow-up in the thread of that earlier message. */
  postAlert(alert: Alert, replyTo?: PostedMessage): Promise<PostedMessage>;
  /**
   * Edits an earlier alert in place (its source count grows as outlets join the story). Sinks that cannot edit
   * (incoming webhooks, the console) leave it out.
   */
  updateAlert?(message: PostedMessage, alert: Alert): Promise<void>;
  /**
   * Posts a story's escalation: the "developing" line with the channel's configured mention and the timeline of
   * outlets, tied to `story` (the story's alert here) where the platform can, and seen in the channel itself.
   */
  postEscalation(escalation: Escalation, story: PostedMessage | null): Promise<PostedMessage>;
  /** Posts the period's alerts grouped by topic, for channels in digest mode. */
  postDigest(digest: Digest): Promise<PostedMessage>;
  /** Posts a topic brief (a channel's scheduled brief, `newswatch brief --post`) as one message. */
  postBrief(brief: Reply): Promise<PostedMessage>;
  /** Posts a plain notice (admin messages). The text is newswatch's own, but may quote untrusted feed names. */
  postNotice(text: string): Promise<PostedMessage>;
  close?(): Promise<void>;
}
