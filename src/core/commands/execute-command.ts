import type { PlatformDirectory } from '../chat-platform.js';
import { bold, code, type Command, type CommandRoot, type Reply, type ReplyLine } from './command.js';
import { briefReply } from './brief-reply.js';
import { COMMAND_GRAMMAR, usageOf } from './command-grammar.js';
import { executeFeedCommand } from './execute-feed-command.js';
import { executeTopicCommand } from './execute-topic-command.js';
import { describeAuthor, describePlace, formatRelative, formatTime, shorten } from './format-reply.js';
import type { CommandContext, CommandFacts, CommandOutcome } from './command-facts.js';
import type { AuditEntry } from './live-config.js';
import { resolveLiveConfig } from '../settings/merge-chat-overlay.js';

/**
 * Executes a parsed, permitted command against the merged configuration: pure, so both platforms and every
 * process get the same answer for the same facts. The caller stores `change` and records `audit`.
 */
export function executeCommand(command: Command, context: CommandContext, facts: CommandFacts): CommandOutcome {
  const resolved = resolveLiveConfig(facts.standing, facts.live);
  switch (command.kind) {
    case 'topic.add':
    case 'topic.remove':
    case 'topic.list':
    case 'topic.show':
    case 'topic.route':
    case 'topic.mute':
    case 'topic.surge':
    case 'topic.test':
      return executeTopicCommand(command, context, facts, resolved);
    case 'feed.add':
    case 'feed.remove':
    case 'feed.list':
      return executeFeedCommand(command, context, facts, resolved);
    case 'newswatch.help':
      return read(helpReply(command.root));
    case 'newswatch.audit':
      return read(auditReply(facts.audit ?? [], command.limit, facts.standing.platforms));
    case 'newswatch.brief':
      return read(briefReply(command, resolved, facts));
    case 'newswatch.status': {
      const muted = resolved.topics.filter((topic) => topic.mutedUntil !== null && Date.parse(topic.mutedUntil) > facts.now.getTime());
      const chat = resolved.topics.filter((topic) => topic.origin.kind === 'chat').length;
      const failing = (facts.feedHealth ?? []).filter((health) => health.consecutiveFailures > 0 && resolved.feeds.some((f) => f.feed.id === health.feedId));
      const lines: ReplyLine[] = [
        [bold('Feeds: '), `${resolved.feeds.length} polled, ${failing.length} failing${failing.length > 0 ? ` (${failing.map((h) => h.feedId).join(', ')})` : ''}`],
        [bold('Topics: '), `${resolved.topics.length} (${resolved.topics.length - chat} from the YAML, ${chat} from chat), ${muted.length} muted`],
      ];
      for (const queue of facts.queues ?? []) {
        lines.push([bold(`Queue ${queue.name}: `), `${queue.waiting} waiting, ${queue.active} running, ${queue.delayed} delayed, ${queue.failed} failed`]);
      }
      const last = facts.lastAlert ?? null;
      lines.push([bold('Last alert: '), last ? `${shorten(last.title, 120)} → ${last.channelId}, ${formatRelative(last.sentAt, facts.now)}` : 'none in the last 7 days']);
      return read({ ephemeral: true, title: 'newswatch status', lines });
    }
  }
}

function read(reply: Reply): CommandOutcome {
  return { reply, change: null, audit: null };
}

function helpReply(root: CommandRoot | null): Reply {
  const specs = COMMAND_GRAMMAR.filter((spec) => root === null || spec.root === root);
  const lines: ReplyLine[] = specs.map((spec) => [code(usageOf(spec)), `  ${spec.summary}`]);
  lines.push(['Adding, removing, routing and muting need admin rights (set in the YAML); anyone may list, show and test.']);
  lines.push(['Queries: words, "phrases", prefix*, AND, OR, NOT, NEAR/n and parentheses, e.g. ', code('iran* AND (cyber* OR stuxnet)')]);
  return { ephemeral: true, title: root === null ? 'newswatch commands' : `/${root} commands`, lines };
}

function auditReply(entries: readonly AuditEntry[], limit: number, platforms: PlatformDirectory): Reply {
  if (entries.length === 0) return { ephemeral: true, title: 'Audit log', lines: [['No changes have been made from chat yet.']] };
  const lines: ReplyLine[] = entries.slice(0, limit).map((entry) => [
    `${formatTime(entry.at)}  ${describeAuthor(entry.actor, platforms)} in ${describePlace(entry.place, platforms)}: `,
    code(shorten(entry.command, 200)),
    entry.outcome === 'applied' ? ` → ${entry.change}` : ` → refused: ${entry.change}`,
  ]);
  return { ephemeral: true, title: `Audit log: the latest ${lines.length} ${lines.length === 1 ? 'entry' : 'entries'}`, lines };
}
