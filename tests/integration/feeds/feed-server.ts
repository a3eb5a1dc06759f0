import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (request: IncomingMessage, response: ServerResponse) => void;

export interface SeenRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

export interface FeedServer {
  origin: string;
  port: number;
  url(path: string): string;
  requests: SeenRequest[];
  /** Requests in flight right now and the most there ever were at once. */
  concurrency: { current: number; max: number };
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (port chosen by the OS) that answers from a table of routes. */
export async function startFeedServer(routes: Record<string, Route>, host = '127.0.0.1'): Promise<FeedServer> {
  const requests: SeenRequest[] = [];
  const concurrency = { current: 0, max: 0 };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    requests.push({ path, headers: request.headers });
    concurrency.current += 1;
    concurrency.max = Math.max(concurrency.max, concurrency.current);
    response.on('close', () => {
      concurrency.current -= 1;
    });
    const route = routes[path];
    if (route) route(request, response);
    else response.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return {
    origin,
    port,
    url: (path) => `${origin}${path}`,
    requests,
    concurrency,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
