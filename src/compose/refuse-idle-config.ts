import { findMissingParts } from '../config/load-config.js';
import type { SettingsHolder } from '../pipeline/runtime-settings.js';
import { ExitCode, InputError } from './exit-codes.js';

/**
 * A process that polls nothing or alerts on nothing would look healthy while doing no work, so `run` and `worker`
 * refuse to start one. Feeds and topics added from chat count: a YAML without feeds is fine once chat has added some.
 */
export async function refuseIdleConfig(configPath: string, settingsHolder: SettingsHolder): Promise<void> {
  await settingsHolder.refresh().catch(() => undefined);
  const settings = settingsHolder.current();
  const missing = findMissingParts({ feeds: settings.feeds.length, topics: settings.topics.length });
  if (missing.length > 0) throw new InputError(ExitCode.configIncomplete, `${configPath}: ${missing.join('; ')}`);
}
