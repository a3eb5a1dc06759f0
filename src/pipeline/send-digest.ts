import type { Digest } from '../core/alert.js';
import { describeError } from '../core/errors.js';
import type { DeliveryRecord } from '../core/records/delivery.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { ChatSink, PostedMessage } from '../ports/chat-sink.js';
import type { Clock } from '../ports/clock.js';
import type { DeliveryLog } from '../ports/delivery-store.js';
import type { Logger } from '../ports/logger.js';
import type { OneTimeClaims } from '../ports/one-time-claims.js';

/** Groups held alerts by topic (an alert with several topics is listed under its best one), best first. */
export function buildDigest(channelId: string, records: readonly DeliveryRecord[], periodStart: string, periodEnd: string): Digest {
  const groups = new Map<string, Digest['groups'][number]>();
  for (const record of records) {
    const topic = record.alert.topics[0];
    if (!topic) continue;
    const group = groups.get(topic.id) ?? { topicId: topic.id, topicName: topic.name, entries: [] };
    group.entries.push({
      title: record.alert.title,
      url: record.alert.url,
      source: record.alert.source,
      publishedAt: record.alert.publishedAt,
      score: topic.score,
    });
    groups.set(topic.id, group);
  }
  for (const group of groups.values()) group.entries.sort((a, b) => b.score - a.score);
  return { channelId, periodStart, periodEnd, groups: [...groups.values()] };
}

/** How long an alert taken into a digest is kept from any other digest that starts meanwhile. */
const DIGEST_CLAIM_MS = 5 * 60_000;

/**
 * Posts a digest channel's held alerts and marks them sent; nothing held, nothing posted. Returns how many
 * alerts it carried (0 when nothing is held, or another process is posting them).
 *
 * Never posts an alert twice: the alerts leave the held set before the post (recorded as failed, with a note),
 * and become sent after it. A process that dies between the two leaves them failed, visible to `alerts replay`,
 * rather than posting them again in the next digest. A post that fails puts them back for the next digest.
 */
export async function sendDigest(
  channelId: string,
  deps: { store: DeliveryLog & OneTimeClaims; clock: Clock; logger: Logger; sinks: () => ReadonlyMap<string, ChatSink>; settings: () => RuntimeSettings },
): Promise<number> {
  const { store, logger } = deps;
  const listed = await store.listDeliveries({ status: 'digest', channelId });
  if (listed.length === 0) return 0;
  const sink = deps.sinks().get(channelId);
  if (!sink) {
    logger.error({ channel: channelId, alerts: listed.length }, 'digest not sent: the channel is not configured');
    return 0;
  }
  const startedAt = deps.clock.now();
  // Each alert is claimed, so two processes whose schedules fire together never put one alert in two digests.
  const held: DeliveryRecord[] = [];
  for (const record of listed) {
    if (await store.claimOnce(`digest:${channelId}:${record.articleKey}`, DIGEST_CLAIM_MS, startedAt)) held.push(record);
  }
  if (held.length === 0) {
    logger.info({ channel: channelId }, 'digest already being sent by another process');
    return 0;
  }
  const now = startedAt.toISOString();
  const digest = buildDigest(channelId, held, held[0]?.createdAt ?? now, now);
  const note = `posting in the digest of ${now}; if this stays, the process stopped while posting it and the digest may not have arrived`;
  for (const record of held) await store.saveDelivery({ ...record, status: 'failed', attempts: record.attempts + 1, lastError: note });
  let posted: PostedMessage;
  try {
    posted = await sink.postDigest(digest);
  } catch (error) {
    const reason = describeError(error);
    for (const record of held) await store.saveDelivery({ ...record, attempts: record.attempts + 1, lastError: reason });
    logger.error({ channel: channelId, alerts: held.length, err: reason }, 'digest not sent; its alerts wait for the next one');
    throw error;
  }
  for (const record of held) {
    await store.saveDelivery({ ...record, status: 'sent', sentAt: now, posted, attempts: record.attempts + 1, lastError: null });
  }
  logger.info({ channel: channelId, alerts: held.length }, 'digest sent');
  return held.length;
}
