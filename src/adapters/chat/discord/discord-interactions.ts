import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  Client,
  GatewayDispatchEvents,
  GatewayIntentBits,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  REST,
  Routes,
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type APIInteractionResponse,
} from 'discord.js';
import express, { type Express, type Request, type Response } from 'express';
import type { CommandRequest, Reply } from '../../../core/commands/command.js';
import { COMMAND_GRAMMAR } from '../../../core/commands/command-grammar.js';
import { rootOf } from '../../../core/commands/parse-command.js';
import { describeError } from '../../../core/errors.js';
import type { Logger } from '../../../ports/logger.js';
import { renderDiscordReply } from './render-discord-reply.js';

export interface DiscordInteractionsOptions {
  /** The application's public key (hex), for POST /discord/interactions. */
  publicKey?: string;
  /** A bot token: with `gateway`, interactions arrive over the gateway instead of HTTP. */
  botToken?: string;
  gateway?: boolean;
  /** REST base (DISCORD_API_URL), for a proxy or a local test server. */
  apiUrl?: string;
  handle: (request: CommandRequest) => Promise<Reply>;
  /** Whether a request's reply is for the caller only, known before running it. */
  isPrivate: (request: CommandRequest) => boolean;
  /** Completions for a topic or feed name being typed. */
  suggest: (kind: 'topic' | 'feed', typed: string) => string[];
  /** Claims a token once across every process (replay protection); false when already claimed. */
  claimOnce: (token: string, ttlMs: number) => Promise<boolean>;
  /** Replies that take longer are deferred and sent as an edit of the original response (default 2,000 ms). */
  deferAfterMs?: number;
  logger: Logger;
}

export interface DiscordInteractions {
  /** Mounts POST /discord/interactions on the HTTP listener. */
  mount(app: Express): void;
  /** Logs in to the gateway when configured; nothing to do for HTTP interactions. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

type Answer = { response: APIInteractionResponse; followUp: Promise<Reply> | null; token: string; applicationId: string };

const MAX_SKEW_SECONDS = 300;
/** The fact of a caller with Manage Server (or Administrator) where the command was typed. */
export const MANAGE_SERVER = 'right:manage-server';

/** The Ed25519 public key Discord gives as 64 hex characters. */
export function discordPublicKey(hex: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
}

/**
 * Discord application commands, over HTTP interactions or the gateway. HTTP requests are checked first: the
 * Ed25519 signature of timestamp and body (node:crypto), the timestamp within five minutes, and each signature
 * accepted once; anything else gets 401. PING is answered, autocomplete offers topic and feed names, and a
 * command not answered within the limit is deferred and its reply sent as an edit of the original response.
 */
export function createDiscordInteractions(options: DiscordInteractionsOptions): DiscordInteractions {
  const deferAfterMs = options.deferAfterMs ?? 2_000;
  const rest = new REST({ api: options.apiUrl ?? 'https://discord.com/api', version: '10' });
  let client: Client | null = null;

  const sendFollowUp = async (answer: Answer): Promise<void> => {
    if (!answer.followUp) return;
    try {
      const reply = await answer.followUp;
      await rest.patch(Routes.webhookMessage(answer.applicationId, answer.token, '@original'), { body: renderDiscordReply(reply).data, auth: false });
    } catch (error) {
      options.logger.warn({ err: describeError(error) }, 'Discord deferred reply failed');
    }
  };

  const answer = async (interaction: APIInteraction): Promise<Answer> => {
    const base = { followUp: null, token: interaction.token, applicationId: interaction.application_id };
    if (interaction.type === InteractionType.Ping) return { ...base, response: { type: InteractionResponseType.Pong } };
    if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
      const choices = autocomplete(interaction.data.name, interaction.data.options ?? [], options.suggest);
      return { ...base, response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } } };
    }
    if (interaction.type !== InteractionType.ApplicationCommand || !('options' in interaction.data) || rootOf(interaction.data.name) === null) {
      return { ...base, response: renderDiscordReply({ ephemeral: true, title: 'newswatch does not handle that interaction', lines: [] }) };
    }
    const request = toCommandRequest(interaction, interaction.data.name, interaction.data.options ?? []);
    const work = options.handle(request);
    const quick = await Promise.race([work, delay(deferAfterMs).then(() => null)]);
    if (quick !== null) return { ...base, response: renderDiscordReply(quick) };
    const data = options.isPrivate(request) ? { flags: MessageFlags.Ephemeral } : {};
    return { ...base, response: { type: InteractionResponseType.DeferredChannelMessageWithSource, data }, followUp: work };
  };

  return {
    mount(app) {
      if (!options.publicKey) throw new Error('Discord interactions over HTTP need the application public key (commands.discord.public_key)');
      const key = discordPublicKey(options.publicKey);
      app.post('/discord/interactions', express.raw({ type: () => true, limit: '1mb' }), (req: Request, res: Response) => {
        void (async () => {
          const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const refusal = await checkRequest(req, raw, key, options.claimOnce);
          if (refusal !== null) {
            options.logger.warn({ reason: refusal, ip: req.ip }, 'Discord interaction refused');
            res.status(401).send(refusal);
            return;
          }
          const result = await answer(JSON.parse(raw.toString('utf8')) as APIInteraction);
          res.json(result.response);
          void sendFollowUp(result);
        })().catch((error: unknown) => {
          options.logger.error({ err: describeError(error) }, 'Discord interaction failed');
          if (!res.headersSent) res.status(400).send('bad request');
        });
      });
    },
    async start() {
      if (!options.gateway || !options.botToken || client) return;
      client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: options.apiUrl ?? 'https://discord.com/api' } });
      const gatewayClient = client;
      // Raw interactions, so the gateway and HTTP paths share one handler and one response format.
      gatewayClient.ws.on(GatewayDispatchEvents.InteractionCreate, (interaction: APIInteraction) => {
        void answer(interaction)
          .then(async (result) => {
            await gatewayClient.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: result.response, auth: false });
            await sendFollowUp(result);
          })
          .catch((error: unknown) => options.logger.error({ err: describeError(error) }, 'Discord interaction failed'));
      });
      await gatewayClient.login(options.botToken);
      options.logger.info({}, 'Discord commands connected over the gateway');
    },
    async stop() {
      await client?.destroy();
      client = null;
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}

