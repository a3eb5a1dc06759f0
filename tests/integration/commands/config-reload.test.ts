import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';
import { slackReplyText } from './platform-requests.js';
import { waitUntil } from '../../support/wait-until.js';

describe('editing the YAML while newswatch runs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    h.serve([]);
  });
  afterEach(async () => h.close());

  it('takes effect without a restart, keeps chat changes, and a broken edit keeps the last good configuration and reports where', async () => {
    const app = await h.start();
    await h.slack('/topic add stuxnet');
    const original = readFileSync(h.configPath, 'utf8');

    writeFileSync(
      h.configPath,
      original.replace('topics:\n', 'topics:\n  - id: gulf\n    name: Gulf tensions\n    query: hormuz OR "persian gulf"\n    channels: [analysts]\n'),
    );
    await waitUntil(() => app.settings().topics.some((topic) => topic.id === 'gulf'), 'the new YAML topic is in force');
    expect(app.settings().topics.map((topic) => topic.id)).toEqual(['gulf', 'sanctions', 'stuxnet']);
    const listed = slackReplyText((await h.slack('/topic list')).body);
    expect(listed).toContain('*gulf* from the YAML → analysts');
    expect(listed).toContain('*stuxnet* added from chat by alice (Slack)');

    const good = readFileSync(h.configPath, 'utf8');
    const broken = good.replace('query: sanction*', 'query: sanction* AND (');
    writeFileSync(h.configPath, broken);
    const line = broken.split('\n').findIndex((text) => text.includes('query: sanction* AND (')) + 1;
    await waitUntil(() => h.printed().some((entry) => entry.type === 'notice'), 'the admin channel hears of the broken file');
    const notice = h.printed().find((entry) => entry.type === 'notice')?.text ?? '';
    expect(notice).toContain('configuration not reloaded, the last good one keeps running');
    expect(notice).toMatch(new RegExp(`newswatch\\.yaml:${line}:\\d+: topics\\[\\d\\]\\.query: query: expected`));
    expect(app.settings().topics.map((topic) => topic.id)).toEqual(['gulf', 'sanctions', 'stuxnet']);
    expect(slackReplyText((await h.slack('/topic show sanctions')).body)).toContain('*Query:* `sanction*`');

    writeFileSync(h.configPath, good.replace('hormuz OR', 'hormuz* OR'));
    await waitUntil(() => app.settings().topics.find((topic) => topic.id === 'gulf')?.query === 'hormuz* OR "persian gulf"', 'the fixed file is in force');
  });
});
