import { buildBrief, type Brief } from '../core/brief/build-brief.js';
import type { DeliveryLog } from '../ports/delivery-store.js';
import { ExitCode, InputError } from './exit-codes.js';
import { parseSince } from './parse-since.js';

export { renderBriefText } from '../core/brief/render-brief-text.js';

export interface BriefRequest {
  topic: string;
  /** A duration back from `now`, such as 24h. */
  since: string;
  limit: number;
  now: Date;
}

/**
 * The brief of one topic from the alert log. Known topics are the configured ones and any the log names, so a
 * topic added from chat (or removed since) can still be briefed; any other id is a usage error listing them.
 */
export async function briefTopic(store: Pick<DeliveryLog, 'listDeliveries'>, configured: readonly { id: string; name: string }[], request: BriefRequest): Promise<Brief> {
  const since = parseSince(request.since, request.now);
  const deliveries = await store.listDeliveries({ since });
  const known = new Map(configured.map((topic) => [topic.id, topic.name]));
  for (const { alert } of deliveries) for (const topic of alert.topics) if (!known.has(topic.id)) known.set(topic.id, topic.name);
  const name = known.get(request.topic);
  if (name === undefined) {
    throw new InputError(ExitCode.usage, `brief: no topic "${request.topic}"; known topics: ${[...known.keys()].sort().join(', ') || 'none'}`);
  }
  return buildBrief(deliveries, { topic: { id: request.topic, name }, since, now: request.now, limit: request.limit });
}
