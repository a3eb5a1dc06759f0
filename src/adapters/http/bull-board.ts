import { createHmac, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Cluster, Redis } from 'ioredis';

/** Where the admin pages live on the HTTP listener. */
export const ADMIN_QUEUES_PATH = '/admin/queues';
const COOKIE = 'newswatch_admin';

export interface AdminQueuesOptions {
  /** The token requests must carry; null or empty turns the pages off (404). */
  token: string | null;
  /** The BullMQ queues to show; null in memory mode, where there are none (404 saying so). */
  bullmq: {
    /** Opens the board's own connection, one that fails fast while Redis is down. */
    openConnection: () => Redis | Cluster;
    prefix: string;
    queueNames: readonly string[];
  } | null;
}

export interface AdminQueues {
  /** Whether Bull Board is being served (Redis mode with a token). */
  enabled: boolean;
  /** Closes the board's own Redis connection. */
  close(): Promise<void>;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

/**
 * Lets a request through when it carries the token: `Authorization: Bearer <token>`, or the session cookie. A
 * `?token=` link sets that cookie (derived from the token, HttpOnly, this path only) and redirects to the same
 * page without the token, so the browser's later requests for the UI's scripts and API calls are let through.
 */
function requireToken(token: string): (req: Request, res: Response, next: NextFunction) => void {
  // The cookie holds a value derived from the token, never the token; rotating the token ends every session.
  const session = createHmac('sha256', token).update('newswatch admin session').digest('base64url');
  return (req, res, next) => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== undefined && sameSecret(bearer, token)) return next();
    const url = new URL(req.originalUrl, 'http://admin.invalid');
    const fromLink = url.searchParams.get('token');
    if (fromLink !== null && sameSecret(fromLink, token)) {
      url.searchParams.delete('token');
      res.cookie(COOKIE, session, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: ADMIN_QUEUES_PATH });
      res.redirect(303, `${url.pathname}${url.search}`);
      return;
    }
    const cookie = readCookie(req.headers.cookie, COOKIE);
    if (cookie !== null && sameSecret(cookie, session)) return next();
    res
      .status(401)
      .set('WWW-Authenticate', 'Bearer realm="newswatch admin"')
      .json({ error: 'the admin pages need the token from admin.token: send "Authorization: Bearer <token>" or open ?token=<token> once' });
  };
}

/**
 * Mounts Bull Board (the BullMQ queues: waiting, active, delayed, failed jobs, with retry) at /admin/queues on
 * newswatch's HTTP listener, behind the configured token. Without a token, or in memory mode (the in-process
 * queue has no BullMQ queues), the path answers 404 saying why. The board reads Redis on a connection of its own
 * that fails fast while Redis is down, so a page load never hangs the listener.
 */
export function mountAdminQueues(app: Express, options: AdminQueuesOptions): AdminQueues {
  const notHere = (reason: string) => (_req: Request, res: Response) => void res.status(404).json({ error: reason });
  if (options.bullmq === null) {
    app.use(ADMIN_QUEUES_PATH, notHere('the queue dashboard needs the Redis backend (set REDIS_URL, or queue: redis); the in-process queue has no BullMQ queues to show'));
    return { enabled: false, close: async () => undefined };
  }
  if (!options.token) {
    app.use(ADMIN_QUEUES_PATH, notHere('the queue dashboard is off: set admin.token in the config (e.g. token: ${NEWSWATCH_ADMIN_TOKEN}) to turn it on'));
    return { enabled: false, close: async () => undefined };
  }
  const { prefix, queueNames } = options.bullmq;
  const connection = options.bullmq.openConnection();
  connection.on('error', () => undefined); // reconnects by itself; the board shows the error meanwhile
  const queues = queueNames.map((name) => new Queue(name, { connection, prefix }));
  for (const queue of queues) queue.on('error', () => undefined);
  const serverAdapter = new ExpressAdapter().setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter, options: { uiConfig: { boardTitle: 'newswatch' } } });
  app.use(ADMIN_QUEUES_PATH, requireToken(options.token), serverAdapter.getRouter());
  return {
    enabled: true,
    async close() {
      await Promise.all(queues.map((queue) => queue.close().catch(() => undefined)));
      connection.disconnect();
    },
  };
}
