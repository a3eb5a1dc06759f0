import { randomUUID } from 'node:crypto';
import { describeError, isPermanent } from '../core/errors.js';
import { quoteInNotice } from '../core/notice-text.js';
import { quietHoursDelayMs } from '../core/quiet-hours.js';
import type { Alert } from '../core/alert.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { Escalation, Surge } from '../core/surge.js';
import type { ChatSink, PostedMessage } from '../ports/chat-sink.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { DeliveryClaim, DeliveryRecord } from '../core/records/delivery.js';
import type { DeliveryClaims, DeliveryLog } from '../ports/delivery-store.js';
import type { OneTimeClaims } from '../ports/one-time-claims.js';

export interface DeliverDependencies {
  store: DeliveryLog & DeliveryClaims & OneTimeClaims;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  settings: () => RuntimeSettings;
  sinks: () => ReadonlyMap<string, ChatSink>;
  onDelivered?: (event: { platform: string; channelId: string; publishedAt: string | null; ok: boolean }) => void;
  metrics?: Metrics;
  /**
   * An alert in its channel's quiet hours: `delay` (the default) queues it until they end; `hold` leaves it
   * pending for the next run (`run --once`, which would otherwise wait for them); `ignore` sends it now
   * (`alerts replay`, an explicit request).
   */
  quietHours?: 'delay' | 'hold' | 'ignore';
  /**
   * How long a claim on a post lasts unless renewed (DELIVERY_CLAIM_TTL_MS by default). It is renewed every third
   * of this while the post runs, so it lapses only when its process died or lost the store for that long; an alert
   * whose process died mid-post is posted again about this long after.
   */
  claimTtlMs?: number;
}

/** Transient failures after which a delivery is recorded as failed, for replay, instead of retried again. */
export const MAX_DELIVERY_ATTEMPTS = 5;
const FAILURE_NOTICE_EVERY_MS = 3_600_000;
/** How long a claim on a post lasts unless renewed, by default. */
export const DELIVERY_CLAIM_TTL_MS = 30_000;
/** How long after another process's claim lapses its alert is checked again. */
const CLAIM_RECHECK_MARGIN_MS = 1_000;
/** How long a follow-up waits for the alert it follows to go out in its channel before it goes out on its own. */
export const PARENT_WAIT_MAX_MS = 300_000;
/** The first and the longest pause between two checks of whether the alert a follow-up follows went out. */
const PARENT_RECHECK_MS = { first: 500, most: 15_000 };

/** What a deliver job carries besides the alert it is about. */
export interface DeliverJob {
  /** Since when this follow-up waits for the alert it follows (ISO time), once it has started waiting. */
  waitingForParentSince?: string | undefined;
}

/** Seconds from publication to now, or null when the feed gave no date or one in the future. */
function secondsSince(publishedAt: string | null, now: Date): number | null {
  const published = publishedAt === null ? Number.NaN : Date.parse(publishedAt);
  if (!Number.isFinite(published) || published > now.getTime()) return null;
  return (now.getTime() - published) / 1_000;
}

/**
 * Posts one pending alert to its channel. Right before the post the (article, channel) delivery is claimed in the
 * store, across every process, and the record read again under the claim; right after, the record is written as
 * sent and the claim completed in one step. A process finding another's live claim skips, and checks again once
 * it would lapse. So only a post in flight when its process dies or loses the store for longer than the claim
 * can be repeated. Follow-ups of a story go into the story's thread, and the original's source count is updated.
 * Transient failures throw so the queue retries; permanent ones, and transient ones past MAX_DELIVERY_ATTEMPTS,
 * are recorded as failed for replay and reported to the admin channel. Run it inside the channel's lane
 * (createChannelLanes) so a channel's alerts go out in order. A follow-up whose story's first alert still waits to
 * go out in this channel, here or in another process, is checked again later (see waitForParent), so a thread
 * reply never goes out before the alert it replies to.
 */
