import { InteractionResponseType, MessageFlags, type APIInteractionResponse } from 'discord.js';
import type { Reply, ReplySpan } from '../../../core/commands/command.js';
import { discordLink, escapeDiscordText } from './discord-text.js';

/** Discord's limit on a message's content. */
const CONTENT_LIMIT = 2_000;

/** Escapes a plain span, keeping the spaces at its ends that join it to its neighbours (escaping trims them). */
function keepSpaces(text: string, escape: (text: string) => string): string {
  const lead = (/^ */.exec(text)?.[0] ?? '').slice(0, 4);
  const trail = / $/.test(text) && text.trim() !== '' ? ' ' : '';
  return `${lead}${escape(text)}${trail}`;
}

function renderSpan(span: ReplySpan): string {
  if (typeof span === 'string') return keepSpaces(span, escapeDiscordText);
  if ('code' in span) return `\`${span.code.replace(/`/g, 'ˋ')}\``;
  if ('bold' in span) return keepSpaces(span.bold, (text) => `**${escapeDiscordText(text)}**`);
  return discordLink(span.link, escapeDiscordText(span.label));
}

/** A reply as an interaction response: markdown content within 2,000 characters, no pings, no link previews. */
export function renderDiscordReply(reply: Reply): Extract<APIInteractionResponse, { type: InteractionResponseType.ChannelMessageWithSource }> {
  const lines = [`**${escapeDiscordText(reply.title)}**`, ...reply.lines.map((line) => line.map(renderSpan).join(''))];
  let content = '';
  for (const [index, line] of lines.entries()) {
    const more = `\n… ${lines.length - index} more lines`;
    if (content.length + line.length + 1 + more.length > CONTENT_LIMIT) {
      content += index === 0 ? line.slice(0, CONTENT_LIMIT - 1) : more;
      break;
    }
    content = content === '' ? line : `${content}\n${line}`;
  }
  const flags = (reply.ephemeral ? MessageFlags.Ephemeral : 0) | MessageFlags.SuppressEmbeds;
  return { type: InteractionResponseType.ChannelMessageWithSource, data: { content, flags, allowed_mentions: { parse: [] } } };
}
