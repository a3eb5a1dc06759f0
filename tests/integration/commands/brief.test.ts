import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rssFeed } from '../../support/feed-server.js';
import { createHarness, wireItem, type Harness } from './harness.js';
import { discordReplyText, slackReplyText } from './platform-requests.js';

const shippingStory = wireItem(
  'shipping-1',
  'New sanctions hit six shipping firms over fuel transfers',
  'The Treasury imposed sanctions on six shipping firms over ship-to-ship fuel transfers, officials said. "These firms moved fuel in the dark," said Dana Holt, a Treasury official.',
);
const bankStory = wireItem(
  'bank-1',
  'Sanctions on a regional bank are eased after talks',
  'Sanctions on a regional bank were eased on Tuesday after two weeks of talks. "The talks gave us room," said Omar Vale, the bank chairman.',
);

describe('/newswatch brief over the alert log, on Slack and Discord', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    h.serve([]);
  });
  afterEach(async () => h.close());

  it('replies to the caller only with the stories most outlets carry first, each with summary, quote, outlets and link', async () => {
    await h.start();
    // a second outlet carries the shipping story in its own words
    h.feeds.route('/herald.xml', {
      body: rssFeed('Herald', [
        wireItem(
          'herald-shipping',
          'Six shipping firms hit by new sanctions over fuel transfers',
          'The Treasury imposed sanctions on six shipping firms over ship-to-ship fuel transfers at sea, officials said on Tuesday.',
        ),
      ]),
    });
    expect(slackReplyText((await h.slack(`/feed add ${h.feeds.url}/herald.xml`)).body)).toContain('added by alice');
    h.serve([bankStory, shippingStory]);
    await h.app().runOnce();

    const slack = await h.slack('/newswatch brief sanctions 24h', { user_id: 'U0READER' });
    expect(slack.body).toMatchObject({ response_type: 'ephemeral' });
    const slackText = slackReplyText(slack.body);
    expect(slackText).toMatch(/^\*Sanctions: 2 stories since \d{4}-\d\d-\d\d \d\d:\d\d UTC\*\n\*1\. (New sanctions hit six|Six shipping firms hit)/);
    expect(slackText.indexOf('shipping firms')).toBeLessThan(slackText.indexOf('regional bank'));
    expect(slackText).toMatch(/\(2 outlets\)[\s\S]*Dana Holt, Treasury official[\s\S]*Outlets: (Wire, Herald|Herald, Wire)/);
    expect(slackText).toContain('*2. Sanctions on a regional bank are eased after talks* (1 outlet)');
    expect(slackText).toContain('Omar Vale, bank chairman');
    expect(slackText).toContain('<https://wire.example.test/bank-1|read>');

    const discord = await h.discord('newswatch', 'brief', { topic: 'sanctions' }, { roles: [] });
    const discordText = discordReplyText(discord.body);
    expect(discord.body).toMatchObject({ data: { flags: expect.any(Number) } });
    expect(((discord.body as { data: { flags: number } }).data.flags & 64) === 64).toBe(true);
    expect(discordText.length).toBeLessThanOrEqual(2_000);
    expect(discordText).toMatch(/^\*\*Sanctions: 2 stories since/);
    expect(discordText.indexOf('shipping firms')).toBeLessThan(discordText.indexOf('regional bank'));

    const unknown = slackReplyText((await h.slack('/newswatch brief tariffs')).body);
    expect(unknown).toContain('there is no topic "tariffs"; the topics are: sanctions');
  }, 60_000);
});
