import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/load-config.js';
import type { ConfigReading } from '../../../src/config/load-settings.js';
import { watchConfigFile, type ConfigWatcher } from '../../../src/config/watch-config-file.js';
import { configSchemaOf } from '../../../src/compose/chat-platforms.js';
import { waitUntil } from '../../support/wait-until.js';

const yaml = (query: string): string => `feeds:\n  - url: https://example.com/rss\n    id: wire\ntopics:\n  - id: cyber\n    name: Cyber\n    query: ${query}\n    channels: [console]\n`;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nw-watch-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'newswatch.yaml');
  writeFileSync(path, text);
  return path;
}

function watch(path: string): { readings: ConfigReading[]; watcher: ConfigWatcher } {
  const readings: ConfigReading[] = [];
  const watcher = watchConfigFile(path, {}, configSchemaOf(), (reading) => readings.push(reading));
  cleanups.push(() => watcher.stop());
  return { readings, watcher };
}

// The watcher compares the file's stat once a second against the first one it took: an edit before that first
// stat would be the baseline, not a change.
const firstStat = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1_500));

describe('watchConfigFile', () => {
  it('reports each edit as the parsed config, or as the error located in the file', async () => {
    const path = configFile(yaml('ransomware'));
    const { readings } = watch(path);
    await firstStat();
    writeFileSync(path, yaml('ransomware OR phishing'));
    await waitUntil(() => readings.length === 1, 'the edit is reported');
    const [edited] = readings;
    expect(edited?.ok && edited.settings.topics.map((topic) => topic.query)).toEqual(['ransomware OR phishing']);

    writeFileSync(path, `${yaml('ransomware')}unknown_key: 1\n`);
    await waitUntil(() => readings.length === 2, 'the broken edit is reported');
    const broken = readings[1];
    expect(broken?.ok).toBe(false);
    const error = broken?.ok === false ? broken.error : null;
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([{ file: path, line: 9, column: 1, path: '', message: 'Unrecognized key: "unknown_key"' }]);
  });

  it('refuses a file saved empty, and stops one watcher without stopping another on the same file', async () => {
    const path = configFile(yaml('ransomware'));
    const first = watch(path);
    const second = watch(path);
    await firstStat();
    first.watcher.stop();
    writeFileSync(path, '');
    await waitUntil(() => second.readings.length === 1, 'the empty file is reported');
    const [empty] = second.readings;
    expect(empty?.ok === false && String(empty.error)).toContain('no feeds and no topics');
    expect(first.readings).toEqual([]);
  });
});
