#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createApp, loadSettings, previewPayload, registerDiscordCommandsFor, type AppOptions } from './app.js';
import { analyzeInput, analyzeJsonLine } from './compose/analyze-input.js';
import { readProcessEnvironment, refuseEnvironmentProblems } from './compose/check-environment.js';
import { briefTopic, renderBriefText } from './compose/brief-topic.js';
import { chatPlatforms } from './compose/chat-platforms.js';
import { describeConfig } from './compose/describe-config.js';
import { describeFailure } from './compose/describe-failure.js';
import { ExitCode, InputError } from './compose/exit-codes.js';
import { findConfigWarnings } from './compose/find-config-warnings.js';
import { formatFeedListing, listFeeds } from './compose/list-feeds.js';
import { pushOffReason } from './compose/create-websub.js';
import { parseSince } from './compose/parse-since.js';
import { readArticleFile } from './compose/read-article-file.js';
import { logFormats, logLevels, resolveLogging, type LogFormat, type LogLevel } from './compose/resolve-logging.js';

// Parsed once, here at start; every command but `config check` refuses a bad variable before doing anything.
const environment = readProcessEnvironment();
const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return parsed;
}

interface GlobalOptions {
  config: string;
  dataDir: string;
  output: 'text' | 'jsonl';
  logLevel?: LogLevel;
  logFormat?: LogFormat;
}

const program = new Command()
  .name('newswatch')
  .description('Watches news feeds for your topics and posts analysed alerts to Slack, Discord or the terminal.')
  .version(version, '-V, --version', 'print the version and exit')
  .option('-c, --config <file>', 'config file (env NEWSWATCH_CONFIG)', environment.configPath)
  .option('-d, --data-dir <dir>', 'state directory (env NEWSWATCH_DATA_DIR)', environment.dataDir)
  .addOption(new Option('-o, --output <format>', 'how console alerts print').choices(['text', 'jsonl']).default('text'))
  .addOption(new Option('--log-level <level>', 'log level, logs go to stderr (env LOG_LEVEL; default info for run and worker, warn for other commands)').choices([...logLevels]))
  .addOption(new Option('--log-format <format>', 'log lines: readable, JSON, or auto: readable when stderr is a terminal (env LOG_FORMAT)').choices([...logFormats]))
  .showHelpAfterError()
  .exitOverride()
  .hook('preAction', (_program, command) => {
    if (!(command.name() === 'check' && command.parent?.name() === 'config')) refuseEnvironmentProblems(environment);
  });

const globals = (): GlobalOptions => program.opts<GlobalOptions>();

/** What every command passes to createApp. Long-running commands log at info by default, one-shot ones at warn. */
function appOptions(kind: 'long-running' | 'one-shot', overrides: Partial<AppOptions> = {}): AppOptions {
  const g = globals();
  const logging = resolveLogging(g, environment, kind);
  return { configPath: g.config, dataDir: g.dataDir, output: g.output, ...logging, environment, stdout: process.stdout, stderr: process.stderr, ...overrides };
}

program
  .command('run')
  .description('poll the feeds on their schedule and alert until stopped (SIGINT/SIGTERM finish the work in hand)')
  .option('--once', 'poll every feed once, process everything, exit (exit code 1 when a feed failed)')
  .option('--fresh', 'use a new, temporary state (nothing seen before; deleted at exit)')
  .action(async (options: { once?: boolean; fresh?: boolean }) => {
    const app = createApp(appOptions('long-running', { fresh: options.fresh === true }));
    if (options.once) {
      // A signal stops taking new work, lets running jobs finish and exits; the next run resumes what is pending.
      let interrupted: NodeJS.Signals | null = null;
      let stopped: Promise<void> | null = null;
      const interrupt = (signal: NodeJS.Signals): void => {
        interrupted = signal;
        stopped ??= app.stop();
      };
      process.once('SIGINT', interrupt);
      process.once('SIGTERM', interrupt);
      const result = await app.runOnce().catch(async (error: unknown) => {
        await app.stop();
        throw error;
      });
      await (stopped ?? app.stop());
      if (interrupted !== null) {
        process.stderr.write(`newswatch: stopped by ${interrupted}; unfinished work resumes on the next run\n`);
        process.exit(interrupted === 'SIGINT' ? 130 : 143);
      }
      for (const failure of result.failed) process.stderr.write(`newswatch: feed ${failure.feedId} failed: ${failure.error}\n`);
      for (const { channelId, count, lastError } of result.undelivered) {
        process.stderr.write(`newswatch: ${count} alert(s) to ${channelId} not delivered: ${lastError}; once fixed: newswatch alerts replay --channel ${channelId}\n`);
      }
      if (result.held > 0) process.stderr.write(`newswatch: ${result.held} alert(s) held for quiet hours; the first run after they end sends them\n`);
      process.stderr.write(`newswatch: polled ${result.polled} feeds, ${result.failed.length} failed\n`);
      process.exitCode = result.failed.length > 0 || result.undelivered.length > 0 ? 1 : 0;
      return;
    }
    let stopping = false;
    const shutdown = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      app.logger.info({ signal }, 'stopping: finishing the work in hand');
      void app.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    await app.start().catch(async (error: unknown) => {
      await app.stop();
      throw error;
    });
    app.logger.info({ feeds: app.settings().feeds.length, topics: app.settings().topics.length }, 'newswatch running');
  });

