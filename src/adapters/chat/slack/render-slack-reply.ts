import type { RespondArguments } from '@slack/bolt';
import type { Reply, ReplySpan } from '../../../core/commands/command.js';
import { section, type SlackMessage } from './slack-message.js';
import { escapeSlackText, slackLink } from './slack-text.js';

/** Escapes a plain span, keeping the spaces at its ends that join it to its neighbours (escaping trims them). */
function keepSpaces(text: string, escape: (text: string) => string): string {
  const lead = (/^ */.exec(text)?.[0] ?? '').slice(0, 4);
  const trail = / $/.test(text) && text.trim() !== '' ? ' ' : '';
  return `${lead}${escape(text)}${trail}`;
}

function renderSpan(span: ReplySpan): string {
  if (typeof span === 'string') return keepSpaces(span, escapeSlackText);
  if ('code' in span) return `\`${span.code.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, 'ˋ')}\``;
  if ('bold' in span) return keepSpaces(span.bold, (text) => `*${escapeSlackText(text)}*`);
  return slackLink(span.link, escapeSlackText(span.label));
}

/** A reply as a Slack slash-command response: mrkdwn sections of at most 3,000 characters, at most 50 blocks. */
export function renderSlackReply(reply: Reply): RespondArguments & { response_type: 'ephemeral' | 'in_channel' } {
  const { text, blocks } = renderSlackReplyMessage(reply);
  return { response_type: reply.ephemeral ? 'ephemeral' : 'in_channel', text, blocks };
}

/** A reply as a channel message: its title as the notification text, the lines as mrkdwn sections. */
export function renderSlackReplyMessage(reply: Reply): SlackMessage {
  const lines = [`*${escapeSlackText(reply.title)}*`, ...reply.lines.map((line) => line.map(renderSpan).join(''))];
  const sections: string[] = [];
  let current = '';
  for (const line of lines) {
    const fitted = line.length > 2_900 ? `${line.slice(0, 2_899)}…` : line;
    if (current !== '' && current.length + fitted.length + 1 > 2_900) {
      sections.push(current);
      current = '';
    }
    current = current === '' ? fitted : `${current}\n${fitted}`;
  }
  if (current !== '') sections.push(current);
  const blocks = sections.slice(0, 50).map((text) => section(text));
  return { text: escapeSlackText(reply.title), blocks };
}
