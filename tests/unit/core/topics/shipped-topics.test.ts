import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toTopicDefinitions } from '../../../../src/config/build-settings.js';
import { loadConfigFile } from '../../../../src/compose/load-config.js';

// The shipped topics are the ones in config/newswatch.yaml: evaluated exactly as users get them.
const defaultTopics = toTopicDefinitions(loadConfigFile(new URL('../../../../config/newswatch.yaml', import.meta.url).pathname, {}));
import { parseQuery } from '../../../../src/core/topics/parse-query.js';
import { compileTopics, matchTopics } from '../../../../src/core/topics/topic-index.js';

const SEEDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/seeds');

interface SeedExpectation {
  file: string;
  headline: string | null;
  topics: Record<string, boolean | null>;
  boilerplate?: string[];
}

const expected = JSON.parse(readFileSync(path.join(SEEDS, 'expected.json'), 'utf8')) as { articles: SeedExpectation[] };

/** The seed as the cleaner hands it over: its headline as title, paragraphs without the page furniture. */
function seedDocument(seed: SeedExpectation): { title: string; paragraphs: string[] } {
  const furniture = new Set((seed.boilerplate ?? []).flatMap((text) => text.split('\n')).map((line) => line.trim()));
  const paragraphs = readFileSync(path.join(SEEDS, seed.file), 'utf8')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '' && paragraph !== seed.headline)
    .filter((paragraph) => !paragraph.split('\n').every((line) => furniture.has(line.trim().replace(/\.$/, ''))));
  return { title: seed.headline ?? '', paragraphs };
}

describe('default topics', () => {
  const index = compileTopics(defaultTopics);

  it('ships the four watch topics, each query parsing', () => {
    const ids = defaultTopics.map((topic) => topic.id);
    expect(ids).toEqual(['iran-cyber', 'sanctions', 'gulf-tensions', 'cyber-attacks']);
    for (const topic of defaultTopics) expect(() => parseQuery(topic.query)).not.toThrow();
  });

  for (const seed of expected.articles) {
    it(`match the seed ${seed.file} as expected`, () => {
      const found = new Set(matchTopics(index, seedDocument(seed)).map((match) => match.topic));
      for (const [topic, wanted] of Object.entries(seed.topics)) {
        if (wanted === null) continue;
        expect({ topic, matched: found.has(topic) }).toEqual({ topic, matched: wanted });
      }
    });
  }

  it('fire cyber-attacks on an attack report, not on patch news', () => {
    const attack = {
      title: 'Hackers steal customer data from retailer',
      paragraphs: ['Hackers broke into the retailer’s systems and stole the card details of two million customers.'],
    };
    const patch = {
      title: 'Vendor patches critical flaw in VPN appliance',
      paragraphs: [
        'The vendor released an update fixing a vulnerability that could let remote attackers run code.',
        'Researchers said attackers could use the flaw to steal data, but no attacks have been seen.',
      ],
    };
    expect(matchTopics(index, attack).map((match) => match.topic)).toContain('cyber-attacks');
    expect(matchTopics(index, patch).map((match) => match.topic)).not.toContain('cyber-attacks');
  });

  it('fire gulf-tensions on Gulf shipping incidents, not on the Gulf of Mexico weather', () => {
    const tanker = {
      title: 'Tanker seized near the Strait of Hormuz',
      paragraphs: ['Iranian forces seized an oil tanker in the Gulf on Friday, raising tensions with Washington.'],
    };
    const storm = {
      title: 'Storm heads for the Gulf Coast',
      paragraphs: ['A hurricane in the Gulf of Mexico is expected to make landfall near New Orleans on Friday.'],
    };
    expect(matchTopics(index, tanker).map((match) => match.topic)).toContain('gulf-tensions');
    expect(matchTopics(index, storm).map((match) => match.topic)).not.toContain('gulf-tensions');
  });

  const topicsOf = (title: string, ...paragraphs: string[]): string[] =>
    matchTopics(index, { title, paragraphs }).map((match) => match.topic);

  it('fire sanctions on state measures, not on court, sports or approval senses', () => {
    expect(topicsOf('Treasury sanctions shipping firms', 'The United States imposed sanctions on four shipping firms accused of moving Venezuelan oil.')).toContain('sanctions');
    expect(topicsOf('Exporter fined for breaking embargo', 'Customs officials said the exporter had shipped parts to a country under an arms embargo.')).toContain('sanctions');
    expect(topicsOf('NCAA hands down sanctions', 'The NCAA announced sanctions against the university football program, including a two-year bowl ban.')).not.toContain('sanctions');
    expect(topicsOf('Judge sanctions attorneys', 'A federal judge ordered sanctions against the plaintiff attorneys for misconduct during discovery.')).not.toContain('sanctions');
    expect(topicsOf('Title bout sanctioned', 'The boxing council sanctioned the heavyweight bout for the vacant title in Madrid next spring.')).not.toContain('sanctions');
  });

  it('fire gulf-tensions on armed acts in the region, not on the Gulf of Mexico, golf or Gulf business', () => {
    expect(topicsOf('Navy shoots down drone over Strait of Hormuz', 'A warship shot down a drone that approached it in the Strait of Hormuz on Tuesday.')).toContain('gulf-tensions');
    expect(topicsOf('Bombers sent to region', 'Washington deployed an aircraft carrier and bombers to the Gulf after threats from Iran, officials said.')).toContain('gulf-tensions');
    expect(topicsOf('Houthis fire missile at Riyadh', 'Saudi air defences intercepted a ballistic missile fired by the Houthis at Riyadh on Sunday.')).toContain('gulf-tensions');
    expect(topicsOf('Oil spill reaches Gulf of Mexico beaches', 'Crews cleaned oil from beaches along the Gulf of Mexico after the rig blowout.')).not.toContain('gulf-tensions');
    expect(topicsOf('Europe wins golf trophy', 'The European team beat the Americans in the final singles of the golf tournament.')).not.toContain('gulf-tensions');
    expect(topicsOf('Gulf bourse gains on bank listing', 'Shares of a Saudi bank rose on their debut as Gulf investors bought into the listing.')).not.toContain('gulf-tensions');
  });

  it('do not take a surname after al- for the country a prefix term names', () => {
    const named = ['Navy spokesman Ahmed al-Kuwaiti said the drills off Alexandria would test new patrol boats.', 'He said two more drills would follow this year.'];
    const country = ['A Kuwaiti navy spokesman said the drills off the coast would test new patrol boats.', 'He said two more drills would follow this year.'];
    expect(topicsOf('Navy plans drills', ...named)).not.toContain('gulf-tensions');
    expect(topicsOf('Navy plans drills', ...country)).toContain('gulf-tensions');
  });
});
