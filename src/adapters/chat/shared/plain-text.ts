/** Text handling every chat platform shares: untrusted feed text made one-line and cut to fit. */

// Control characters and bidirectional overrides: invisible, and able to make text read differently than it is.
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Collapses whitespace and drops invisible characters, so untrusted text stays on one line. */
export function cleanInline(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** Cuts text to at most `max` characters at a word boundary, marking the cut with "…". */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let cut = max - 1;
  // Never split a surrogate pair.
  const code = text.charCodeAt(cut);
  if (code >= 0xdc00 && code <= 0xdfff) cut -= 1;
  const space = text.lastIndexOf(' ', cut);
  if (space > max * 0.6) cut = space;
  // A trailing backslash would escape the ellipsis in markdown.
  return `${text.slice(0, cut).replace(/[\s,;:\-–—\\]+$/u, '')}…`;
}

/** An absolute http(s) URL without embedded credentials, or null: the only links a chat message may carry. */
export function parseSafeHttpUrl(raw: string | null | undefined): URL | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url;
}
