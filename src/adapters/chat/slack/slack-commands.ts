import { App, ExpressReceiver, LogLevel, SocketModeReceiver, verifySlackRequest, type Logger as BoltLogger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { CommandRequest, Reply } from '../../../core/commands/command.js';
import { rootOf } from '../../../core/commands/parse-command.js';
import { describeError } from '../../../core/errors.js';
import type { Logger } from '../../../ports/logger.js';
import { renderSlackReply } from './render-slack-reply.js';

export interface SlackCommandsOptions {
  /** Verifies requests to POST /slack/events (HTTP mode). */
  signingSecret?: string;
  /** An app-level token (xapp-…): commands arrive over Socket Mode instead of HTTP. */
  appToken?: string;
  /** The bot token, for looking up who is in the admin user groups. */
  botToken?: string;
  /** Web API base (SLACK_API_URL), for a proxy or a local test server. */
  apiUrl?: string;
  /** The admin user groups the YAML names; membership is looked up only for them. */
  adminGroups: () => readonly string[];
  handle: (request: CommandRequest) => Promise<Reply>;
  /** Whether a request's reply is for the caller only, known before running it. */
  isPrivate: (request: CommandRequest) => boolean;
  /** Claims a token once across every process (replay protection); false when already claimed. */
  claimOnce: (token: string, ttlMs: number) => Promise<boolean>;
  /** Replies that take longer are acknowledged at once and sent through response_url (default 2,000 ms). */
  ackWithinMs?: number;
  logger: Logger;
}

export interface SlackCommands {
  /** Mounts POST /slack/events on the HTTP listener (HTTP mode). */
  mount(app: Express): void;
  /** Connects over Socket Mode when an app token is set; nothing to do in HTTP mode. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Slack's window for a request's timestamp, either way. */
const MAX_SKEW_SECONDS = 300;
const GROUP_CACHE_MS = 60_000;

/**
 * Slack slash commands through Bolt. Over HTTP every request is checked before Bolt sees it: the timestamp
 * within five minutes either way, the v0 signature from the signing secret, and each signature accepted once
 * (a replay gets 401 as a forgery does). Commands are acknowledged within three seconds: a reply ready by then
 * goes in the acknowledgement, a slower one follows through response_url.
 */
export function createSlackCommands(options: SlackCommandsOptions): SlackCommands {
  const ackWithinMs = options.ackWithinMs ?? 2_000;
  const boltLogger = toBoltLogger(options.logger);
  const clientOptions = { ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}), logLevel: LogLevel.ERROR };
  const directory = options.botToken ? new WebClient(options.botToken, { ...clientOptions, retryConfig: { retries: 1 } }) : null;
  const groupCache = new Map<string, { users: Set<string>; until: number }>();
  let socketApp: App | null = null;

  const groupsOf = async (userId: string): Promise<string[]> => {
    const groups = options.adminGroups();
    if (groups.length === 0 || directory === null) return [];
    const member: string[] = [];
    for (const group of groups) {
      let cached = groupCache.get(group);
      if (!cached || cached.until < Date.now()) {
        try {
          const result = await directory.usergroups.users.list({ usergroup: group });
          cached = { users: new Set(result.users ?? []), until: Date.now() + GROUP_CACHE_MS };
          groupCache.set(group, cached);
        } catch (error) {
          options.logger.warn({ group, err: describeError(error) }, 'Slack user group not readable (needs usergroups:read)');
          continue;
        }
      }
      if (cached.users.has(userId)) member.push(group);
    }
    return member;
  };

  const register = (app: App): void => {
    app.command(/^\/.+/, async ({ command, ack, respond }) => {
      if (rootOf(command.command) === null) {
        await ack({ response_type: 'ephemeral', text: `newswatch does not know ${command.command}; try /newswatch help` });
        return;
      }
      const request: CommandRequest = {
        root: command.command,
        text: decodeSlackText(command.text ?? ''),
        actor: { platform: 'slack', userId: command.user_id, userName: command.user_name, facts: [`user:${command.user_id}`] },
        place: { platform: 'slack', channelId: command.channel_id, channelName: command.channel_name ?? null, workspaceId: command.team_id ?? null },
      };
      const work = (async () => {
        // the admin groups the caller is in, looked up only for a change
        if (!options.isPrivate(request)) request.actor.facts.push(...(await groupsOf(command.user_id)).map((group) => `group:${group}`));
        return options.handle(request);
      })();
      const quick = await Promise.race([work, delay(ackWithinMs).then(() => null)]);
      if (quick !== null) {
        await ack(renderSlackReply(quick));
        return;
      }
      await ack({ response_type: 'ephemeral', text: 'Working on it…' });
      try {
        await respond(renderSlackReply(await work));
      } catch (error) {
        options.logger.warn({ command: command.command, err: describeError(error) }, 'Slack reply through response_url failed');
      }
    });
  };

  return {
    mount(app) {
      if (!options.signingSecret) throw new Error('Slack commands over HTTP need a signing secret (commands.slack.signing_secret)');
      const signingSecret = options.signingSecret;
      const router = express.Router();
      router.post('/slack/events', express.raw({ type: () => true, limit: '1mb' }), (req, res, next) => {
        void checkRequest(req, res, next, signingSecret, options).catch(next);
      });
      const receiver = new ExpressReceiver({ signingSecret, endpoints: '/slack/events', router, app, logger: boltLogger });
      register(new App({ receiver, authorize: async () => (options.botToken ? { botToken: options.botToken } : {}), logger: boltLogger }));
    },
    async start() {
      if (!options.appToken || socketApp) return;
      const receiver = new SocketModeReceiver({ appToken: options.appToken, logger: boltLogger, installerOptions: { clientOptions } });
      socketApp = new App({ socketMode: true, receiver, authorize: async () => (options.botToken ? { botToken: options.botToken } : {}), logger: boltLogger });
      register(socketApp);
      await socketApp.start();
      options.logger.info({}, 'Slack commands connected over Socket Mode');
    },
    async stop() {
      await socketApp?.stop().catch(() => undefined);
      socketApp = null;
    },
  };
}

