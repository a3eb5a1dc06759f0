import { parseDocument } from 'htmlparser2';
import { classifyFurnitureMarkup, namesCommentThread } from './furniture-markup.js';
import { collapseWhitespace, splitLines, type TextBlock } from './text-block.js';

/** Elements whose content is never text to read. */
const NEVER_TEXT = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video',
  'audio', 'picture', 'button', 'select', 'textarea', 'input', 'head', 'title', 'meta', 'link',
]);

/** Elements that hold page parts around an article (forms, navigation, asides, footers) unless they hold most text. */
const FURNITURE_ELEMENTS = new Set(['nav', 'form', 'aside', 'footer', 'dialog', 'menu']);

/** Elements that start and end a paragraph. */
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'pre',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'hr', 'address', 'center', 'details',
  'summary', 'fieldset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'body', 'html',
]);

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Containers judged as link lists by their link density. */
const LIST_CONTAINERS = new Set(['ul', 'ol', 'dl', 'div', 'section']);

/** A container this much link text, over at least `LINK_LIST_MIN` links, is a list of links to other pages. */
const LINK_LIST_DENSITY = 0.6;
const LINK_LIST_MIN = 3;

/** A part named as furniture is kept when it holds more than this share of all the text: it wraps the article. */
const WRAPPER_SHARE = 0.5;

type ChildNode = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<ChildNode, { attribs: Record<string, string> }>;

interface Run {
  text: string;
  linkChars: number;
}

/** Characters of text (without spaces), characters inside links, and number of links under an element. */
interface Extent {
  chars: number;
  linkChars: number;
  links: number;
}

export interface HtmlToBlocksOptions {
  /**
   * Which parts that markup alone names as furniture (by element, class, id, role, link density) are dropped:
   * all of them (true, the default), only comment threads ('comments'), or none (false: everything but
   * never-text elements and hidden ones is kept).
   */
  dropFurniture?: boolean | 'comments';
}

/**
 * Turns HTML into paragraph blocks: block elements and double line breaks separate paragraphs; scripts and
 * styles, hidden elements, and (unless told otherwise) figures and captions, forms, navigation, comment
 * threads, related-link lists, newsletter, author and share boxes are dropped; entities are decoded.
 */
export function htmlToBlocks(html: string, options: HtmlToBlocksOptions = {}): TextBlock[] {
  const dropFurniture = options.dropFurniture ?? true;
  const document = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  const extents = new Map<Element, Extent>();
  const total = dropFurniture === false ? 0 : measure(document.children, extents).chars;
  const isDropped =
    dropFurniture === 'comments'
      ? (element: Element): boolean => isCommentThread(element, extents, total)
      : (element: Element): boolean => dropFurniture && isFurniture(element, extents, total);
  const blocks: TextBlock[] = [];
  let run: Run = { text: '', linkChars: 0 };
  let heading = 0;

  const flush = (): void => {
    const isHeading = heading > 0;
    const length = collapseWhitespace(run.text).length;
    const density = length === 0 ? 0 : Math.min(1, run.linkChars / length);
    for (const chunk of run.text.split(/\n[ \t]*\n/)) {
      for (const paragraph of splitLines(chunk)) blocks.push({ text: paragraph, heading: isHeading, linkDensity: density });
    }
    run = { text: '', linkChars: 0 };
  };

  const visit = (nodes: readonly ChildNode[], inLink: boolean): void => {
    for (const node of nodes) {
      if (node.type === 'text') {
        const text = node.data.replace(/[\s\u00a0]+/g, ' ');
        run.text += text;
        if (inLink) run.linkChars += collapseWhitespace(text).length;
        continue;
      }
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
      const element = node as Element;
      const name = element.name;
      if (NEVER_TEXT.has(name) || isHidden(element)) continue;
      if (isDropped(element)) continue;
      if (name === 'br') {
        run.text += '\n';
        continue;
      }
      const block = BLOCKS.has(name);
      if (block) flush();
      if (HEADINGS.has(name)) heading++;
      visit(element.children, inLink || name === 'a');
      if (block) flush();
      if (HEADINGS.has(name)) heading--;
    }
  };

  visit(document.children, false);
  flush();
  return blocks;
}

