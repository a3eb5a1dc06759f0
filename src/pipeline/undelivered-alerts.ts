import type { DeliveryRecord } from '../core/records/delivery.js';
import type { DeliveryLog } from '../ports/delivery-store.js';

/** Alerts of one channel that did not go out. */
export interface UndeliveredAlerts {
  channelId: string;
  count: number;
  lastError: string;
}

/** The id `failedBefore` sets hold for a delivery. */
export const deliveryId = (record: DeliveryRecord): string => `${record.articleKey}|${record.channelId}`;

/**
 * What a run left undelivered, for reporting: alerts failed since `failedBefore` was taken or still pending
 * after a failed try, per channel, and how many wait unsent for their channel's quiet hours to end.
 */
export async function summarizeUndelivered(store: DeliveryLog, failedBefore: ReadonlySet<string>): Promise<{ undelivered: UndeliveredAlerts[]; held: number }> {
  const failed = (await store.listDeliveries({ status: 'failed' })).filter((record) => !failedBefore.has(deliveryId(record)));
  const pending = await store.listDeliveries({ status: 'pending' });
  const byChannel = new Map<string, UndeliveredAlerts>();
  for (const record of [...failed, ...pending.filter((candidate) => candidate.lastError !== null)]) {
    const entry = byChannel.get(record.channelId) ?? { channelId: record.channelId, count: 0, lastError: '' };
    entry.count += 1;
    entry.lastError = record.lastError ?? entry.lastError;
    byChannel.set(record.channelId, entry);
  }
  return { undelivered: [...byChannel.values()], held: pending.filter((record) => record.lastError === null).length };
}
