/**
 * Requests exactly as Slack and Discord send them: Slack's form-encoded slash-command bodies signed with
 * X-Slack-Signature / X-Slack-Request-Timestamp from a test signing secret, and Discord's JSON interactions signed
 * with Ed25519 (X-Signature-Ed25519 / X-Signature-Timestamp) by a test key pair made with node:crypto.
 */
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export const SLACK_SIGNING_SECRET = 'test-signing-secret-8f2a1c';

export interface SlackCommandFields {
  command: string;
  text: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  response_url?: string;
}

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

let triggers = 0;

/** A slash command body as Slack posts it, signed; `timestamp` (seconds) defaults to now. */
export function slackCommand(fields: SlackCommandFields, options: { secret?: string; timestamp?: number } = {}): SignedRequest {
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.team_id ?? 'T0TEAM',
    team_domain: 'newsroom',
    channel_id: fields.channel_id ?? 'C0GENERAL',
    channel_name: fields.channel_name ?? 'general',
    user_id: fields.user_id ?? 'U0ADMIN',
    user_name: fields.user_name ?? 'alice',
    command: fields.command,
    text: fields.text,
    api_app_id: 'A0APP',
    is_enterprise_install: 'false',
    response_url: fields.response_url ?? 'https://hooks.slack.com/commands/T0TEAM/1/abc',
    // Slack's trigger ids are unique, so two commands never share a body (or a signature).
    trigger_id: `${Date.now()}.${++triggers}.${Math.random().toString(16).slice(2, 10)}`,
  }).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.secret ?? SLACK_SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) },
  };
}

/** A test application key pair: the public key as the 64 hex characters Discord shows, the private key to sign. */
export function discordKeyPair(): { publicKeyHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { publicKeyHex: Buffer.from(jwk.x ?? '', 'base64url').toString('hex'), privateKey };
}

/** An interaction body signed as Discord signs it: Ed25519 over timestamp + body. */
export function signDiscord(interaction: object, privateKey: KeyObject, options: { timestamp?: number } = {}): SignedRequest {
  const body = JSON.stringify(interaction);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
  return { body, headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp } };
}

export const DISCORD_APP_ID = '1100000000000000001';
export const DISCORD_GUILD = '1200000000000000002';
export const MANAGE_GUILD = 1n << 5n;

let sequence = 0;

/** A chat-input command interaction for `/root sub option:value…` as Discord delivers it. */
export function discordCommand(
  root: string,
  sub: string,
  options: Record<string, string | number> = {},
  who: { userId?: string; userName?: string; roles?: string[]; permissions?: bigint; channelId?: string; channelTypes?: Record<string, number> } = {},
): object {
  sequence += 1;
  const channelId = who.channelId ?? '1300000000000000003';
  return {
    type: 2,
    id: `14000000000000${String(sequence).padStart(5, '0')}`,
    application_id: DISCORD_APP_ID,
    token: `interaction-token-${sequence}`,
    version: 1,
    guild_id: DISCORD_GUILD,
    channel_id: channelId,
    channel: { id: channelId, type: 0, name: 'ops' },
    locale: 'en-US',
    guild_locale: 'en-US',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: { '0': DISCORD_GUILD },
    context: 0,
    member: {
      user: { id: who.userId ?? '1500000000000000004', username: who.userName ?? 'bob', global_name: who.userName ?? 'bob', discriminator: '0' },
      roles: who.roles ?? [],
      permissions: String(who.permissions ?? 0n),
      nick: null,
      joined_at: '2024-01-01T00:00:00.000Z',
    },
    data: {
      id: '1600000000000000005',
      name: root,
      type: 1,
      options: [
        {
          type: 1,
          name: sub,
          options: Object.entries(options).map(([name, value]) => ({ name, type: who.channelTypes?.[name] ?? (typeof value === 'number' ? 4 : 3), value })),
        },
      ],
    },
  };
}

/** Posts a signed request to the listener; resolves with the status and the parsed (or raw) answer. */
export async function post(url: string, request: SignedRequest, extraHeaders: Record<string, string> = {}): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: { ...request.headers, ...extraHeaders }, body: request.body });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, text };
}

/** The text of a Slack reply's blocks (or its text), for assertions. */
export function slackReplyText(body: unknown): string {
  const reply = body as { text?: string; blocks?: { text?: { text?: string } }[] };
  return (reply.blocks ?? []).map((block) => block.text?.text ?? '').join('\n') || (reply.text ?? '');
}

/** The content of a Discord interaction response. */
export function discordReplyText(body: unknown): string {
  return (body as { data?: { content?: string } }).data?.content ?? '';
}
