import { checkPermission } from '../core/commands/check-permission.js';
import type { CommandRequest, Reply } from '../core/commands/command.js';
import { auditEntryFor, RECENT_WINDOW_MS, type CommandContext, type CommandFacts, type FeedProbe } from '../core/commands/command-facts.js';
import { executeCommand } from '../core/commands/execute-command.js';
import { mistakeReply, refusalReply } from '../core/commands/format-reply.js';
import { resolveLiveConfig } from '../core/settings/merge-chat-overlay.js';
import { parseCommandOptions, parseCommandText, type ParseResult } from '../core/commands/parse-command.js';
import { describeError } from '../core/errors.js';
import type { Clock } from '../ports/clock.js';
import type { DeliveryLog } from '../ports/delivery-store.js';
import type { FeedFetcher, FeedParser } from '../ports/feed-fetcher.js';
import type { FeedStateStore } from '../ports/feed-state-store.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { LiveConfigStore } from '../ports/live-config-store.js';
import type { Logger } from '../ports/logger.js';
import type { StoryStore } from '../ports/story-store.js';
import type { SettingsHolder } from './runtime-settings.js';

export interface CommandDependencies {
  live: LiveConfigStore;
  settingsHolder: SettingsHolder;
  store: FeedStateStore & StoryStore & DeliveryLog;
  queue: JobQueue;
  /** Fetches a feed added from chat once before it is accepted: the address policy and fetch limits apply. */
  fetcher: FeedFetcher;
  parseFeed: FeedParser;
  clock: Clock;
  logger: Logger;
}

/** The command as typed, for the audit log: `/topic add stuxnet`. */
export function commandTextOf(request: CommandRequest): string {
  const name = `/${request.root.replace(/^\//, '')}`;
  if (request.text !== undefined) return `${name} ${request.text}`.trim();
  const options = Object.entries(request.options ?? {}).map(([key, value]) => `${key}:${value}`);
  return [name, request.subcommand ?? '', ...options].filter(Boolean).join(' ');
}

function parseRequest(request: CommandRequest): ParseResult {
  if (request.text !== undefined) return parseCommandText(request.root, request.text);
  return parseCommandOptions(request.root, request.subcommand ?? null, request.options ?? {});
}

/** Whether a request's reply is for the caller only, known before running it (for deferred replies). */
export function isPrivateRequest(request: CommandRequest): boolean {
  const parsed = parseRequest(request);
  return !parsed.ok || !parsed.spec.changes;
}

/**
 * Runs one chat command end to end: parse, check the caller's rights, gather what the command needs from the
 * stores, execute it, store the change with its audit entry, and make every process see it. Always resolves with
 * a reply: a mistake gets the usage line and an example, a failure a short message (details go to the log).
 */
export async function runCommand(request: CommandRequest, deps: CommandDependencies): Promise<Reply> {
  const context: CommandContext = { actor: request.actor, place: request.place, commandText: commandTextOf(request) };
  const who = { user: request.actor.userId, platform: request.actor.platform, command: context.commandText };
  try {
    const parsed = parseRequest(request);
    if (!parsed.ok) {
      deps.logger.info({ ...who, error: parsed.mistake.error }, 'chat command not understood');
      return mistakeReply(parsed.mistake);
    }
    await deps.settingsHolder.refresh();
    const standing = deps.settingsHolder.standing();
    const decision = checkPermission(parsed.command.kind, request.actor, standing.platforms);
    if (!decision.allowed) {
      await deps.live.recordAudit(auditEntryFor(context, deps.clock.now(), decision.reason, 'refused'));
      deps.logger.warn({ ...who, reason: decision.reason }, 'chat command refused');
      return refusalReply('Not allowed', `Not changed: ${decision.reason}.`);
    }
    const facts = await gatherFacts(parsed, deps);
    const outcome = executeCommand(parsed.command, context, facts);
    if (outcome.change && outcome.audit) {
      const version = await deps.live.apply(outcome.change, auditEntryFor(context, deps.clock.now(), outcome.audit.change, 'applied'));
      await deps.settingsHolder.refresh();
      deps.logger.info({ ...who, change: outcome.audit.change, version }, 'configuration changed from chat');
    } else if (outcome.audit) {
      await deps.live.recordAudit(auditEntryFor(context, deps.clock.now(), outcome.audit.change, outcome.audit.outcome));
    }
    return outcome.reply;
  } catch (error) {
    deps.logger.error({ ...who, err: describeError(error) }, 'chat command failed');
    return refusalReply('That did not work', `newswatch could not run ${context.commandText}: ${describeError(error).split('\n')[0]}. Nothing was changed; the details are in its log.`);
  }
}

