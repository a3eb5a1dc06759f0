import type { Config } from '../config/config-schema.js';
import { formatEnvironmentProblem, type Environment } from '../config/environment.js';
import { findMissingParts } from '../config/load-config.js';
import { parseDuration } from '../core/duration.js';
import type { RuntimeSettings } from '../core/settings.js';
import { findRefusedFeeds } from './find-refused-feeds.js';

/** The pace Slack and Discord allow one channel: about a message a second (Discord: five per five seconds). */
const PLATFORM_PACE_MS = 1_000;
const PLATFORM_NAMES = { slack: 'Slack', discord: 'Discord' } as const;

/** Channels whose send_interval is faster than their platform allows: each such send earns a 429. */
function findHastyChannels(config: Config): string[] {
  const warnings: string[] = [];
  for (const [id, channel] of Object.entries(config.channels)) {
    if (channel.type === 'console' || channel.send_interval === undefined) continue;
    if ((parseDuration(channel.send_interval) ?? PLATFORM_PACE_MS) >= PLATFORM_PACE_MS) continue;
    const api = channel.type === 'slack' ? 'SLACK_API_URL' : 'DISCORD_API_URL';
    warnings.push(
      `channel ${id}: send_interval ${channel.send_interval} is faster than ${PLATFORM_NAMES[channel.type]} allows (about one message a second per channel), ` +
        `so it will answer 429 and every worker will wait; set 1s or more, unless the API at ${api} allows more`,
    );
  }
  return warnings;
}

/**
 * What `config check` warns about in a valid config, one line each: missing feeds or topics (which `run`
 * refuses), feeds the address policy will refuse, channels paced faster than their platform allows, and
 * environment variables that every other command would refuse.
 */
export async function findConfigWarnings(path: string, config: Config, settings: RuntimeSettings, environment: Environment): Promise<string[]> {
  const warnings = findMissingParts({ feeds: settings.feeds.length, topics: settings.topics.length }).map((missing) => `${path}: ${missing}`);
  const policy = { allowPrivateAddresses: config.defaults.allow_private_addresses, trustedHosts: config.defaults.trusted_hosts };
  for (const feed of await findRefusedFeeds(settings.feeds, policy)) warnings.push(`feed ${feed.feedId} (${feed.location}) will be refused: ${feed.reason}`);
  warnings.push(...findHastyChannels(config));
  warnings.push(...environment.problems.map(formatEnvironmentProblem));
  return warnings;
}
