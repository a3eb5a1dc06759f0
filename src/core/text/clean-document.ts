import type { CleanDocument } from '../analysis.js';
import { classifyFurniture, countWords, isSectionHeading, normalizeForComparison, withoutCaptionPairs } from './furniture.js';
import { dropGluedCaptions } from './drop-glued-captions.js';
import { htmlToBlocks } from './html-to-blocks.js';
import { splitSentences } from './split-sentences.js';
import { collapseWhitespace, type TextBlock } from './text-block.js';
import { decodeEntities, textToBlocks } from './text-to-blocks.js';

export interface CleanDocumentInput {
  title?: string | null;
  html?: string | null;
  text?: string | null;
  /** Take a headline-like first line as the title when no title is given. */
  detectHeadline?: boolean;
}

/** Wire-service datelines that open a lead: "WASHINGTON (Reuters) -", "(CNN) --", "(The Hollywood Reporter)Stan". */
const LEAD_DATELINE =
  /^(?:\p{Lu}[\p{Lu} .'’-]{1,30}(?:,\s*\p{Lu}[\p{L} .'’-]{1,30})?\s*)?\((?:\p{Lu}[\p{L}.&'’ ]{1,40})\)\s*(?:[-—–:]+\s*)?(?=["“‘]?\p{Lu})/u;

const ENDS_SENTENCE = /[.!?]["”’']?$/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const TITLE_WORDS = 12;
const TRAILING_FILLER = /\s+(?:a|an|the|of|to|in|on|at|for|and|or|but|with|by|from|as|that|which|who|its|his|her|their)$/i;

/**
 * Turns an article's HTML or text into a title and clean paragraphs: markup and entities resolved, page
 * furniture (captions, bylines, datelines, banners, "Read more" links, reader prompts, section headings)
 * dropped, and repeated paragraphs kept once.
 * Why: every later step (summaries, quotes, topic evidence) reads sentences, and furniture makes false ones.
 */
export function cleanDocument(input: CleanDocumentInput): CleanDocument {
  const blocks = dropRepeats(dropFurniture(readBlocks(input)));
  let title = collapseWhitespace(decodeEntities(input.title ?? ''));
  let body = blocks;
  if (title !== '') {
    const key = normalizeForComparison(title);
    body = body.filter((block) => keyOf(block) !== key);
  } else if (input.detectHeadline === true && body.length >= 2 && looksLikeHeadline(body[0])) {
    title = body[0]?.text ?? '';
    body = body.slice(1);
  }
  const paragraphs = body
    .filter((block) => !isSectionHeading(block.text, block.heading))
    .map((block) => dropGluedCaptions(block.text));
  if (paragraphs.length > 0) paragraphs[0] = (paragraphs[0] ?? '').replace(LEAD_DATELINE, '');
  const kept = paragraphs.filter((paragraph) => paragraph !== '');
  if (title === '') title = deriveTitle(kept);
  return { title, paragraphs: kept, text: kept.join('\n\n') };
}

function readBlocks(input: CleanDocumentInput): TextBlock[] {
  const html = input.html ?? '';
  if (html.trim() !== '') {
    const blocks = htmlToBlocks(html);
    if (blocks.length > 0) return blocks;
  }
  return textToBlocks(input.text ?? '');
}

function dropFurniture(blocks: readonly TextBlock[]): TextBlock[] {
  return withoutCaptionPairs(blocks).filter((block) => classifyFurniture(block.text, block.linkDensity) === null);
}

/** A block and its comparison key, computed once and only when compared: normalising long text is costly. */
interface KeyedBlock extends TextBlock {
  key?: string;
}

function keyOf(block: KeyedBlock): string {
  block.key ??= normalizeForComparison(block.text);
  return block.key;
}

/**
 * Keeps the first of paragraphs that are equal once case, spacing and punctuation are ignored; when a later
 * copy is the one that ends its sentence properly, its wording replaces the first copy's.
 */
function dropRepeats(blocks: readonly TextBlock[]): KeyedBlock[] {
  const [only] = blocks;
  // A lone block has nothing to repeat: it is kept when it holds a letter or digit, which needs no key.
  if (blocks.length === 1 && only !== undefined) {
    return LETTER_OR_DIGIT.test(only.text.toLowerCase()) ? [{ ...only }] : [];
  }
  const seen = new Map<string, KeyedBlock>();
  const kept: KeyedBlock[] = [];
  for (const block of blocks) {
    const key = normalizeForComparison(block.text);
    if (key === '') continue;
    const first = seen.get(key);
    if (first === undefined) {
      const copy = { ...block, key };
      seen.set(key, copy);
      kept.push(copy);
    } else if (!ENDS_SENTENCE.test(first.text) && ENDS_SENTENCE.test(block.text)) {
      first.text = block.text;
    }
  }
  return kept;
}

/** A short first line without a closing period, followed by body text: a headline. */
function looksLikeHeadline(block: TextBlock | undefined): boolean {
  if (block === undefined) return false;
  const words = countWords(block.text, 30);
  if (block.heading) return words >= 2 && words <= 30;
  if (words < 3 || words > 25) return false;
  if (/[.,;:…]["”’']?$/.test(block.text)) return false;
  return /^["“‘']?[\p{Lu}\p{N}]/u.test(block.text) && splitSentences(block.text).length === 1;
}

/** A title from the lead sentence, cut to about a dozen words. */
function deriveTitle(paragraphs: readonly string[]): string {
  const lead = splitSentences(paragraphs[0] ?? '')[0] ?? '';
  const words = lead.replace(/[.!?]["”’']?$/, '').split(/\s+/).filter((word) => word !== '');
  if (words.length <= TITLE_WORDS + 2) return words.join(' ');
  let cut = words.slice(0, TITLE_WORDS).join(' ').replace(/[\s,;:–—-]+$/, '');
  for (let previous = ''; previous !== cut; ) {
    previous = cut;
    cut = cut.replace(TRAILING_FILLER, '').replace(/[\s,;:–—-]+$/, '');
  }
  return `${cut}…`;
}
