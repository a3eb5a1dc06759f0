import { DISCORD_LIMITS, noMentions, type DiscordMessage } from './discord-message.js';
import { fitDiscordText } from './discord-text.js';

/**
 * Renders an admin notice as plain content. The text is newswatch's own but may quote feed names, so it is
 * escaped like any untrusted string and cut to Discord's content limit.
 */
export function renderDiscordNotice(text: string): DiscordMessage {
  return { content: fitDiscordText(text, DISCORD_LIMITS.content) || '(empty notice)', embeds: [], allowed_mentions: noMentions() };
}
