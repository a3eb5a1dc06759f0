import { writeFileSync } from 'node:fs';
import { loadSettings } from '../load-config.js';
import type { App } from '../app.js';
import { briefTopic, renderBriefText } from '../brief-topic.js';
import { createApp } from '../create-app.js';
import { pushOffReason } from '../create-websub.js';
import { ExitCode, InputError } from '../exit-codes.js';
import { formatFeedListing, listFeeds } from '../list-feeds.js';
import { parseSince } from '../parse-since.js';
import { appOptions, type CommandContext } from './command-context.js';

/** A one-shot app, stopped once `use` is done with it, whatever the outcome. */
async function withApp<T>(context: CommandContext, logLevel: 'silent' | null, use: (app: App) => Promise<T>): Promise<T> {
  const app = createApp(appOptions(context, 'one-shot', logLevel === null ? {} : { logLevel }));
  try {
    return await use(app);
  } finally {
    await app.stop();
  }
}

/** `feeds`: every feed with its last success, last error, next poll and push status. */
export async function feedsCommand(context: CommandContext): Promise<void> {
  const { globals, environment } = context;
  const { settings } = loadSettings(globals.config, environment.variables);
  const { states, subscriptions } = await withApp(context, 'silent', async (app) => ({ states: await app.store.listFeedStates(), subscriptions: await app.subscriptions.list() }));
  const rows = listFeeds(settings, states, { offReason: pushOffReason(environment), subscriptions, now: new Date() });
  for (const row of rows) process.stdout.write(globals.output === 'jsonl' ? `${JSON.stringify(row)}\n` : formatFeedListing(row));
}

/** `feeds resume`: clears a paused feed's failures so the next tick polls it. */
export async function resumeFeedCommand(context: CommandContext, feedId: string): Promise<void> {
  const { globals, environment } = context;
  const { settings } = loadSettings(globals.config, environment.variables);
  if (!settings.feeds.some((feed) => feed.id === feedId)) {
    throw new InputError(ExitCode.usage, `feeds resume: no feed "${feedId}" in ${globals.config}; it has ${settings.feeds.map((feed) => feed.id).join(', ') || 'none'}`);
  }
  await withApp(context, 'silent', async (app) => {
    if ((await app.resumeFeed(feedId)) === 'not-paused') {
      throw new InputError(ExitCode.nothingToDo, `feed ${feedId} is not paused; nothing to resume (\`newswatch feeds\` shows which feeds are paused)`);
    }
    process.stdout.write(`feed ${feedId} resumed; it is polled at the next scheduler tick\n`);
  });
}

/** `alerts replay`: sends again a channel's failed or pending alerts; 1 when some still failed. */
export async function replayCommand(context: CommandContext, options: { channel: string; since: string }): Promise<void> {
  const since = parseSince(options.since, new Date());
  const app = createApp(appOptions(context, 'one-shot'));
  if (!app.settings().channels.has(options.channel)) {
    await app.stop();
    throw new InputError(ExitCode.usage, `--channel ${options.channel}: no such channel; the config has ${[...app.settings().channels.keys()].join(', ')}`);
  }
  const count = await app.replayAlerts({ channelId: options.channel, since });
  const failed = await app.store.listDeliveries({ status: 'failed', channelId: options.channel });
  await app.stop();
  process.stderr.write(`newswatch: replayed ${count} alerts to ${options.channel}; ${failed.length} still failed\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

/** `digest`: posts a digest channel's held alerts now. */
export async function digestCommand(context: CommandContext, options: { channel: string }): Promise<void> {
  await withApp(context, null, async (app) => {
    const channel = app.settings().channels.get(options.channel);
    if (channel?.mode !== 'digest') {
      const digests = [...app.settings().channels.values()].filter((candidate) => candidate.mode === 'digest').map((candidate) => candidate.id);
      throw new InputError(ExitCode.usage, `--channel ${options.channel}: not a digest channel; the config has ${digests.join(', ') || 'none'}`);
    }
    const count = await app.sendDigest(options.channel);
    process.stderr.write(count > 0 ? `newswatch: digest of ${count} alerts posted to ${options.channel}\n` : `newswatch: nothing held for ${options.channel}\n`);
  });
}

/** `brief`: a topic's top stories from the alert log, printed, or posted to a channel with `post`. */
export async function briefCommand(context: CommandContext, topic: string, options: { since: string; limit: number; json?: boolean; post?: string }): Promise<void> {
  await withApp(context, 'silent', async (app) => {
    const brief = await briefTopic(app.store, app.settings().topics, { topic, since: options.since, limit: options.limit, now: new Date() });
    if (options.post !== undefined) {
      if (!app.settings().channels.has(options.post)) {
        throw new InputError(ExitCode.usage, `--post ${options.post}: no such channel; the config has ${[...app.settings().channels.keys()].join(', ')}`);
      }
      const sinceMs = Date.parse(brief.until) - Date.parse(brief.since);
      const stories = await app.postBrief(options.post, { topicId: topic, sinceMs, sinceText: options.since });
      process.stderr.write(`newswatch: brief of ${stories} ${stories === 1 ? 'story' : 'stories'} on ${topic} posted to ${options.post}\n`);
      return;
    }
    process.stdout.write(options.json ? `${JSON.stringify(brief, null, 2)}\n` : `${renderBriefText(brief, Number.MAX_SAFE_INTEGER)}\n`);
  });
}

/** `topics export`: the configuration in force as YAML, to stdout or a file. */
export async function exportCommand(context: CommandContext, options: { out?: string }): Promise<void> {
  await withApp(context, 'silent', async (app) => {
    const yaml = await app.exportConfig();
    if (options.out) writeFileSync(options.out, yaml);
    else process.stdout.write(yaml);
  });
}
