import type { Express } from 'express';
import { registerDiscordCommands } from '../adapters/chat/discord/discord-command-definitions.js';
import { createDiscordInteractions, type DiscordInteractions } from '../adapters/chat/discord/discord-interactions.js';
import { createSlackCommands, type SlackCommands } from '../adapters/chat/slack/slack-commands.js';
import { toTopicDefinitions } from '../config/build-settings.js';
import type { Config } from '../config/config-schema.js';
import type { StandingConfig } from '../core/commands/live-config.js';
import { parseDuration } from '../core/duration.js';
import type { FirstPollPolicy, RuntimeSettings } from '../core/settings.js';
import { isPrivateRequest, runCommand, suggestValues, type CommandDependencies } from '../pipeline/run-command.js';

/** The YAML as the live configuration merges onto it and checks commands against. */
export function buildStandingConfig(config: Config, settings: RuntimeSettings): StandingConfig {
  const topics = toTopicDefinitions(config).map((definition, index) => ({ ...definition, channels: [...(config.topics[index]?.channels ?? [])] }));
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
  env: NodeJS.ProcessEnv,
  deps: CommandDependencies,
  claimOnce: (token: string, ttlMs: number) => Promise<boolean>,
): CommandEndpoints {
  const pick = (value: string | undefined, name: string): string | undefined => value ?? (env[name] || undefined);
  const handle = (request: Parameters<typeof runCommand>[0]) => runCommand(request, deps);
  const slackConfig = config.commands.slack;
  const appToken = pick(slackConfig?.app_token, 'SLACK_APP_TOKEN');
  const signingSecret = pick(slackConfig?.signing_secret, 'SLACK_SIGNING_SECRET');
  const botToken = pick(slackConfig?.bot_token, 'SLACK_BOT_TOKEN');
  const slackApi = env['SLACK_API_URL'] || undefined;
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
  let publicKey = pick(discordConfig?.public_key, 'DISCORD_PUBLIC_KEY');
  if (publicKey !== undefined && !/^[0-9a-f]{64}$/i.test(publicKey)) {
    // The YAML's value is checked by the schema; this one came from the environment.
    deps.logger.warn({}, 'DISCORD_PUBLIC_KEY is not 64 hex characters; Discord interactions over HTTP stay off');
    publicKey = undefined;
  }
  const discordToken = pick(discordConfig?.bot_token, 'DISCORD_BOT_TOKEN');
  const gateway = discordConfig?.gateway === true && discordToken !== undefined;
  const discordApi = env['DISCORD_API_URL'] || undefined;
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
export async function registerDiscordCommandsFor(config: Config, env: NodeJS.ProcessEnv, guildId: string | undefined): Promise<number> {
  const applicationId = config.commands.discord?.application_id ?? (env['DISCORD_APPLICATION_ID'] || undefined);
  const botToken = config.commands.discord?.bot_token ?? (env['DISCORD_BOT_TOKEN'] || undefined);
  if (applicationId === undefined || botToken === undefined) {
    throw new Error('registering Discord commands needs commands.discord.application_id and bot_token (or DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN)');
  }
  const apiUrl = env['DISCORD_API_URL'] || undefined;
  return registerDiscordCommands({ applicationId, botToken, ...(guildId !== undefined ? { guildId } : {}), ...(apiUrl !== undefined ? { apiUrl } : {}) });
}
