import type { Config } from '../config/config-schema.js';
import { formatEnvironmentProblem, type Environment } from '../config/environment.js';
import { findMissingParts } from '../config/load-config.js';
import type { RuntimeSettings } from '../core/settings.js';
import { findRefusedFeeds } from './find-refused-feeds.js';

/**
 * What `config check` warns about in a valid config, one line each: missing feeds or topics (which `run`
 * refuses), feeds the address policy will refuse, and environment variables that every other command would refuse.
 */
export async function findConfigWarnings(path: string, config: Config, settings: RuntimeSettings, environment: Environment): Promise<string[]> {
  const warnings = findMissingParts({ feeds: settings.feeds.length, topics: settings.topics.length }).map((missing) => `${path}: ${missing}`);
  const policy = { allowPrivateAddresses: config.defaults.allow_private_addresses, trustedHosts: config.defaults.trusted_hosts };
  for (const feed of await findRefusedFeeds(settings.feeds, policy)) warnings.push(`feed ${feed.feedId} (${feed.location}) will be refused: ${feed.reason}`);
  warnings.push(...environment.problems.map(formatEnvironmentProblem));
  return warnings;
}
