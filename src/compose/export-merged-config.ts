import { readFileSync } from 'node:fs';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { describeAuthor, formatTime } from '../core/commands/format-reply.js';
import type { LiveConfig } from '../core/settings/chat-overlay.js';
import type { StandingConfig } from '../core/settings/standing-config.js';
import { resolveLiveConfig } from '../core/settings/merge-chat-overlay.js';
import { surgeRuleInForce, DEFAULT_SURGE_RULE, describeSurgeRule, type SurgeRule } from '../core/surge.js';
import type { SettingsHolder } from '../pipeline/runtime-settings.js';

/** One change to the file's text: `text` replaces the characters from `start` to `end`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Where a node starts and where its value ends, as the parser recorded them. */
function rangeOf(node: unknown): [number, number] | null {
  const range = (node as Node | undefined)?.range;
  return range ? [range[0], range[1]] : null;
}

/**
 * The file's text with edits spliced in at the places the YAML parser located. Everything not edited keeps its
 * exact bytes: comments and their alignment, block scalars and their line breaks, flow and block lists.
 */
function createSplicer(text: string) {
  const edits: Edit[] = [];
  const lineStart = (offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = (offset: number): number => {
    if (offset > 0 && text[offset - 1] === '\n') return offset;
    const newline = text.indexOf('\n', offset);
    return newline < 0 ? text.length : newline + 1;
  };
  const indentAt = (offset: number): string => /^[ \t]*/.exec(text.slice(lineStart(offset)))?.[0] ?? '';
  return {
    lineStart,
    lineEnd,
    indentAt,
    edit(start: number, end: number, replacement: string): void {
      edits.push({ start, end, text: replacement });
    },
    apply(): string {
      // later edits first, so earlier offsets stay valid; a stable sort keeps same-place edits in order
      const ordered = edits.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.start - a.edit.start || b.index - a.index);
      let out = text;
      for (const { edit } of ordered) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      return out;
    },
  };
}

type Splicer = ReturnType<typeof createSplicer>;

