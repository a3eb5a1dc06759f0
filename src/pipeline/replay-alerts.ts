import type { JobQueue } from '../ports/job-queue.js';
import type { DeliveryLog } from '../ports/delivery-store.js';

/**
 * Queues again the alerts of a channel that failed (or are still pending) since a time, with their attempts
 * reset, to be sent even in the channel's quiet hours, and waits for them. The workers must be running. Returns
 * how many were queued.
 */
export async function replayAlerts(filter: { channelId: string; since: string }, deps: { store: DeliveryLog; queue: JobQueue }): Promise<number> {
  const { store, queue } = deps;
  const records = [
    ...(await store.listDeliveries({ status: 'failed', channelId: filter.channelId, since: filter.since })),
    ...(await store.listDeliveries({ status: 'pending', channelId: filter.channelId, since: filter.since })),
  ];
  for (const record of records) {
    await store.saveDelivery({ ...record, status: 'pending', attempts: 0 });
    // an explicit request: sent now, quiet hours or not, by whichever worker takes it
    await queue.add('deliver', `${record.articleKey}|${record.channelId}|replay`, { articleKey: record.articleKey, channelId: record.channelId, quietHours: 'ignore' });
  }
  await queue.drain();
  return records.length;
}
