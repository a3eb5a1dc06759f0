import { classifyFurniture, countWords, withoutCaptionPairs } from './furniture.js';
import type { TextBlock } from './text-block.js';

/** Names of a list of other stories: "Related", "Most read", "You may also like", "Editor's picks". */
const LIST_NAME =
  "related|recommended|trending|popular|(?:most|top) (?:read|popular|viewed|shared|stories)|latest|read next|up next|what to read next|editor'?s'? (?:picks?|choice)|further reading|see also|in other news|around the web|(?:sponsored|promoted|partner) (?:stories|content|links)|you (?:may|might|will|'ll) (?:also )?(?:like|enjoy|be interested in)";

/** What may follow such a name in a list heading: "now", "for you", "stories", "on this topic", "from the desk". */
const LIST_TAIL =
  "now|today|this week|for you|stories|articles|news|content|coverage|links|posts|reads|videos|headlines|reading|topics|(?:on|from|in|about) [\\p{L}'’ ]{1,40}";

/**
 * Headings that open a list of other stories: a list name, alone or with a short tail, or "More … stories",
 * "More from …". Generic names of the section, as page templates write them.
 */
const LIST_INTRO = new RegExp(
  `^[\\W_]*(?:${LIST_NAME}|more(?: (?:[\\p{L}'’]+ ){0,3}(?:stories|articles|news|posts|reads|videos|coverage|headlines))?)(?:\\s+(?:${LIST_TAIL}))?[\\s:|»>\\-–—]*$`,
  'iu',
);

/** Headings that open the comment thread, which runs to the end of the article's container. */
const COMMENTS_INTRO =
  /^[\W_]*(?:(?:\d+|no|one)\s+(?:comments?|responses?|replies)|comments?\W*(?:\(\d+\))?$|reader comments|leave a (?:reply|comment)|post a comment|add (?:a |your )?comment|join the (?:discussion|conversation))/i;

/** Headings of the author box that closes many articles. */
const AUTHOR_INTRO = /^[\W_]*about (?:the )?(?:authors?|writers?|reporters?|contributors?)\b/i;

/**
 * The author's tagline that closes many articles: "Jane Doe is a senior reporter covering health." It is
 * dropped only among the last blocks, where templates put it; in the body such a sentence is news.
 */
const AUTHOR_TAGLINE =
  /^(?:\p{Lu}[\p{L}'’.-]+\s+){1,3}(?:is|was|has been) (?:a|an|the) (?:[\p{L}-]+ ){0,4}(?:reporter|writer|correspondent|editor|journalist|contributor|columnist|producer|author|intern)\b/u;

/** How many closing blocks may hold the author's tagline. */
const TAGLINE_BLOCKS = 2;

/** A section heading is short and is not a sentence. */
const MAX_HEADING_WORDS = 8;

/** Items of a story list are headlines: short and without a closing full stop, or mostly link. */
const MAX_ITEM_WORDS = 30;

/**
 * Drops page furniture from the blocks of an extracted article while keeping its headings, lists and
 * tables: prompts, credits, captions, bylines, datelines, link lists, bare URLs, and the sections that
 * follow a heading of a story list, a comment thread or an author box.
 * Why: extraction keeps the page's own structure, so unlike cleanDocument it keeps short headings and
 * repeated lines (recipes, tables and schedules repeat on purpose).
 */
export function cleanPageBlocks(blocks: readonly TextBlock[], url: string): TextBlock[] {
  const pageUrl = url.trim().replace(/\/+$/, '');
  const kept = withoutFurnitureSections(withoutCaptionPairs(blocks)).filter(
    (block) => !isBareUrl(block.text, pageUrl) && classifyFurniture(block.text, block.linkDensity) === null,
  );
  return withoutClosingTagline(kept);
}

/** The blocks without an author's tagline among the last few (never the only block). */
function withoutClosingTagline(blocks: TextBlock[]): TextBlock[] {
  const first = Math.max(1, blocks.length - TAGLINE_BLOCKS);
  const tagline = blocks.findIndex(
    (block, index) => index >= first && countWords(block.text, 60) <= 60 && AUTHOR_TAGLINE.test(block.text),
  );
  return tagline < 0 ? blocks : blocks.filter((_, index) => index !== tagline);
}

/**
 * The blocks without sections that page templates append to an article: a story list runs while its items
 * read as headlines; a comment thread runs to the end; an author box runs to the next heading.
 */
function withoutFurnitureSections(blocks: readonly TextBlock[]): TextBlock[] {
  const kept: TextBlock[] = [];
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index];
    if (block === undefined) continue;
    const kind = isSectionHeading(block) ? sectionKind(block.text) : null;
    if (kind === null) {
      kept.push(block);
      continue;
    }
    if (kind === 'comments') break;
    let next = index + 1;
    while (next < blocks.length) {
      const item = blocks[next];
      if (item === undefined) break;
      // A story list's items are short lines themselves; it ends at a marked heading or at body prose.
      if (kind === 'list' ? item.heading || sectionKind(item.text) !== null || !isListItem(item) : isSectionHeading(item)) break;
      next++;
    }
    index = next - 1;
  }
  return kept;
}

function sectionKind(text: string): 'list' | 'comments' | 'author' | null {
  if (COMMENTS_INTRO.test(text)) return 'comments';
  if (AUTHOR_INTRO.test(text)) return 'author';
  return LIST_INTRO.test(text) ? 'list' : null;
}

function isSectionHeading(block: TextBlock): boolean {
  const words = countWords(block.text, MAX_HEADING_WORDS);
  return words > 0 && words <= MAX_HEADING_WORDS && (block.heading || !/[.!?,;]["”’']?$/.test(block.text.trim()));
}

function isListItem(block: TextBlock): boolean {
  if (block.linkDensity >= 0.5) return true;
  return countWords(block.text, MAX_ITEM_WORDS) <= MAX_ITEM_WORDS && !/[.!]["”’']?$/.test(block.text.trim());
}

function isBareUrl(text: string, pageUrl: string): boolean {
  const trimmed = text.trim().replace(/\/+$/, '');
  return trimmed === pageUrl || /^(?:https?:\/\/|www\.)\S+$/i.test(trimmed);
}
