import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordInteractions, type DiscordInteractionsOptions } from '../../../src/adapters/chat/discord/discord-interactions.js';
import { createHttpServer } from '../../../src/adapters/http/http-server.js';
import type { CommandRequest, Reply } from '../../../src/core/commands/command.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { isPrivateRequest } from '../../../src/pipeline/run-command.js';
import { runCli } from '../../support/cli.js';
import { startCaptureServer, type CaptureServer } from './capture-server.js';
import { DISCORD_APP_ID, discordCommand, discordKeyPair, discordReplyText, MANAGE_GUILD, post, signDiscord } from './platform-requests.js';

const REPLY: Reply = { ephemeral: true, title: 'Topics (1)', lines: [[{ bold: 'stuxnet' }, ' added by @everyone [x](https://evil.test) ', { code: 'stuxnet' }]] };

const claims = (): ((token: string) => Promise<boolean>) => {
  const seen = new Set<string>();
  return async (token) => (seen.has(token) ? false : (seen.add(token), true));
};

describe('Discord interactions over HTTP', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function listen(options: Partial<DiscordInteractionsOptions>, api?: CaptureServer) {
    const { publicKeyHex, privateKey } = discordKeyPair();
    const requests: CommandRequest[] = [];
    const interactions = createDiscordInteractions({
      publicKey: publicKeyHex,
      ...(api ? { apiUrl: `${api.url}/api` } : {}),
      handle: async (request) => (requests.push(request), REPLY),
      isPrivate: isPrivateRequest,
      suggest: () => [],
      claimOnce: claims(),
      logger: silentLogger,
      ...options,
    });
    const http = createHttpServer({ port: 0, host: '127.0.0.1', readiness: [] });
    interactions.mount(http.app);
    const { port } = await http.listen();
    cleanup.push(() => http.close(), () => interactions.stop());
    return { url: `http://127.0.0.1:${port}/discord/interactions`, requests, privateKey };
  }

  it('reads subcommands, options, roles and permissions, and replies without pings or previews', async () => {
    const { url, requests, privateKey } = await listen({});
    const command = discordCommand('topic', 'route', { name: 'stuxnet', channel: '1300000000000000009' }, { userName: 'bob', roles: ['17', '18'], permissions: MANAGE_GUILD, channelTypes: { channel: 7 } });
    const answer = await post(url, signDiscord(command, privateKey));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      type: 4,
      data: { content: '**Topics (1)**\n**stuxnet** added by @\u200beveryone \\[x\\](https://evil.test) `stuxnet`', flags: 64 | 4, allowed_mentions: { parse: [] } },
    });
    expect(requests[0]).toMatchObject({
      root: 'topic',
      subcommand: 'route',
      options: { name: 'stuxnet', channel: '<#1300000000000000009>' },
      actor: { platform: 'discord', userName: 'bob', facts: ['role:17', 'role:18', 'right:manage-server'] },
      place: { platform: 'discord', channelName: 'ops', workspaceId: '1200000000000000002' },
    });
  });

  it('defers slow work and edits the original response when it is done', async () => {
    const api = await startCaptureServer();
    cleanup.push(() => api.close());
    const slow = async (): Promise<Reply> => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      return { ephemeral: true, title: 'Test of stuxnet', lines: [['2 of 50 articles analysed in the last 7 days would have matched.']] };
    };
    const { url, privateKey } = await listen({ handle: slow, deferAfterMs: 100 }, api);
    const command = discordCommand('topic', 'test', { query: 'stuxnet' }) as { token: string };
    const answer = await post(url, signDiscord(command, privateKey));
    expect(answer.body).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await api.waitFor((request) => request.method === 'PATCH');
    // discord.js encodes the @ of @original, as it does for its own editReply.
    expect(edit.path).toBe(`/api/v10/webhooks/${DISCORD_APP_ID}/${command.token}/messages/%40original`);
    expect(edit.headers.authorization).toBeUndefined();
    expect(discordReplyText({ data: edit.body })).toContain('2 of 50 articles');
  });

  it('refuses bad signatures, stale timestamps and replays with 401', async () => {
    const { url, requests, privateKey } = await listen({});
    const command = discordCommand('topic', 'list');
    const now = Math.floor(Date.now() / 1000);
    expect((await post(url, signDiscord(command, discordKeyPair().privateKey))).status).toBe(401);
    expect((await post(url, signDiscord(command, privateKey, { timestamp: now - 301 }))).status).toBe(401);
    const signed = signDiscord(command, privateKey);
    expect((await post(url, { ...signed, headers: { ...signed.headers, 'x-signature-ed25519': 'zz' } })).status).toBe(401);
    expect((await post(url, signed)).status).toBe(200);
    expect((await post(url, signed)).status).toBe(401);
    expect(requests).toHaveLength(1);
  });
});

