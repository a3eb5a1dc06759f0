import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackCommands, type SlackCommandsOptions } from '../../../src/adapters/chat/slack/slack-commands.js';
import { createHttpServer, type HttpServer } from '../../../src/adapters/http/http-server.js';
import type { CommandRequest, Reply } from '../../../src/core/commands/command.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { isPrivateRequest } from '../../../src/pipeline/run-command.js';
import { startCaptureServer } from './capture-server.js';
import { post, slackCommand, slackReplyText } from './platform-requests.js';

const REPLY: Reply = { ephemeral: false, title: 'Topic stuxnet added by alice', lines: [['Query: ', { code: 'stuxnet' }], ['<!channel> *bold* ', { bold: 'Alerts in: ' }, 'analysts']] };

const claims = (): ((token: string) => Promise<boolean>) => {
  const seen = new Set<string>();
  return async (token) => (seen.has(token) ? false : (seen.add(token), true));
};

describe('Slack slash commands over HTTP (Bolt, signed requests)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function listen(options: Partial<SlackCommandsOptions>): Promise<{ url: string; requests: CommandRequest[] }> {
    const requests: CommandRequest[] = [];
    const commands = createSlackCommands({
      signingSecret: 'test-signing-secret-8f2a1c',
      adminGroups: () => [],
      handle: async (request) => (requests.push(request), REPLY),
      isPrivate: isPrivateRequest,
      claimOnce: claims(),
      logger: silentLogger,
      ...options,
    });
    const http: HttpServer = createHttpServer({ port: 0, host: '127.0.0.1', readiness: [] });
    commands.mount(http.app);
    const { port } = await http.listen();
    cleanup.push(() => http.close(), () => commands.stop());
    return { url: `http://127.0.0.1:${port}/slack/events`, requests };
  }

  it('answers in the acknowledgement when the reply is quick, escaped for mrkdwn', async () => {
    const { url, requests } = await listen({});
    const answer = await post(url, slackCommand({ command: '/topic', text: 'add stuxnet &lt;#C0SEC|sec&gt; a &amp; b', channel_id: 'C0ANALYSTS', channel_name: 'analysts' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ response_type: 'in_channel', text: 'Topic stuxnet added by alice' });
    expect(slackReplyText(answer.body)).toBe('*Topic stuxnet added by alice*\nQuery: `stuxnet`\n&lt;!channel&gt; ∗bold∗ *Alerts in:* analysts');
    expect(requests[0]).toMatchObject({
      root: '/topic',
      text: 'add stuxnet <#C0SEC|sec> a & b',
      actor: { platform: 'slack', userId: 'U0ADMIN', userName: 'alice', facts: ['user:U0ADMIN'] },
      place: { platform: 'slack', channelId: 'C0ANALYSTS', channelName: 'analysts', workspaceId: 'T0TEAM' },
    });
  });

  it('acknowledges slow work within the limit and sends the reply through response_url', async () => {
    const responses = await startCaptureServer();
    cleanup.push(() => responses.close());
    const slow = async (): Promise<Reply> => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      return { ephemeral: true, title: 'Test of stuxnet', lines: [['3 of 120 articles analysed in the last 7 days would have matched.']] };
    };
    const { url } = await listen({ handle: slow, ackWithinMs: 100 });
    const started = Date.now();
    const answer = await post(url, slackCommand({ command: '/topic', text: 'test stuxnet', response_url: `${responses.url}/commands/T0TEAM/42/secret` }));
    expect(Date.now() - started).toBeLessThan(350);
    expect(answer.body).toEqual({ response_type: 'ephemeral', text: 'Working on it…' });
    const followUp = await responses.waitFor((request) => request.path === '/commands/T0TEAM/42/secret');
    expect(followUp.method).toBe('POST');
    expect(followUp.body).toMatchObject({ response_type: 'ephemeral', text: 'Test of stuxnet' });
    expect(slackReplyText(followUp.body)).toContain('3 of 120 articles');
  });

  it('looks up admin user groups only for changes, with the bot token, and caches them', async () => {
    const api = await startCaptureServer();
    cleanup.push(() => api.close());
    api.answer = (request) =>
      request.path === '/api/usergroups.users.list'
        ? { body: (request.body as Record<string, string>)['usergroup'] === 'S0ADMINS' ? { ok: true, users: ['U0GROUPIE'] } : { ok: false, error: 'no_such_subteam' } }
        : { body: { ok: false, error: 'unknown_method' } };
    const { url, requests } = await listen({ botToken: 'xoxb-groups', apiUrl: `${api.url}/api/`, adminGroups: () => ['S0ADMINS', 'S0GONE'] });
    await post(url, slackCommand({ command: '/topic', text: 'list', user_id: 'U0GROUPIE' }));
    expect(api.requests).toHaveLength(0);
    await post(url, slackCommand({ command: '/topic', text: 'remove sanctions', user_id: 'U0GROUPIE' }));
    await post(url, slackCommand({ command: '/topic', text: 'remove sanctions', user_id: 'U0OTHER' }));
    expect(requests.map((request) => request.actor.facts)).toEqual([['user:U0GROUPIE'], ['user:U0GROUPIE', 'group:S0ADMINS'], ['user:U0OTHER']]);
    expect(api.requests.filter((request) => (request.body as Record<string, string>)['usergroup'] === 'S0ADMINS')).toHaveLength(1);
    expect(api.requests[0]?.headers.authorization).toBe('Bearer xoxb-groups');
  });

  it('refuses forged, stale, future-dated and replayed requests with 401 before Bolt sees them', async () => {
    const { url, requests } = await listen({});
    // Read the clock as each request is signed, rounded away from the window: a request signed 301 s ahead must
    // still be 301 s ahead when it is checked, however long the ones before it took.
    const secondsAgo = (seconds: number): number => Math.floor(Date.now() / 1000) - seconds;
    const secondsAhead = (seconds: number): number => Math.ceil(Date.now() / 1000) + seconds;
    expect((await post(url, slackCommand({ command: '/topic', text: 'list' }, { secret: 'wrong' }))).status).toBe(401);
    expect((await post(url, slackCommand({ command: '/topic', text: 'list' }, { timestamp: secondsAgo(301) }))).status).toBe(401);
    expect((await post(url, slackCommand({ command: '/topic', text: 'list' }, { timestamp: secondsAhead(301) }))).status).toBe(401);
    const once = slackCommand({ command: '/topic', text: 'list' });
    expect((await post(url, once)).status).toBe(200);
    expect((await post(url, once)).status).toBe(401);
    expect(requests).toHaveLength(1);
  });
});

