/** One item as a feed delivered it, before any analysis. Dates are ISO-8601 strings. */
export interface FeedItem {
  guid: string | null;
  link: string | null;
  title: string | null;
  publishedAt: string | null;
  /** Full content from the feed (content:encoded, Atom content), HTML. */
  contentHtml: string | null;
  /** Short description or teaser from the feed, HTML or text. */
  summaryHtml: string | null;
  author: string | null;
}

/** A parsed feed: its own title and link, and its items in feed order. */
export interface ParsedFeed {
  title: string | null;
  link: string | null;
  /** Refresh hint from RSS <ttl>, in minutes. */
  ttlMinutes: number | null;
  items: FeedItem[];
}

/** An article newswatch has decided to look at: a feed item with its stable key and source. */
export interface Article {
  key: string;
  feedId: string;
  source: string;
  url: string | null;
  title: string;
  publishedAt: string | null;
  /** Body as HTML (feed content or extracted page), when there is any. */
  html: string | null;
  /** Body as plain text, when the input was text. */
  text: string | null;
}
