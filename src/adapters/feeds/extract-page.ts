import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { cleanPageBlocks } from '../../core/text/clean-page-blocks.js';
import { htmlToBlocks } from '../../core/text/html-to-blocks.js';
import type { TextBlock } from '../../core/text/text-block.js';

export interface ExtractedPage {
  title: string | null;
  html: string;
  text: string;
}

/** Below this many characters Readability has probably picked a teaser or a caption, not the article. */
const SHORT_ARTICLE = 500;

/** Markup that never holds article text, removed before Readability scores the page. */
const NEVER_CONTENT =
  'script, style, noscript, template, iframe, svg, nav, dialog, [hidden], [aria-hidden="true"], [role="navigation"], [role="dialog"], [role="alertdialog"]';

/** Class and id words of boxes around articles: cookie banners, newsletter sign-ups, share bars, promos. */
const FURNITURE_BOX =
  /(?:^|[\s_-])(?:cookies?|consent|gdpr|newsletter|subscribe|subscription|signup|sign-up|paywall|share|sharing|social|related|recommended|trending|popular|most-read|mostread|carousel|swiper|promo|advert|advertisement|ads?|sponsored|outbrain|taboola|popup|modal|breadcrumbs?)(?:$|[\s_-])|caption|credit/i;

/**
 * Finds the main text of a full web page: Readability (on linkedom) picks the article, then page furniture
 * (captions, credits, bylines, "Read more" lines, related-article lists, newsletter and cookie prompts) is
 * removed. When Readability finds nothing or too little, the page's largest cluster of paragraphs is used.
 * Returns null when the page holds no article text.
 */
export function extractPage(html: string, url: string): ExtractedPage | null {
  if (!/<[a-z!]/i.test(html)) return null;
  const { document } = parseHTML(html);
  if (document.documentElement === null) return null;
  const pageTitle = textOf(document.querySelector('title')) || null;
  removeFurniture(document);
  const fallback = largestParagraphCluster(document);
  const article = parseArticle(document);

  let blocks = article?.content ? cleanPageBlocks(htmlToBlocks(article.content), url) : [];
  const extractedLength = blocks.reduce((total, block) => total + block.text.length, 0);
  if (extractedLength < SHORT_ARTICLE && fallback.length > 0) {
    const clustered = cleanPageBlocks(htmlToBlocks(fallback), url);
    const clusteredLength = clustered.reduce((total, block) => total + block.text.length, 0);
    if (clusteredLength > extractedLength) blocks = clustered;
  }
  if (blocks.length === 0) return null;
  const title = article?.title?.trim() || pageTitle;
  return {
    title: title ?? null,
    html: blocks.map(renderBlock).join('\n'),
    text: blocks.map((block) => block.text).join('\n\n'),
  };
}

interface PageElement {
  tagName: string;
  className?: unknown;
  id?: unknown;
  textContent: string | null;
  parentElement: PageElement | null;
  outerHTML: string;
  children: ArrayLike<PageElement>;
  remove(): void;
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

interface PageDocument {
  body: PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

function textOf(element: PageElement | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Removes markup that is never content, and small boxes whose class or id names them as furniture. */
function removeFurniture(document: PageDocument): void {
  for (const element of Array.from(document.querySelectorAll(NEVER_CONTENT))) element.remove();
  const pageLength = textOf(document.body).length;
  for (const element of Array.from(document.querySelectorAll('form, [class], [id]'))) {
    const name = element.tagName.toLowerCase();
    if (name === 'body' || name === 'html' || name === 'article' || name === 'main') continue;
    const label = `${typeof element.className === 'string' ? element.className : ''} ${typeof element.id === 'string' ? element.id : ''}`;
    // Some sites wrap the whole page in one form; sign-up and search forms are small.
    if (name !== 'form' && !FURNITURE_BOX.test(label)) continue;
    // Embedded posts (tweets, videos) quoted by the article are part of it.
    if (/embed/i.test(label) || element.querySelectorAll('blockquote').length > 0) continue;
    // A box holding several paragraphs, or much of the page's text, is content that happens to carry such a class.
    if (element.querySelectorAll('p').length >= 3) continue;
    if (textOf(element).length > pageLength * 0.25) continue;
    element.remove();
  }
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
