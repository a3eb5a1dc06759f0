import type { Digest } from '../core/alert.js';
import type { RuntimeSettings } from '../core/settings.js';
import type { ChatSink } from '../ports/chat-sink.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { DeliveryRecord, StateStore } from '../ports/state-store.js';

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

/** Posts a digest channel's held alerts and marks them sent; nothing held, nothing posted. */
export async function sendDigest(
  channelId: string,
  deps: { store: StateStore; clock: Clock; logger: Logger; sinks: () => ReadonlyMap<string, ChatSink>; settings: () => RuntimeSettings },
): Promise<number> {
  const held = await deps.store.listDeliveries({ status: 'digest', channelId });
  const sink = deps.sinks().get(channelId);
  if (held.length === 0 || !sink) return 0;
  const now = deps.clock.now().toISOString();
  const digest = buildDigest(channelId, held, held[0]?.createdAt ?? now, now);
  const posted = await sink.postDigest(digest);
  for (const record of held) {
    await deps.store.saveDelivery({ ...record, status: 'sent', sentAt: now, posted, attempts: record.attempts + 1 });
  }
  deps.logger.info({ channel: channelId, alerts: held.length }, 'digest sent');
  return held.length;
}
