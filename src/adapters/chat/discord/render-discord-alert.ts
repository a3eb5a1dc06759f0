import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Alert } from '../../../core/alert.js';
import { describeSurge } from '../../../core/surge.js';
import type { Quote } from '../../../core/analysis.js';
import { DISCORD_LIMITS, embedLength, noMentions, type DiscordMessage } from './discord-message.js';
import { cleanInline, fitDiscordText, safeDiscordUrl } from './discord-text.js';

export interface DiscordAlertOptions {
  /** Marks the message as a follow-up even when the alert does not say so. */
  followUp?: boolean;
  /** Link to the message this one follows up, shown in the content (webhook replies cannot thread). */
  replyToUrl?: string | null;
}

const ACCENT = 0x2f80ed;
const QUOTE_MAX = 600;
// The evidence sentence under a topic: one sentence, cut if a page gave a run-on one.
const EVIDENCE_MAX = 300;
const SOURCES_SHOWN = 5;
/** Description kept when the embed is crowded; quote fields give way below this. */
const MIN_DESCRIPTION = 300;

/** The 1–3 quotes an alert shows: highest score first, empty ones dropped. */
function pickKeyQuotes(quotes: readonly Quote[], count = 3): Quote[] {
  return quotes
    .filter((quote) => cleanInline(quote.text) !== '')
    .sort((a, b) => b.score - a.score)
    .slice(0, count);
}

/** Joins whole lines while they fit in `max` characters; a line that does not fit ends the list with "…". */
function fitLines(lines: readonly string[], max: number): string {
  let out = '';
  for (const line of lines) {
    const next = out === '' ? line : `${out}\n${line}`;
    if (next.length > max) return out !== '' && out.length + 2 <= max ? `${out}\n\u2026` : out;
    out = next;
  }
  return out;
}

function topicsField(alert: Alert): APIEmbedField | null {
  const lines = alert.topics.map((topic) => {
    const name = fitDiscordText(topic.name, 150) || fitDiscordText(topic.id, 150);
    const terms = topic.terms
      .map((term) => fitDiscordText(term, 80))
      .filter((term) => term !== '')
      .map((term) => `\u201c${term}\u201d`);
    const evidence = topic.evidence === undefined ? '' : fitDiscordText(topic.evidence, EVIDENCE_MAX);
    const line = `**${name}**${terms.length > 0 ? ` \u2014 matched ${terms.join(', ')}` : ''}`;
    return evidence === '' ? line : `${line}\n\u201c${evidence}\u201d`;
  });
  const value = fitLines(lines, DISCORD_LIMITS.fieldValue);
  return value === '' ? null : { name: 'Why it matched', value };
}

function quoteField(quote: Quote): APIEmbedField {
  const speaker = quote.speaker === null ? '' : fitDiscordText(quote.speaker, 120);
  const role = quote.role === null ? '' : fitDiscordText(quote.role, 120);
  const name = [speaker, role].filter((part) => part !== '').join(', ') || 'Unattributed';
  return { name, value: `\u201c${fitDiscordText(quote.text, QUOTE_MAX)}\u201d` };
}

function sourcesField(sources: readonly string[]): APIEmbedField | null {
  const names = sources.map((source) => fitDiscordText(source, 80)).filter((name) => name !== '');
  if (names.length === 0) return null;
  const rest = names.length > SOURCES_SHOWN ? ', \u2026' : '';
  const value = `+${names.length} more source${names.length === 1 ? '' : 's'}: ${names.slice(0, SOURCES_SHOWN).join(', ')}${rest}`;
  return { name: 'Also reported by', value: fitLines([value], DISCORD_LIMITS.fieldValue) };
}

function isoTime(value: string | null): string | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * Renders an alert as one Discord embed: the headline linking to the article, the source as author, the
 * published time, the summary, why it matched, up to three key quotes with speakers, and the other outlets.
 * All alert strings are escaped and mentions defused; the embed stays within every Discord limit, giving up
 * description length and then quotes when the total would pass 6,000 characters.
 */
export function renderDiscordAlert(alert: Alert, options: DiscordAlertOptions = {}): DiscordMessage {
  const followUp = options.followUp === true || alert.followUpOf !== null;
  const embed: APIEmbed = { color: ACCENT, title: fitDiscordText(alert.title, DISCORD_LIMITS.title) || '(untitled)' };
  const url = safeDiscordUrl(alert.url);
  if (url !== null && url.length <= 2048) embed.url = url;
  const source = fitDiscordText(alert.source, DISCORD_LIMITS.author, true);
  if (source !== '') embed.author = { name: source };
  const time = isoTime(alert.publishedAt);
  if (time !== null) embed.timestamp = time;

  const topics = topicsField(alert);
  const quotes = pickKeyQuotes(alert.quotes).map(quoteField);
  const sources = sourcesField(alert.otherSources);
  const assemble = (): APIEmbedField[] =>
    [topics, ...quotes, sources].filter((field): field is APIEmbedField => field !== null);
  embed.fields = assemble();
  while (DISCORD_LIMITS.total - embedLength(embed) < MIN_DESCRIPTION && quotes.length > 0) {
    quotes.pop();
    embed.fields = assemble();
  }

  const developing = alert.developing === undefined ? '' : `\ud83d\udd3a **${describeSurge(alert.developing)}**\n\n`;
  const marker = `${developing}${followUp ? '\u21aa **Follow-up** on a story already posted here\n\n' : ''}`;
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.total - embedLength(embed)) - marker.length;
  const summary = fitDiscordText(alert.summary.join(' '), Math.max(0, room));
  const description = `${marker}${summary}`.trim();
  if (description !== '') embed.description = description;

  const message: DiscordMessage = { embeds: [embed], allowed_mentions: noMentions() };
  const replyToUrl = safeDiscordUrl(options.replyToUrl);
  if (replyToUrl !== null) {
    message.content = `\u21aa Follow-up to ${replyToUrl}`;
  } else if (options.followUp === true && alert.followUpOf === null) {
    message.content = '\u21aa Follow-up to an earlier alert';
  }
  return message;
}
