import type { ChatPlatform } from '../adapters/chat/shared/chat-platform.js';
import type { Config } from '../config/config-schema.js';
import { formatEnvironmentProblem, type Environment } from '../config/environment.js';
import { findMissingParts } from '../config/load-config.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import { chatPlatforms, platformOf } from './chat-platforms.js';
import { findRefusedFeeds } from './find-refused-feeds.js';

/**
 * What `config check` warns about in a valid config, one line each: missing feeds or topics (which `run`
 * refuses), feeds the address policy will refuse, what each channel's platform warns of (a pace faster than it
 * allows), and environment variables that every other command would refuse.
 */
export async function findConfigWarnings(
  path: string,
  config: Config,
  settings: RuntimeSettings,
  environment: Environment,
  platforms: readonly ChatPlatform[] = chatPlatforms,
): Promise<string[]> {
  const warnings = findMissingParts({ feeds: settings.feeds.length, topics: settings.topics.length }).map((missing) => `${path}: ${missing}`);
  const policy = { allowPrivateAddresses: config.defaults.allow_private_addresses, trustedHosts: config.defaults.trusted_hosts };
  for (const feed of await findRefusedFeeds(settings.feeds, policy)) warnings.push(`feed ${feed.feedId} (${feed.location}) will be refused: ${feed.reason}`);
  warnings.push(...Object.entries(config.channels).flatMap(([id, channel]) => platformOf(channel, platforms).channelWarnings?.(id, channel) ?? []));
  warnings.push(...environment.problems.map(formatEnvironmentProblem));
  return warnings;
}
