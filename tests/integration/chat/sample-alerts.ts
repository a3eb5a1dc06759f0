import type { Alert, Digest } from '../../../src/core/alert.js';

/** A plain, well-formed alert; fields can be overridden per test. */
export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    articleKey: 'art-1',
    channelId: 'alerts',
    title: 'Port operator confirms ransomware attack on cargo systems',
    url: 'https://news.example.org/2024/05/port-ransomware',
    source: 'Example News',
    publishedAt: '2024-05-01T14:03:00Z',
    topics: [{ id: 'cyber', name: 'Cyber attacks', score: 0.82, terms: ['ransomware', 'attack'] }],
    summary: [
      'The port operator said on Wednesday that a ransomware attack had disrupted its cargo systems.',
      'Shipments were delayed for several hours while systems were restored from backups.',
    ],
    quotes: [
      { text: 'We are working around the clock to restore service', speaker: 'Jane Doe', role: 'chief executive', score: 0.6 },
      { text: 'No customer data was taken', speaker: 'John Roe', role: 'security chief', score: 0.9 },
      { text: 'It was a wake-up call', speaker: null, role: null, score: 0.2 },
      { text: 'This quote ranks last and is left out', speaker: 'Low Score', role: null, score: 0.1 },
    ],
    storyId: 'story-1',
    otherSources: ['Daily Ledger', 'Harbour Times'],
    followUpOf: null,
    ...overrides,
  };
}

/** Strings chat platforms would turn into mentions, links or formatting. */
export const HOSTILE = {
  title: '<!channel> @everyone **bold** <@U123> [x](http://evil) `code` <http://evil|click>',
  summary: '@here <@&123> look at [this](http://evil.example) and <http://evil|click> ||spoiler|| ```js```',
  speaker: '<@U999> @everyone',
  role: '<!here> ~strike~ _it_',
  quote: '<!channel> hello @here <@&456> `x` *y* > quoted',
  source: '<http://evil|Trusted Source> @here',
  topicName: '<!everyone> *Topic*',
  term: '<@U1>',
  url: 'javascript:alert(1)',
};

/** An alert with hostile text in every untrusted field. */
export function hostileAlert(): Alert {
  return sampleAlert({
    title: HOSTILE.title,
    url: HOSTILE.url,
    source: HOSTILE.source,
    summary: [HOSTILE.summary],
    quotes: [{ text: HOSTILE.quote, speaker: HOSTILE.speaker, role: HOSTILE.role, score: 1 }],
    topics: [{ id: 't', name: HOSTILE.topicName, score: 1, terms: [HOSTILE.term] }],
    otherSources: ['<!channel>', '@everyone', '[x](http://evil)'],
  });
}

/** A digest with `perTopic` entries in each of `topics` topics. */
export function sampleDigest(topics: number, perTopic: number): Digest {
  return {
    channelId: 'alerts',
    periodStart: '2024-05-01T00:00:00Z',
    periodEnd: '2024-05-02T00:00:00Z',
    groups: Array.from({ length: topics }, (_, t) => ({
      topicId: `topic-${t}`,
      topicName: `Topic number ${t}`,
      entries: Array.from({ length: perTopic }, (_, e) => ({
        title: `Story ${e} about topic ${t}, with a reasonably long headline that takes up room in the list`,
        url: `https://news.example.org/${t}/${e}`,
        source: `Outlet ${e % 7}`,
        publishedAt: '2024-05-01T10:00:00Z',
        score: 1 - e / (perTopic + 1),
      })),
    })),
  };
}
