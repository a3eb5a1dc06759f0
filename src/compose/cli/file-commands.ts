import { createInterface } from 'node:readline';
import { loadSettings } from '../load-config.js';
import { analyzeInput, analyzeJsonLine } from '../analyze-input.js';
import { registerDiscordCommandsFor } from '../create-commands.js';
import { describeConfig } from '../describe-config.js';
import { ExitCode, InputError } from '../exit-codes.js';
import { findConfigWarnings } from '../find-config-warnings.js';
import { previewPayload } from '../preview-payload.js';
import { readArticleFile } from '../read-article-file.js';
import type { CommandContext } from './command-context.js';

// The commands that read the config file and articles but no state.

/** `analyze`: the analysis of article files, or of JSON lines on stdin with `jsonl`, as JSON. */
export async function analyzeCommand(context: CommandContext, files: string[], options: { jsonl?: boolean; sentences?: number }): Promise<void> {
  if (files.length === 0 && !options.jsonl) throw new InputError(ExitCode.usage, 'analyze: give one or more files, or --jsonl to read JSON lines on stdin');
  // every file is checked before any output, so a bad one does not leave half the results printed
  const articles = files.map(readArticleFile);
  const { settings } = loadSettings(context.globals.config, context.environment.variables);
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
}

/** `config check`: validates a config file and prints what it sets up; with `strict`, warnings fail it. */
export async function checkConfigCommand(context: CommandContext, file: string | undefined, options: { strict?: boolean }): Promise<void> {
  const path = file ?? context.globals.config;
  const { config, settings } = loadSettings(path, context.environment.variables);
  const warnings = await findConfigWarnings(path, config, settings, context.environment);
  process.stdout.write(describeConfig(path, settings, warnings.length));
  for (const warning of warnings) process.stderr.write(`newswatch: warning: ${warning}\n`);
  if (options.strict && warnings.length > 0) process.exitCode = ExitCode.configWarnings;
}

/** `preview`: the exact chat payload an article file would be posted as. */
export function previewCommand(
  context: CommandContext,
  file: string,
  options: { platform: string; url?: string; source?: string; published?: string },
): void {
  const published = options.published === undefined ? new Date() : new Date(options.published);
  if (Number.isNaN(published.getTime())) {
    throw new InputError(ExitCode.usage, `--published "${options.published}" is not a time: give an ISO 8601 time such as 2026-01-31T14:10:00Z`);
  }
  const { id, ...input } = readArticleFile(file);
  const { settings } = loadSettings(context.globals.config, context.environment.variables);
  const payload = previewPayload(settings, { ...input, source: options.source ?? id, url: options.url ?? null }, options.platform, published);
  process.stdout.write(typeof payload === 'string' ? `${payload}\n` : `${JSON.stringify(payload, null, 2)}\n`);
}

/** `discord register-commands`: registers the application commands, in one guild or globally. */
export async function registerDiscordCommand(context: CommandContext, options: { guild?: string }): Promise<void> {
  const { config } = loadSettings(context.globals.config, context.environment.variables);
  const count = await registerDiscordCommandsFor(config, context.environment, options.guild);
  process.stderr.write(`newswatch: ${count} commands registered ${options.guild ? `in guild ${options.guild}` : 'globally (they may take up to an hour to appear)'}\n`);
}