/** Rule 1: timestamp within five minutes; rule 2: signature; rule 3: never the same signature twice. */
async function checkRequest(req: Request, res: Response, next: NextFunction, signingSecret: string, options: SlackCommandsOptions): Promise<void> {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const timestamp = Number(req.header('x-slack-request-timestamp'));
  const signature = req.header('x-slack-signature') ?? '';
  const refuse = (reason: string): void => {
    options.logger.warn({ reason, ip: req.ip }, 'Slack request refused');
    res.status(401).send(reason);
  };
  if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > MAX_SKEW_SECONDS) return refuse('stale or missing timestamp');
  try {
    verifySlackRequest({ signingSecret, body: raw.toString('utf8'), headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } });
  } catch {
    return refuse('bad signature');
  }
  if (!(await options.claimOnce(`slack-request:${signature}`, 2 * MAX_SKEW_SECONDS * 1000))) return refuse('replayed request');
  // Bolt reads the raw body from here and verifies it again.
  (req as Request & { rawBody?: Buffer }).rawBody = raw;
  next();
}

/** Slack escapes &, < and > in command text; channel and link references keep their angle brackets. */
function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Bolt's chatter goes to the debug level of newswatch's log; its warnings and errors stay visible. */
function toBoltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.DEBUG;
  const text = (parts: unknown[]): string => parts.map((part) => (typeof part === 'string' ? part : describeError(part))).join(' ');
  return {
    debug: (...parts) => logger.debug({ lib: 'bolt' }, text(parts)),
    info: (...parts) => logger.debug({ lib: 'bolt' }, text(parts)),
    warn: (...parts) => logger.warn({ lib: 'bolt' }, text(parts)),
    error: (...parts) => logger.error({ lib: 'bolt' }, text(parts)),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}