/** Why a request is refused, or null when it is genuine and new. */
async function checkRequest(req: Request, raw: Buffer, key: KeyObject, claimOnce: DiscordInteractionsOptions['claimOnce']): Promise<string | null> {
  const signature = req.header('x-signature-ed25519') ?? '';
  const timestamp = req.header('x-signature-timestamp') ?? '';
  if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d+$/.test(timestamp)) return 'missing or malformed signature';
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return 'stale timestamp';
  if (!verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), raw]), key, Buffer.from(signature, 'hex'))) return 'bad signature';
  if (!(await claimOnce(`discord-request:${signature.toLowerCase()}`, 2 * MAX_SKEW_SECONDS * 1000))) return 'replayed request';
  return null;
}

function toCommandRequest(interaction: APIInteraction, root: string, data: readonly APIApplicationCommandInteractionDataOption[]): CommandRequest {
  const sub = data.find((option) => option.type === ApplicationCommandOptionType.Subcommand);
  const values: Record<string, string> = {};
  const nested = sub && 'options' in sub ? (sub.options ?? []) : [];
  for (const option of nested) {
    if (!('value' in option)) continue;
    values[option.name] = option.type === ApplicationCommandOptionType.Channel ? `<#${String(option.value)}>` : String(option.value);
  }
  const member = interaction.member;
  const user = member?.user ?? interaction.user;
  const permissions = BigInt(member?.permissions ?? '0');
  const has = (flag: bigint): boolean => (permissions & flag) === flag;
  const channel = interaction.channel as { name?: string | null } | undefined;
  return {
    root,
    subcommand: sub?.name ?? null,
    options: values,
    actor: {
      platform: 'discord',
      userId: user?.id ?? 'unknown',
      userName: member?.nick ?? user?.global_name ?? user?.username ?? 'unknown',
      facts: [
        ...(member?.roles ?? []).map((role) => `role:${role}`),
        ...(has(PermissionFlagsBits.ManageGuild) || has(PermissionFlagsBits.Administrator) ? [MANAGE_SERVER] : []),
      ],
    },
    place: { platform: 'discord', channelId: interaction.channel?.id ?? interaction.channel_id ?? 'unknown', channelName: channel?.name ?? null, workspaceId: interaction.guild_id ?? null },
  };
}

function autocomplete(root: string, data: readonly APIApplicationCommandInteractionDataOption[], suggest: DiscordInteractionsOptions['suggest']) {
  const sub = data.find((option) => option.type === ApplicationCommandOptionType.Subcommand);
  const focused = (sub && 'options' in sub ? (sub.options ?? []) : []).find((option) => 'focused' in option && option.focused === true);
  const spec = COMMAND_GRAMMAR.find((candidate) => candidate.root === rootOf(root) && candidate.name === sub?.name);
  const kind = spec?.params.find((param) => param.name === focused?.name)?.autocomplete ?? null;
  if (!focused || kind === null || !('value' in focused)) return [];
  return suggest(kind, String(focused.value)).map((value) => ({ name: value, value }));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