describe('Slack slash commands over Socket Mode', () => {
  it('connects with the app token and answers commands through the socket', async () => {
    const sockets = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => sockets.once('listening', () => resolve()));
    const wsUrl = `ws://127.0.0.1:${(sockets.address() as AddressInfo).port}/link`;
    const opened: string[] = [];
    const api = createServer((req, res) => {
      opened.push(`${req.url} ${req.headers.authorization}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, url: wsUrl }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const acks: unknown[] = [];
    let socket: WebSocket | null = null;
    sockets.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => acks.push(JSON.parse(String(data))));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP' } }));
    });
    const requests: CommandRequest[] = [];
    const commands = createSlackCommands({
      appToken: 'xapp-1-test',
      apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}/api/`,
      adminGroups: () => [],
      handle: async (request) => (requests.push(request), REPLY),
      isPrivate: isPrivateRequest,
      claimOnce: claims(),
      logger: silentLogger,
    });
    try {
      await commands.start();
      expect(opened).toEqual(['/api/apps.connections.open Bearer xapp-1-test']);
      const payload = { command: '/topic', text: 'add stuxnet', user_id: 'U0ADMIN', user_name: 'alice', channel_id: 'C0ANALYSTS', channel_name: 'analysts', team_id: 'T0TEAM', response_url: 'https://hooks.slack.com/commands/x', trigger_id: '1' };
      (socket as WebSocket | null)?.send(JSON.stringify({ envelope_id: 'env-1', type: 'slash_commands', accepts_response_payload: true, payload }));
      const deadline = Date.now() + 5_000;
      while (acks.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(acks[0]).toMatchObject({ envelope_id: 'env-1', payload: { response_type: 'in_channel', text: 'Topic stuxnet added by alice' } });
      expect(requests[0]).toMatchObject({ root: '/topic', text: 'add stuxnet', actor: { userId: 'U0ADMIN' } });
    } finally {
      await commands.stop();
      sockets.close();
      api.closeAllConnections();
      api.close();
    }
  });
});
