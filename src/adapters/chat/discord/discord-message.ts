import type { APIEmbed } from 'discord.js';

/** The message body newswatch sends: embeds, optional content, and mentions switched off. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  /**
   * `{ parse: [] }` on every message: nothing from a feed may ping anyone. An escalation alone names the one role,
   * or @everyone, that the channel's YAML configured.
   */
  allowed_mentions: { parse: [] } | { parse: []; roles: string[] } | { parse: ['everyone'] };
  /** Message flags; SUPPRESS_EMBEDS keeps a brief's links from unfolding into previews. */
  flags?: number;
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
