import { section, SLACK_LIMITS, type SlackMessage } from './slack-message.js';
import { fitSlackText } from './slack-text.js';

/**
 * Renders an admin notice. The text is newswatch's own but may quote feed names, so it is escaped like any
 * untrusted string and cut to one section.
 */
export function renderSlackNotice(text: string): SlackMessage {
  const escaped = fitSlackText(text, SLACK_LIMITS.sectionText) || '(empty notice)';
  return { text: escaped, blocks: [section(escaped)] };
}
