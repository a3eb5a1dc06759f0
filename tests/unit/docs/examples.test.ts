import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDocExamples, repoRoot, runExample } from '../../../scripts/docs/doc-examples.js';

const examples = findDocExamples();

describe('example outputs in docs/', () => {
  it('finds the marked examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((example) => [`${relative(repoRoot, example.file)}: newswatch ${example.args.join(' ')}`, example]))(
    '%s shows what the code prints (refresh with `npm run docs:examples`)',
    (_name, example) => {
      expect(example.shown).toBe(runExample(example.args));
    },
    60_000,
  );
});
