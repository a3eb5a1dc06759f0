import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Starts the end-to-end files first, longest first: they spend much of their time waiting on the processes and
 * servers they start, the unit and contract files fill the cores meanwhile, and the run does not end on one long
 * file started last. Lengths are the last run's as vitest remembers them; a file it has no time for goes first
 * (it may be long), larger ones before smaller. Unlike vitest's own order, a file that failed last time gets no
 * head start: the order depends on lengths only.
 */
export class SlowFirstSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const key = (file: TestSpecification): string => `${file.project.name}:${relative(config.root, file.moduleId)}`;
    const endToEnd = (file: TestSpecification): number => (file.moduleId.includes('/tests/integration/') ? 0 : 1);
    const lastDuration = (file: TestSpecification): number | undefined => cache.getFileTestResults(key(file))?.duration;
    const size = (file: TestSpecification): number => cache.getFileStats(key(file))?.size ?? 0;
    return Promise.resolve(
      [...files].sort((a, b) => {
        const [durationA, durationB] = [lastDuration(a), lastDuration(b)];
        if (endToEnd(a) !== endToEnd(b)) return endToEnd(a) - endToEnd(b);
        if (durationA === undefined || durationB === undefined) {
          if (durationA !== durationB) return durationA === undefined ? -1 : 1;
          return size(b) - size(a);
        }
        return durationB - durationA;
      }),
    );
  }
}
