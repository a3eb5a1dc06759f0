import { classifyFurniture, isCaptionPair } from './furniture.js';
import type { TextBlock } from './text-block.js';

/**
 * Drops page furniture from the blocks of an extracted article while keeping its headings, lists and
 * tables: prompts, credits, captions, bylines, datelines, link lists, bare URLs.
 * Why: extraction keeps the page's own structure, so unlike cleanDocument it keeps short headings and
 * repeated lines (recipes, tables and schedules repeat on purpose).
 */
export function cleanPageBlocks(blocks: readonly TextBlock[], url: string): TextBlock[] {
  const pageUrl = url.trim().replace(/\/+$/, '');
  const kept: TextBlock[] = [];
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index];
    if (block === undefined) continue;
    const next = blocks[index + 1];
    if (next !== undefined && isCaptionPair(block.text, next.text)) {
      index++;
      continue;
    }
    if (isBareUrl(block.text, pageUrl)) continue;
    if (classifyFurniture(block.text, block.linkDensity) !== null) continue;
    kept.push(block);
  }
  return kept;
}

function isBareUrl(text: string, pageUrl: string): boolean {
  const trimmed = text.trim().replace(/\/+$/, '');
  return trimmed === pageUrl || /^(?:https?:\/\/|www\.)\S+$/i.test(trimmed);
}
