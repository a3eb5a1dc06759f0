/**
 * Rules for page furniture: the lines around an article that are not part of it. Each rule is about the
 * shape of a line (a prompt, a dateline, a credit, a byline), never about a particular site's wording.
 */

export type FurnitureKind =
  | 'prompt'
  | 'banner'
  | 'dateline'
  | 'byline'
  | 'credit'
  | 'links';

const AGENCIES =
  'afp|ap|reuters|associated press|agence france-presse|pti|ians|ani|upi|xinhua|dpa|bloomberg|aap|efe|ansa|kyodo|yonhap|tass|anadolu|cna|agencies|agency|wires?|news desk|web desk|desk|staff|staff reporter|staff writer|news service|news agency|bureau|correspondent';

/** Photo agencies and stock libraries that end an image credit. */
const PHOTO_CREDITS =
  'getty images|getty|istock(?:photo)?|shutterstock|reuters|afp|ap photo|ap|epa(?:-efe)?|alamy|pa wire|pa media|pa images|xinhua|anadolu(?: agency)?|bloomberg|corbis|rex features|rex|sipa|unsplash|pexels|wikimedia commons|file photo|handout|supplied';

/** Credits as written, glued to a caption's last lower-case letter. */
const GLUED_CREDIT =
  /\p{Ll}(?:Getty Images|Getty|iStock(?:photo)?|Shutterstock|Reuters|AFP|AP Photo|EPA|Alamy|PA Wire|Xinhua|Anadolu|Bloomberg|Corbis|Handout)\W*$/u;

