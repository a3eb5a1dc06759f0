import { buildBrief } from '../core/brief/build-brief.js';
import { renderBriefReply, REPLY_STORIES } from '../core/commands/brief-reply.js';
import type { RuntimeSettings, ScheduledBrief } from '../core/settings/runtime-settings.js';
import type { ChatSink } from '../ports/chat-sink.js';
import type { Clock } from '../ports/clock.js';
import type { DeliveryLog } from '../ports/delivery-store.js';
import type { Logger } from '../ports/logger.js';
import type { OneTimeClaims } from '../ports/one-time-claims.js';

/** How long a scheduled brief stays claimed: processes whose schedules fire in the same minute post it once. */
const SCHEDULED_BRIEF_CLAIM_MS = 10 * 60_000;

export interface BriefDependencies {
  store: DeliveryLog & OneTimeClaims;
  clock: Clock;
  logger: Logger;
  sinks: () => ReadonlyMap<string, ChatSink>;
  settings: () => RuntimeSettings;
}

/**
 * Posts a topic brief to a channel: the top stories of the window from the alert log, ranked and laid out as
 * `/newswatch brief` shows them, for everyone in the channel. A scheduled brief (`scheduled`) is claimed in the
 * store for its minute first, so with several processes it is posted once. Returns how many stories the brief
 * held, or null when another process is posting it.
 */
export async function postTopicBrief(channelId: string, brief: Omit<ScheduledBrief, 'schedule'>, deps: BriefDependencies, scheduled: boolean): Promise<number | null> {
  const now = deps.clock.now();
  const minute = Math.floor(now.getTime() / 60_000);
  if (scheduled && !(await deps.store.claimOnce(`scheduled-brief:${channelId}:${brief.topicId}:${minute}`, SCHEDULED_BRIEF_CLAIM_MS, now))) return null;
  const sink = deps.sinks().get(channelId);
  if (!sink) throw new Error(`channel "${channelId}" is not configured; add it under channels: in the config`);
  const name = deps.settings().topics.find((topic) => topic.id === brief.topicId)?.name ?? brief.topicId;
  const since = new Date(now.getTime() - brief.sinceMs).toISOString();
  const log = await deps.store.listDeliveries({ since });
  const built = buildBrief(log, { topic: { id: brief.topicId, name }, since, now, limit: REPLY_STORIES });
  await sink.postBrief(renderBriefReply(built, brief.sinceText, false));
  deps.logger.info({ channel: channelId, topic: brief.topicId, stories: built.total, scheduled }, 'topic brief posted');
  return built.total;
}
