/**
 * A newswatch with slash commands on, and everything it talks to on 127.0.0.1: a feed server, the Slack and
 * Discord Web APIs (driven by the real client libraries), and its own HTTP listener receiving signed commands.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { KeyObject } from 'node:crypto';
import type { App } from '../../../src/compose/app.js';
import { createApp } from '../../../src/compose/create-app.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import { startFakeDiscordApi, type FakeDiscordApi } from '../../support/fake-discord-api.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { rssFeed, startFeedServer, type FeedServer, type TestItem } from '../../support/feed-server.js';
import { discordCommand, discordKeyPair, MANAGE_GUILD, post, signDiscord, SLACK_SIGNING_SECRET, slackCommand, type SlackCommandFields } from './platform-requests.js';

export const SLACK_ANALYSTS = 'C0ANALYSTS';
export const SLACK_SECURITY = 'C0SECURITY';
export const DISCORD_OPS = '1300000000000000003';
export const DISCORD_ADMIN_ROLE = '1700000000000000006';

/** The YAML: a wire feed, Slack channels analysts and security, Discord ops, console as admin channel. */
export function commandsConfig(feedUrl: string, extra = '', allowPrivate = true): string {
  return `# newswatch test configuration
defaults:
  allow_private_addresses: ${allowPrivate}
  teaser_words: 0
  first_poll: all

feeds:
  - url: ${feedUrl}
    id: wire   # the wire service

channels:
  console: { type: console }
  analysts:
    type: slack
    token: xoxb-test-token
    channel: ${SLACK_ANALYSTS}
  security:
    type: slack
    token: xoxb-test-token
    channel: ${SLACK_SECURITY}
  ops:
    type: discord
    token: discord-test-token
    channel: "${DISCORD_OPS}"

topics:
  # sanctions stay on the analysts' desk
  - id: sanctions
    name: Sanctions
    query: sanction*
    channels: [analysts]

admin_channel: console

commands:
  slack:
    signing_secret: \${SLACK_SIGNING_SECRET}
    admins: { users: [U0ADMIN] }
  discord:
    application_id: "1100000000000000001"
    public_key: \${DISCORD_PUBLIC_KEY}
    admins: { roles: ["${DISCORD_ADMIN_ROLE}"], manage_server: true }
${extra}`;
}

export interface Harness {
  dir: string;
  configPath: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  feeds: FeedServer;
  slackApi: FakeSlackApi;
  discordApi: FakeDiscordApi;
  discordKey: KeyObject;
  /** What the console sink printed (alerts and admin notices), as JSON lines. */
  printed: () => { type: string; text?: string; title?: string }[];
  /** Serves these items on /wire.xml (and other paths through `feeds.route`). */
  serve(items: TestItem[], path?: string): void;
  start(): Promise<App>;
  app(): App;
  stop(): Promise<void>;
  slack(text: string, fields?: Partial<SlackCommandFields>): Promise<{ status: number; body: unknown; text: string }>;
  discord(root: string, sub: string, options?: Record<string, string | number>, who?: Parameters<typeof discordCommand>[3]): Promise<{ status: number; body: unknown; text: string }>;
  /** Bodies posted to a Slack channel through chat.postMessage, as JSON text. */
  slackPosts(channel: string): string[];
  discordPosts(channel: string): string[];
  close(): Promise<void>;
}

/** Starts the servers and writes the config; `start` then runs newswatch with its HTTP listener. */
export async function createHarness(extraYaml = '', options: { allowPrivate?: boolean } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-commands-'));
  const feeds = await startFeedServer();
  const slackApi = await startFakeSlackApi();
  const discordApi = await startFakeDiscordApi();
  const { publicKeyHex, privateKey } = discordKeyPair();
  const configPath = join(dir, 'newswatch.yaml');
  writeFileSync(configPath, commandsConfig(`${feeds.url}/wire.xml`, extraYaml, options.allowPrivate ?? true));
  const env: NodeJS.ProcessEnv = {
    PORT: '0',
    HOST: '127.0.0.1',
    SLACK_API_URL: slackApi.url,
    DISCORD_API_URL: discordApi.url,
    SLACK_SIGNING_SECRET,
    DISCORD_PUBLIC_KEY: publicKeyHex,
  };
  let output = '';
  let app: App | null = null;
  const harness: Harness = {
    dir,
    configPath,
    dataDir: join(dir, 'data'),
    env,
    feeds,
    slackApi,
    discordApi,
    discordKey: privateKey,
    printed: () => output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { type: string }),
    serve(items, path = '/wire.xml') {
      feeds.route(path, { body: rssFeed('Wire', items) });
    },
    async start() {
      const stdout = new PassThrough();
      stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      app = createApp({ configPath, dataDir: harness.dataDir, output: 'jsonl', logLevel: 'silent', environment: parseEnvironment(env), stdout, stderr: new PassThrough() });
      await app.start();
      // The first poll runs at start; let it finish so tests begin from a quiet state.
      await app.queue.drain();
      return app;
    },
    app() {
      if (!app) throw new Error('newswatch is not running');
      return app;
    },
    async stop() {
      await app?.stop();
      app = null;
    },
    slack(text, fields = {}) {
      const [command = '/topic', ...rest] = text.split(' ');
      return post(`http://127.0.0.1:${harness.app().httpPort()}/slack/events`, slackCommand({ channel_id: SLACK_ANALYSTS, channel_name: 'analysts', ...fields, command, text: rest.join(' ') }));
    },
    discord(root, sub, options = {}, who = { roles: [DISCORD_ADMIN_ROLE] }) {
      return post(`http://127.0.0.1:${harness.app().httpPort()}/discord/interactions`, signDiscord(discordCommand(root, sub, options, who), privateKey));
    },
    slackPosts: (channel) =>
      slackApi.requests.filter((request) => request.method === 'chat.postMessage' && request.body['channel'] === channel).map((request) => JSON.stringify(request.body)),
    discordPosts: (channel) =>
      discordApi.requests.filter((request) => request.route === 'createMessage' && request.channel === channel).map((request) => JSON.stringify(request.body)),
    async close() {
      await harness.stop();
      await Promise.all([feeds.close(), slackApi.close(), discordApi.close()]);
    },
  };
  return harness;
}

/** A wire item with a fresh guid. */
export function wireItem(id: string, title: string, body: string): TestItem {
  return { guid: id, title, link: `https://wire.example.test/${id}`, pubDate: new Date().toUTCString(), html: `<p>${body}</p>` };
}

export { MANAGE_GUILD };