/** Lines that introduce links to other stories; these prefixes may run straight into the linked headline. */
const LINK_PREFIX =
  /^[\W_]*(?:read more|read also|also read|also see|see also|more on this(?: story)?|related (?:articles?|stories|coverage|content|news|topics|reading)|recommended(?: reading| stories| for you)?|further reading|you may also like|you might also like|don'?t miss|click here|tap here)\b/i;

/** What may follow a link prefix: a separator, nothing, or the capitalised linked headline. */
const AFTER_LINK_PREFIX = /^\s*(?:[:|»>\-–—]|$|["“‘']?\p{Lu})/u;

/** Labels that introduce links only when followed by a separator ("Watch: …", "Related: …"). */
const LINK_LABEL =
  /^[\W_]*(?:related|watch(?: now)?|listen|opinion|explainer|in pictures|in depth|trending(?: now)?|must read|editor'?s'? picks?|more from [\w ]{1,30}|more|latest|top stories)\s*[:|»>]/i;

/** Prompts clear enough to recognise in a paragraph of up to 60 words. */
const STRONG_PROMPTS: readonly RegExp[] = [
  /\b(?:sign ?up|subscribe|register)\b.{0,60}\bnewsletters?\b|\bnewsletters?\b.{0,60}\b(?:sign ?up|subscribe|your inbox|delivered to you)\b|\bget (?:our|the) [\w ]{0,30}newsletter\b/i,
  /\b(?:delivered|sent|straight|direct(?:ly)?) to your inbox\b|\bsign up\b.{0,60}\b(?:your inbox|e-?mail updates|e-?mail alerts)\b/i,
  /\b(?:may|can) be (?:reached|contacted) at\b|\bcontact (?:him|her|them|the (?:author|writer|reporter)) at\b/i,
  /\bfollow (?:him|her|them|me|us)\b.{0,40}@\w+/i,
  /\b(?:news tip|send (?:us )?(?:a )?tip|let us know at|e-?mail us at|write to us at)\b/i,
  /\b(?:contains?|includes?) (?:affiliate|referral)(?: and\/or (?:affiliate|referral))? links\b|\bwe may (?:earn|receive) (?:a )?(?:small )?(?:commission|compensation)\b/i,
  /\bclick here\b/i,
];

/** Prompts recognised in a paragraph of up to 8 words: short imperative lines and footer links. */
const SHORT_PROMPTS: readonly RegExp[] = [
  /^(?:subscribe|sign up|sign in|log ?in|register|join (?:us|now)|create (?:an|your) account|share|tweet|pin it|e-?mail|print|copy link)\b/i,
  /^[^.!?]*\b(?:privacy policy|terms (?:of|and) (?:use|service)|cookie (?:policy|settings))\b[^.!?]*$/i,
];

const READER_PROMPTS: readonly RegExp[] = [
  /\bcookies?\b.*\b(?:accept|consent|polic(?:y|ies)|settings|preferences|browsing|browser|(?:our|this) (?:web)?site)\b/i,
  /\b(?:we|this site|this website|our site) uses? cookies\b/i,
  /^(?:follow us|like us|join us on|find us on|download (?:our|the) app|get (?:our|the) app)\b/i,
  /\bshare (?:this|on|via) (?:article|story|page|facebook|twitter|whatsapp|linkedin|e-?mail)\b/i,
  /\bfollow (?:us|@\w+) on (?:twitter|facebook|instagram|x|linkedin|telegram|whatsapp|google news)\b/i,
  /\ball rights reserved\b|^(?:copyright\s*)?©/i,
  /^(?:advertisement|advert|ad|sponsored(?: content)?|story continues below(?: advertisement)?|continue reading(?: below| the main story)?|skip (?:to \w+|ad(?:vertisement)?)|loading\W*|scroll (?:down|to continue)\b.*|click to (?:expand|enlarge)|view (?:gallery|comments|image)s?|comments?|\d+ comments?|show comments|listen to (?:this )?article.*)$/i,
  /\b(?:already a subscriber|subscribe to (?:continue|read)|to continue reading|for unlimited access)\b/i,
  /^(?:enter your e-?mail|your e-?mail address)\b/i,
  /^(?:subscribe|sign up) (?:to|for|now|today)\b/i,
  /\b(?:thank you for (?:subscribing|signing up)|you(?:'|’)re (?:now )?subscribed)\b/i,
  /^(?:post|leave|add|write|view|read) (?:a |your )?comments?\b|^tell us what you think\b|^have your say\b/i,
  /^(?:image|photo|picture|slide|video)\s+\d+\s+(?:of|\/)/i,
  /^(?:caption|close|open|expand|collapse|menu|search|next|previous|prev|back to top|show (?:more|less)|see more|load more|sign in|log in|log out|reply|print|e-?mail|hide caption|toggle caption|enlarge this image|view larger|fullscreen)$/i,
];

const WEEKDAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun';
const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const DATE_FILLER =
  'updated|last updated|published|first published|posted|modified|on|at|am|pm|a\\.m|p\\.m|gmt|utc|bst|cet|cest|ist|et|est|edt|pt|pst|pdt|ct|cst|cdt|mt|mst|aest|hkt|sgt|jst|local time|ago|hours?|hrs?|minutes?|mins?|seconds?|days?|weeks?|read|time|th|st|nd|rd';

const MONTH_OR_WEEKDAY = new RegExp(`\\b(?:${MONTHS}|${WEEKDAYS})\\b`, 'i');

const DATELINE_TOKENS = new RegExp(`\\b(?:${WEEKDAYS}|${MONTHS}|${DATE_FILLER})\\b\\.?`, 'gi');

/**
 * Says which kind of furniture a paragraph is, or null when it may be article text.
 * Why: furniture lines become false summary sentences, false topic evidence and false quotes.
 */
export function classifyFurniture(paragraph: string, linkDensity = 0): FurnitureKind | null {
  const text = paragraph.trim();
  // No rule looks at more than 60 words.
  const words = countWords(text, 60);
  if (words === 0) return 'banner';
  if (isLinkIntro(text) && words <= 40) return 'links';
  // A line that is all link is a related-story headline, unless it is a whole sentence of the article.
  if (linkDensity >= 0.8 && (words <= 5 || !/[.!?]["”’']?$/.test(text))) return 'links';
  if (words <= 8 && SHORT_PROMPTS.some((rule) => rule.test(text))) return 'prompt';
  if (words <= 30 && READER_PROMPTS.some((rule) => rule.test(text))) return 'prompt';
  if (words <= 60 && STRONG_PROMPTS.some((rule) => rule.test(text))) return 'prompt';
  if (isShareBar(text)) return 'prompt';
  if (isBanner(text, words)) return 'banner';
  if (isDateline(text)) return 'dateline';
  if (isByline(text, words)) return 'byline';
  if (isCredit(text, words)) return 'credit';
  return null;
}

function isLinkIntro(text: string): boolean {
  if (LINK_LABEL.test(text)) return true;
  const prefix = LINK_PREFIX.exec(text);
  return prefix !== null && AFTER_LINK_PREFIX.test(text.slice(prefix[0].length));
}

const SHARE_TARGETS =
  /\b(?:facebook|twitter|x|whatsapp|pinterest|pin(?: it)?|pint|linkedin|reddit|telegram|messenger|e-?mail|sms|print|copy(?: link)?|share|tweet|flipboard|tumblr|mail)\b/gi;

/** A row of share buttons: "Facebook Twitter WhatsApp Email", whatever the site's own words beside them. */
function isShareBar(text: string): boolean {
  const targets = text.match(SHARE_TARGETS)?.length ?? 0;
  if (targets < 2) return false;
  const rest = countWords(text.replace(SHARE_TARGETS, ' '), 1);
  return rest <= 1;
}

/** Site banners and navigation rows: "| Welcome to …", "Home | World | Business", "Home » News". */
function isBanner(text: string, words: number): boolean {
  if (words > 12) return false;
  if (/^\|/.test(text) || (/^welcome to\b/i.test(text) && !/[.!?]["”’']?$/.test(text))) return true;
  const separators = text.match(/\s[|»›>•·]\s|\s\/\s/g)?.length ?? 0;
  return separators >= 2 && !/[.!?]$/.test(text);
}

/** A line made of nothing but a date, a time and words such as "Updated" or "Published". */
export function isDateline(text: string): boolean {
  if (text.length > 80) return false;
  const hasDate = /\d/.test(text) && MONTH_OR_WEEKDAY.test(text);
  const hasNumericDate = /\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d{1,2}:\d{2}\b/.test(text);
  const relative = /^\s*(?:updated\s*:?\s*)?\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?)\s*(?:ago|read)\s*$/i.test(text);
  if (!hasDate && !hasNumericDate && !relative) return false;
  const rest = text
    .replace(DATELINE_TOKENS, ' ')
    .replace(/\d+(?:st|nd|rd|th)?/gi, ' ')
    .replace(/[\s,.:;|/()\-–—+]+/g, '');
  return rest === '';
}

const AGENCY = new RegExp(`\\b(?:${AGENCIES})\\b`, 'i');
const AGENCY_ALL = new RegExp(AGENCY.source, 'gi');
const WITH_INPUT = new RegExp(
  `^\\(?(?:${AGENCIES})(?:\\s*(?:/|,|and)\\s*(?:${AGENCIES}))*\\s+(?:with|contributed|and)\\b.*\\b(?:inputs?|reporting|files|contributions?)\\b`,
  'i',
);

/** Lone agency credits and bylines: "AFP |", "By Jane Doe, Reuters", "AFP with additional input by …". */
function isByline(text: string, words: number): boolean {
  if (words > 20) return false;
  if (words <= 8 && AGENCY.test(text)) {
    const rest = text.replace(AGENCY_ALL, ' ').replace(/\b(?:by|and|with|from|the|news|photo|files?)\b/gi, ' ');
    if (/^[\s,|/()\-–—:;.&+]*$/.test(rest)) return true;
  }
  if (WITH_INPUT.test(text)) return true;
  if (/\bcontributed (?:to )?(?:this|the) (?:report|story|article)\b/i.test(text)) return true;
  if (/^\(?(?:additional )?(?:reporting|writing|editing|compiled|written|reported|edited|produced|translated)(?: and \w+)? by\b/i.test(text)) {
    return true;
  }
  if (/^(?:[Bb]y|BY|[Ff]rom|FROM)\s+\p{Lu}/u.test(text) && words <= 12 && !/[.!?]["”’']?$/.test(text.replace(/\b\p{Lu}\.$/u, ''))) {
    const lowerWords = text.split(/\s+/).slice(1).filter((word) => /^\p{Ll}/u.test(word));
    return lowerWords.every((word) => /^(?:and|of|in|for|the|at|with|de|van|von|la|le|da|di)$/.test(word));
  }
  return false;
}

const CREDIT = new RegExp(
  `(?:[|/(©]|\\b(?:photo|image|picture|credit|pictured|source)s?\\s*:)\\s*(?:[\\p{L}. ]{0,30}\\/\\s*)?(?:${PHOTO_CREDITS})\\b[^.!?]{0,40}$`,
  'iu',
);

/** Image credits and captions that end in a photo agency: "(Photo: Getty Images)", "Police at the sceneReuters". */
function isCredit(text: string, words: number): boolean {
  if (words > 30) return false;
  if (/^\(?(?:photo|image|picture|video|graphic|illustration|file photo|source)s?(?:\s+(?:credit|source|courtesy))?\s*[:|]/i.test(text)) {
    return true;
  }
  if (/^\(?(?:photos?|images?|pictures?)\s+(?:by|courtesy(?: of)?|credit)\b/i.test(text)) return words <= 15;
  if (CREDIT.test(text)) return true;
  // A credit glued to the caption, as left by scraped image markup: "Iran cyber attackiStock".
  return words <= 20 && GLUED_CREDIT.test(text);
}

/**
 * True when `second` repeats `first` and adds only a short credit: an image's alt text followed by its
 * caption ("Iran cyber attack" then "Iran cyber attackiStock").
 */
export function isCaptionPair(first: string, second: string): boolean {
  const a = normalizeForComparison(first);
  if (a.length < 6 || countWords(first, 20) > 20 || /[.!?]$/.test(first.trim())) return false;
  const b = normalizeForComparison(second);
  if (!b.startsWith(a) || b === a) return false;
  const extra = second.trim().slice(Math.min(second.trim().length, first.trim().length)).trim();
  return countWords(extra, 6) <= 6;
}

/**
 * A short line with no sentence punctuation that reads as a section heading ("Pompeo Visits Gulf Allies")
 * rather than a body sentence.
 */
export function isSectionHeading(text: string, markedHeading: boolean): boolean {
  const words = countWords(text, 25);
  if (words === 0) return true;
  if (markedHeading) return words <= 25;
  if (/[.!?:;,"”’'…)]$/.test(text.trim())) return false;
  if (words <= 6) return true;
  return words <= 14 && isTitleCase(text);
}

/** Most longer words capitalised, as in "US to Tighten Sanctions". */
export function isTitleCase(text: string): boolean {
  const long = text.split(/\s+/).filter((word) => /^[\p{L}"“‘']/u.test(word) && word.replace(/\W/g, '').length > 3);
  if (long.length === 0) return true;
  const capitalised = long.filter((word) => /^["“‘']?\p{Lu}/u.test(word)).length;
  return capitalised / long.length >= 0.75;
}

/** Lower-cased letters and digits only: two copies of a paragraph that differ in punctuation compare equal. */
export function normalizeForComparison(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A whitespace-separated word that holds a letter or digit. */
const WORD_WITH_LETTER = /\S*[\p{L}\p{N}]\S*/gu;

/**
 * Counts whitespace-separated words that hold a letter or digit. With `atMost`, counting stops once the count
 * passes it (the result is then atMost + 1): a caller comparing with a bound need not read a long paragraph.
 */
export function countWords(text: string, atMost = Infinity): number {
  WORD_WITH_LETTER.lastIndex = 0;
  let count = 0;
  while (count <= atMost && WORD_WITH_LETTER.exec(text) !== null) count++;
  return count;
}

/** The blocks without image alt-text/caption pairs (a short line followed by the same words plus a credit). */
export function withoutCaptionPairs<T extends { text: string }>(blocks: readonly T[]): T[] {
  const kept: T[] = [];
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index];
    if (block === undefined) continue;
    const next = blocks[index + 1];
    if (next !== undefined && isCaptionPair(block.text, next.text)) {
      index++;
      continue;
    }
    kept.push(block);
  }
  return kept;
}
