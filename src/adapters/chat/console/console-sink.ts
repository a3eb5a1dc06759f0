import type { Writable } from 'node:stream';
import type { Alert, Digest } from '../../../core/alert.js';
import { replyToText, type Reply } from '../../../core/commands/command.js';
import { describeSurge, timelineTime, type Escalation } from '../../../core/surge.js';
import type { ChatSink, PostedMessage } from '../../../ports/chat-sink.js';

export interface ConsoleSinkOptions {
  channelId: string;
  output: Writable;
  format: 'text' | 'jsonl';
  /** ANSI colour; on by default only when the output is a terminal. */
  colour?: boolean;
}

// Feed text could carry terminal escape sequences that rewrite the screen; strip every control character.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;
const clean = (text: string): string => text.replace(CONTROL, '');

function paint(colour: boolean): Record<'bold' | 'dim' | 'cyan' | 'yellow' | 'green', (text: string) => string> {
  const wrap = (code: string) => (text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { bold: wrap('1'), dim: wrap('2'), cyan: wrap('36'), yellow: wrap('33'), green: wrap('32') };
}

/** A readable terminal block for one alert. */
export function renderConsoleAlert(alert: Alert, colour = false): string {
  const c = paint(colour);
  const lines: string[] = [];
  const marker = alert.followUpOf ? c.yellow('↳ follow-up ') : '';
  if (alert.developing !== undefined) lines.push(c.yellow(`▲ ${describeSurge(alert.developing)}`));
  lines.push(`${marker}${c.bold(clean(alert.title))}`);
  const when = alert.publishedAt ? ` · ${alert.publishedAt}` : '';
  const more = alert.otherSources.length > 0 ? ` · +${alert.otherSources.length} more sources (${alert.otherSources.map(clean).join(', ')})` : '';
  lines.push(c.dim(`${clean(alert.source)}${when}${more}`));
  if (alert.url) lines.push(c.cyan(clean(alert.url)));
  for (const topic of alert.topics) {
    lines.push(`${c.green('▶')} ${clean(topic.name)} (${topic.id}, score ${topic.score.toFixed(2)}): ${topic.terms.map(clean).join(', ')}`);
    if (topic.evidence !== undefined) lines.push(c.dim(`    \u201c${clean(topic.evidence)}\u201d`));
  }
  if (alert.summary.length > 0) {
    lines.push('');
    for (const sentence of alert.summary) lines.push(`  ${clean(sentence)}`);
  }
  if (alert.quotes.length > 0) {
    lines.push('');
    for (const quote of alert.quotes) {
      const who = quote.speaker ? `${clean(quote.speaker)}${quote.role ? `, ${clean(quote.role)}` : ''}` : 'unattributed';
      lines.push(`  “${clean(quote.text)}” — ${who}`);
    }
  }
  lines.push(c.dim(`story ${alert.storyId} · channel ${alert.channelId}`));
  return `${c.dim('─'.repeat(72))}\n${lines.join('\n')}\n`;
}

/** A story's escalation as a terminal block: the marker, whom it mentions, the headline and the timeline. */
export function renderConsoleEscalation(escalation: Escalation, colour = false): string {
  const c = paint(colour);
  const mention = escalation.mention === null ? '' : ` (mentions ${escalation.mention.kind === 'group' ? escalation.mention.id : `@${escalation.mention.kind}`})`;
  const lines = [`${c.yellow(`▲ ${describeSurge(escalation.surge)}`)}${mention}: ${c.bold(clean(escalation.title))}`];
  for (const arrival of escalation.surge.timeline) lines.push(c.dim(`  ${timelineTime(arrival.at)} · ${clean(arrival.source)}`));
  return `${c.dim('─'.repeat(72))}\n${lines.join('\n')}\n`;
}

/** A digest as a terminal block. */
export function renderConsoleDigest(digest: Digest, colour = false): string {
  const c = paint(colour);
  const lines = [c.bold(`Digest for ${digest.channelId}: ${digest.periodStart} – ${digest.periodEnd}`)];
  for (const group of digest.groups) {
    lines.push(`${c.green('▶')} ${clean(group.topicName)} (${group.entries.length})`);
    for (const entry of group.entries) lines.push(`  • ${clean(entry.title)} — ${clean(entry.source)}${entry.url ? ` ${c.cyan(clean(entry.url))}` : ''}`);
  }
  return `${c.dim('─'.repeat(72))}\n${lines.join('\n')}\n`;
}

/** Prints alerts to a stream: readable blocks for people, or one JSON object a line for programs. */
export function createConsoleSink(options: ConsoleSinkOptions): ChatSink {
  const colour = options.colour ?? ((options.output as { isTTY?: boolean }).isTTY === true);
  let sequence = 0;
  const write = (text: string): PostedMessage => {
    options.output.write(text);
    sequence += 1;
    return { channelId: options.channelId, messageRef: String(sequence), threadRef: null };
  };
  return {
    platform: 'console',
    async postAlert(alert, replyTo) {
      if (options.format === 'jsonl') return write(`${JSON.stringify({ type: 'alert', replyTo: replyTo?.messageRef ?? null, ...alert })}\n`);
      return write(renderConsoleAlert(alert, colour));
    },
    async postEscalation(escalation, story) {
      if (options.format === 'jsonl') return write(`${JSON.stringify({ type: 'escalation', replyTo: story?.messageRef ?? null, ...escalation })}\n`);
      return write(renderConsoleEscalation(escalation, colour));
    },
    async postDigest(digest) {
      if (options.format === 'jsonl') return write(`${JSON.stringify({ type: 'digest', ...digest })}\n`);
      return write(renderConsoleDigest(digest, colour));
    },
    async postBrief(brief: Reply) {
      if (options.format === 'jsonl') return write(`${JSON.stringify({ type: 'brief', channelId: options.channelId, text: replyToText(brief) })}\n`);
      return write(`${paint(colour).dim('─'.repeat(72))}\n${clean(replyToText(brief))}\n`);
    },
    async postNotice(text) {
      if (options.format === 'jsonl') return write(`${JSON.stringify({ type: 'notice', channelId: options.channelId, text })}\n`);
      return write(`${paint(colour).yellow('notice')} ${clean(text)}\n`);
    },
  };
}
