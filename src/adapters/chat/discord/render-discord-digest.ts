import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Digest, DigestEntry } from '../../../core/alert.js';
import { DISCORD_LIMITS, embedLength, noMentions, type DiscordMessage } from './discord-message.js';
import { discordLink, fitDiscordText } from './discord-text.js';

const ACCENT = 0x2f80ed;
const TITLE_MAX = 200;
/** Room kept in each embed for its title, which is only known once the parts are counted. */
const TITLE_RESERVE = 100;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function discordTime(iso: string | null, style: 'f' | 'R'): string | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : `<t:${Math.floor(ms / 1000)}:${style}>`;
}

function renderEntry(entry: DigestEntry): string {
  const title = fitDiscordText(entry.title, TITLE_MAX) || '(untitled)';
  const details = [fitDiscordText(entry.source, 80), discordTime(entry.publishedAt, 'R')].filter(
    (part): part is string => part !== null && part !== '',
  );
  return `\u2022 ${discordLink(entry.url, title)}${details.length > 0 ? ` \u2014 ${details.join(' \u00b7 ')}` : ''}`;
}

/** One topic's lines as fields of at most 1,024 characters, never splitting a line. */
function groupFields(name: string, lines: readonly string[]): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let value = '';
  for (const line of lines) {
    const next = value === '' ? line : `${value}\n${line}`;
    if (next.length > DISCORD_LIMITS.fieldValue && value !== '') {
      fields.push({ name: fields.length === 0 ? name : `${name} (continued)`, value });
      value = line;
    } else {
      value = next;
    }
  }
  if (value !== '') fields.push({ name: fields.length === 0 ? name : `${name} (continued)`, value });
  return fields;
}

/**
 * Renders a digest as one or more Discord messages of one embed each: the period, then each topic's alerts as
 * masked links in fields. A digest past the field or 6,000-character limits is split into numbered parts.
 */
export function renderDiscordDigest(digest: Digest): DiscordMessage[] {
  const total = digest.groups.reduce((sum, group) => sum + group.entries.length, 0);
  const summary = `${plural(total, 'alert')} on ${plural(digest.groups.length, 'topic')}`;
  const start = discordTime(digest.periodStart, 'f');
  const end = discordTime(digest.periodEnd, 'f');
  const period = start !== null && end !== null ? `${start} \u2013 ${end}` : '';
  const description = total === 0 ? `${period}\n\nNo alerts in this period.`.trim() : period;

  const fields = digest.groups.flatMap((group) => {
    const name = fitDiscordText(group.topicName, 200) || fitDiscordText(group.topicId, 200);
    return groupFields(`${name} (${group.entries.length})`, group.entries.map(renderEntry));
  });

  const embeds: APIEmbed[] = [];
  let current: APIEmbed = { color: ACCENT, ...(description === '' ? {} : { description }), fields: [] };
  for (const field of fields) {
    const currentFields = current.fields ?? [];
    const size = embedLength(current) + field.name.length + field.value.length + TITLE_RESERVE;
    if (currentFields.length > 0 && (currentFields.length >= DISCORD_LIMITS.fields || size > DISCORD_LIMITS.total)) {
      embeds.push(current);
      current = { color: ACCENT, fields: [] };
    }
    current.fields = [...(current.fields ?? []), field];
  }
  embeds.push(current);

  return embeds.map((embed, index) => {
    const part = embeds.length === 1 ? '' : ` (part ${index + 1}/${embeds.length})`;
    const titled: APIEmbed = { ...embed, title: `Digest: ${summary}${part}` };
    if (titled.fields?.length === 0) delete titled.fields;
    return { embeds: [titled], allowed_mentions: noMentions() };
  });
}
