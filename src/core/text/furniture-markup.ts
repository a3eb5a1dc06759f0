/**
 * Markup signals of page furniture: the class, id, role and label words that sites and CMS themes give to
 * comment threads, related-story lists, newsletter and author boxes, share bars and captions. These are the
 * structural cues that Readability, Boilerpipe and trafilatura also use; the words are the generic names of
 * page parts, not any one site's.
 */

/** How sure a markup signal is: `strong` names a part that is never article text, `weak` one that may wrap it. */
export type FurnitureSignal = 'strong' | 'weak' | null;

/** Class or id words of a comment thread. */
const THREAD_WORDS = new Set(['comment', 'comments', 'commentlist', 'disqus', 'replies', 'respond', 'discussion', 'talkback']);

/** Single class or id words of parts that are never article text. */
const STRONG_WORDS = new Set([
  ...THREAD_WORDS,
  'related', 'recommended', 'recommendation', 'recommendations', 'outbrain', 'taboola', 'trending', 'mostread',
  'newsletter', 'newsletters', 'signup', 'optin', 'subscribe',
  'authorbio', 'bio', 'byline', 'bylines',
  'caption', 'captions', 'figcaption', 'credit', 'credits',
  'breadcrumb', 'breadcrumbs', 'readmore', 'cookie', 'cookies', 'consent', 'gdpr',
]);

/** Pairs of adjacent words that name such a part ("author bio", "read next", "more stories"). */
const STRONG_PAIRS = new Set([
  'author bio', 'author box', 'author info', 'author card', 'author details', 'author profile', 'about author',
  'author about', 'post author', 'sign up', 'opt in', 'most read', 'most popular', 'most viewed', 'read next',
  'up next', 'more stories', 'more articles', 'more news', 'more from', 'also like', 'you may', 'you might',
  'sr only', 'visually hidden', 'screen reader', 'read more', 'see also',
]);

/** Word endings that name such a part inside a run-together class ("imagecaption", "postcomments"). */
const STRONG_ENDINGS = ['caption', 'credit', 'comments', 'newsletter'];

/** Words of parts that usually hold no article text but may wrap it on some themes: judged by size too. */
const WEAK_WORDS = new Set([
  'share', 'sharing', 'sharebar', 'sharethis', 'addthis', 'social', 'promo', 'promotion', 'advert', 'advertisement',
  'ad', 'ads', 'sponsor', 'sponsored', 'tags', 'tag', 'topics', 'popular', 'widget', 'sidebar', 'toolbar',
  'carousel', 'swiper', 'slick', 'teaser', 'teasers', 'author', 'authors', 'writer', 'contributor',
]);

/** Landmark and widget roles that are never the article (WAI-ARIA). */
const FURNITURE_ROLES = new Set([
  'complementary', 'contentinfo', 'navigation', 'banner', 'search', 'menu', 'menubar', 'toolbar', 'dialog',
  'alertdialog', 'tablist', 'form',
]);

/** Words of an accessible label ("aria-label") that name a furniture region. */
const FURNITURE_LABEL =
  /\b(?:comments?|related|recommended|share|sharing|newsletter|subscribe|sign up|about the author|more (?:stories|articles|from)|trending|most (?:read|popular)|advertisement|breadcrumbs?)\b/i;

/** Splits class and id values into lower-case words: "relatedStories_list" gives related, stories, list. */
export function labelWords(label: string): string[] {
  return label
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/**
 * Says whether an element's class, id, component name (data-component, data-module), role or aria-label
 * names it as page furniture, and how surely. `data-wrapper` carries the class and id of a wrapper that an
 * extractor may have unwrapped.
 * Why: the parts that trail an article (comments, related links, newsletter and author boxes) are named for
 * what they are in nearly every CMS theme, which is a steadier cue than their wording.
 */
export function classifyFurnitureMarkup(attributes: Readonly<Record<string, string | undefined>>): FurnitureSignal {
  const role = (attributes['role'] ?? '').toLowerCase().trim();
  if (FURNITURE_ROLES.has(role)) return 'strong';
  if (FURNITURE_LABEL.test(attributes['aria-label'] ?? '')) return 'strong';
  const words = labelWords(
    ['class', 'id', 'data-component', 'data-module', 'data-wrapper'].map((name) => attributes[name] ?? '').join(' '),
  );
  if (words.length === 0) return null;
  // Embedded posts (tweets, videos) quoted by the article are part of it, whatever their wrapper is called.
  if (words.includes('embed') || words.includes('embedded')) return null;
  let weak = false;
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    if (STRONG_WORDS.has(word) || STRONG_ENDINGS.some((ending) => word.endsWith(ending))) return 'strong';
    const next = words[index + 1];
    if (next !== undefined && STRONG_PAIRS.has(`${word} ${next}`)) return 'strong';
    if (WEAK_WORDS.has(word)) weak = true;
  }
  return weak ? 'weak' : null;
}

/**
 * True when an element's class or id (or its unwrapped wrapper's) names a comment thread or one comment.
 * Why: readers' comments are never article text, even where other markup rules are set aside.
 */
export function namesCommentThread(attributes: Readonly<Record<string, string | undefined>>): boolean {
  if (/\bcomments?\b/i.test(attributes['aria-label'] ?? '')) return true;
  const words = labelWords(['class', 'id', 'data-wrapper'].map((name) => attributes[name] ?? '').join(' '));
  return words.some((word) => THREAD_WORDS.has(word) || word.endsWith('comments'));
}
