// Vitest global setup: the tests that run the CLI start it as a user runs the built one, from a build of the
// current src/ made once per run. Through tsx every start paid about a second more to compile; the suite starts
// the CLI some hundred times.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildCli } from './build-cli.js';
import { builtCliVariable } from './cli.js';

let dir = '';

export function setup(project: TestProject): void {
  dir = mkdtempSync(join(tmpdir(), 'newswatch-test-cli-'));
  // Test workers are forked after global setup and inherit this environment.
  process.env[builtCliVariable] = buildCli(dir);
  // In watch mode src/ changes between reruns: build again so no rerun tests yesterday's CLI.
  project.onTestsRerun(() => {
    buildCli(dir);
  });
}

export function teardown(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