program
  .command('worker')
  .description('run pipeline workers only, no schedule (with Redis: add as many as the load needs, on any machine)')
  .option('--concurrency <n>', 'jobs of each step this process runs at once', positiveInt, 4)
  .action(async (options: { concurrency: number }) => {
    const app = createApp(appOptions('long-running'));
    if (app.backend !== 'redis') {
      app.logger.warn({}, 'worker without Redis: set REDIS_URL (or queue: redis) so workers share the queue; this process only drains its own');
    }
    let stopping = false;
    const shutdown = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      app.logger.info({ signal }, 'worker stopping: finishing jobs in hand');
      void app.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    await app.start({ scheduler: false, concurrency: options.concurrency }).catch(async (error: unknown) => {
      await app.stop();
      throw error;
    });
    app.logger.info({ concurrency: options.concurrency, backend: app.backend }, 'worker running');
  });

program
  .command('analyze')
  .description('analyse articles without polling: clean text, summary, quotes, topic matches, as JSON')
  .argument('[files...]', 'text or HTML files (a headline-like first line becomes the title)')
  .option('--jsonl', 'read JSON lines {"id", "title"?, "text"?, "html"?, "url"?} on stdin, write one JSON line each')
  .option('--sentences <n>', 'summary length', positiveInt)
  .action(async (files: string[], options: { jsonl?: boolean; sentences?: number }) => {
    if (files.length === 0 && !options.jsonl) throw new InputError(ExitCode.usage, 'analyze: give one or more files, or --jsonl to read JSON lines on stdin');
    // every file is checked before any output, so a bad one does not leave half the results printed
    const articles = files.map(readArticleFile);
    const { settings } = loadSettings(globals().config, environment.variables);
    const sentences = options.sentences ?? settings.summarySentences;
    if (options.jsonl) {
      let line = 0;
      for await (const raw of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
        line += 1;
        const output = analyzeJsonLine(raw, line, settings, sentences);
        if (output !== null) process.stdout.write(`${JSON.stringify(output)}\n`);
      }
      return;
    }
    for (const { id, ...input } of articles) {
      process.stdout.write(`${JSON.stringify(analyzeInput(id, input, settings, sentences), null, 2)}\n`);
    }
  });

const configCommand = program.command('config').description('configuration tools');
configCommand
  .command('check')
  .description('validate a config file and print what it sets up')
  .argument('[file]', 'config file (default: --config)')
  .option('--strict', `exit with code ${ExitCode.configWarnings} when there are warnings`)
  .action(async (file: string | undefined, options: { strict?: boolean }) => {
    const path = file ?? globals().config;
    const { config, settings } = loadSettings(path, environment.variables);
    const warnings = await findConfigWarnings(path, config, settings, environment);
    process.stdout.write(describeConfig(path, settings, warnings.length));
    for (const warning of warnings) process.stderr.write(`newswatch: warning: ${warning}\n`);
    if (options.strict && warnings.length > 0) process.exitCode = ExitCode.configWarnings;
  });

const feedsCommand = program
  .command('feeds')
  .description('list every feed with its last success, last error, next poll and push status')
  .action(async () => {
    const g = globals();
    const { settings } = loadSettings(g.config, environment.variables);
    const app = createApp(appOptions('one-shot', { logLevel: 'silent' }));
    const states = await app.store.listFeedStates();
    const subscriptions = await app.subscriptions.list();
    await app.stop();
    const rows = listFeeds(settings, states, { offReason: pushOffReason(environment), subscriptions, now: new Date() });
    for (const row of rows) process.stdout.write(g.output === 'jsonl' ? `${JSON.stringify(row)}\n` : formatFeedListing(row));
  });
