import { spaced, splitNoticeCode } from '../../../core/notice-text.js';
import { DISCORD_LIMITS, noMentions, type DiscordMessage } from './discord-message.js';
import { escapeDiscordText, fitDiscordText } from './discord-text.js';

/**
 * Renders an admin notice as plain content. The text is newswatch's own but may quote feed names, so it is
 * escaped like any untrusted string and cut to Discord's content limit; its code spans (commands to run) stay
 * code. Quoted text cannot open one: notices pass it through quoteInNotice.
 */
export function renderDiscordNotice(text: string): DiscordMessage {
  const rendered = splitNoticeCode(text)
    .map((part) => (part.code ? `\`${part.text}\`` : spaced(part.text, escapeDiscordText)))
    .join('');
  const content = (rendered.length <= DISCORD_LIMITS.content && rendered.trim() !== '' ? rendered : fitDiscordText(text, DISCORD_LIMITS.content)) || '(empty notice)';
  return { content, embeds: [], allowed_mentions: noMentions() };
}