function isHidden(element: Element): boolean {
  const attributes = element.attribs;
  if ('hidden' in attributes || attributes['aria-hidden'] === 'true') return true;
  return /display\s*:\s*none|visibility\s*:\s*hidden/i.test(attributes['style'] ?? '');
}

/**
 * True for page parts around the article: furniture elements, parts whose class, id, role or label names
 * them as furniture, and lists of links. A part holding most of the text is the article's wrapper and is kept.
 */
function isFurniture(element: Element, extents: ReadonlyMap<Element, Extent>, total: number): boolean {
  const name = element.name;
  if (name === 'figcaption') return true;
  // A figure is an image with its caption, unless it holds a quotation, a table or code (HTML spec: figures
  // may hold any self-contained content; CMS editors wrap tables, pull quotes and embedded posts in them).
  if (name === 'figure') return !holdsTextFigure(element.children);
  // Wrappers (article, main, body) may carry broad class names; only smaller elements are judged by them.
  if (name === 'article' || name === 'main' || name === 'body' || name === 'html') return false;
  const extent = extents.get(element);
  // Some pages put the whole article inside a form (one per page on some frameworks) or an aside.
  if (extent === undefined || extent.chars > total * WRAPPER_SHARE) return false;
  // A header holds a section's heading, byline, date and tools (HTML spec), not its body text.
  if (FURNITURE_ELEMENTS.has(name) || name === 'header') return true;
  const signal = classifyFurnitureMarkup(element.attribs);
  if (signal === 'strong') return true;
  // Weak names (share, social, promo) also turn up on wrappers of article text; several paragraphs mean content.
  if (signal === 'weak' && countParagraphs(element.children, 3) < 3) return true;
  return (
    LIST_CONTAINERS.has(name) && extent.links >= LINK_LIST_MIN && extent.linkChars >= extent.chars * LINK_LIST_DENSITY
  );
}

/** True for a comment thread or comment named by its markup, unless it holds most of the text. */
function isCommentThread(element: Element, extents: ReadonlyMap<Element, Extent>, total: number): boolean {
  const extent = extents.get(element);
  if (extent === undefined || extent.chars > total * WRAPPER_SHARE) return false;
  return element.name !== 'article' && element.name !== 'main' && element.name !== 'body' && namesCommentThread(element.attribs);
}

/** Measures every element's text and link text, bottom-up, in one pass. */
function measure(nodes: readonly ChildNode[], extents: Map<Element, Extent>): Extent {
  const sum: Extent = { chars: 0, linkChars: 0, links: 0 };
  for (const node of nodes) {
    if (node.type === 'text') {
      sum.chars += countVisible(node.data);
      continue;
    }
    if (!('attribs' in node)) continue;
    if (NEVER_TEXT.has(node.name)) continue;
    const inner = measure(node.children, extents);
    if (node.name === 'a') {
      inner.linkChars = inner.chars;
      inner.links += 1;
    }
    extents.set(node, inner);
    sum.chars += inner.chars;
    sum.linkChars += inner.linkChars;
    sum.links += inner.links;
  }
  return sum;
}

function countVisible(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 32 && text.charCodeAt(index) !== 160) count++;
  return count;
}

function holdsTextFigure(nodes: readonly ChildNode[]): boolean {
  for (const node of nodes) {
    if (!('attribs' in node)) continue;
    if (node.name === 'blockquote' || node.name === 'table' || node.name === 'pre') return true;
    if (holdsTextFigure(node.children)) return true;
  }
  return false;
}

/** Counts <p> descendants up to `limit`: a weakly named element holding several paragraphs is content. */
function countParagraphs(nodes: readonly ChildNode[], limit: number): number {
  let count = 0;
  for (const node of nodes) {
    if (count >= limit) break;
    if (!('attribs' in node)) continue;
    if (node.name === 'p') count++;
    else count += countParagraphs(node.children, limit - count);
  }
  return count;
}
