import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../../src/compose/app.js';
import { createApp } from '../../../src/compose/create-app.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import { freePort } from '../../support/free-port.js';
import { startFeedServer, type FeedServer, type TestItem } from '../../support/feed-server.js';
import { feedWithHub, startWebSubHub, type HubOptions, type WebSubHub } from '../../support/websub-hub.js';
import { capture, cyberItem, writeConfig, type LogLine, type Printed } from '../operations/harness.js';
import { parseMetrics } from '../../support/prometheus-text.js';

export { feedWithHub, freePort };

/** A matching item published now, so the bench and the tests can tell it from the feed's older items. */
export const freshItem = (n: number): TestItem => cyberItem(n, { pubDate: new Date().toUTCString() });

export interface PushRig {
  dir: string;
  configPath: string;
  dataDir: string;
  feeds: FeedServer;
  hub: WebSubHub;
  app: App;
  port: number;
  publicUrl: string;
  /** The feed's address, which is also its topic. */
  topic: string;
  callback: string;
  items: TestItem[];
  /** Serves `items` from the feed (what a poll sees) and returns the body, for the hub to push. */
  publishToFeed(items: readonly TestItem[]): string;
  alerts(): Printed[];
  logs(): LogLine[];
  /** Starts the app again on the same data, port and PUBLIC_URL (a restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface RigOptions extends HubOptions {
  /** PUBLIC_URL is set unless false. */
  push?: boolean;
  redisUrl?: string;
  redisPrefix?: string;
}

/**
 * A feed that advertises a local hub, and newswatch running on it with a 1 s scheduler tick and a 2 s poll
 * interval, PUBLIC_URL naming its own listener, alerts printed as JSON lines.
 */
export async function startPushRig(options: RigOptions = {}): Promise<PushRig> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-websub-'));
  const feeds = await startFeedServer();
  const hub = await startWebSubHub(options);
  const topic = `${feeds.url}/wire.xml`;
  let body = feedWithHub('Wire', [cyberItem(1)], hub.url, topic);
  feeds.route('/wire.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body));
  const configPath = writeConfig(dir, [{ id: 'wire', url: topic, interval: '2s', first_poll: 'none' }]);
  appendFileSync(configPath, 'scheduler:\n  tick: 1s\n');
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const out = capture();
  const err = capture();
  const dataDir = join(dir, 'data');
  const environment = parseEnvironment({
    PORT: String(port),
    HOST: '127.0.0.1',
    ...(options.push === false ? {} : { PUBLIC_URL: publicUrl }),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl, NEWSWATCH_REDIS_PREFIX: options.redisPrefix ?? 'newswatch' } : {}),
  });
  const make = (): App => createApp({ configPath, dataDir, output: 'jsonl', logLevel: 'info', environment, stdout: out.stream, stderr: err.stream });
  const lines = <T>(text: string): T[] => text.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as T);
  const rig: PushRig = {
    dir,
    configPath,
    dataDir,
    feeds,
    hub,
    app: make(),
    port,
    publicUrl,
    topic,
    callback: `${publicUrl}/websub/wire`,
    items: [cyberItem(1)],
    publishToFeed(items) {
      rig.items = [...items];
      body = feedWithHub('Wire', items, hub.url, topic);
      return body;
    },
    alerts: () => lines<Printed>(out.text()).filter((line) => line.type === 'alert'),
    logs: () => lines<LogLine>(err.text()),
    async restart() {
      await rig.app.stop();
      rig.app = make();
      await rig.app.start();
    },
    async stop() {
      await rig.app.stop();
      await Promise.all([feeds.close(), hub.close()]);
    },
  };
  await rig.app.start();
  return rig;
}

/** The listener's /metrics as `name{labels}` → value. */
export async function scrapeMetrics(port: number): Promise<Map<string, number>> {
  return parseMetrics(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
}
