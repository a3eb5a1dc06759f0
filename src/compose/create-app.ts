import { parseFeed } from '../adapters/feeds/parse-feed.js';
import { scheduleCron } from '../adapters/schedule/cron-scheduler.js';
import { buildStandingConfig } from '../config/build-settings.js';
import { openConfigFile } from '../config/watch-config-file.js';
import { systemClock } from '../ports/clock.js';
import { createConfigApplier } from '../pipeline/apply-config.js';
import { createHousekeeping } from '../pipeline/housekeeping.js';
import { settingInForce } from '../core/settings/runtime-settings.js';
import { createSettingsHolder } from '../pipeline/runtime-settings.js';
import { createPendingSweeper, inQuietHours } from '../pipeline/pipeline.js';
import { createRuntime } from '../pipeline/runtime.js';
import { createTimedJobs } from '../pipeline/timed-jobs.js';
import type { App, AppOptions } from './app.js';
import { configSchemaOf, platformReading, platformRestartOnlySettings } from './chat-platforms.js';
import { refuseEnvironmentProblems } from './check-environment.js';
import { createCommandEndpoints } from './create-commands.js';
import { createHttpListener } from './create-http-listener.js';
import { createLogger } from './create-logger.js';
import { createPipelineDependencies } from './create-pipeline-dependencies.js';
import { createSinks } from './create-sinks.js';
import { createWebSub, pushOffReason } from './create-websub.js';
import { exportConfigInForce } from './export-merged-config.js';
import { loadSettings } from './load-config.js';
import { openBackend } from './open-backend.js';
import { refuseIdleConfig } from './refuse-idle-config.js';
import { prepareSinkChanges } from './reload-sinks.js';

/** The composition root: the only place that picks adapters and wires them to the pipeline. */
export function createApp(options: AppOptions): App {
  const { configPath, environment } = options;
  refuseEnvironmentProblems(environment);
  const { config, settings: initial } = loadSettings(configPath, environment.variables);
  const clock = options.clock ?? systemClock;
  const logger = createLogger({ level: options.logLevel, format: options.logFormat ?? 'auto', stream: options.stderr });
  // Redis keys expire by the retention in force when written; read through the holder, made just below
  const backend = openBackend(config, options, logger, () => settingInForce(settingsHolder.current(), 'retention'));
  const { store, queue, subscriptions } = backend;
  // The YAML with chat's topics, feeds, mutes and routes merged on, refreshed from the store every 2 s.
  const platforms = platformReading();
  const settingsHolder = createSettingsHolder(backend.live, buildStandingConfig(config, initial, platforms), logger);
  const settings = settingsHolder.current;
  const sinkOptions = { ...options, budgets: backend.budgets };
  const sinks = createSinks(config, sinkOptions, logger);
  const { deps, fetcher, metrics } = createPipelineDependencies({ configPath, backend, sinks, settings, clock, logger });
  const webSub = createWebSub({ environment, subscriptions, store, queue, clock, logger, metrics, settings });
  const claimOnce = (token: string, ttlMs: number) => store.claimOnce(token, ttlMs, clock.now());
  const commands = createCommandEndpoints(config, environment, { live: backend.live, settingsHolder, store, queue, fetcher, parseFeed, clock, logger }, claimOnce);
  const sweeper = createPendingSweeper(store, queue, { isHeld: inQuietHours(clock, settings) });
  const housekeeping = createHousekeeping({ store, clock, settings });
  const sharedQueue = backend.kind === 'redis';
  const timed = createTimedJobs({ schedule: scheduleCron, pipeline: deps, sweeper, housekeeping, maintainWebSub: () => webSub.maintain(), sharedQueue });
  // each new snapshot (a YAML edit, a chat change) may move the tick, a digest or a brief
  settingsHolder.subscribe(() => timed.reschedule());
  const runtime = createRuntime({
    pipeline: deps,
    settingsHolder,
    sweeper,
    timed,
    sharedQueue,
    onReconnect: backend.onReconnect,
    listener: createHttpListener({ environment, settings, store, queue, adminToken: config.admin.token ?? null, bullmq: backend.bullmq, metrics, commands, webSub }),
    workerListens: environment.port !== undefined,
    commands,
    webSub: { deps: webSub.deps, offReason: pushOffReason(environment), publicUrl: environment.publicUrl },
    refuseIdle: () => refuseIdleConfig(configPath, settingsHolder),
    configFile: openConfigFile(configPath, environment.variables, configSchemaOf()),
    applyConfig: createConfigApplier({
      configPath,
      startedWith: config,
      platformRestartOnly: platformRestartOnlySettings(),
      backend: backend.kind,
      sinks,
      standing: (yaml, resolved) => buildStandingConfig(yaml, resolved, platforms),
      settingsHolder,
      logger,
      prepareSinkChanges: (running, edited) => prepareSinkChanges(running, edited, sinkOptions, logger),
    }),
    async release() {
      for (const sink of sinks.values()) await sink.close?.();
      for (const part of [fetcher, webSub, backend]) await part.close();
    },
  });
  return { ...runtime, config, settings, store, subscriptions, queue, logger, backend: backend.kind, exportConfig: () => exportConfigInForce(configPath, settingsHolder) };
}
