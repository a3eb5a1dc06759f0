import type { Digest, DigestEntry } from '../../../core/alert.js';
import { context, section, SLACK_LIMITS, type SlackBlock, type SlackMessage } from './slack-message.js';
import { fitSlackText, slackDate, slackLink } from './slack-text.js';

const TITLE_MAX = 300;
const NAME_MAX = 150;
/** Characters per message, well under what Slack accepts, so a long digest arrives in readable parts. */
const MESSAGE_CHARS = 12_000;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function renderEntry(entry: DigestEntry): string {
  const title = fitSlackText(entry.title, TITLE_MAX) || '(untitled)';
  const details = [fitSlackText(entry.source, NAME_MAX), slackDate(entry.publishedAt)].filter(
    (part): part is string => part !== null && part !== '',
  );
  return `\u2022 ${slackLink(entry.url, title)}${details.length > 0 ? ` \u2014 ${details.join(' \u00b7 ')}` : ''}`;
}

/** Packs lines into sections of at most the section limit, never splitting a line. */
function packSections(lines: readonly string[]): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  let current = '';
  for (const line of lines) {
    const next = current === '' ? line : `${current}\n${line}`;
    if (next.length > SLACK_LIMITS.sectionText && current !== '') {
      blocks.push(section(current));
      current = line;
    } else {
      current = next;
    }
  }
  if (current !== '') blocks.push(section(current));
  return blocks;
}

function blockLength(block: SlackBlock): number {
  if (block.type === 'section') return block.text.text.length;
  if (block.type === 'context') return block.elements.reduce((sum, element) => sum + element.text.length, 0);
  return 0;
}

/**
 * Renders a digest as one or more Slack messages: a header with the period, then each topic's alerts as linked
 * lines. A digest too long for one message is split at section boundaries; every part stays within the block
 * and section limits and says which part it is.
 */
export function renderSlackDigest(digest: Digest): SlackMessage[] {
  const total = digest.groups.reduce((sum, group) => sum + group.entries.length, 0);
  const summary = `${plural(total, 'alert')} on ${plural(digest.groups.length, 'topic')}`;
  const start = slackDate(digest.periodStart);
  const end = slackDate(digest.periodEnd);
  const header: SlackBlock[] = [section(`*Digest* \u2014 ${summary}`)];
  if (start !== null && end !== null) header.push(context(`${start} \u2013 ${end}`));

  const body: SlackBlock[] = [];
  for (const group of digest.groups) {
    const name = fitSlackText(group.topicName, NAME_MAX) || fitSlackText(group.topicId, NAME_MAX);
    body.push(...packSections([`*${name}* (${group.entries.length})`, ...group.entries.map(renderEntry)]));
  }
  if (body.length === 0) body.push(section('No alerts in this period.'));

  const parts: SlackBlock[][] = [];
  let blocks = [...header];
  let chars = header.reduce((sum, block) => sum + blockLength(block), 0);
  // Continuation parts keep one block free for their part marker.
  let reserved = 0;
  for (const block of body) {
    const length = blockLength(block);
    const full = blocks.length + reserved + 1 > SLACK_LIMITS.blocks || chars + length > MESSAGE_CHARS;
    const hasContent = blocks.length > (parts.length === 0 ? header.length : 0);
    if (full && hasContent) {
      parts.push(blocks);
      blocks = [];
      chars = 0;
      reserved = 1;
    }
    blocks.push(block);
    chars += length;
  }
  parts.push(blocks);

  return parts.map((part, index) => {
    if (parts.length === 1) return { text: `Digest: ${summary}`, blocks: part };
    const marker = `part ${index + 1}/${parts.length}`;
    const blocksWithMarker = index === 0 ? part : [context(`Digest, ${marker}`), ...part];
    return { text: `Digest: ${summary} (${marker})`, blocks: blocksWithMarker };
  });
}
