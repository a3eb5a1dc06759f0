import { formatDuration } from '../core/duration.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';

/** `config check`'s report: the verdict, then the feeds, channels and topics the file sets up. */
export function describeConfig(path: string, settings: RuntimeSettings, warningCount: number): string {
  const verdict = warningCount === 0 ? 'OK' : `valid, with ${warningCount} warning${warningCount === 1 ? '' : 's'}`;
  const out: string[] = [`${path}: ${verdict}`, '', `feeds (${settings.feeds.length}):`];
  for (const feed of settings.feeds) out.push(`  ${feed.id}  every ${formatDuration(feed.intervalMs)}  ${feed.location}`);
  out.push('', `channels (${settings.channels.size}):`);
  for (const channel of settings.channels.values()) out.push(`  ${channel.id}  ${channel.platform}, ${channel.mode}${channel.minScore > 0 ? `, min score ${channel.minScore}` : ''}`);
  out.push('', `topics (${settings.topics.length}):`);
  for (const topic of settings.topics) out.push(`  ${topic.id}  "${topic.name}" → ${topic.channels.join(', ')}\n      ${topic.query}`);
  return `${out.join('\n')}\n`;
}
