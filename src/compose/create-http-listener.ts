import { mountAdminQueues, type AdminQueues } from '../adapters/http/bull-board.js';
import { createHttpServer, type HttpServer } from '../adapters/http/http-server.js';
import { mountMetricsRoute, type PrometheusMetrics } from '../adapters/http/prometheus-metrics.js';
import type { Environment } from '../config/environment.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { StateStore } from '../ports/state-store.js';
import { listenAddress } from './check-environment.js';
import type { Backend } from './create-backend.js';
import type { CommandEndpoints } from './create-commands.js';
import type { WebSubParts } from './create-websub.js';

interface ListenerParts {
  environment: Environment;
  settings: () => RuntimeSettings;
  store: StateStore;
  queue: JobQueue;
  adminToken: string | null;
  bullmq: Backend['bullmq'];
  metrics: PrometheusMetrics;
  commands: CommandEndpoints;
  webSub: WebSubParts;
}

/** The HTTP listener: health and readiness, /metrics, the queue admin pages, chat commands and the WebSub callback. */
export function createHttpListener(parts: ListenerParts): { open(): Promise<number>; close(): Promise<void> } {
  let http: HttpServer | null = null;
  let adminQueues: AdminQueues | null = null;
  return {
    async open() {
      const { port, host } = listenAddress(parts.environment);
      const { store, queue } = parts;
      http = createHttpServer({
        port,
        host,
        readiness: [
          { name: 'config', probe: async () => void parts.settings().feeds },
          { name: 'store', probe: async () => void (await store.getFeedState('readiness-probe')) },
          { name: 'queue', probe: async () => void (await queue.counts('poll')) },
        ],
      });
      adminQueues = mountAdminQueues(http.app, { token: parts.adminToken, bullmq: parts.bullmq });
      parts.metrics.collectProcessMetrics();
      mountMetricsRoute(http.app, parts.metrics);
      parts.commands.mount(http.app);
      parts.webSub.mount(http.app);
      return (await http.listen()).port;
    },
    async close() {
      await http?.close();
      await adminQueues?.close();
    },
  };
}