feedsCommand
  .command('resume')
  .description('resume a paused feed: clear its failures and poll it at the next scheduler tick')
  .argument('<id>', 'feed id, as `newswatch feeds` lists it')
  .action(async (feedId: string) => {
    const g = globals();
    const { settings } = loadSettings(g.config, environment.variables);
    if (!settings.feeds.some((feed) => feed.id === feedId)) {
      throw new InputError(ExitCode.usage, `feeds resume: no feed "${feedId}" in ${g.config}; it has ${settings.feeds.map((feed) => feed.id).join(', ') || 'none'}`);
    }
    const app = createApp(appOptions('one-shot', { logLevel: 'silent' }));
    try {
      if ((await app.resumeFeed(feedId)) === 'not-paused') {
        throw new InputError(ExitCode.nothingToDo, `feed ${feedId} is not paused; nothing to resume (\`newswatch feeds\` shows which feeds are paused)`);
      }
      process.stdout.write(`feed ${feedId} resumed; it is polled at the next scheduler tick\n`);
    } finally {
      await app.stop();
    }
  });

program
  .command('preview')
  .description('print the exact chat payload an article would be posted as (JSON; the terminal text for console)')
  .argument('<file>', 'a text or HTML article file')
  .addOption(new Option('--platform <platform>', 'chat platform').choices(chatPlatforms.map((platform) => platform.id)).default('slack'))
  .option('--url <url>', 'the article link to show')
  .option('--source <name>', 'the source to show (default: the file name)')
  .option('--published <time>', 'the publication time to show, ISO 8601 (default: now)')
  .action((file: string, options: { platform: string; url?: string; source?: string; published?: string }) => {
    const published = options.published === undefined ? new Date() : new Date(options.published);
    if (Number.isNaN(published.getTime())) {
      throw new InputError(ExitCode.usage, `--published "${options.published}" is not a time: give an ISO 8601 time such as 2026-01-31T14:10:00Z`);
    }
    const { id, ...input } = readArticleFile(file);
    const { settings } = loadSettings(globals().config, environment.variables);
    const payload = previewPayload(settings, { ...input, source: options.source ?? id, url: options.url ?? null }, options.platform, published);
    process.stdout.write(typeof payload === 'string' ? `${payload}\n` : `${JSON.stringify(payload, null, 2)}\n`);
  });

/** The app for the queue commands, which read Redis: the in-process queue exists only inside a running process. */
function openQueueApp(): ReturnType<typeof createApp> {
  const app = createApp(appOptions('one-shot', { logLevel: 'silent' }));
  if (app.backend === 'redis') return app;
  void app.stop();
  const why = app.config.queue === 'memory' ? 'sets `queue: memory`: set `queue: redis` and REDIS_URL' : 'uses none: set REDIS_URL or `queue: redis`';
  throw new InputError(
    ExitCode.redisRequired,
    `queues reads the shared Redis queues, and ${globals().config} ${why} (without Redis, each newswatch process keeps its queue in its own memory)`,
  );
}

const queuesCommand = program
  .command('queues')
  .description('jobs waiting, active, delayed and failed per queue, with the oldest failures and their reasons')
  .option('--failures <n>', 'failures to show per queue', positiveInt, 5)
  .action(async (options: { failures: number }) => {
    const g = globals();
    const app = openQueueApp();
    try {
      for (const name of ['poll', 'analyze', 'deliver'] as const) {
        const counts = await app.queue.counts(name);
        const failures = await app.queue.failed(name, options.failures);
        if (g.output === 'jsonl') {
          process.stdout.write(`${JSON.stringify({ queue: name, ...counts, failures })}\n`);
          continue;
        }
        process.stdout.write(`${name.padEnd(8)} waiting ${counts.waiting}  active ${counts.active}  delayed ${counts.delayed}  failed ${counts.failed}\n`);
        for (const failure of failures) process.stdout.write(`  ${failure.failedAt}  ${failure.id}  (${failure.attempts} attempts)  ${failure.reason}\n`);
      }
    } finally {
      await app.stop();
    }
  });
