import type { Config } from '../config/config-schema.js';
import type { ConfigReading } from '../config/load-settings.js';
import { findRestartOnlyChanges, type RestartOnlySetting } from '../config/restart-only-settings.js';
import type { StandingConfig } from '../core/settings/standing-config.js';
import { describeError } from '../core/errors.js';
import { quoteInNotice } from '../core/notice-text.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { ChatSink } from '../ports/chat-sink.js';
import type { Logger } from '../ports/logger.js';
import type { SettingsHolder } from './runtime-settings.js';

/** Sinks built for an edited YAML, to be put in force once the rest of the reload succeeded. */
export interface SinkChanges {
  /** Channel ids whose sink is new or rebuilt. */
  changed: string[];
  /** Channel ids the edited YAML no longer has. */
  removed: string[];
  /** Swaps the new sinks into `sinks` (the map the pipeline reads) and closes the ones they replace. */
  apply(sinks: Map<string, ChatSink>): Promise<void>;
}

export interface ConfigApplyDependencies {
  configPath: string;
  /** The YAML the process started with: restart-only settings keep its values. */
  startedWith: Config;
  /** The chat platforms' settings that need a restart, besides newswatch's own. */
  platformRestartOnly: readonly RestartOnlySetting[];
  /** The backend the process runs on, which an unset `queue` means. */
  backend: 'memory' | 'redis';
  /** The sinks the pipeline reads, changed in place. */
  sinks: Map<string, ChatSink>;
  /** Builds the sinks of the channels an edit added or changed; throws when one cannot be built. */
  prepareSinkChanges: (running: Config, edited: Config) => SinkChanges;
  /** The YAML resolved for merging chat's changes onto. */
  standing: (config: Config, settings: RuntimeSettings) => StandingConfig;
  settingsHolder: SettingsHolder;
  logger: Logger;
}

/**
 * Puts a config file read again in force, or keeps the running one: a bad file is reported (log and admin
 * channel) with file:line:column. Resolves with whether the new file took effect.
 */
export function createConfigApplier(deps: ConfigApplyDependencies): (reading: ConfigReading) => Promise<boolean> {
  const { configPath, settingsHolder, logger } = deps;
  // The YAML last put in force.
  let applied = deps.startedWith;
  return async (reading) => {
    try {
      if (!reading.ok) throw reading.error;
      // built first: a channel whose sink cannot be built keeps the whole edit out
      const sinkChanges = deps.prepareSinkChanges(applied, reading.config);
      settingsHolder.setStanding(deps.standing(reading.config, reading.settings));
      await sinkChanges.apply(deps.sinks);
      applied = reading.config;
      // unset `queue` means what the environment picked, so only a different backend counts as a change
      const withBackend = (yaml: Config): Config => ({ ...yaml, queue: yaml.queue ?? deps.backend });
      for (const setting of findRestartOnlyChanges(withBackend(deps.startedWith), withBackend(reading.config), deps.platformRestartOnly)) {
        logger.warn({ setting: setting.path }, `${setting.path} changed in the YAML but needs a restart (${setting.why}); the value from start keeps running`);
      }
      const settings = settingsHolder.current();
      const channels = { changed: sinkChanges.changed, removed: sinkChanges.removed };
      logger.info({ config: configPath, feeds: settings.feeds.length, topics: settings.topics.length, channels }, 'configuration reloaded');
      return true;
    } catch (error) {
      const message = `configuration not reloaded, the last good one keeps running:\n${quoteInNotice(describeError(error))}`;
      logger.error({ config: configPath, err: describeError(error) }, 'configuration not reloaded');
      const adminChannel = settingsHolder.current().adminChannel;
      const admin = adminChannel ? deps.sinks.get(adminChannel) : undefined;
      await admin?.postNotice(message).catch(() => undefined);
      return false;
    }
  };
}
