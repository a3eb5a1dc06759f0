import type { Express } from 'express';
import { registerDiscordCommands } from '../adapters/chat/discord/discord-command-definitions.js';
import { createDiscordInteractions, type DiscordInteractions } from '../adapters/chat/discord/discord-interactions.js';
import { createSlackCommands, type SlackCommands } from '../adapters/chat/slack/slack-commands.js';
import { toTopicDefinitions, yamlSurgeRule } from '../config/build-settings.js';
import type { Config } from '../config/config-schema.js';
import type { Environment } from '../config/environment.js';
import type { StandingConfig } from '../core/commands/live-config.js';
import { parseDuration } from '../core/duration.js';
import type { FirstPollPolicy, RuntimeSettings } from '../core/settings.js';
import { isPrivateRequest, runCommand, suggestValues, type CommandDependencies } from '../pipeline/run-command.js';

/** The YAML as the live configuration merges onto it and checks commands against. */
export function buildStandingConfig(config: Config, settings: RuntimeSettings): StandingConfig {
  const topics = toTopicDefinitions(config).map((definition, index) => {
    const yaml = config.topics[index];
    const surge = yaml === undefined ? undefined : yamlSurgeRule(yaml);
    return { ...definition, channels: [...(yaml?.channels ?? [])], ...(surge === undefined ? {} : { surge }) };
  });
  const firstPoll: FirstPollPolicy =
    config.defaults.first_poll === 'all' || config.defaults.first_poll === 'none'
      ? { kind: config.defaults.first_poll }
      : { kind: 'within', withinMs: parseDuration(config.defaults.first_poll) ?? 86_400_000 };
  const slack = config.commands.slack?.admins;
  const discord = config.commands.discord?.admins;
  return {
    settings,
    topics,
    feedDefaults: { intervalMs: parseDuration(config.defaults.interval) ?? 600_000, firstPoll },
    channels: Object.entries(config.channels).map(([id, channel]) => ({
      id,
      platform: channel.type,
      platformChannel: channel.type === 'console' ? null : (channel.channel ?? null),
    })),
    permissions: {
      slack: { users: slack?.users ?? [], groups: slack?.groups ?? [] },
      discord: { roles: discord?.roles ?? [], manageServer: discord?.manage_server ?? false },
    },
  };
}

/** The command receivers the configuration turns on. */
export interface CommandEndpoints {
  /** Mounts the HTTP endpoints (/slack/events, /discord/interactions) that are configured. */
  mount(app: Express): void;
  /** Connects Slack Socket Mode and the Discord gateway when configured. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** What is on, for the log. */
  modes: string[];
}

/**
 * Slack: HTTP at /slack/events with a signing secret, or Socket Mode with an app token (SLACK_APP_TOKEN).
 * Discord: HTTP at /discord/interactions with the public key, or the gateway with a bot token and `gateway: true`.
 * Secrets come from the YAML (as ${ENV} references) or the usual environment variables.
 */
export function createCommandEndpoints(
  config: Config,
  environment: Pick<Environment, 'slack' | 'discord'>,
  deps: CommandDependencies,
  claimOnce: (token: string, ttlMs: number) => Promise<boolean>,
): CommandEndpoints {
  const handle = (request: Parameters<typeof runCommand>[0]) => runCommand(request, deps);
  const slackConfig = config.commands.slack;
  const appToken = slackConfig?.app_token ?? environment.slack.appToken;
  const signingSecret = slackConfig?.signing_secret ?? environment.slack.signingSecret;
  const botToken = slackConfig?.bot_token ?? environment.slack.botToken;
  const slackApi = environment.slack.apiUrl;
  let slack: SlackCommands | null = null;
  if (appToken !== undefined || signingSecret !== undefined) {
    slack = createSlackCommands({
      ...(appToken !== undefined ? { appToken } : { signingSecret: signingSecret as string }),
      ...(botToken !== undefined ? { botToken } : {}),
      ...(slackApi !== undefined ? { apiUrl: slackApi } : {}),
      adminGroups: () => deps.liveSettings.standing().permissions.slack.groups,
      handle,
      isPrivate: isPrivateRequest,
      claimOnce,
      logger: deps.logger,
    });
  }
  const discordConfig = config.commands.discord;
  // both checked: the YAML's by the config schema, the environment's by the environment schema
  const publicKey = discordConfig?.public_key ?? environment.discord.publicKey;
  const discordToken = discordConfig?.bot_token ?? environment.discord.botToken;
  const gateway = discordConfig?.gateway === true && discordToken !== undefined;
  const discordApi = environment.discord.apiUrl;
  let discord: DiscordInteractions | null = null;
  if (publicKey !== undefined || gateway) {
    discord = createDiscordInteractions({
      ...(publicKey !== undefined ? { publicKey } : {}),
      ...(gateway ? { gateway, botToken: discordToken as string } : {}),
      ...(discordApi !== undefined ? { apiUrl: discordApi } : {}),
      handle,
      isPrivate: isPrivateRequest,
      suggest: (kind, typed) => suggestValues(kind, typed, deps.liveSettings),
      claimOnce,
      logger: deps.logger,
    });
  }
  const modes = [
    ...(slack ? [appToken !== undefined ? 'slack socket mode' : 'slack http'] : []),
    ...(publicKey !== undefined ? ['discord http'] : []),
    ...(gateway ? ['discord gateway'] : []),
  ];
  return {
    mount(app) {
      if (slack && appToken === undefined) slack.mount(app);
      if (discord && publicKey !== undefined) discord.mount(app);
    },
    async start() {
      await slack?.start();
      await discord?.start();
    },
    async stop() {
      await slack?.stop();
      await discord?.stop();
    },
    modes,
  };
}

/** `newswatch discord register-commands`: the application id and bot token from the YAML or the environment. */
export async function registerDiscordCommandsFor(config: Config, environment: Pick<Environment, 'discord'>, guildId: string | undefined): Promise<number> {
  const applicationId = config.commands.discord?.application_id ?? environment.discord.applicationId;
  const botToken = config.commands.discord?.bot_token ?? environment.discord.botToken;
  if (applicationId === undefined || botToken === undefined) {
    throw new Error('registering Discord commands needs commands.discord.application_id and bot_token (or DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN)');
  }
  const apiUrl = environment.discord.apiUrl;
  return registerDiscordCommands({ applicationId, botToken, ...(guildId !== undefined ? { guildId } : {}), ...(apiUrl !== undefined ? { apiUrl } : {}) });
}
