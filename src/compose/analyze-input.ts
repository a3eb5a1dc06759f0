import { analyzeArticle } from '../core/analyze-article.js';
import { describeError } from '../core/errors.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';

interface ArticleInput {
  title?: string | null;
  html?: string | null;
  text?: string | null;
}

/** `analyze`'s output for one article: clean text, summary, quotes and the topics it matches. */
export function analyzeInput(id: string, input: ArticleInput, settings: RuntimeSettings, sentences: number) {
  const analysis = analyzeArticle({ ...input, detectHeadline: !input.title }, settings.topicIndex, { summarySentences: sentences });
  return { id, title: analysis.title, text: analysis.text, summary: analysis.summary, quotes: analysis.quotes, matches: analysis.matches };
}

/**
 * `analyze --jsonl`: the output for one line of stdin, `{ id: null, error }` for a line that is not JSON, null for
 * a blank line. The id is the line's own (string or number), else its line number.
 */
export function analyzeJsonLine(raw: string, line: number, settings: RuntimeSettings, sentences: number): object | null {
  if (raw.trim() === '') return null;
  let input: { id?: unknown; title?: unknown; text?: unknown; html?: unknown };
  try {
    input = JSON.parse(raw) as typeof input;
  } catch (error) {
    return { id: null, error: `stdin line ${line}: not JSON (${describeError(error)})` };
  }
  const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const id = typeof input.id === 'string' || typeof input.id === 'number' ? input.id : String(line);
  const output = analyzeInput(String(id), { title: str(input.title), text: str(input.text), html: str(input.html) }, settings, sentences);
  return { ...output, id: input.id ?? output.id };
}
