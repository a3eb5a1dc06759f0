import { classifyFurniture, withoutCaptionPairs } from './furniture.js';
import type { TextBlock } from './text-block.js';

/**
 * Drops page furniture from the blocks of an extracted article while keeping its headings, lists and
 * tables: prompts, credits, captions, bylines, datelines, link lists, bare URLs.
 * Why: extraction keeps the page's own structure, so unlike cleanDocument it keeps short headings and
 * repeated lines (recipes, tables and schedules repeat on purpose).
 */
export function cleanPageBlocks(blocks: readonly TextBlock[], url: string): TextBlock[] {
  const pageUrl = url.trim().replace(/\/+$/, '');
  return withoutCaptionPairs(blocks).filter(
    (block) => !isBareUrl(block.text, pageUrl) && classifyFurniture(block.text, block.linkDensity) === null,
  );
}

function isBareUrl(text: string, pageUrl: string): boolean {
  const trimmed = text.trim().replace(/\/+$/, '');
  return trimmed === pageUrl || /^(?:https?:\/\/|www\.)\S+$/i.test(trimmed);
}
