/**
 * The seed expectations (tests/fixtures/seeds/expected.json, a copy of the canonical file) give each quote as
 * printed between its marks, with the comma that belongs to the sentence around it ("…effort," he said).
 * newswatch drops that comma, semicolon or colon from a quote's text, so the comparison does too.
 */
export function quoteTextAsShown(printed: string): string {
  return printed.replace(/[,;:]$/u, '');
}
