import { cleanInline, parseSafeHttpUrl, truncateAtWord } from '../shared/plain-text.js';
import { escapeMarkdown } from 'discord.js';

/**
 * Text safety for Discord. Every feed string passes through `escapeDiscordText` (markdown) or
 * `defuseDiscordMentions` (fields Discord shows as plain text) before it is placed in a message, and links are
 * built by `discordLink` from URLs that passed `safeDiscordUrl`. Messages also carry `allowed_mentions: { parse: [] }`.
 */

const ZWSP = '\u200b';

/**
 * Breaks every mention-like sequence with a zero-width space: `@everyone`, `@here`, `<@123>`, `<@&role>`,
 * `<#channel>`, and the `<:emoji:…>`, `<t:…>`, `</command:…>` tokens, so none renders or pings.
 */
export function defuseDiscordMentions(text: string): string {
  return text.replace(/@/g, `@${ZWSP}`).replace(/<(?=[@#:/]|a:|t:)/g, `<${ZWSP}`);
}

/**
 * Makes untrusted text inert in Discord markdown: formatting, headings, lists, block quotes, subtext and masked
 * links are escaped (every `[` and `]`, so no `[label](url)` survives), and mentions are defused.
 */
export function escapeDiscordText(text: string): string {
  const escaped = escapeMarkdown(cleanInline(text), { heading: true, bulletedList: true, numberedList: true })
    .replace(/[[\]]/g, '\\$&')
    .replace(/^(\s*)(>|-#)/g, '$1\\$2');
  return defuseDiscordMentions(escaped);
}

/**
 * Returns the URL in a form safe as a link target, or null unless it is an absolute http(s) URL without
 * embedded credentials. Parentheses and whitespace are percent-encoded so a masked link cannot be broken open.
 */
export function safeDiscordUrl(raw: string | null | undefined): string | null {
  const url = parseSafeHttpUrl(raw);
  if (url === null) return null;
  return url.href.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A masked link from an already escaped label; the plain label when the URL is missing, refused or too long. */
export function discordLink(rawUrl: string | null, escapedLabel: string, maxUrlLength = 500): string {
  const url = safeDiscordUrl(rawUrl);
  if (url === null || url.length > maxUrlLength) return escapedLabel;
  return `[${escapedLabel}](${url})`;
}

/**
 * Cleans, escapes (markdown, or only mentions with `plain`) and fits untrusted text into `max` characters,
 * cutting the raw text at a word so an escape sequence is never split.
 */
export function fitDiscordText(raw: string, max: number, plain = false): string {
  const text = cleanInline(raw);
  const escape = plain ? defuseDiscordMentions : escapeDiscordText;
  let budget = max;
  for (;;) {
    const out = escape(truncateAtWord(text, budget));
    if (out.length <= max || budget <= 1) return out.length <= max ? out : '';
    budget -= Math.max(1, out.length - max);
  }
}

export { cleanInline, truncateAtWord };
