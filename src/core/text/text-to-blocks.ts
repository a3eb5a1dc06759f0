import { Parser } from 'htmlparser2';
import { splitLines, type TextBlock } from './text-block.js';

/** Decodes HTML character references (`&amp;`, `&#8217;`) left in text that is not otherwise markup. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  let decoded = '';
  const parser = new Parser({ ontext: (chunk) => (decoded += chunk) }, { decodeEntities: true });
  parser.write(text.replace(/</g, '&lt;'));
  parser.end();
  return decoded;
}

/**
 * Splits plain text into paragraph blocks: blank lines always separate paragraphs, single line breaks do
 * unless the line is a wrapped continuation.
 */
export function textToBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const chunk of decodeEntities(text).replace(/\r\n?/g, '\n').split(/\n[ \t\u00a0]*\n/)) {
    for (const paragraph of splitLines(chunk)) blocks.push({ text: paragraph, heading: false, linkDensity: 0 });
  }
  return blocks;
}
