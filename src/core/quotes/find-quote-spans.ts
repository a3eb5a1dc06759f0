/** Where one quotation sits: its paragraph, the offsets of its marks, and the words between them. */
export interface QuoteSpan {
  paragraph: number;
  /** Offset of the opening mark in its paragraph. */
  start: number;
  /** Offset just past the closing mark (or the paragraph's end when the quote runs on). */
  end: number;
  /** Offsets of the words inside the marks. */
  innerStart: number;
  innerEnd: number;
  /** Index of the run this piece belongs to: pieces of one multi-paragraph quote share it. */
  run: number;
}

type Role = 'open' | 'close' | 'either' | 'none';

const MARKS = new Set(['"', '“', '”', '„', '″']);
const MARK_PATTERN = new RegExp(`[${[...MARKS].join('')}]`, 'gu');
/** Characters after which a mark opens a quotation. */
const BEFORE_OPEN = /[\s([{\u2014\u2013\u2015/-]/u;
/** Characters before which a mark closes a quotation. */
const AFTER_CLOSE = /[\s.,;:!?)\]}\u2014\u2013\u2015\u2026'’-]/u;

/**
 * Finds the direct quotations of a document's paragraphs, in order.
 * Why: quotation marks in news text are often mismatched (straight and curly mixed, a closing glyph used to
 * open), so a mark's role is read from its surroundings first and from its glyph second. A quote whose
 * paragraph ends before it closes continues when the next paragraph opens with a mark (the newswire
 * convention); a run that never closes is a block excerpt, not speech, and is left out.
 */
export function findQuoteSpans(paragraphs: readonly string[]): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let run = 0;
  let pending: QuoteSpan[] = [];
  paragraphs.forEach((paragraph, index) => {
    const continuing = pending.length > 0 && opensWithMark(paragraph);
    if (pending.length > 0 && !continuing) pending = [];
    const { closed, open } = scanParagraph(paragraph, index);
    for (const [i, span] of closed.entries()) {
      if (i === 0 && continuing) {
        spans.push(...pending.map((p) => ({ ...p, run })), { ...span, run });
        pending = [];
      } else {
        spans.push({ ...span, run });
      }
      run++;
    }
    if (open !== null) {
      if (continuing && closed.length === 0) pending.push(open);
      else pending = [open];
    }
  });
  return spans.filter((s) => s.innerEnd > s.innerStart);
}

function opensWithMark(paragraph: string): boolean {
  const first = paragraph.trimStart()[0];
  return first !== undefined && MARKS.has(first) && markRole(paragraph, paragraph.indexOf(first)) !== 'close';
}

interface ScanResult {
  closed: QuoteSpan[];
  /** A quotation still open at the paragraph's end. */
  open: QuoteSpan | null;
}

/** Pairs the marks of one paragraph; a quote still open at its end is returned as `open`. */
function scanParagraph(text: string, paragraph: number): ScanResult {
  const closed: QuoteSpan[] = [];
  let openAt = -1;
  let depth = 0;
  // The regex engine finds the marks: far fewer steps than testing every character.
  for (const mark of text.matchAll(MARK_PATTERN)) {
    const i = mark.index;
    const role = markRole(text, i);
    if (role === 'none') continue;
    if (openAt < 0) {
      if (role !== 'close') {
        openAt = i;
        depth = 1;
      }
      continue;
    }
    if (role === 'open' && depth >= 1 && text[i] === '“' && text[openAt] === '“') {
      depth++;
    } else if (role !== 'open') {
      depth--;
      if (depth === 0) {
        closed.push(makeSpan(text, paragraph, openAt, i + 1));
        openAt = -1;
      }
    } else {
      // A second opening mark of another glyph inside a quote: the first one was never closed.
      openAt = i;
      depth = 1;
    }
  }
  const open = openAt >= 0 ? makeSpan(text, paragraph, openAt, text.length) : null;
  return { closed, open };
}

function makeSpan(text: string, paragraph: number, start: number, end: number): QuoteSpan {
  let innerStart = start + 1;
  let innerEnd = MARKS.has(text[end - 1] ?? '') && end - 1 > start ? end - 1 : end;
  while (innerStart < innerEnd && /\s/u.test(text[innerStart] ?? '')) innerStart++;
  while (innerEnd > innerStart && /\s/u.test(text[innerEnd - 1] ?? '')) innerEnd--;
  return { paragraph, start, end, innerStart, innerEnd, run: 0 };
}

/** Reads whether the mark at `i` opens or closes a quotation from the characters around it. */
function markRole(text: string, i: number): Role {
  const before = i > 0 ? text[i - 1] : undefined;
  const after = text[i + 1];
  const canOpen = after !== undefined && !/\s/u.test(after) && (before === undefined || BEFORE_OPEN.test(before) || MARKS.has(before));
  const canClose = before !== undefined && !/\s/u.test(before) && (after === undefined || AFTER_CLOSE.test(after) || MARKS.has(after));
  if (canOpen && !canClose) return 'open';
  if (canClose && !canOpen) return 'close';
  const glyph = text[i];
  if (glyph === '“' || glyph === '„') return 'open';
  if (glyph === '”' || glyph === '″') return 'close';
  // A straight mark glued to words on both sides (markup such as tweet-date="…) is no quotation mark.
  const glued = before !== undefined && after !== undefined && !/\s/u.test(before) && !/\s/u.test(after);
  return canOpen || canClose || !glued ? 'either' : 'none';
}
