/** One paragraph-sized unit of text before cleanup, with what its markup said about it. */
export interface TextBlock {
  text: string;
  /** Marked up as a heading (h1–h6); plain text has no such marks. */
  heading: boolean;
  /** Share of the block's characters inside links; 0 for plain text. */
  linkDensity: number;
}

const TERMINAL = /[.!?:;,"”’'…)\]]$/;

/** Collapses runs of whitespace (including no-break spaces) to single spaces and trims. */
export function collapseWhitespace(text: string): string {
  // \s includes the no-break space; a single space needs no replacing, so already clean lines are not rebuilt.
  return text.replace(/[\u200b\ufeff]/gu, '').replace(/\s{2,}|[^\S ]/g, ' ').trim();
}

/**
 * Splits a block of text whose lines are separated by single line breaks into paragraphs.
 * Why: feeds and saved pages break paragraphs with one newline as often as with a blank line, while
 * hard-wrapped prose breaks lines mid-sentence; a line that runs on into a lower-case word is a wrap.
 */
export function splitLines(block: string): string[] {
  const lines = block.split('\n').map(collapseWhitespace).filter((line) => line !== '');
  if (isHardWrapped(lines)) return [lines.join(' ')];
  const paragraphs: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current !== '' && isWrapped(current, line)) current += ` ${line}`;
    else {
      if (current !== '') paragraphs.push(current);
      current = line;
    }
  }
  if (current !== '') paragraphs.push(current);
  return paragraphs;
}

/** Lines of similar, moderate length (as in e-mail or terminal text) are one paragraph wrapped at a width. */
function isHardWrapped(lines: readonly string[]): boolean {
  if (lines.length < 3) return false;
  const body = lines.slice(0, -1);
  const widest = Math.max(...lines.map((line) => line.length));
  if (widest < 40 || widest > 100) return false;
  return body.filter((line) => line.length >= widest * 0.8).length >= body.length * 0.8;
}

function isWrapped(previous: string, line: string): boolean {
  if (TERMINAL.test(previous)) return /^\p{Ll}/u.test(line) && previous.length >= 40;
  return /^[\p{Ll}\p{N}(]/u.test(line) || (previous.length >= 60 && !/^[\p{Lu}"“‘']/u.test(line));
}
