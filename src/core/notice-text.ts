/**
 * Admin notices are newswatch's own text, in which a pair of backticks marks a command to run
 * (`newswatch feeds resume wire`) that chat shows as code. Text a notice quotes from a feed, a server or a chat
 * user goes through `quoteInNotice` first, so it cannot open a code span of its own.
 */

/** Replaces backticks in quoted text by a look-alike (U+02CB), so they stay visible but mark nothing. */
export function quoteInNotice(text: string): string {
  return text.replace(/`/g, '\u02cb');
}

/** A notice cut into its plain text and its code spans, in order; the backticks themselves are dropped. */
export function splitNoticeCode(text: string): { text: string; code: boolean }[] {
  const parts: { text: string; code: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(/`([^`\n]+)`/g)) {
    const at = match.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at), code: false });
    parts.push({ text: match[1] ?? '', code: true });
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), code: false });
  return parts;
}

/** Escapes one plain part of a notice, keeping one space where it began or ended with white space. */
export function spaced(text: string, escape: (text: string) => string): string {
  if (text.trim() === '') return text === '' ? '' : ' ';
  return `${/^\s/.test(text) ? ' ' : ''}${escape(text)}${/\s$/.test(text) ? ' ' : ''}`;
}