describe('Discord over the gateway', () => {
  it('logs in with the bot token, receives interactions over the gateway and answers through the callback route', async () => {
    const gateway = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => gateway.once('listening', () => resolve()));
    const wsUrl = `ws://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    const api = await startCaptureServer();
    api.answer = (request) =>
      request.path.endsWith('/gateway/bot')
        ? { body: { url: wsUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } } }
        : { status: 204 };
    const identified: unknown[] = [];
    const command = discordCommand('topic', 'add', { name: 'stuxnet' }, { roles: ['17'] }) as { id: string; token: string };
    gateway.on('connection', (socket) => {
      socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null }));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { op: number; d: unknown };
        if (message.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        if (message.op !== 2) return;
        identified.push(message.d);
        const ready = { v: 10, user: { id: DISCORD_APP_ID, username: 'newswatch', discriminator: '0', bot: true, avatar: null, global_name: null }, guilds: [], session_id: 's1', resume_gateway_url: wsUrl, shard: [0, 1], application: { id: DISCORD_APP_ID, flags: 0 } };
        socket.send(JSON.stringify({ op: 0, s: 1, t: 'READY', d: ready }));
        setTimeout(() => socket.send(JSON.stringify({ op: 0, s: 2, t: 'INTERACTION_CREATE', d: command })), 50);
      });
    });
    const requests: CommandRequest[] = [];
    const interactions = createDiscordInteractions({
      gateway: true,
      botToken: 'gateway-bot-token',
      apiUrl: `${api.url}/api`,
      handle: async (request) => (requests.push(request), { ephemeral: false, title: 'Topic stuxnet added by bob', lines: [] }),
      isPrivate: isPrivateRequest,
      suggest: () => [],
      claimOnce: claims(),
      logger: silentLogger,
    });
    try {
      await interactions.start();
      const callback = await api.waitFor((request) => request.path === `/api/v10/interactions/${command.id}/${command.token}/callback`);
      expect(callback.body).toEqual({ type: 4, data: { content: '**Topic stuxnet added by bob**', flags: 4, allowed_mentions: { parse: [] } } });
      expect(identified[0]).toMatchObject({ token: 'gateway-bot-token' });
      expect(requests[0]).toMatchObject({ root: 'topic', subcommand: 'add', options: { name: 'stuxnet' }, actor: { facts: ['role:17'] } });
    } finally {
      await interactions.stop();
      gateway.close();
      await api.close();
    }
  });
});

describe('newswatch discord register-commands', () => {
  it('registers /topic, /feed and /newswatch from the command grammar, in a guild or globally', async () => {
    const api = await startCaptureServer();
    api.answer = (request) => ({ body: request.body });
    const dir = mkdtempSync(join(tmpdir(), 'nw-register-'));
    writeFileSync(join(dir, 'c.yaml'), `commands:\n  discord:\n    application_id: "${DISCORD_APP_ID}"\n    bot_token: \${DISCORD_BOT_TOKEN}\n`);
    const env = { DISCORD_API_URL: `${api.url}/api`, DISCORD_BOT_TOKEN: 'register-token' };
    try {
      const guild = await runCli(['--config', join(dir, 'c.yaml'), 'discord', 'register-commands', '--guild', '1200000000000000002'], { env });
      expect(guild.stderr).toContain('3 commands registered in guild 1200000000000000002');
      expect(guild.code).toBe(0);
      const put = api.requests[0];
      expect(put).toMatchObject({ method: 'PUT', path: `/api/v10/applications/${DISCORD_APP_ID}/guilds/1200000000000000002/commands` });
      expect(put?.headers.authorization).toBe('Bot register-token');
      const commands = put?.body as { name: string; options: { name: string; type: number; options: { name: string; type: number; required: boolean; autocomplete?: boolean }[] }[] }[];
      expect(commands.map((command) => command.name)).toEqual(['topic', 'feed', 'newswatch']);
      const topic = commands[0]?.options ?? [];
      expect(topic.map((sub) => sub.name)).toEqual(['add', 'remove', 'list', 'show', 'route', 'mute', 'surge', 'test']);
      expect(topic.every((sub) => sub.type === 1)).toBe(true);
      expect(topic.find((sub) => sub.name === 'add')?.options).toMatchObject([{ name: 'name', type: 3, required: true }, { name: 'query', type: 3, required: false }]);
      expect(topic.find((sub) => sub.name === 'route')?.options).toMatchObject([{ name: 'name', autocomplete: true }, { name: 'channel', type: 7, required: true }]);
      expect(commands[2]?.options.find((sub) => sub.name === 'audit')?.options).toMatchObject([{ name: 'count', type: 4, required: false }]);

      const global = await runCli(['--config', join(dir, 'c.yaml'), 'discord', 'register-commands'], { env });
      expect(global.stderr).toContain('3 commands registered globally');
      expect(api.requests[1]).toMatchObject({ method: 'PUT', path: `/api/v10/applications/${DISCORD_APP_ID}/commands` });

      const missing = await runCli(['--config', join(dir, 'c.yaml'), 'discord', 'register-commands'], { env: { DISCORD_API_URL: env.DISCORD_API_URL, DISCORD_BOT_TOKEN: '' } });
      expect(missing.code).not.toBe(0);
    } finally {
      await api.close();
    }
  });
});