export async function deliverAlert(articleKey: string, channelId: string, deps: DeliverDependencies, job: DeliverJob = {}): Promise<void> {
  const { store, clock, logger } = deps;
  const found = await store.getDelivery(articleKey, channelId);
  if (!found || found.status === 'sent' || found.status === 'digest') return;
  const channel = deps.settings().channels.get(channelId);
  const delay = deps.quietHours === 'ignore' ? 0 : quietHoursDelayMs(clock.now(), channel?.quietHours ?? null);
  if (delay > 0) {
    if (deps.quietHours === 'hold') {
      logger.info({ article: articleKey, channel: channelId }, 'alert held for quiet hours; the next run sends it');
      return;
    }
    await deps.queue.add('deliver', `${articleKey}|${channelId}|after-quiet`, { articleKey, channelId }, { delayMs: delay });
    return;
  }
  const sink = deps.sinks().get(channelId);
  if (!sink) {
    found.status = 'failed';
    found.lastError = `channel "${channelId}" is not configured; add it under channels: in the config`;
    await store.saveDelivery(found);
    logger.error({ article: articleKey, channel: channelId }, found.lastError);
    await reportDeliveryFailure(channelId, found.lastError, deps);
    return;
  }
  if (await waitForParent(found, deps, job)) return;
  const owner = randomUUID();
  const claim = await store.claimDelivery(articleKey, channelId, owner, claimTtl(deps), clock.now());
  if (claim.status === 'done') return;
  if (claim.status === 'held') {
    await checkAgainAfterClaim(articleKey, channelId, claim, deps);
    return;
  }
  // Under the claim: whoever held it before may have posted the alert meanwhile.
  const record = await store.getDelivery(articleKey, channelId);
  if (!record || record.status === 'sent' || record.status === 'digest') {
    await store.releaseDelivery(articleKey, channelId, owner);
    return;
  }
  record.attempts += 1;
  const thread = record.alert.followUpOf ? await store.findStoryMessage(record.alert.storyId, channelId) : null;
  // A follow-up of a story this channel has no message for goes out as an alert of its own (and threads later ones).
  const alert = thread || !record.alert.followUpOf ? record.alert : { ...record.alert, followUpOf: null };
  let posted: PostedMessage;
  try {
    posted = await holdingClaim(record, owner, deps, () => (thread ? sink.postAlert(alert, thread) : sink.postAlert(alert)));
  } catch (error) {
    try {
      await recordFailure(record, error, sink.platform, deps);
    } finally {
      await store.releaseDelivery(articleKey, channelId, owner);
    }
    return;
  }
  // Only the post is retried: from here on a failure must not send the alert again.
  record.alert = alert;
  record.status = 'sent';
  record.sentAt = clock.now().toISOString();
  record.posted = posted;
  record.lastError = null;
  if (!(await store.completeDelivery(record, owner, clock.now()))) {
    logger.warn({ article: articleKey, channel: channelId }, 'the claim on this alert lapsed during its post; another process may have posted it too');
  }
  deps.onDelivered?.({ platform: sink.platform, channelId, publishedAt: record.alert.publishedAt, ok: true });
  deps.metrics?.alertDelivered({ platform: sink.platform, ok: true, delaySeconds: secondsSince(record.alert.publishedAt, clock.now()) });
  logger.info({ article: articleKey, channel: channelId, platform: sink.platform, followUp: thread !== null }, 'alert sent');
  const original = thread ? await findThreadOriginal(record, thread, deps) : null;
  if (thread && original && sink.updateAlert) {
    const sources = new Set([...record.alert.otherSources, record.alert.source]);
    sources.delete(original.alert.source);
    const developing = record.alert.developing ?? original.alert.developing;
    const updated: Alert = { ...original.alert, otherSources: [...sources], ...(developing === undefined ? {} : { developing }) };
    await sink.updateAlert(thread, updated).catch((error: unknown) => {
      logger.warn({ article: articleKey, channel: channelId, err: describeError(error) }, 'could not update the source count');
    });
  }
  if (record.alert.developing !== undefined) await escalateStory(record, record.alert.developing, thread ?? posted, original, sink, deps);
}

/** How long a story's escalation in a channel is remembered: longer than any story lasts. */
const ESCALATION_REMEMBERED_MS = 30 * 86_400_000;