async function gatherFacts(parsed: Extract<ParseResult, { ok: true }>, deps: CommandDependencies): Promise<CommandFacts> {
  const now = deps.clock.now();
  const facts: CommandFacts = { now, standing: deps.settingsHolder.standing(), live: deps.settingsHolder.live() };
  const command = parsed.command;
  const since = new Date(now.getTime() - RECENT_WINDOW_MS).toISOString();
  if (command.kind === 'topic.test' || command.kind === 'topic.show' || command.kind === 'feed.list') {
    facts.recentArticles = await deps.store.recentArticles(since);
  }
  if (command.kind === 'feed.list' || command.kind === 'newswatch.status') facts.feedHealth = await deps.store.listFeedStates();
  if (command.kind === 'newswatch.status') {
    facts.queues = await Promise.all(
      (['poll', 'analyze', 'deliver'] as const).map(async (name) => ({ name, ...(await deps.queue.counts(name)) })),
    );
    const sent = await deps.store.listDeliveries({ status: 'sent', since });
    const last = sent.reduce<(typeof sent)[number] | null>((best, record) => ((record.sentAt ?? '') > (best?.sentAt ?? '') ? record : best), null);
    facts.lastAlert = last ? { title: last.alert.title, channelId: last.channelId, sentAt: last.sentAt ?? last.createdAt } : null;
  }
  if (command.kind === 'newswatch.brief') {
    facts.alertLog = await deps.store.listDeliveries({ since: new Date(now.getTime() - command.sinceMs).toISOString() });
  }
  if (command.kind === 'newswatch.audit') facts.audit = await deps.live.listAudit(command.limit);
  if (command.kind === 'feed.add') {
    const resolved = resolveLiveConfig(facts.standing, facts.live);
    const known = resolved.feeds.some((entry) => entry.feed.location === command.url);
    if (!known) facts.feedProbe = await probeFeed(command.url, deps);
  }
  return facts;
}

/** Fetches and parses a feed once, through the same guarded fetcher the pipeline uses. */
async function probeFeed(url: string, deps: CommandDependencies): Promise<FeedProbe> {
  try {
    const fetched = await deps.fetcher.fetch(url, { etag: null, lastModified: null });
    if (fetched.kind !== 'fetched') return { ok: false, error: 'the server answered 304 Not Modified to a first request' };
    const feed = await deps.parseFeed(fetched.body, url);
    return { ok: true, title: feed.title, items: feed.items.length };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

/** Topic or feed ids starting with (or containing) what was typed so far, for Discord's autocomplete; at most 25. */
export function suggestValues(kind: 'topic' | 'feed', typed: string, settingsHolder: SettingsHolder): string[] {
  const settings = settingsHolder.current();
  const ids = kind === 'topic' ? settings.topics.map((topic) => topic.id) : settings.feeds.map((feed) => feed.id);
  const needle = typed.trim().toLowerCase();
  const starts = ids.filter((id) => id.startsWith(needle));
  const contains = ids.filter((id) => !id.startsWith(needle) && id.includes(needle));
  return [...starts.sort(), ...contains.sort()].slice(0, 25);
}

