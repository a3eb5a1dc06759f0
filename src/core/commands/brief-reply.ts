import { buildBrief, type Brief, type BriefEntry } from '../brief/build-brief.js';
import { renderBriefHeading } from '../brief/render-brief-text.js';
import { bold, link, type Command, type Reply, type ReplyLine } from './command.js';
import type { CommandFacts } from './command-facts.js';
import { refusalReply, shorten } from './format-reply.js';
import { findTopic } from './execute-topic-command.js';
import type { ResolvedConfig } from '../settings/merge-chat-overlay.js';

/**
 * Characters of text a brief reply carries: under the smallest message a platform takes (2,000 characters) once
 * escaped and marked up, so the reply ends at a whole story with its count of the rest instead of being cut.
 */
const REPLY_BUDGET = 1_500;
/** Stories a reply considers; more would not fit the budget anyway. */
export const REPLY_STORIES = 10;

/** `/newswatch brief TOPIC [SINCE] [public]`: the topic's top stories in the window, for the caller only unless public. */
export function briefReply(command: Extract<Command, { kind: 'newswatch.brief' }>, resolved: ResolvedConfig, facts: CommandFacts): Reply {
  const log = facts.alertLog ?? [];
  const configured = findTopic(resolved, command.topic);
  const logged = log.flatMap(({ alert }) => alert.topics).find((topic) => topic.id === command.topic.toLowerCase());
  const topic = configured ? { id: configured.definition.id, name: configured.definition.name } : logged ? { id: logged.id, name: logged.name } : null;
  if (topic === null) {
    const known = resolved.topics.map((candidate) => candidate.definition.id).join(', ') || 'none yet';
    return refusalReply(`No topic "${command.topic}"`, `there is no topic "${command.topic}"; the topics are: ${known} (see /topic list)`);
  }
  const since = new Date(facts.now.getTime() - command.sinceMs).toISOString();
  return renderBriefReply(buildBrief(log, { topic, since, now: facts.now, limit: REPLY_STORIES }), command.sinceText, !command.public);
}

/**
 * A brief as a chat reply within one message: whole stories while they fit the budget, then "…and N more".
 * `window` names the span for an empty brief ("24h"). Also what a channel's scheduled brief posts.
 */
export function renderBriefReply(brief: Brief, window: string, ephemeral: boolean): Reply {
  const title = renderBriefHeading(brief);
  if (brief.total === 0) return { ephemeral, title, lines: [[`No alerts on this topic in the last ${window}.`]] };
  const lines: ReplyLine[] = [];
  let used = title.length;
  let shown = 0;
  for (const [index, entry] of brief.entries.entries()) {
    const block = entryLines(entry, index + 1);
    const size = block.reduce((sum, line) => sum + lineLength(line) + 1, 0);
    if (used + size > REPLY_BUDGET) break;
    lines.push(...block);
    used += size;
    shown += 1;
  }
  if (shown < brief.total) lines.push([`…and ${brief.total - shown} more`]);
  return { ephemeral, title, lines };
}

function entryLines(entry: BriefEntry, rank: number): ReplyLine[] {
  const count = entry.outlets.length === 1 ? '1 outlet' : `${entry.outlets.length} outlets`;
  const lines: ReplyLine[] = [[bold(`${rank}. ${shorten(entry.title, 200)}`), ` (${count})`]];
  if (entry.summary !== null) lines.push([shorten(entry.summary, 240)]);
  if (entry.quote !== null) {
    const role = entry.quote.role === null ? '' : `, ${entry.quote.role}`;
    lines.push([`“${shorten(entry.quote.text, 200)}” (${entry.quote.speaker}${role})`]);
  }
  const outlets = entry.outlets.length > 6 ? `${entry.outlets.slice(0, 6).join(', ')} and ${entry.outlets.length - 6} more` : entry.outlets.join(', ');
  lines.push(entry.url === null ? [`Outlets: ${outlets}`] : [`Outlets: ${outlets} · `, link(entry.url, 'read')]);
  return lines;
}

/** A line's length as shown, counting a link's address, which the platforms write out in full. */
function lineLength(line: ReplyLine): number {
  return line.reduce((sum, span) => sum + (typeof span === 'string' ? span.length : 'code' in span ? span.code.length : 'bold' in span ? span.bold.length : span.label.length + span.link.length), 0);
}