/**
 * Escalates a story in surge once per channel, across processes and restarts: the first delivery to find the
 * story in surge claims the escalation in the store, then posts the "developing" line with the channel's
 * configured mention and the timeline of outlets, tied to the story's alert. A failed post is logged and not
 * retried: the alert itself went out and carries the "developing" marker.
 */
async function escalateStory(
  record: DeliveryRecord,
  surge: Surge,
  story: PostedMessage,
  original: DeliveryRecord | null,
  sink: ChatSink,
  deps: DeliverDependencies,
): Promise<void> {
  const { storyId } = record.alert;
  const where = { article: record.articleKey, channel: record.channelId, story: storyId };
  if (!(await deps.store.claimOnce(`escalation:${storyId}:${record.channelId}`, ESCALATION_REMEMBERED_MS, deps.clock.now()))) return;
  const headline = original?.alert ?? record.alert;
  const escalation: Escalation = {
    channelId: record.channelId,
    storyId,
    title: headline.title,
    url: headline.url,
    surge,
    mention: deps.settings().channels.get(record.channelId)?.surgeMention ?? null,
  };
  try {
    await sink.postEscalation(escalation, story);
    deps.logger.info({ ...where, outlets: surge.outlets, minutes: surge.minutes }, 'story escalated: developing');
  } catch (error) {
    deps.logger.warn({ ...where, err: describeError(error) }, 'could not post the escalation of a developing story; its alerts carry the marker');
  }
}

const claimTtl = (deps: DeliverDependencies): number => deps.claimTtlMs ?? DELIVERY_CLAIM_TTL_MS;

/**
 * Runs `post` while renewing `owner`'s claim on the record's delivery, so a slow post (the sink's pacing and
 * rate-limit waits included) keeps it.
 */
async function holdingClaim<T>(record: DeliveryRecord, owner: string, deps: DeliverDependencies, post: () => Promise<T>): Promise<T> {
  const { articleKey, channelId } = record;
  const renew = async (): Promise<void> => {
    const claim = await deps.store.claimDelivery(articleKey, channelId, owner, claimTtl(deps), deps.clock.now());
    if (claim.status !== 'claimed') deps.logger.warn({ article: articleKey, channel: channelId }, 'lost the claim on an alert while posting it');
  };
  const timer = setInterval(() => {
    renew().catch((error: unknown) => deps.logger.warn({ article: articleKey, channel: channelId, err: describeError(error) }, 'could not renew the claim on an alert'));
  }, claimTtl(deps) / 3);
  timer.unref();
  try {
    return await post();
  } finally {
    clearInterval(timer);
  }
}

/**
 * Another process holds the claim on this alert: it is posting it now, or died doing so. A job of its own comes
 * back once the claim would lapse: the alert is then sent, or found sent, or still claimed (and checked again).
 */
async function checkAgainAfterClaim(articleKey: string, channelId: string, claim: DeliveryClaim & { status: 'held' }, deps: DeliverDependencies): Promise<void> {
  const delayMs = claim.expiresInMs + CLAIM_RECHECK_MARGIN_MS;
  // Named after the second the claim lapses, so processes finding the same claim queue one check between them.
  const lapse = Math.ceil((deps.clock.now().getTime() + claim.expiresInMs) / 1_000);
  await deps.queue.add('deliver', `${articleKey}|${channelId}|claimed-until-${lapse}`, { articleKey, channelId }, { delayMs });
  deps.logger.info({ article: articleKey, channel: channelId, checkInMs: delayMs }, 'alert claimed by another process; checking again once the claim lapses');
}

/**
 * Keeps a follow-up back while the alert it follows is still pending in its channel: queued, waiting for its turn
 * in the channel's budget, retrying, or being posted by another process. The follow-up's own job comes back after
 * a pause that grows with the wait, and finds the original sent (and replies in its thread), failed (and goes out
 * on its own), or still pending. After PARENT_WAIT_MAX_MS it goes out on its own. Returns whether it was kept back.
 */
