import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCases, errorsPage, messageLine, runErrorCase, tableRow } from '../../../scripts/docs/error-table.js';

const page = readFileSync(errorsPage, 'utf8');

describe('bad input: one line naming the input and the fix, a distinct exit code, no stack trace, no hang', () => {
  it.each(errorCases.map((errorCase) => [`${errorCase.input}: newswatch ${errorCase.args.join(' ')}`, errorCase] as const))(
    '%s',
    async (_name, errorCase) => {
      const outcome = await runErrorCase(errorCase, 30_000);
      expect(outcome.code, outcome.stderr).toBe(errorCase.code);
      expect(messageLine(errorCase, outcome), outcome.stderr).toContain(errorCase.expect);
      expect(outcome.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(outcome.stderr).not.toContain('Error:');
      // docs/errors.md shows this very message and code (refresh with `npm run docs:errors`)
      expect(page).toContain(tableRow(errorCase, outcome));
    },
    60_000,
  );
});
