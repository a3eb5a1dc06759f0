import { spaced, splitNoticeCode } from '../../../core/notice-text.js';
import { section, SLACK_LIMITS, type SlackMessage } from './slack-message.js';
import { escapeSlackText, fitSlackText } from './slack-text.js';

/**
 * Renders an admin notice. The text is newswatch's own but may quote feed names, so it is escaped like any
 * untrusted string and cut to one section; its code spans (commands to run) stay code. Quoted text cannot open
 * one: notices pass it through quoteInNotice.
 */
export function renderSlackNotice(text: string): SlackMessage {
  const rendered = splitNoticeCode(text)
    .map((part) => (part.code ? `\`${part.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}\`` : spaced(part.text, escapeSlackText)))
    .join('');
  const escaped = (rendered.length <= SLACK_LIMITS.sectionText && rendered.trim() !== '' ? rendered : fitSlackText(text, SLACK_LIMITS.sectionText)) || '(empty notice)';
  return { text: escaped, blocks: [section(escaped)] };
}