async function waitForParent(record: DeliveryRecord, deps: DeliverDependencies, job: DeliverJob): Promise<boolean> {
  const parentKey = record.alert.followUpOf;
  if (!parentKey) return false;
  const parent = await deps.store.getDelivery(parentKey, record.channelId);
  if (parent?.status !== 'pending') return false;
  const { articleKey, channelId } = record;
  const now = deps.clock.now().getTime();
  const since = job.waitingForParentSince === undefined ? now : Date.parse(job.waitingForParentSince);
  const waited = Number.isFinite(since) ? now - since : 0;
  if (waited >= PARENT_WAIT_MAX_MS) {
    deps.logger.warn({ article: articleKey, channel: channelId, follows: parentKey, waitedMs: waited }, 'the alert this follow-up follows is still unsent; posting the follow-up on its own');
    return false;
  }
  const delayMs = Math.min(PARENT_RECHECK_MS.most, Math.max(PARENT_RECHECK_MS.first, waited / 2));
  const data = { articleKey, channelId, waitingForParentSince: new Date(now - waited).toISOString() };
  await deps.queue.add('deliver', `${articleKey}|${channelId}|after-parent-${now}`, data, { delayMs });
  deps.logger.info({ article: articleKey, channel: channelId, follows: parentKey, checkInMs: delayMs }, 'follow-up waits for the alert it follows');
  return true;
}

/**
 * Records a failed post. Transient failures rethrow so the queue retries, until MAX_DELIVERY_ATTEMPTS; then, as
 * permanent ones at once, the alert is recorded as failed (kept for `alerts replay`) and the admins are told.
 */
async function recordFailure(record: DeliveryRecord, error: unknown, platform: string, deps: DeliverDependencies): Promise<void> {
  const { store, logger } = deps;
  const where = { article: record.articleKey, channel: record.channelId, attempt: record.attempts };
  record.lastError = describeError(error);
  deps.onDelivered?.({ platform, channelId: record.channelId, publishedAt: record.alert.publishedAt, ok: false });
  deps.metrics?.alertDelivered({ platform, ok: false, delaySeconds: null });
  const permanent = isPermanent(error);
  if (!permanent && record.attempts < MAX_DELIVERY_ATTEMPTS) {
    await store.saveDelivery(record);
    logger.warn({ ...where, err: record.lastError }, 'alert delivery failed; will retry');
    throw error;
  }
  record.status = 'failed';
  await store.saveDelivery(record);
  logger.error({ ...where, err: record.lastError }, permanent ? 'alert delivery failed permanently; kept for replay' : 'alert delivery kept failing; kept for replay');
  await reportDeliveryFailure(record.channelId, record.lastError, deps);
}

/** Tells the admin channel (at most hourly per channel, across processes) that a channel's alerts are failing. */
async function reportDeliveryFailure(channelId: string, reason: string, deps: DeliverDependencies): Promise<void> {
  const adminId = deps.settings().adminChannel;
  const admin = adminId !== null && adminId !== channelId ? deps.sinks().get(adminId) : undefined;
  if (!admin) return;
  if (!(await deps.store.claimOnce(`delivery-failure-notice:${channelId}`, FAILURE_NOTICE_EVERY_MS, deps.clock.now()))) return;
  const notice =
    `Alerts to channel "${channelId}" are not getting through: ${quoteInNotice(reason)}\n` +
    `They are kept. Once the channel works again, send them with: newswatch alerts replay --channel ${channelId} --since 24h`;
  await admin.postNotice(notice).catch((error: unknown) => {
    deps.logger.warn({ channel: adminId, err: describeError(error) }, 'could not tell the admin channel about a failing channel');
  });
}

/** The record of the message a follow-up was threaded under: usually the story's first article, else a later one. */
async function findThreadOriginal(record: DeliveryRecord, thread: PostedMessage, deps: DeliverDependencies): Promise<DeliveryRecord | null> {
  const first = record.alert.followUpOf ? await deps.store.getDelivery(record.alert.followUpOf, record.channelId) : null;
  if (first?.posted?.messageRef === thread.messageRef) return first;
  const since = new Date(Date.parse(record.createdAt) - deps.settings().storyWindowMs).toISOString();
  const candidates = await deps.store.listDeliveries({ channelId: record.channelId, since });
  return candidates.find((candidate) => candidate.alert.storyId === record.alert.storyId && candidate.posted?.messageRef === thread.messageRef) ?? null;
}
