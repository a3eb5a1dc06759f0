#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { chatPlatforms } from './compose/chat-platforms.js';
import { readProcessEnvironment, refuseEnvironmentProblems } from './compose/check-environment.js';
import type { CommandContext, GlobalOptions } from './compose/cli/command-context.js';
import { analyzeCommand, checkConfigCommand, previewCommand, registerDiscordCommand } from './compose/cli/file-commands.js';
import { queuesCommand, retryFailedCommand } from './compose/cli/queue-commands.js';
import { runCommand, runOnceCommand, workerCommand } from './compose/cli/run-commands.js';
import { briefCommand, digestCommand, exportCommand, feedsCommand, replayCommand, resumeFeedCommand } from './compose/cli/state-commands.js';
import { describeFailure } from './compose/describe-failure.js';
import { ExitCode } from './compose/exit-codes.js';
import { logFormats, logLevels } from './compose/resolve-logging.js';

// Parsed once, here at start; every command but `config check` refuses a bad variable before doing anything.
const environment = readProcessEnvironment();
const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return parsed;
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

/** The global options as parsed, with the environment: what every command runs with. */
const context = (): CommandContext => ({ globals: program.opts<GlobalOptions>(), environment });

program
  .command('run')
  .description('poll the feeds on their schedule and alert until stopped (SIGINT/SIGTERM finish the work in hand)')
  .option('--once', 'poll every feed once, process everything, exit (exit code 1 when a feed failed)')
  .option('--fresh', 'use a new, temporary state (nothing seen before; deleted at exit)')
  .action((options: { once?: boolean; fresh?: boolean }) => (options.once ? runOnceCommand : runCommand)(context(), { fresh: options.fresh === true }));

program
  .command('worker')
  .description('run pipeline workers only, no schedule (with Redis: add as many as the load needs, on any machine)')
  .option('--concurrency <n>', 'jobs of each step this process runs at once', positiveInt, 4)
  .action((options: { concurrency: number }) => workerCommand(context(), options));

program
  .command('analyze')
  .description('analyse articles without polling: clean text, summary, quotes, topic matches, as JSON')
  .argument('[files...]', 'text or HTML files (a headline-like first line becomes the title)')
  .option('--jsonl', 'read JSON lines {"id", "title"?, "text"?, "html"?, "url"?} on stdin, write one JSON line each')
  .option('--sentences <n>', 'summary length', positiveInt)
  .action((files: string[], options: { jsonl?: boolean; sentences?: number }) => analyzeCommand(context(), files, options));

const configCommand = program.command('config').description('configuration tools');
configCommand
  .command('check')
  .description('validate a config file and print what it sets up')
  .argument('[file]', 'config file (default: --config)')
  .option('--strict', `exit with code ${ExitCode.configWarnings} when there are warnings`)
  .action((file: string | undefined, options: { strict?: boolean }) => checkConfigCommand(context(), file, options));

const feedsCommandLine = program
  .command('feeds')
  .description('list every feed with its last success, last error, next poll and push status')
  .action(() => feedsCommand(context()));
feedsCommandLine
  .command('resume')
  .description('resume a paused feed: clear its failures and poll it at the next scheduler tick')
  .argument('<id>', 'feed id, as `newswatch feeds` lists it')
  .action((feedId: string) => resumeFeedCommand(context(), feedId));

program
  .command('preview')
  .description('print the exact chat payload an article would be posted as (JSON; the terminal text for console)')
  .argument('<file>', 'a text or HTML article file')
  .addOption(new Option('--platform <platform>', 'chat platform').choices(chatPlatforms.map((platform) => platform.id)).default('slack'))
  .option('--url <url>', 'the article link to show')
  .option('--source <name>', 'the source to show (default: the file name)')
  .option('--published <time>', 'the publication time to show, ISO 8601 (default: now)')
  .action((file: string, options: { platform: string; url?: string; source?: string; published?: string }) => previewCommand(context(), file, options));

const queuesCommandLine = program
  .command('queues')
  .description('jobs waiting, active, delayed and failed per queue, with the oldest failures and their reasons')
  .option('--failures <n>', 'failures to show per queue', positiveInt, 5)
  .action((options: { failures: number }) => queuesCommand(context(), options));
queuesCommandLine
  .command('retry-failed')
  .description('requeue every failed job')
  .action(() => retryFailedCommand(context()));

const alertsCommandLine = program.command('alerts').description('the alert log');
alertsCommandLine
  .command('replay')
  .description('send again the alerts of a channel that failed or are still pending')
  .requiredOption('--channel <id>', 'channel id from the config')
  .option('--since <duration>', 'how far back, e.g. 1h or 2d', '24h')
  .action((options: { channel: string; since: string }) => replayCommand(context(), options));

program
  .command('digest')
  .description("post a digest channel's held alerts now, as its digest_schedule does")
  .requiredOption('--channel <id>', 'a channel with mode: digest')
  .action((options: { channel: string }) => digestCommand(context(), options));

program
  .command('brief')
  .description('the top stories on a topic from the alert log: ranked by outlets, then relevance, then recency')
  .argument('<topic>', 'topic id, as the config or `/topic list` names it')
  .option('--since <duration>', 'how far back, e.g. 6h or 2d', '24h')
  .option('--limit <n>', 'stories to show', positiveInt, 10)
  .option('--json', 'print the brief as JSON')
  .option('--post <channel>', "post the brief to a configured channel instead, as a channel's briefs: schedule does")
  .action((topic: string, options: { since: string; limit: number; json?: boolean; post?: string }) => briefCommand(context(), topic, options));

const topicsCommandLine = program.command('topics').description('topics, including those changed from chat');
topicsCommandLine
  .command('export')
  .description('write the configuration in force (the YAML with chat changes merged in) as YAML, comments kept')
  .option('--out <file>', 'write to a file instead of stdout')
  .action((options: { out?: string }) => exportCommand(context(), options));

program
  .command('discord')
  .description('Discord tools')
  .command('register-commands')
  .description('register the /topic, /feed and /newswatch application commands with Discord')
  .option('--guild <id>', 'register in one guild (they appear at once) instead of globally')
  .action((options: { guild?: string }) => registerDiscordCommand(context(), options));

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // commander printed the message (and the help) already; --help and --version end here with code 0
    process.exit(error.exitCode === 0 ? ExitCode.ok : ExitCode.usage);
  }
  const failure = describeFailure(error);
  process.stderr.write(failure.stderr);
  process.exit(failure.exitCode);
});
