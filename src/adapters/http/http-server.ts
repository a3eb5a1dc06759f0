import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type Request, type Response } from 'express';

/** One readiness check: a name and a probe that throws when the dependency is unusable. */
export interface ReadinessCheck {
  name: string;
  probe(): Promise<void>;
}

export interface HttpServerOptions {
  port: number;
  host: string;
  readiness: readonly ReadinessCheck[];
  /** Probe time limit: a hung dependency makes the process unready, not the probe hang. */
  probeTimeoutMs?: number;
}

export interface HttpServer {
  /** The Express app, for mounting routes (Slack events, Discord interactions, metrics, admin pages). */
  app: Express;
  listen(): Promise<{ port: number }>;
  close(): Promise<void>;
}

function withTimeout(probe: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    probe.then(
      () => (clearTimeout(timer), resolve()),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}

/**
 * newswatch's one HTTP listener. `/healthz` answers while the process lives; `/readyz` answers 200 only when
 * every readiness check passes (config loaded, store and queue reachable), else 503 with what failed.
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  const timeoutMs = options.probeTimeoutMs ?? 2_000;
  app.get('/healthz', (_req: Request, res: Response) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req: Request, res: Response) => {
    const results = await Promise.all(
      options.readiness.map(async (check) => {
        try {
          await withTimeout(check.probe(), timeoutMs);
          return { name: check.name, ok: true as const };
        } catch (error) {
          return { name: check.name, ok: false as const, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const ready = results.every((result) => result.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unready', checks: results });
  });
  let server: Server | null = null;
  return {
    app,
    listen() {
      return new Promise((resolve, reject) => {
        const listening = app.listen(options.port, options.host, (error?: Error) => {
          if (error) reject(error);
          else resolve({ port: (listening.address() as AddressInfo).port });
        });
        listening.once('error', reject);
        server = listening;
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