/** A block of YAML for one value, as the exporter writes new entries: flow lists of plain words, no folding. */
function renderBlock(value: unknown, flowKeys: readonly string[] = []): string {
  const doc = new Document(value);
  if (isMap(doc.contents)) {
    for (const key of flowKeys) {
      const node = doc.contents.get(key, true);
      if (isSeq(node)) node.flow = true;
    }
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** A rendered block indented as one item of a block sequence whose dashes stand at `indent`. */
function asSequenceItem(block: string, indent: string): string {
  return block
    .trimEnd()
    .split('\n')
    .map((line, index) => (index === 0 ? `${indent}- ${line}` : `${indent}  ${line}`))
    .join('\n')
    .concat('\n');
}

const comment = (indent: string, note: string): string => `${indent}# ${note.trim()}\n`;

/** Replaces a scalar's value, keeping a block scalar a block scalar (at its own indentation) and a plain one plain. */
function replaceScalar(splice: Splicer, text: string, node: unknown, value: string): void {
  const range = rangeOf(node);
  if (!range) return;
  const [start, end] = range;
  const original = text.slice(start, end);
  const trailing = /\s*$/.exec(original)?.[0] ?? '';
  const type = isScalar(node) ? node.type : undefined;
  if (type === Scalar.BLOCK_FOLDED || type === Scalar.BLOCK_LITERAL) {
    const header = original.split('\n', 1)[0] ?? '>-';
    const body = /\n([ \t]+)\S/.exec(original)?.[1] ?? `${splice.indentAt(start)}  `;
    splice.edit(start, end, `${header}\n${body}${value}${trailing.includes('\n') ? trailing : '\n'}`);
    return;
  }
  splice.edit(start, end, `${renderBlock(value).trimEnd()}${trailing}`);
}

/** Replaces a list of plain words, keeping its style: `[a, b]` stays flow, `- a` lines stay a block. */
function replaceList(splice: Splicer, text: string, node: unknown, values: readonly string[]): void {
  const range = rangeOf(node);
  if (!range) return;
  const [start, end] = range;
  const trailing = /\s*$/.exec(text.slice(start, end))?.[0] ?? '';
  if (isSeq(node) && !node.flow) {
    const indent = ' '.repeat(start - splice.lineStart(start));
    splice.edit(start, end, `${values.map((value) => `- ${renderBlock(value).trimEnd()}`).join(`\n${indent}`)}${trailing}`);
    return;
  }
  splice.edit(start, end, `[${values.map((value) => renderBlock(value).trimEnd()).join(', ')}]${trailing}`);
}

/** Sets a topic's `surge:` to the rule chat set: in place when the YAML has the key, else as a new last line. */
function setSurge(splice: Splicer, text: string, map: YAMLMap, rule: SurgeRule | null): void {
  const value = rule === null ? 'off' : `{ outlets: ${rule.outlets}, minutes: ${rule.minutes} }`;
  const existing = rangeOf(map.get('surge', true));
  if (existing) {
    const trailing = /\s*$/.exec(text.slice(existing[0], existing[1]))?.[0] ?? '';
    splice.edit(existing[0], existing[1], `${value}${trailing}`);
    return;
  }
  const firstKey = rangeOf(map.items[0]?.key);
  const itemRange = rangeOf(map);
  if (!firstKey || !itemRange) return;
  const indent = ' '.repeat(firstKey[0] - splice.lineStart(firstKey[0]));
  const lastValue = rangeOf(map.items[map.items.length - 1]?.value) ?? itemRange;
  const at = splice.lineEnd(Math.max(lastValue[1] - 1, lastValue[0]));
  splice.edit(at, at, `${text[at - 1] === '\n' || at === 0 ? '' : '\n'}${indent}surge: ${value}\n`);
}

/**
 * The sequence under a top-level key, and how to append rendered items to it (`{INDENT}` in them becomes the
 * indentation of its dashes): after its last item when it is a block list, else as a new block list.
 */
function sequenceSite(doc: Document, text: string, key: string, splice: Splicer): { seq: YAMLSeq | null; append(block: string): void } {
  const node = doc.get(key, true);
  const seq = isSeq(node) ? node : null;
  const last = seq?.items[seq.items.length - 1];
  const lastRange = rangeOf(last);
  if (seq && !seq.flow && lastRange) {
    const indent = splice.indentAt(lastRange[0]);
    const at = splice.lineEnd(lastRange[1]);
    return { seq, append: (block) => splice.edit(at, at, block.replace(/\{INDENT\}/g, indent)) };
  }
  // no block list yet (absent, `key:` or `key: []`): the additions become one, at two spaces; a flow list with
  // items is left as it is
  const range = rangeOf(node);
  return {
    seq,
    append: (block) => {
      const body = block.replace(/\{INDENT\}/g, '  ');
      if (range && (seq === null || seq.items.length === 0)) splice.edit(range[0], range[1], `\n${body.trimEnd()}`);
      else if (!range) splice.edit(text.length, text.length, `${text.endsWith('\n') || text === '' ? '' : '\n'}${key}:\n${body}`);
    },
  };
}

/**
 * The configuration in force, as YAML: the admins' file byte for byte (comments, ${ENV} references, block
 * scalars and list styles kept) with chat's changes spliced in. Overridden topics get chat's query and channels,
 * topics and feeds removed from chat are replaced by a comment, and those added from chat are appended; each
 * change carries a comment saying who made it and when. Mutes have no YAML form and are noted in comments. With no
 * changes from chat the output is the file itself, so exporting an exported file gives the same bytes.
 * `yamlText` must be the file `standing` was built from.
 */
export function exportMergedConfig(yamlText: string, standing: StandingConfig, live: LiveConfig): string {
  const doc = parseDocument(yamlText);
  const resolved = resolveLiveConfig(standing, live);
  const splice = createSplicer(yamlText);
  const removeItem = (item: unknown, note: string): void => {
    const range = rangeOf(item);
    if (!range) return;
    splice.edit(splice.lineStart(range[0]), splice.lineEnd(range[1]), comment(splice.indentAt(range[0]), note));
  };

  const topics = sequenceSite(doc, yamlText, 'topics', splice);
  const byId = new Map(resolved.topics.map((topic) => [topic.definition.id, topic]));
  const removedTopics = new Map(resolved.removedTopics.map((entry) => [entry.yaml.id, entry]));
  for (const item of topics.seq?.items ?? []) {
    if (!isMap(item)) continue;
    const map = item as YAMLMap;
    const id = String(map.get('id'));
    const removed = removedTopics.get(id);
    if (removed) {
      removeItem(item, `topic ${id} removed from chat by ${describeAuthor(removed.record.updatedBy, standing.platforms)} on ${formatTime(removed.record.updatedAt)}`);
      continue;
    }
    const topic = byId.get(id);
    if (topic?.origin.kind !== 'override') continue;
    const notes: string[] = [];
    if (topic.definition.query !== topic.origin.yaml.query) {
      replaceScalar(splice, yamlText, map.get('query', true), topic.definition.query);
      notes.push(`query (was ${topic.origin.yaml.query.replace(/\s+/g, ' ')})`);
    }
    if (topic.channels.join('\n') !== topic.origin.yaml.channels.join('\n') && topic.channels.length > 0) {
      replaceList(splice, yamlText, map.get('channels', true), topic.channels);
      notes.push(`channels (were ${topic.origin.yaml.channels.join(', ')})`);
    }
    const yamlSurge = surgeRuleInForce(topic.origin.yaml.surge);
    if (describeSurgeRule(topic.surge) !== describeSurgeRule(yamlSurge)) {
      setSurge(splice, yamlText, map, topic.surge);
      notes.push(`surge (was ${describeSurgeRule(yamlSurge)})`);
    }
    if (topic.mutedUntil !== null) notes.push(`muted until ${formatTime(topic.mutedUntil)}`);
    const range = rangeOf(item);
    if (notes.length > 0 && range) {
      const at = splice.lineStart(range[0]);
      splice.edit(at, at, comment(splice.indentAt(range[0]), `changed from chat by ${describeAuthor(topic.origin.record.updatedBy, standing.platforms)} on ${formatTime(topic.origin.record.updatedAt)}: ${notes.join('; ')}`));
    }
  }
  let addedTopics = '';
  for (const topic of resolved.topics) {
    if (topic.origin.kind !== 'chat') continue;
    const record = topic.origin.record;
    if (topic.channels.length === 0) {
      addedTopics += comment('{INDENT}', `topic ${record.id} (query ${record.query}) was added from chat but routes to no channel yet; not exported`);
      continue;
    }
    const muted = topic.mutedUntil !== null ? `; muted until ${formatTime(topic.mutedUntil)}` : '';
    addedTopics += comment('{INDENT}', `added from chat by ${describeAuthor(record.createdBy, standing.platforms)} on ${formatTime(record.createdAt)}${muted}`);
    const surge = describeSurgeRule(topic.surge) === describeSurgeRule(DEFAULT_SURGE_RULE) ? {} : { surge: topic.surge ?? 'off' };
    addedTopics += asSequenceItem(renderBlock({ id: record.id, name: record.name, query: record.query, channels: topic.channels, ...surge }, ['channels']), '{INDENT}');
  }
  if (addedTopics !== '') topics.append(addedTopics);

  const feeds = sequenceSite(doc, yamlText, 'feeds', splice);
  const removedFeeds = new Map(resolved.removedFeeds.map((entry) => [entry.feed.id, entry.record]));
  // The YAML's feeds and the standing settings' feeds are in the same order.
  (feeds.seq?.items ?? []).forEach((item, index) => {
    const id = standing.settings.feeds[index]?.id;
    const record = id === undefined ? undefined : removedFeeds.get(id);
    if (record) removeItem(item, `feed ${id} removed from chat by ${describeAuthor(record.createdBy, standing.platforms)} on ${formatTime(record.createdAt)}`);
  });
  let addedFeeds = '';
  for (const { feed, record } of resolved.feeds) {
    if (!record) continue;
    addedFeeds += comment('{INDENT}', `added from chat by ${describeAuthor(record.createdBy, standing.platforms)} on ${formatTime(record.createdAt)}`);
    addedFeeds += asSequenceItem(renderBlock({ url: feed.location, id: feed.id, name: feed.name }), '{INDENT}');
  }
  if (addedFeeds !== '') feeds.append(addedFeeds);
  return splice.apply();
}

/** The configuration in force, chat's changes loaded afresh and merged into the config file, as YAML with the file's comments. */
export async function exportConfigInForce(configPath: string, settingsHolder: SettingsHolder): Promise<string> {
  await settingsHolder.refresh();
  return exportMergedConfig(readFileSync(configPath, 'utf8'), settingsHolder.standing(), settingsHolder.live());
}
