import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { describeAuthor, formatTime } from '../core/commands/format-reply.js';
import type { LiveConfig, StandingConfig } from '../core/commands/live-config.js';
import { resolveLiveConfig } from '../core/commands/merge-live-config.js';

/** The sequence under `key`, created when the file has none. */
function sequenceOf(doc: Document, key: string): YAMLSeq {
  const node = doc.get(key, true);
  if (isSeq(node)) return node;
  const created = doc.createNode([]) as YAMLSeq;
  doc.set(key, created);
  return created;
}

function appendComment(seq: YAMLSeq, note: string): void {
  seq.comment = seq.comment ? `${seq.comment}\n ${note}` : ` ${note}`;
}

/**
 * The configuration in force, as YAML: the admins' file, comments and ${ENV} references kept, with chat's changes
 * written in. Overridden topics get chat's query and channels, topics and feeds removed from chat are dropped,
 * and those added from chat are appended; each change carries a comment saying who made it and when. Mutes have
 * no YAML form and are noted in comments. `yamlText` must be the file `standing` was built from.
 */
export function exportMergedConfig(yamlText: string, standing: StandingConfig, live: LiveConfig): string {
  const doc = parseDocument(yamlText);
  const resolved = resolveLiveConfig(standing, live);

  const topics = sequenceOf(doc, 'topics');
  const byId = new Map(resolved.topics.map((topic) => [topic.definition.id, topic]));
  const removedTopics = new Map(resolved.removedTopics.map((entry) => [entry.yaml.id, entry]));
  topics.items = topics.items.filter((item) => {
    if (!isMap(item)) return true;
    const id = String((item as YAMLMap).get('id'));
    const removed = removedTopics.get(id);
    if (removed) {
      appendComment(topics, `topic ${id} removed from chat by ${describeAuthor(removed.record.updatedBy)} on ${formatTime(removed.record.updatedAt)}`);
      return false;
    }
    const topic = byId.get(id);
    if (topic?.origin.kind !== 'override') return true;
    const map = item as YAMLMap;
    const notes: string[] = [];
    if (topic.definition.query !== topic.origin.yaml.query) {
      map.set('query', topic.definition.query);
      notes.push(`query (was ${topic.origin.yaml.query})`);
    }
    if (topic.channels.join('\n') !== topic.origin.yaml.channels.join('\n') && topic.channels.length > 0) {
      map.set('channels', doc.createNode(topic.channels, { flow: true }));
      notes.push(`channels (were ${topic.origin.yaml.channels.join(', ')})`);
    }
    if (topic.mutedUntil !== null) notes.push(`muted until ${formatTime(topic.mutedUntil)}`);
    if (notes.length > 0) {
      const note = ` changed from chat by ${describeAuthor(topic.origin.record.updatedBy)} on ${formatTime(topic.origin.record.updatedAt)}: ${notes.join('; ')}`;
      map.commentBefore = map.commentBefore ? `${map.commentBefore}\n${note}` : note;
    }
    return true;
  });
  for (const topic of resolved.topics) {
    if (topic.origin.kind !== 'chat') continue;
    const record = topic.origin.record;
    if (topic.channels.length === 0) {
      appendComment(topics, `topic ${record.id} (query ${record.query}) was added from chat but routes to no channel yet; not exported`);
      continue;
    }
    const node = doc.createNode({ id: record.id, name: record.name, query: record.query, channels: topic.channels }) as YAMLMap;
    const muted = topic.mutedUntil !== null ? `; muted until ${formatTime(topic.mutedUntil)}` : '';
    node.commentBefore = ` added from chat by ${describeAuthor(record.createdBy)} on ${formatTime(record.createdAt)}${muted}`;
    topics.items.push(node);
  }

  const feeds = sequenceOf(doc, 'feeds');
  const removedFeeds = new Set(resolved.removedFeeds.map((entry) => entry.feed.id));
  // The YAML's feeds and the standing settings' feeds are in the same order.
  const kept = feeds.items.filter((_item, index) => {
    const id = standing.settings.feeds[index]?.id;
    if (id === undefined || !removedFeeds.has(id)) return true;
    const record = resolved.removedFeeds.find((entry) => entry.feed.id === id)?.record;
    if (record) appendComment(feeds, `feed ${id} removed from chat by ${describeAuthor(record.createdBy)} on ${formatTime(record.createdAt)}`);
    return false;
  });
  feeds.items = kept;
  for (const { feed, record } of resolved.feeds) {
    if (!record) continue;
    const node = doc.createNode({ url: feed.location, id: feed.id, name: feed.name }) as YAMLMap;
    node.commentBefore = ` added from chat by ${describeAuthor(record.createdBy)} on ${formatTime(record.createdAt)}`;
    feeds.items.push(node);
  }
  return doc.toString({ lineWidth: 0 });
}
