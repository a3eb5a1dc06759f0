/**
 * Matching throughput: one realistic article against 100, 1,000 and 10,000 generated topics. With candidate
 * pre-selection the cost should grow far slower than the number of topics.
 * Run directly (`tsx scripts/bench/matching.ts`) to print the figures as JSON.
 */
import { pathToFileURL } from 'node:url';
import type { TopicDefinition } from '../../src/core/topics/topic-definition.js';
import { compileTopics, matchTopics, selectCandidates, type TopicIndex } from '../../src/core/topics/topic-index.js';

/** A made-up wire story of typical length (about 550 words in 9 paragraphs). */
const ARTICLE = {
  title: 'Dockworkers extend strike as talks with port operators stall over automation',
  paragraphs: [
    'Dockworkers at three of the country’s busiest container ports extended their strike on Tuesday after talks with terminal operators broke down over plans to automate cranes and gate checks, leaving dozens of ships waiting offshore.',
    'The union said its members would stay off the job until operators guaranteed that no permanent positions would be cut before 2030. Operators said the demand would make the ports uncompetitive and accused the union of refusing a pay offer of 4.5 percent a year.',
    '“We are not against new machines. We are against being thrown away by them,” said Maria Okonkwo, who leads the dockworkers’ federation, speaking to reporters outside the labour ministry. “Every week the companies wait, the queue of ships gets longer, and that is their choice.”',
    'Shipping analysts estimate the stoppage is delaying about 120,000 containers a week, with retailers warning that shelves could thin out before the holiday season. Freight rates on routes into the region rose by a fifth in a week, according to one industry index.',
    'The transport minister, Daniel Ferreira, urged both sides to return to mediation and said the government was prepared to use emergency powers to keep medicine and fuel shipments moving. He ruled out sending in the army to run the terminals.',
    'Port operators have invested heavily in remote-controlled cranes and automated stacking yards, arguing that rivals abroad already run such systems around the clock. Unions elsewhere have won job guarantees in similar disputes, often in exchange for retraining programmes.',
    'Farm exporters said perishable cargo was at risk. A grain cooperative said it had diverted two vessels to a smaller port up the coast, adding about 300 kilometres to each truck journey and raising costs it would struggle to pass on.',
    'The strike is the longest at the ports since 1998, when a six-week walkout over pensions ended with a deal brokered by the then prime minister. Economists said a stoppage of more than a month could shave a tenth of a point off quarterly growth.',
    'Talks are due to resume on Thursday under an independent mediator, the ministry said in a statement late on Tuesday.',
  ],
};

/** Words of news prose: topics built from them are the ones an article tends to wake up. */
const COMMON = `strike port ports union workers talks government minister election court police army attack
  trade tariff tariffs shipping ships freight oil gas energy prices inflation growth bank rates market markets
  stocks company companies deal merger profit losses jobs pay pensions protest protests health hospital
  vaccine climate flood drought storm wildfire farm grain wheat exports imports border migrants refugees
  security military missile drone navy troops ceasefire war peace treaty summit sanctions embargo
  automation robots software cyber hackers breach ransomware phishing data privacy regulator fine
  lawsuit judge trial verdict prison president parliament senate vote reform budget tax spending debt`
  .split(/\s+/)
  .filter((word) => word !== '');

/** A small deterministic generator, so every run measures the same topics. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SYLLABLES = ['ka', 'ro', 'ven', 'tal', 'mi', 'sor', 'en', 'dra', 'lu', 'ber', 'os', 'quin', 'za', 'tem'];

/**
 * Topics like a large deployment's: mostly named entities (companies, people, places; invented here) with
 * news vocabulary as qualifiers, and a few topics of vocabulary alone, in the shapes people write (OR lists,
 * AND of two sides, phrases, prefixes, NEAR, NOT). As in real use, few of them concern any one article.
 */
export function generateTopics(count: number, seed = 7): TopicDefinition[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const entity = (): string => {
    const parts = 2 + Math.floor(next() * 3);
    return Array.from({ length: parts }, () => pick(SYLLABLES)).join('');
  };
  const entities = (n: number): string => Array.from({ length: n }, entity).join(' OR ');
  const vocabulary = (n: number): string => Array.from({ length: n }, () => pick(COMMON)).join(' OR ');
  const shapes: (() => string)[] = [
    () => entities(3),
    () => `(${entities(2)}) AND (${vocabulary(3)})`,
    () => `"${entity()} ${pick(COMMON)}" OR ${entity()}*`,
    () => `title:${entity()} OR (${pick(COMMON)} NEAR/5 ${entity()})`,
    () => `(${entities(2)}) -${pick(COMMON)}`,
  ];
  return Array.from({ length: count }, (_, number) => ({
    id: `topic-${number}`,
    name: `Generated topic ${number}`,
    // One topic in twenty is vocabulary alone ("strike AND port"), the kind every article can wake up.
    query: next() < 0.05 ? `(${vocabulary(2)}) AND (${vocabulary(2)})` : pick(shapes)(),
    minScore: 0.3,
  }));
}

export interface MatchingBench {
  topics: number;
  /** Articles matched per second of CPU time, best of five rounds. */
  articlesPerSecond: number;
  /** Topics evaluated after candidate pre-selection, for this article. */
  candidates: number;
  /** Topics the article matches. */
  matches: number;
  compileMilliseconds: number;
}

/**
 * Articles per CPU second over about `milliseconds` of back-to-back matching. CPU time rather than wall time,
 * so that other processes on a shared machine do not count against the matcher.
 */
function measure(index: TopicIndex, milliseconds: number): number {
  let runs = 0;
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() - wallStart < milliseconds) {
    matchTopics(index, ARTICLE);
    runs++;
  }
  const cpu = process.cpuUsage(cpuStart);
  return runs / ((cpu.user + cpu.system) / 1e6);
}

/**
 * Articles per second against 100, 1,000 and 10,000 topics, and how much one article against 10,000 costs
 * against 100. Sizes are measured in alternating rounds and the best round kept, to even out machine noise.
 */
export function benchMatching(): { runs: MatchingBench[]; costRatio10000vs100: number } {
  const setups = [100, 1_000, 10_000].map((count) => {
    const topics = generateTopics(count);
    const compileStarted = performance.now();
    const index = compileTopics(topics);
    const compileMilliseconds = Math.round(performance.now() - compileStarted);
    const exhaustive = matchTopics(index, ARTICLE, { exhaustive: true });
    if (matchTopics(index, ARTICLE).length !== exhaustive.length) throw new Error('pre-selection lost a match');
    const candidates = selectCandidates(index, ARTICLE).length;
    return { count, index, compileMilliseconds, candidates, matches: exhaustive.length, best: 0 };
  });
  for (let round = 0; round < 5; round++) {
    for (const setup of setups) setup.best = Math.max(setup.best, measure(setup.index, 300));
  }
  const runs = setups.map((setup) => ({
    topics: setup.count,
    articlesPerSecond: Math.round(setup.best),
    candidates: setup.candidates,
    matches: setup.matches,
    compileMilliseconds: setup.compileMilliseconds,
  }));
  const first = setups[0] as (typeof setups)[number];
  const last = setups[setups.length - 1] as (typeof setups)[number];
  return { runs, costRatio10000vs100: Math.round((first.best / last.best) * 100) / 100 };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(benchMatching(), null, 2));
}
