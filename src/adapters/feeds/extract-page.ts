import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { cleanPageBlocks } from '../../core/text/clean-page-blocks.js';
import { htmlToBlocks } from '../../core/text/html-to-blocks.js';
import { collapseWhitespace, type TextBlock } from '../../core/text/text-block.js';

export interface ExtractedPage {
  title: string | null;
  html: string;
  text: string;
}

/**
 * The markup rules must keep at least this share of what the wording rules alone keep of Readability's pick.
 * Readability picks the element with the most paragraph text, so its pick is mostly article; when the
 * markup rules remove more than half of it, they disagree with Readability about what the article is, and
 * on a page whose markup misleads them Readability is the surer judge.
 */
const KEPT_SHARE = 0.5;

/**
 * Readability's own floor for a page worth reading (`isProbablyReaderable`'s minContentLength): a pick
 * shorter than this whose every line is furniture is not an article.
 */
const MIN_ARTICLE = 140;

/** Below this many characters the page has at most a teaser; the largest cluster of paragraphs may hold more. */
const SHORT_ARTICLE = 500;

/** Markup that never holds article text, removed before paragraphs are clustered. */
const NEVER_CONTENT =
  'script, style, noscript, template, iframe, svg, nav, aside, footer, form, figure, dialog, [hidden], [aria-hidden="true"]';

/**
 * Finds the main text of a full web page: Readability (on linkedom) picks the article, then page furniture
 * is removed: comment threads, related-story lists, newsletter, author and share boxes, captions and credits
 * (by markup), bylines, prompts and "Read more" lines (by wording). When the markup rules keep less than half
 * of what the wording rules keep, only the wording rules apply; when those keep nothing, Readability's text.
 * When Readability finds nothing or only a teaser, the page's largest cluster of paragraphs may be used.
 * Returns null when the page holds no article text.
 */
export function extractPage(html: string, url: string): ExtractedPage | null {
  if (!/<[a-z!]/i.test(html)) return null;
  const { document } = parseHTML(html);
  if (document.documentElement === null) return null;
  const pageTitle = textOf(document.querySelector('title')) || null;
  labelOnlyChildren(document.documentElement as unknown as PageElement);
  const article = parseArticle(document);

  let blocks = article?.content ? cleanArticle(article.content, collapseWhitespace(article.textContent ?? '').length, url) : [];
  if (lengthOf(blocks) < SHORT_ARTICLE) blocks = widenShortArticle(blocks, html, url);
  if (blocks.length === 0) return null;
  const title = article?.title?.trim() || pageTitle;
  return {
    title: title ?? null,
    html: blocks.map(renderBlock).join('\n'),
    text: blocks.map((block) => block.text).join('\n\n'),
  };
}

/**
 * Readability's article without furniture. Falls back to the wording rules alone (and comment-thread markup)
 * when the markup rules keep less than `KEPT_SHARE` of what those keep, and to Readability's text as is when
 * they keep nothing of a pick of article length, so text always comes back when Readability finds an article.
 */
function cleanArticle(content: string, textLength: number, url: string): TextBlock[] {
  const cleaned = cleanPageBlocks(htmlToBlocks(content), url);
  // The wording rules keep no more than the whole pick: when the markup rules keep enough of that, they do.
  if (cleaned.length > 0 && lengthOf(cleaned) >= textLength * KEPT_SHARE) return cleaned;
  const whole = htmlToBlocks(content, { dropFurniture: false });
  // Readers' comments stay out of the comparison: a thread longer than the article must not bring it back.
  const worded = cleanPageBlocks(htmlToBlocks(content, { dropFurniture: 'comments' }), url);
  if (worded.length === 0) return cleaned.length > 0 || lengthOf(whole) < MIN_ARTICLE ? cleaned : whole;
  return lengthOf(cleaned) >= lengthOf(worded) * KEPT_SHARE ? cleaned : worded;
}

/**
 * The largest cluster of paragraphs when it holds more than a short pick and contains that pick (or the pick
 * is empty). Why: Readability may settle on a teaser or one part of an article split across containers; a
 * cluster that does not contain the pick is as likely a comment thread as the article.
 */
function widenShortArticle(blocks: TextBlock[], html: string, url: string): TextBlock[] {
  const document = parseHTML(html).document as unknown as PageDocument;
  for (const element of Array.from(document.querySelectorAll(NEVER_CONTENT))) element.remove();
  const cluster = cleanPageBlocks(htmlToBlocks(largestParagraphCluster(document)), url);
  if (lengthOf(cluster) <= lengthOf(blocks)) return blocks;
  const clusterText = cluster.map((block) => block.text).join('\n');
  return blocks.every((block) => clusterText.includes(block.text)) ? cluster : blocks;
}

/**
 * Copies the class and id of an element with a single child element onto that child, as `data-wrapper`.
 * Why: Readability replaces a <div> that holds a single paragraph by that paragraph, and with the <div> go
 * the class names that mark it as a comment, an author box or a newsletter prompt.
 */
function labelOnlyChildren(root: PageElement | null): void {
  const stack: PageElement[] = root === null ? [] : [root];
  for (let element = stack.pop(); element !== undefined; element = stack.pop()) {
    const first = element.firstElementChild;
    for (let child = first; child !== null; child = child.nextElementSibling) stack.push(child);
    // Page-wide wrappers carry broad class names ("comments-open", "has-related"); they label nothing.
    if (first === null || first.nextElementSibling !== null || /^(?:html|body|main|article)$/i.test(element.tagName)) continue;
    const label = ['class', 'id', 'data-wrapper']
      .map((name) => element.getAttribute(name))
      .filter((part): part is string => part !== null && part !== '')
      .join(' ');
    if (label !== '') first.setAttribute('data-wrapper', label);
  }
}

interface PageElement {
  tagName: string;
  firstElementChild: PageElement | null;
  nextElementSibling: PageElement | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  textContent: string | null;
  parentElement: PageElement | null;
  outerHTML: string;
  children: ArrayLike<PageElement>;
  remove(): void;
}

interface PageDocument {
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

/** Readability's pick, or null when it finds nothing or fails on malformed markup. */
function parseArticle(document: unknown): ReturnType<Readability['parse']> {
  try {
    return new Readability(document as ConstructorParameters<typeof Readability>[0], { keepClasses: true }).parse();
  } catch {
    return null;
  }
}

function textOf(element: PageElement | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function lengthOf(blocks: readonly TextBlock[]): number {
  return blocks.reduce((total, block) => total + block.text.length, 0);
}

/**
 * The HTML of the paragraphs under the element with the most paragraph text directly inside it.
 * Why: when Readability rejects a page, the article is still where most of the <p> text sits together.
 */
function largestParagraphCluster(document: PageDocument): string {
  const totals = new Map<PageElement, number>();
  for (const paragraph of Array.from(document.querySelectorAll('p'))) {
    const parent = paragraph.parentElement;
    if (parent === null) continue;
    totals.set(parent, (totals.get(parent) ?? 0) + textOf(paragraph).length);
  }
  let best: PageElement | null = null;
  let bestTotal = 0;
  for (const [parent, total] of totals) {
    if (total > bestTotal) {
      best = parent;
      bestTotal = total;
    }
  }
  if (best === null) return '';
  return Array.from(best.children)
    .filter((child) => /^(?:p|h[1-6]|ul|ol|blockquote)$/i.test(child.tagName))
    .map((child) => child.outerHTML)
    .join('\n');
}

function renderBlock(block: TextBlock): string {
  const escaped = block.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return block.heading ? `<h2>${escaped}</h2>` : `<p>${escaped}</p>`;
}
