import type { Config } from '../config/config-schema.js';
import { findMissingParts } from '../config/load-config.js';
import { describeError } from '../core/errors.js';
import type { RuntimeSettings } from '../core/settings.js';
import { readListenAddress } from './check-environment.js';
import { findRefusedFeeds } from './find-refused-feeds.js';

/**
 * What `config check` warns about in a valid config, one line each: missing feeds or topics (which `run`
 * refuses), feeds the address policy will refuse, and a PORT or HOST in the environment that `run` would refuse.
 */
export async function findConfigWarnings(path: string, config: Config, settings: RuntimeSettings, env: NodeJS.ProcessEnv): Promise<string[]> {
  const warnings = findMissingParts({ feeds: settings.feeds.length, topics: settings.topics.length }).map((missing) => `${path}: ${missing}`);
  const policy = { allowPrivateAddresses: config.defaults.allow_private_addresses, trustedHosts: config.defaults.trusted_hosts };
  for (const feed of await findRefusedFeeds(settings.feeds, policy)) warnings.push(`feed ${feed.feedId} (${feed.location}) will be refused: ${feed.reason}`);
  try {
    readListenAddress(env);
  } catch (error) {
    warnings.push(describeError(error));
  }
  return warnings;
}
