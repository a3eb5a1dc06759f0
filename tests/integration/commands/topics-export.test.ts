import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/compose/load-config.js';
import { runCli } from '../../support/cli.js';
import { createHarness, SLACK_SECURITY, type Harness } from './harness.js';
import { slackReplyText } from './platform-requests.js';

describe('newswatch topics export', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    h.serve([]);
  });
  afterEach(async () => h.close());

  it('writes the merged configuration as YAML with the file\'s comments and ${ENV} references kept', async () => {
    await h.start();
    await h.slack('/topic add stuxnet stuxnet OR centrifuge*');
    await h.slack('/topic add flame', { channel_id: 'C0RANDOM', channel_name: 'random' });
    await h.slack(`/topic route sanctions <#${SLACK_SECURITY}|security>`);
    await h.slack('/topic mute sanctions 3h');
    await h.slack('/topic surge sanctions 6 20');
    await h.slack('/topic surge stuxnet off');
    h.serve([], '/extra.xml');
    expect(slackReplyText((await h.slack(`/feed add ${h.feeds.url}/extra.xml`)).body)).toContain('added by alice');
    await h.stop();

    const result = await runCli(['--config', h.configPath, '--data-dir', h.dataDir, 'topics', 'export'], { env: h.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const yaml = result.stdout;
    for (const kept of ['# newswatch test configuration', 'id: wire   # the wire service', "# sanctions stay on the analysts' desk", 'signing_secret: ${SLACK_SIGNING_SECRET}']) {
      expect(yaml).toContain(kept);
    }
    expect(yaml).toMatch(/# changed from chat by alice \(Slack\) on .* UTC: channels \(were analysts\); surge \(was 4 outlets in 30 min\); muted until .* UTC\n\s+- id: sanctions\n\s+name: Sanctions\n\s+query: sanction\*\n\s+channels: \[security\]\n\s+surge: \{ outlets: 6, minutes: 20 \}\n/);
    expect(yaml).toMatch(/# added from chat by alice \(Slack\) on .* UTC\n\s+- id: stuxnet\n\s+name: stuxnet\n\s+query: stuxnet OR centrifuge\*\n\s+channels: \[analysts\]\n\s+surge: off\n/);
    expect(yaml).toContain('# topic flame (query flame) was added from chat but routes to no channel yet; not exported');
    expect(yaml).toMatch(/# added from chat by alice \(Slack\) on .* UTC\n\s+- url: http:\/\/127\.0\.0\.1:\d+\/extra\.xml\n\s+id: 127-0-0-1-extra-xml\n\s+name: Wire/);

    const config = parseConfigText(yaml, 'exported.yaml', h.env);
    expect(config.topics.map((topic) => [topic.id, topic.channels, topic.surge])).toEqual([
      ['sanctions', ['security'], { outlets: 6, minutes: 20 }],
      ['stuxnet', ['analysts'], 'off'],
    ]);
    expect(config.feeds.map((feed) => feed.id)).toEqual(['wire', '127-0-0-1-extra-xml']);
  });
});
