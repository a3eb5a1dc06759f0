import type { APIEmbed } from 'discord.js';
import { describeSurge, timelineTime, type Escalation } from '../../../core/surge.js';
import { DISCORD_LIMITS, type DiscordMessage } from './discord-message.js';
import { fitDiscordText, safeDiscordUrl } from './discord-text.js';

const ACCENT = 0xd93f0b;
const NAME_MAX = 100;

/**
 * Renders a story's escalation: the "Developing" line with the configured mention in `content`, and an embed with
 * the headline and the timeline of outlets. `allowed_mentions` lets through exactly that mention (the role id or
 * @everyone/@here from the YAML); headline and outlets are escaped and defused like any feed text.
 */
export function renderDiscordEscalation(escalation: Escalation): DiscordMessage {
  const marker = `\ud83d\udd3a **${describeSurge(escalation.surge)}**`;
  const embed: APIEmbed = { color: ACCENT, title: fitDiscordText(escalation.title, DISCORD_LIMITS.title) || '(untitled)' };
  const url = safeDiscordUrl(escalation.url);
  if (url !== null && url.length <= 2048) embed.url = url;
  const lines = escalation.surge.timeline.map((arrival) => `${timelineTime(arrival.at)} \u00b7 ${fitDiscordText(arrival.source, NAME_MAX)}`);
  const more = escalation.surge.outlets - escalation.surge.timeline.length;
  if (more > 0) lines.push(`\u2026and ${more} more`);
  embed.description = lines.join('\n').slice(0, DISCORD_LIMITS.description);
  const mention = escalation.mention;
  if (mention === null) return { content: marker, embeds: [embed], allowed_mentions: { parse: [] } };
  if (mention.kind === 'group') {
    // A role id from the YAML (digits only); anything else pings nobody.
    if (!/^\d{15,22}$/.test(mention.id)) return { content: marker, embeds: [embed], allowed_mentions: { parse: [] } };
    return { content: `<@&${mention.id}> ${marker}`, embeds: [embed], allowed_mentions: { parse: [], roles: [mention.id] } };
  }
  return { content: `@${mention.kind} ${marker}`, embeds: [embed], allowed_mentions: { parse: ['everyone'] } };
}
