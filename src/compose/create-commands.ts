import type { Express } from 'express';
import { registerDiscordCommands } from '../adapters/chat/discord/discord-command-definitions.js';
import type { DiscordCommandsConfig } from '../adapters/chat/discord/discord-config.js';
import type { ChatPlatform, CommandReceiver } from '../adapters/chat/shared/chat-platform.js';
import type { Config } from '../config/config-schema.js';
import type { Environment } from '../config/environment.js';
import { isPrivateRequest, runCommand, suggestValues, type CommandDependencies } from '../pipeline/run-command.js';
import { chatPlatforms } from './chat-platforms.js';

/** The command receivers the configuration turns on. */
export interface CommandEndpoints {
  /** Mounts the HTTP endpoints (/slack/events, /discord/interactions) that are configured. */
  mount(app: Express): void;
  /** Opens the connections of receivers that have their own (Slack Socket Mode, the Discord gateway). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** What is on, for the log. */
  modes: string[];
}

/** Each platform with slash commands gets the receiver its `commands.<id>` block and the environment turn on. */
export function createCommandEndpoints(
  config: Config,
  environment: Environment,
  deps: CommandDependencies,
  claimOnce: (token: string, ttlMs: number) => Promise<boolean>,
  platforms: readonly ChatPlatform[] = chatPlatforms,
): CommandEndpoints {
  const receivers: CommandReceiver[] = [];
  for (const platform of platforms) {
    if (!platform.capabilities.slashCommands || platform.createReceiver === undefined) continue;
    const receiver = platform.createReceiver(config.commands[platform.id], {
      environment,
      handle: (request) => runCommand(request, deps),
      isPrivate: isPrivateRequest,
      suggest: (kind, typed) => suggestValues(kind, typed, deps.settingsHolder),
      claimOnce,
      admitting: () => deps.settingsHolder.standing().platforms[platform.id]?.admins?.admitting ?? [],
      logger: deps.logger,
    });
    if (receiver !== null) receivers.push(receiver);
  }
  return {
    mount(app) {
      for (const receiver of receivers) receiver.mount(app);
    },
    async start() {
      for (const receiver of receivers) await receiver.start();
    },
    async stop() {
      for (const receiver of receivers) await receiver.stop();
    },
    modes: receivers.flatMap((receiver) => receiver.modes),
  };
}

/** `newswatch discord register-commands`: the application id and bot token from the YAML or the environment. */
export async function registerDiscordCommandsFor(config: Config, environment: Pick<Environment, 'discord'>, guildId: string | undefined): Promise<number> {
  const discord = config.commands['discord'] as DiscordCommandsConfig | undefined;
  const applicationId = discord?.application_id ?? environment.discord.applicationId;
  const botToken = discord?.bot_token ?? environment.discord.botToken;
  if (applicationId === undefined || botToken === undefined) {
    throw new Error('registering Discord commands needs commands.discord.application_id and bot_token (or DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN)');
  }
  const apiUrl = environment.discord.apiUrl;
  return registerDiscordCommands({ applicationId, botToken, ...(guildId !== undefined ? { guildId } : {}), ...(apiUrl !== undefined ? { apiUrl } : {}) });
}
