import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * A local HTTP server on 127.0.0.1 that records every request and answers through `answer` (default 200 `{}`):
 * Slack's response_url, Discord's interaction webhooks and command registration, a Slack API method or two.
 */
export interface CaptureServer {
  url: string;
  requests: CapturedRequest[];
  answer: (request: CapturedRequest) => { status?: number; body?: unknown };
  /** Resolves once a request matching `test` arrived (or after `timeoutMs` with an error). */
  waitFor(test: (request: CapturedRequest) => boolean, timeoutMs?: number): Promise<CapturedRequest>;
  close(): Promise<void>;
}

export async function startCaptureServer(): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const waiters: { test: (request: CapturedRequest) => boolean; resolve: (request: CapturedRequest) => void }[] = [];
  const capture: Omit<CaptureServer, 'url' | 'close'> & { url: string; close(): Promise<void> } = {
    url: '',
    requests,
    answer: () => ({}),
    waitFor(test, timeoutMs = 5_000) {
      const found = requests.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching request within ${timeoutMs} ms; got ${JSON.stringify(requests.map((r) => `${r.method} ${r.path}`))}`)), timeoutMs);
        waiters.push({ test, resolve: (request) => (clearTimeout(timer), resolve(request)) });
      });
    },
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      if ((req.headers['content-type'] ?? '').includes('json')) body = raw === '' ? {} : JSON.parse(raw);
      else if ((req.headers['content-type'] ?? '').includes('form')) body = Object.fromEntries(new URLSearchParams(raw));
      const request: CapturedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', headers: req.headers, body };
      requests.push(request);
      const answer = capture.answer(request);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body ?? {}));
      for (const waiter of waiters.splice(0)) {
        if (waiter.test(request)) waiter.resolve(request);
        else waiters.push(waiter);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  capture.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  capture.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return capture;
}
