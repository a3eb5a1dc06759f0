import { platformName, type PlatformDirectory } from '../chat-platform.js';
import { formatDuration } from '../duration.js';
import { code, type Reply, type ReplyLine } from './command.js';
import type { ChatAuthor } from '../settings/chat-overlay.js';
import type { CommandPlace } from './live-config.js';
import type { CommandMistake } from './parse-command.js';

/** "2024-05-01 10:00 UTC". */
export function formatTime(iso: string | null): string {
  if (iso === null) return 'never';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "3h ago", "in 2h", or the time itself when far off. */
export function formatRelative(iso: string | null, now: Date): string {
  if (iso === null) return 'never';
  const delta = Date.parse(iso) - now.getTime();
  if (Number.isNaN(delta)) return iso;
  if (Math.abs(delta) > 7 * 86_400_000) return formatTime(iso);
  if (Math.abs(delta) < 60_000) return 'just now';
  return delta < 0 ? `${formatDuration(-delta - (-delta % 60_000))} ago` : `in ${formatDuration(delta - (delta % 60_000))}`;
}

/** "alice (<platform name>)": the author and the platform they wrote from. */
export function describeAuthor(author: ChatAuthor, platforms: PlatformDirectory): string {
  return `${author.userName} (${platformName(platforms, author.platform)})`;
}

/** "#general on <platform name>". */
export function describePlace(place: CommandPlace, platforms: PlatformDirectory): string {
  const channel = place.channelName ? `#${place.channelName}` : place.channelId;
  return `${channel} on ${platformName(platforms, place.platform)}`;
}

/** Cuts text to `max` characters at a word, with an ellipsis. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** A reply for a command that could not be read: what is wrong, the usage line and an example. */
export function mistakeReply(mistake: CommandMistake): Reply {
  const lines: ReplyLine[] = [[mistake.error]];
  for (const usage of mistake.usage) lines.push(['Usage: ', code(usage)]);
  lines.push(['Example: ', code(mistake.example)]);
  return { ephemeral: true, title: 'That command needs a fix', lines };
}

/** A reply refusing a command, with the reason. */
export function refusalReply(title: string, reason: string): Reply {
  return { ephemeral: true, title, lines: [[reason]] };
}
