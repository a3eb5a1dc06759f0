import { parseDocument } from 'htmlparser2';
import { collapseWhitespace, splitLines, type TextBlock } from './text-block.js';

/** Elements whose content is never article text. */
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video',
  'audio', 'figcaption', 'figure', 'picture', 'button', 'select', 'textarea', 'input', 'nav', 'form', 'head',
  'title', 'meta', 'link', 'aside', 'footer', 'dialog', 'menu',
]);

/** Elements that start and end a paragraph. */
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'pre',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'hr', 'address', 'center', 'details',
  'summary', 'fieldset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'body', 'html',
]);

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Class or id words that mark furniture inside article markup (captions, credits, share bars, promos). */
const FURNITURE_HINT =
  /(?:^|[\s_-])(?:byline|related|newsletter|share|sharing|social|promo|advert|ads?|sponsor(?:ed)?|cookie|subscribe|signup|readmore|read-more|breadcrumbs?|comments?|sr-only|visually-hidden)(?:$|[\s_-])|caption|credit/i;

type ChildNode = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<ChildNode, { attribs: Record<string, string> }>;

interface Run {
  text: string;
  linkChars: number;
}

/**
 * Turns article HTML into paragraph blocks: block elements and double line breaks separate paragraphs;
 * scripts, styles, figures and their captions, forms and navigation are dropped; entities are decoded.
 */
export function htmlToBlocks(html: string): TextBlock[] {
  const document = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  const blocks: TextBlock[] = [];
  let run: Run = { text: '', linkChars: 0 };
  let heading = 0;

  const flush = (): void => {
    const isHeading = heading > 0;
    const total = collapseWhitespace(run.text).length;
    const density = total === 0 ? 0 : Math.min(1, run.linkChars / total);
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
      if (DROPPED.has(name) || isHiddenOrFurniture(element)) continue;
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

function isHiddenOrFurniture(element: Element): boolean {
  const attributes = element.attribs;
  if ('hidden' in attributes || attributes['aria-hidden'] === 'true') return true;
  if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(attributes['style'] ?? '')) return true;
  // Wrappers (article, main, body) may carry broad class names; only smaller elements are judged by them.
  if (element.name === 'article' || element.name === 'main' || element.name === 'body') return false;
  const label = `${attributes['class'] ?? ''} ${attributes['id'] ?? ''}`;
  // Embedded posts (tweets, videos) quoted by the article are part of it, whatever their wrapper is called.
  if (!FURNITURE_HINT.test(label) || /embed/i.test(label)) return false;
  return countParagraphs(element.children, 3) < 3;
}

/** Counts <p> descendants up to `limit`: a hinted element holding several paragraphs is content, not furniture. */
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
