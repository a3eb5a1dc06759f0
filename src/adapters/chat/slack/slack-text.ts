import { cleanInline, parseSafeHttpUrl, truncateAtWord } from '../shared/plain-text.js';

/**
 * Text safety for Slack mrkdwn. Every string from a feed passes through `escapeSlackText` before it is placed in
 * a message, and every link is built by `slackLink` from a URL that passed `safeSlackUrl`.
 */


// Look-alikes for the mrkdwn markers: Slack has no escape character, so a marker is replaced to stay inert.
const LOOKALIKE: Record<string, string> = { '*': '\u2217', '~': '\u223c', '`': '\u02cb', _: '\uff3f' };

/**
 * Makes untrusted text inert in Slack mrkdwn: `&`, `<`, `>` become entities (so no `<!channel>`, `<@U…>` or
 * `<url|label>` survives), formatting markers are replaced by look-alikes where they could open or close
 * formatting, and a bare @channel/@here/@everyone is broken with a zero-width space.
 */
export function escapeSlackText(text: string): string {
  return cleanInline(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*~`]/g, (c) => LOOKALIKE[c] ?? c)
    // An underscore between two letters or digits (snake_case, handles) cannot italicise; others can.
    .replace(/_/g, (c, offset: number, all: string) =>
      /[\p{L}\p{N}]/u.test(all[offset - 1] ?? '') && /[\p{L}\p{N}]/u.test(all[offset + 1] ?? '') ? c : (LOOKALIKE[c] ?? c),
    )
    .replace(/@(?=(?:channel|here|everyone)\b)/gi, '@\u200b');
}

/**
 * Returns the URL in a form safe inside a Slack link, or null unless it is an absolute http(s) URL without
 * embedded credentials. `|`, `<`, `>` are percent-encoded and `&` becomes `&amp;`, as Slack expects.
 */
export function safeSlackUrl(raw: string | null | undefined): string | null {
  const url = parseSafeHttpUrl(raw);
  if (url === null) return null;
  return url.href
    .replace(/[|<>]/g, (c) => encodeURIComponent(c))
    .replace(/&/g, '&amp;');
}

/** A mrkdwn link from an already escaped label; plain label when the URL is missing or refused. */
export function slackLink(rawUrl: string | null, escapedLabel: string, maxUrlLength = 1500): string {
  const url = safeSlackUrl(rawUrl);
  if (url === null || url.length > maxUrlLength) return escapedLabel;
  return `<${url}|${escapedLabel}>`;
}

/** Escapes untrusted text and fits the escaped result into `max` characters, cutting the raw text at a word. */
export function fitSlackText(raw: string, max: number): string {
  const text = cleanInline(raw);
  let budget = max;
  for (;;) {
    const out = escapeSlackText(truncateAtWord(text, budget));
    if (out.length <= max || budget <= 1) return out.length <= max ? out : '';
    budget -= Math.max(1, out.length - max);
  }
}

/** Formats an ISO time as a Slack date token (shown in the reader's time zone) with a UTC fallback. */
export function slackDate(iso: string | null): string | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

export { cleanInline, truncateAtWord };
