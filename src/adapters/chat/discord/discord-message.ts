import type { APIEmbed } from 'discord.js';

/** The message body newswatch sends: embeds, optional content, and mentions switched off. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  /** Always `{ parse: [] }`: nothing in a newswatch message may ping anyone. */
  allowed_mentions: { parse: [] };
}

/** Discord's documented message and embed limits that rendering stays within. */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** Characters across all embeds of one message. */
  total: 6000,
} as const;

/** The characters of an embed that count toward Discord's 6,000 limit. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** A fresh `allowed_mentions` that allows none. */
export function noMentions(): { parse: [] } {
  return { parse: [] };
}