queuesCommand
  .command('retry-failed')
  .description('requeue every failed job')
  .action(async () => {
    const app = openQueueApp();
    try {
      for (const name of ['poll', 'analyze', 'deliver'] as const) process.stdout.write(`${name}: ${await app.queue.retryFailed(name)} requeued\n`);
    } finally {
      await app.stop();
    }
  });

const alertsCommand = program.command('alerts').description('the alert log');
alertsCommand
  .command('replay')
  .description('send again the alerts of a channel that failed or are still pending')
  .requiredOption('--channel <id>', 'channel id from the config')
  .option('--since <duration>', 'how far back, e.g. 1h or 2d', '24h')
  .action(async (options: { channel: string; since: string }) => {
    const since = parseSince(options.since, new Date());
    const app = createApp(appOptions('one-shot'));
    if (!app.settings().channels.has(options.channel)) {
      await app.stop();
      throw new InputError(ExitCode.usage, `--channel ${options.channel}: no such channel; the config has ${[...app.settings().channels.keys()].join(', ')}`);
    }
    const count = await app.replayAlerts({ channelId: options.channel, since });
    const failed = await app.store.listDeliveries({ status: 'failed', channelId: options.channel });
    await app.stop();
    process.stderr.write(`newswatch: replayed ${count} alerts to ${options.channel}; ${failed.length} still failed\n`);
    process.exitCode = failed.length > 0 ? 1 : 0;
  });

program
  .command('digest')
  .description("post a digest channel's held alerts now, as its digest_schedule does")
  .requiredOption('--channel <id>', 'a channel with mode: digest')
  .action(async (options: { channel: string }) => {
    const app = createApp(appOptions('one-shot'));
    try {
      const channel = app.settings().channels.get(options.channel);
      if (channel?.mode !== 'digest') {
        const digests = [...app.settings().channels.values()].filter((candidate) => candidate.mode === 'digest').map((candidate) => candidate.id);
        throw new InputError(ExitCode.usage, `--channel ${options.channel}: not a digest channel; the config has ${digests.join(', ') || 'none'}`);
      }
      const count = await app.sendDigest(options.channel);
      process.stderr.write(count > 0 ? `newswatch: digest of ${count} alerts posted to ${options.channel}\n` : `newswatch: nothing held for ${options.channel}\n`);
    } finally {
      await app.stop();
    }
  });

program
  .command('brief')
  .description('the top stories on a topic from the alert log: ranked by outlets, then relevance, then recency')
  .argument('<topic>', 'topic id, as the config or `/topic list` names it')
  .option('--since <duration>', 'how far back, e.g. 6h or 2d', '24h')
  .option('--limit <n>', 'stories to show', positiveInt, 10)
  .option('--json', 'print the brief as JSON')
  .option('--post <channel>', "post the brief to a configured channel instead, as a channel's briefs: schedule does")
  .action(async (topic: string, options: { since: string; limit: number; json?: boolean; post?: string }) => {
    const app = createApp(appOptions('one-shot', { logLevel: 'silent' }));
    try {
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
    } finally {
      await app.stop();
    }
  });

const topicsCommand = program.command('topics').description('topics, including those changed from chat');
topicsCommand
  .command('export')
  .description('write the configuration in force (the YAML with chat changes merged in) as YAML, comments kept')
  .option('--out <file>', 'write to a file instead of stdout')
  .action(async (options: { out?: string }) => {
    const app = createApp(appOptions('one-shot', { logLevel: 'silent' }));
    try {
      const yaml = await app.exportConfig();
      if (options.out) writeFileSync(options.out, yaml);
      else process.stdout.write(yaml);
    } finally {
      await app.stop();
    }
  });

program
  .command('discord')
  .description('Discord tools')
  .command('register-commands')
  .description('register the /topic, /feed and /newswatch application commands with Discord')
  .option('--guild <id>', 'register in one guild (they appear at once) instead of globally')
  .action(async (options: { guild?: string }) => {
    const { config } = loadSettings(globals().config, environment.variables);
    const count = await registerDiscordCommandsFor(config, environment, options.guild);
    process.stderr.write(`newswatch: ${count} commands registered ${options.guild ? `in guild ${options.guild}` : 'globally (they may take up to an hour to appear)'}\n`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // commander printed the message (and the help) already; --help and --version end here with code 0
    process.exit(error.exitCode === 0 ? ExitCode.ok : ExitCode.usage);
  }
  const failure = describeFailure(error);
  process.stderr.write(failure.stderr);
  process.exit(failure.exitCode);
});
