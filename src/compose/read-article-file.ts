import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { ExitCode, InputError } from './exit-codes.js';

/** An article read from disk for `analyze` and `preview`: HTML or plain text, never both. */
export interface ArticleFile {
  id: string;
  title: string | null;
  html: string | null;
  text: string | null;
}

/** Share of undecodable bytes above which a file is taken for binary rather than text with a few bad bytes. */
const MAX_INVALID_SHARE = 0.01;

function refuse(file: string, problem: string): InputError {
  return new InputError(ExitCode.inputUnusable, `${file}: ${problem}; give an article as a UTF-8 text or HTML file`);
}

/**
 * Reads an article file, refusing what cannot be an article: a missing or unreadable file, an empty one, and a
 * binary one (NUL bytes, or more than 1% of it not UTF-8), which would otherwise be "analysed" into pages of noise.
 */
export function readArticleFile(file: string): ArticleFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw refuse(file, 'file not found');
    if (code === 'EISDIR') throw refuse(file, 'is a directory, not a file');
    if (code === 'EACCES' || code === 'EPERM') throw refuse(file, `cannot be read (${code})`);
    throw refuse(file, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (bytes.length === 0) throw refuse(file, 'the file is empty');
  if (bytes.includes(0)) throw refuse(file, 'a binary file (it holds NUL bytes), not text or HTML');
  const content = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const invalid = content.match(/\uFFFD/g)?.length ?? 0;
  if (invalid > Math.max(1, content.length * MAX_INVALID_SHARE)) {
    throw refuse(file, `not UTF-8 text (${invalid} of its ${content.length} characters are not valid UTF-8)`);
  }
  if (content.trim() === '') throw refuse(file, 'holds only white space');
  const isHtml = /^\.x?html?$/i.test(extname(file)) || /^\s*<(!doctype|html)/i.test(content);
  return { id: basename(file), title: null, html: isHtml ? content : null, text: isHtml ? null : content };
}
