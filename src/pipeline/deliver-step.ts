import { describeError, isPermanent } from '../core/errors.js';
import { quietHoursDelayMs } from '../core/quiet-hours.js';
import type { RuntimeSettings } from '../core/settings.js';
import type { ChatSink } from '../ports/chat-sink.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import type { StateStore } from '../ports/state-store.js';

export interface DeliverDependencies {
  store: StateStore;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  settings: () => RuntimeSettings;
  sinks: () => ReadonlyMap<string, ChatSink>;
  onDelivered?: (event: { platform: string; channelId: string; publishedAt: string | null; ok: boolean }) => void;
}

/**
 * Posts one pending alert to its channel. The delivery record is checked before sending and written right after,
 * so only a crash between the two can repeat an alert. Follow-ups of a story go into the story's thread.
 * Transient failures throw so the queue retries; permanent ones are recorded for replay and not retried.
 */
export async function deliverAlert(articleKey: string, channelId: string, deps: DeliverDependencies): Promise<void> {
  const { store, clock, logger } = deps;
  const record = await store.getDelivery(articleKey, channelId);
  if (!record || record.status === 'sent' || record.status === 'digest') return;
  const channel = deps.settings().channels.get(channelId);
  const delay = quietHoursDelayMs(clock.now(), channel?.quietHours ?? null);
  if (delay > 0) {
    await deps.queue.add('deliver', `${articleKey}|${channelId}|after-quiet`, { articleKey, channelId }, { delayMs: delay });
    return;
  }
  const sink = deps.sinks().get(channelId);
  if (!sink) {
    record.status = 'failed';
    record.lastError = `channel "${channelId}" is not configured; add it under channels: in the config`;
    await store.saveDelivery(record);
    logger.error({ article: articleKey, channel: channelId }, record.lastError);
    return;
  }
  record.attempts += 1;
  try {
    const thread = record.alert.followUpOf ? await store.findStoryMessage(record.alert.storyId, channelId) : null;
    const posted = thread ? await sink.postAlert(record.alert, thread) : await sink.postAlert(record.alert);
    record.status = 'sent';
    record.sentAt = clock.now().toISOString();
    record.posted = posted;
    record.lastError = null;
    await store.saveDelivery(record);
    deps.onDelivered?.({ platform: sink.platform, channelId, publishedAt: record.alert.publishedAt, ok: true });
    logger.info({ article: articleKey, channel: channelId, platform: sink.platform, followUp: thread !== null }, 'alert sent');
    if (thread && sink.updateAlert) {
      const original = await store.getDelivery(record.alert.followUpOf as string, channelId);
      if (original) {
        const sources = new Set([...record.alert.otherSources, record.alert.source]);
        sources.delete(original.alert.source);
        await sink.updateAlert(thread, { ...original.alert, otherSources: [...sources] }).catch((error: unknown) => {
          logger.warn({ article: articleKey, channel: channelId, err: describeError(error) }, 'could not update the source count');
        });
      }
    }
  } catch (error) {
    record.lastError = describeError(error);
    deps.onDelivered?.({ platform: sink.platform, channelId, publishedAt: record.alert.publishedAt, ok: false });
    if (isPermanent(error)) {
      record.status = 'failed';
      await store.saveDelivery(record);
      logger.error({ article: articleKey, channel: channelId, err: record.lastError }, 'alert delivery failed permanently; kept for replay');
      return;
    }
    await store.saveDelivery(record);
    logger.warn({ article: articleKey, channel: channelId, attempt: record.attempts, err: record.lastError }, 'alert delivery failed; will retry');
    throw error;
  }
}
