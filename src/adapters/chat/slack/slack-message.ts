/** A mrkdwn text object. */
export interface SlackText {
  type: 'mrkdwn';
  text: string;
}

/** The Block Kit blocks newswatch uses. */
export type SlackBlock =
  | { type: 'section'; text: SlackText }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'divider' };

/** A rendered Slack message: blocks for the channel, `text` for notifications and clients without blocks. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
  /** A thread reply also shown in the channel (Slack's reply_broadcast): for escalations. */
  broadcast?: true;
}

/** Slack's documented limits that rendering stays within. */
export const SLACK_LIMITS = {
  sectionText: 3000,
  blocks: 50,
  contextElements: 10,
  /** Fallback text kept short: it is what a notification shows. */
  fallbackText: 3000,
} as const;

/** A section block holding mrkdwn. */
export function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** A context block holding mrkdwn elements. */
export function context(...texts: string[]): SlackBlock {
  return { type: 'context', elements: texts.map((text) => ({ type: 'mrkdwn', text })) };
}
