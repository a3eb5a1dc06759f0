import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { createHarness, SLACK_SECURITY, type Harness } from '../commands/harness.js';

/** A topic with a folded multi-line query and a block list of channels, the styles an export must keep. */
const GULF_TOPIC = `topics:
  # the Gulf desk wrote this query over several lines on purpose
  - id: gulf
    name: Gulf tensions
    query: >-
      (hormuz OR houthi OR "persian gulf")
      AND (tanker OR drone OR missile)
    channels:
      - analysts
      - ops
`;

describe('newswatch topics export keeps the file as written', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    h.serve([]);
    writeFileSync(h.configPath, readFileSync(h.configPath, 'utf8').replace('topics:\n', GULF_TOPIC));
  });
  afterEach(async () => h.close());

  const exportWith = (configPath: string, dataDir: string) =>
    runCli(['--config', configPath, '--data-dir', dataDir, 'topics', 'export'], { env: h.env });

  it('gives back the exact bytes of a file no chat command changed', async () => {
    const result = await exportWith(h.configPath, join(mkdtempSync(join(tmpdir(), 'nw-export-')), 'data'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(h.configPath, 'utf8'));
  });

  it('splices chat changes in without reflowing the rest, and exporting the export gives the same bytes', async () => {
    await h.start();
    await h.slack(`/topic route sanctions <#${SLACK_SECURITY}|security>`);
    await h.slack('/topic add stuxnet stuxnet OR centrifuge*');
    await h.slack('/topic remove gulf');
    await h.stop();

    const first = await exportWith(h.configPath, h.dataDir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const exported = first.stdout;
    // untouched parts keep their comments, alignment and flow lists byte for byte
    for (const kept of ['    id: wire   # the wire service\n', '  console: { type: console }\n', '    admins: { users: [U0ADMIN] }\n']) {
      expect(exported).toContain(kept);
    }
    expect(exported).toMatch(/ {2}# topic gulf removed from chat by alice \(Slack\) on .* UTC\n/);
    expect(exported).not.toContain('id: gulf');
    expect(exported).toMatch(/ {4}channels: \[security\]\n/);
    expect(exported).toMatch(/ {2}- id: stuxnet\n {4}name: stuxnet\n {4}query: stuxnet OR centrifuge\*\n {4}channels: \[analysts\]\n/);

    const exportedPath = join(h.dir, 'exported.yaml');
    writeFileSync(exportedPath, exported);
    const second = await exportWith(exportedPath, h.dataDir);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(exported);
  });

  it('keeps a folded query folded and a block list a block list when chat changes the topic', async () => {
    await h.start();
    await h.slack(`/topic route gulf <#${SLACK_SECURITY}|security>`);
    await h.stop();

    const result = await exportWith(h.configPath, h.dataDir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('    query: >-\n      (hormuz OR houthi OR "persian gulf")\n      AND (tanker OR drone OR missile)\n');
    expect(result.stdout).toMatch(/# changed from chat by alice \(Slack\) on .* UTC: channels \(were analysts, ops\)\n {2}- id: gulf\n/);
    expect(result.stdout).toContain('    channels:\n      - security\n');
  });
});
