import { formatTime, shorten } from '../commands/format-reply.js';
import type { Brief, BriefEntry } from './build-brief.js';

/** Longest summary line and quote a brief shows, so one long story cannot crowd out the rest. */
const MAX_SUMMARY_CHARS = 240;
const MAX_QUOTE_CHARS = 200;
/** Outlets named per story; the rest are counted. */
const MAX_OUTLETS_NAMED = 6;

/** The lines of one story: title with its outlet count, summary, best quote, outlets and link. */
export function renderBriefEntry(entry: BriefEntry, rank: number): string {
  const count = entry.outlets.length === 1 ? '1 outlet' : `${entry.outlets.length} outlets`;
  const lines = [`${rank}. ${shorten(entry.title, MAX_SUMMARY_CHARS)} (${count})`];
  if (entry.summary !== null) lines.push(`   ${shorten(entry.summary, MAX_SUMMARY_CHARS)}`);
  if (entry.quote !== null) {
    const role = entry.quote.role === null ? '' : `, ${entry.quote.role}`;
    lines.push(`   “${shorten(entry.quote.text, MAX_QUOTE_CHARS)}” (${entry.quote.speaker}${role})`);
  }
  const named = entry.outlets.slice(0, MAX_OUTLETS_NAMED).join(', ');
  const more = entry.outlets.length > MAX_OUTLETS_NAMED ? ` and ${entry.outlets.length - MAX_OUTLETS_NAMED} more` : '';
  if (named !== '') lines.push(`   Outlets: ${named}${more}`);
  if (entry.url !== null) lines.push(`   ${entry.url}`);
  return lines.join('\n');
}

/** The brief's first line: topic, window and how many stories. */
export function renderBriefHeading(brief: Brief): string {
  const stories = brief.total === 1 ? '1 story' : `${brief.total} stories`;
  return `${brief.topic.name}: ${stories} since ${formatTime(brief.since)}`;
}

/**
 * The brief as plain text of at most `maxChars` characters: whole stories in rank order while they fit, then
 * "…and N more" counting every story left out (by the limit or by length), so the reader knows what was cut.
 */
export function renderBriefText(brief: Brief, maxChars: number): string {
  const heading = renderBriefHeading(brief);
  if (brief.total === 0) return `${heading}.`;
  const parts = [heading];
  let length = heading.length;
  for (const [index, entry] of brief.entries.entries()) {
    const block = renderBriefEntry(entry, index + 1);
    const left = brief.total - index - 1;
    const tail = left > 0 ? `\n\n…and ${left} more`.length : 0;
    if (length + 2 + block.length + tail > maxChars) break;
    parts.push(block);
    length += 2 + block.length;
  }
  const shown = parts.length - 1;
  if (shown < brief.total) parts.push(`…and ${brief.total - shown} more`);
  const text = parts.join('\n\n');
  // only a limit shorter than the heading itself gets here
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(0, maxChars - 1))}…`;
}
