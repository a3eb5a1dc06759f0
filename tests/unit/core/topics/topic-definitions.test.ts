import { describe, expect, it } from 'vitest';
import { toTopicDefinitions } from '../../../../src/config/build-settings.js';
import { loadConfigFile } from '../../../../src/compose/load-config.js';
import { compileTopics, matchTopics } from '../../../../src/core/topics/topic-index.js';

// The shipped topics against their written definitions (docs/analysis/topics.md). Every opening below is
// invented: made-up people, places and events, written the way wire copy opens a story.
const shipped = toTopicDefinitions(loadConfigFile(new URL('../../../../config/newswatch.yaml', import.meta.url).pathname, {}));
const index = compileTopics(shipped);

interface Opening {
  kind: string;
  title: string;
  paragraphs: string[];
}

/** An invented opening: what kind of story it stands for, its headline and its first paragraphs. */
const writeOpening = (kind: string, title: string, ...paragraphs: string[]): Opening => ({ kind, title, paragraphs });

const topicsOf = (opening: Opening): string[] => matchTopics(index, opening).map((match) => match.topic);

/** Asserts that each opening fires (or not) the topic, naming the kind that failed. */
function check(topic: string, wanted: boolean, openings: readonly Opening[]): void {
  for (const opening of openings) {
    it(`${wanted ? 'fires on' : 'stays quiet on'} ${opening.kind}`, () => {
      expect({ kind: opening.kind, fired: topicsOf(opening).includes(topic) }).toEqual({ kind: opening.kind, fired: wanted });
    });
  }
}

describe('sanctions: economic or financial sanctions by states or blocs', () => {
  check('sanctions', true, [
    writeOpening('a new bloc package on a country’s banks', 'EU adopts fresh package of measures against Belarus banks',
      'European Union governments on Monday agreed a new round of sanctions on Belarus, cutting four more of its lenders off from the SWIFT payments system.',
      'The package, the bloc’s ninth, also bans the sale of industrial machinery that Minsk could divert to its arms factories, diplomats said.'),
    writeOpening('a Treasury designation of a shipping network', 'US blacklists tanker operators accused of moving Venezuelan crude',
      'The US Treasury on Thursday designated nine shipping companies and seven vessels it said had helped Caracas sell oil in breach of American penalties.',
      '“Those who help the regime dodge our measures will be cut off from the US financial system,” a senior official told reporters.'),
    writeOpening('an easing licence', 'Washington eases curbs on Syria with broad general licence',
      'The United States issued a general licence on Wednesday allowing transactions with Syrian state institutions for six months, the widest easing of sanctions on Damascus in a decade.',
      'Aid agencies had long argued that the restrictions slowed the delivery of fuel and medicine.'),
    writeOpening('a cargo confiscation', 'Prosecutors take possession of Iranian fuel seized at sea',
      'Federal prosecutors said on Friday they had confiscated about 1.1 million barrels of Iranian crude taken from a tanker last spring, enforcing sanctions on Tehran’s oil trade.',
      'The cargo will be sold and the proceeds paid into a fund for victims of terrorism, the Justice Department said.'),
    writeOpening('a shadow-fleet evasion story', 'Ageing tankers keep Russian oil flowing past the price cap',
      'A fleet of ageing tankers with murky owners carried most of Russia’s seaborne crude last quarter, helping Moscow sidestep Western sanctions, a shipping analysis firm said on Tuesday.',
      'Many of the ships are insured outside the G7 and switch off their tracking signals near transfer points, the firm said.'),
    writeOpening('the impact on an economy', 'Prices soar in Pyongyang markets as sanctions choke imports',
      'Rice and fuel prices in North Korea have roughly doubled this year as United Nations sanctions and closed borders squeeze the country’s trade with China, researchers said.',
      'Factories outside the capital are running at a fraction of their capacity for lack of imported parts.'),
    writeOpening('new measures agreed at a summit', 'Summit leaders agree tougher curbs on Russian metals',
      'European leaders meeting in Brussels agreed on Friday to ban imports of Russian aluminium and nickel from next year, tightening sanctions on Moscow’s metals trade.',
      'Several capitals had resisted the ban for months, fearing higher prices for their own factories.'),
    writeOpening('sanctions on officials over human rights', 'Canada punishes police chiefs over crackdown',
      'Ottawa imposed sanctions on Thursday on six senior police commanders it blamed for the violent suppression of student protests, banning them from travel and dealings with Canadians.',
      'The foreign minister said more names could follow.'),
    writeOpening('a UN panel on evasion by ship transfers', 'North Korea still gets fuel through ship-to-ship transfers, UN experts say',
      'North Korea continued to import refined petroleum well above a UN cap last year through transfers between ships at sea, a panel of experts monitoring sanctions said in a report seen on Tuesday.',
      'The panel named 14 vessels it said had taken part.'),
    writeOpening('a blacklisting by its legal name', 'Chipmakers added to trade blacklist',
      'The Commerce Department added eight chip designers to its entity list on Monday, barring American suppliers from selling to them without a licence.',
      'The companies said they would find other sources.'),
    writeOpening('a price cap on a country’s oil', 'Allies vow to police the ceiling on Moscow’s crude',
      'Group of Seven finance ministers said on Monday they would act against traders and insurers who help ship Russian oil above the agreed price cap.',
      'Shipping firms that break the rule would lose access to Western insurance, the ministers said.'),
    writeOpening('an asset freeze on tycoons', 'Britain freezes assets of five tycoons close to the Kremlin',
      'The UK froze the assets of five businessmen on Tuesday, saying they had profited from their ties to Russian leaders, and barred them from entering the country.',
      'The Foreign Office said the measures would hold until Moscow changed course.'),
  ]);

  check('sanctions', false, [
    writeOpening('court sanctions for discovery abuse', 'Judge orders insurer to pay $250,000 for hiding emails',
      'A federal judge in Ohio sanctioned an insurance company on Tuesday for withholding thousands of emails during discovery in a dispute over flood claims.',
      'The judge said the company’s lawyers had “repeatedly misled the court” and ordered it to cover the homeowners’ legal fees.'),
    writeOpening('a lawyer disciplined', 'Attorney suspended after filing brief with invented case law',
      'The state bar has suspended a Denver attorney for six months after he submitted a brief citing court decisions that did not exist.',
      'Disciplinary officials said the lawyer, Corwin Haldane, was sanctioned for failing to check his work and for misleading a judge.'),
    writeOpening('a doping ban', 'Sprinter banned for four years after failed test',
      'Track’s governing body has sanctioned the former world champion Lela Montrose with a four-year ban after a banned steroid was found in her sample.',
      'Montrose, 29, said she would appeal to the Court of Arbitration for Sport.'),
    writeOpening('a club punished by its league', 'Club docked ten points for breaking spending rules',
      'Harrowgate United were docked ten points on Thursday after the league found they had broken its financial rules for three seasons.',
      'The club said it was “shocked” by the sanctions and would consider an appeal, leaving its hopes of avoiding relegation in doubt.'),
    writeOpening('a football body punishing a national team', 'Mexico ordered to play two qualifiers behind closed doors',
      'FIFA has sanctioned Mexico over chants by fans during last month’s qualifier, ordering the national team to play its next two home matches in an empty stadium.',
      'The federation was also fined about $100,000.'),
    writeOpening('a regulator fining a bank for misconduct', 'Regulator fines lender over mis-sold loans',
      'Britain’s financial regulator has sanctioned a high-street bank for selling expensive loans to customers who could not afford them, imposing a fine of 12 million pounds.',
      'The bank said it had already repaid affected borrowers.'),
    writeOpening('a boxing body approving a bout', 'Title fight set for Cardiff in March',
      'The world boxing council has sanctioned a heavyweight title fight between Deon Marsh and Pavel Ruzicka for March 14 in Cardiff.',
      'Promoters expect a crowd of 60,000 for the first stadium fight in the city in a decade.'),
    writeOpening('a council approving a budget', 'Council backs $40 million plan for new river bridge',
      'Riverton city council on Monday sanctioned a $40 million budget for a second bridge across the river, ending a three-year debate over traffic in the old town.',
      'Work is due to start next spring and take about two years.'),
    writeOpening('nuclear talks where sanctions relief is one term', 'Iran and world powers resume nuclear talks in Vienna',
      'Negotiators from Iran and world powers met in Vienna on Tuesday for the first time in five months to try to revive the stalled accord on Tehran’s nuclear programme.',
      'Diplomats said the gaps remained wide on uranium enrichment, inspections and the pace of any sanctions relief.',
      'The European mediator said the talks would run for at least a week.'),
    writeOpening('nuclear talks with sanctions relief in the lead', 'Envoys gather in Oman for new round of nuclear talks',
      'American and Iranian envoys began a new round of indirect talks in Muscat on Saturday on a deal that would trade limits on Iran’s nuclear work for the lifting of US sanctions.',
      'The two sides disagree on whether Tehran may keep enriching uranium on its own soil, diplomats said.',
      'Omani mediators carried messages between the delegations, who sat in separate rooms.'),
    writeOpening('an inauguration with sanctions in passing', 'New president sworn in promising jobs and cleaner politics',
      'Velmira Ostrand was sworn in as president on Sunday before a crowd of thousands in the capital, promising to create jobs and root out corruption.',
      'In a speech of nearly an hour she spoke about schools, roads and pensions, and said she would seek better ties with neighbours.',
      'She also said she would ask Washington to review sanctions on two state banks.'),
  ]);
});

describe('gulf-tensions: military or security tension around the Gulf and the Red Sea', () => {
  check('gulf-tensions', true, [
    writeOpening('a tanker seized in Hormuz', 'Iranian commandos board tanker near Strait of Hormuz',
      'Revolutionary Guards naval forces boarded and took control of a Marshall Islands-flagged tanker in the Strait of Hormuz early on Wednesday, the ship’s manager said.',
      'A helicopter was seen landing troops on the deck before the vessel changed course towards Iranian waters.'),
    writeOpening('a drone shot down over the Gulf', 'US destroyer downs Iranian drone in the Gulf',
      'An American destroyer shot down an Iranian surveillance drone that flew within a kilometre of it in the Gulf on Thursday, the Pentagon said.',
      'Tehran denied losing any aircraft.'),
    writeOpening('a carrier group and bombers sent to deter Iran', 'Pentagon sends carrier and bombers to Middle East as warning to Tehran',
      'The United States is sending an aircraft carrier strike group and a task force of bombers to the Middle East to send “a clear and unmistakable message” to Iran, the White House said on Sunday.',
      'Officials cited intelligence that Iranian-backed groups were preparing to target American forces.'),
    writeOpening('a Houthi missile at a Saudi city', 'Saudi defences intercept missile fired at southern city',
      'Saudi air defences intercepted a ballistic missile launched by Yemen’s Houthi rebels at the southern city of Abha late on Saturday, the coalition said.',
      'Debris fell on a residential area, slightly injuring two people.'),
    writeOpening('a Houthi attack on a ship in the Gulf of Aden', 'Bulk carrier ablaze after missile strike off Yemen',
      'A Liberian-flagged bulk carrier caught fire after being hit by a missile in the Gulf of Aden on Monday, a British maritime security agency said.',
      'The Houthi movement said it had targeted the ship because of its links to Israel; the crew of 21 was evacuated.'),
    writeOpening('a limpet mine on a tanker off the Emirates', 'Tanker damaged by blast off Fujairah',
      'A Greek-owned oil tanker was holed above the waterline by an explosion while anchored off the Emirati port of Fujairah on Sunday, in what its owners called an act of sabotage.',
      'Investigators from several countries said a limpet mine was the likely cause.'),
    writeOpening('Iranian naval drills near Hormuz', 'Iran test-fires cruise missiles in war games near Hormuz',
      'Iran’s navy test-fired cruise missiles from ships and coastal batteries on Thursday on the third day of exercises near the Strait of Hormuz, state television said.',
      'A commander said the drills showed Tehran could close the waterway if threatened.'),
    writeOpening('US and UK strikes on Houthi sites', 'US and British jets hit Houthi targets in Yemen',
      'American and British warplanes struck radar sites, drone stores and missile launchers controlled by the Houthis in Yemen overnight, officials in both countries said.',
      'The raids followed weeks of attacks by the group on merchant shipping in the Red Sea.'),
  ]);

  check('gulf-tensions', false, [
    writeOpening('a Gulf of Mexico oil spill', 'Pipeline leak spreads oil slick off Louisiana coast',
      'A ruptured undersea pipeline has spilled thousands of barrels of crude into the Gulf of Mexico, the Coast Guard said on Friday, threatening marshes and oyster beds.',
      'Skimming vessels and booms were deployed as the slick drifted towards the shore.'),
    writeOpening('a hurricane', 'Hurricane strengthens as it churns across the Gulf',
      'Hurricane Delphine grew into a Category 3 storm over the warm waters of the Gulf of Mexico on Tuesday, and forecasters warned of a dangerous storm surge along the Texas coast.',
      'Oil companies evacuated staff from offshore platforms.'),
    writeOpening('a golf tournament with a Gulf sponsor', 'Lindqvist cruises to victory in the desert',
      'Sweden’s Anders Lindqvist shot a final-round 65 to win the Gulf Air Desert Classic by four strokes on Sunday, his first title in two years.',
      'The tournament, played on a links course outside Manama, carries a purse of $9 million.'),
    writeOpening('a Gulf listing', 'Saudi chemicals maker prices IPO at top of range',
      'A Saudi petrochemicals firm priced its initial public offering at the top of its range on Wednesday, raising $1.8 billion in the Gulf’s biggest listing this year.',
      'Demand from funds in Abu Dhabi and Qatar was strong, bankers said.'),
    writeOpening('a Gulf sovereign fund deal', 'Abu Dhabi fund buys stake in European ports operator',
      'An Abu Dhabi sovereign wealth fund has agreed to buy a 20 percent stake in a Dutch ports operator for about 2 billion euros, the companies said on Monday.',
      'The deal is the fund’s latest bet on European infrastructure.'),
    writeOpening('a Gulf airline', 'Emirates posts record profit as travel demand soars',
      'Dubai’s Emirates airline reported a record annual profit on Thursday, helped by strong demand for long-haul travel and lower fuel costs.',
      'The carrier said it would order more wide-body jets.'),
    writeOpening('Red Sea tourism', 'Divers flock to new Red Sea resort',
      'A string of luxury island resorts on Saudi Arabia’s Red Sea coast welcomed its first guests this month, part of a push to draw tourists to the kingdom’s coral reefs.',
      'Rooms cost upwards of $2,000 a night.'),
    writeOpening('Persian Gulf heat', 'Heat index nears 60C on Persian Gulf coast',
      'A heat dome over the Persian Gulf pushed the heat index close to 60 degrees Celsius in several coastal towns on Wednesday, forecasters said.',
      'Outdoor work was halted at midday and hospitals reported a rise in heatstroke cases.'),
    writeOpening('Yemen’s humanitarian crisis with Houthis as background', 'Cholera cases surge in Yemen as aid dries up',
      'Cholera is spreading quickly in western Yemen, where funding cuts have shut dozens of clinics, the World Health Organization said on Tuesday.',
      'Most of the new cases are in areas run by the Houthi movement, which has controlled the north since the war began; aid workers said clean water was scarce.'),
    writeOpening('an Iran-oil sanctions piece with shadow-fleet tankers', 'Iran’s oil exports climb despite US sanctions',
      'Iran’s crude exports rose to their highest level in five years last month, most of it sold to independent refiners in China, tanker trackers said.',
      'The oil is carried by a shadow fleet of ageing tankers that switch off their transponders and transfer cargoes at sea, analysts said.'),
  ]);
});

describe('iran-cyber: cyber operations with Iran as actor or target', () => {
  check('iran-cyber', true, [
    writeOpening('Iranian hackers hitting a water utility', 'Hackers linked to Iran breach small-town water system',
      'Hackers tied to Iran’s Revolutionary Guards took over a control panel at a water authority in the town of Millbrook, forcing staff to run a pumping station by hand, officials said on Monday.',
      'No tap water was affected, the authority said.'),
    writeOpening('Iran saying it foiled an attack', 'Iran says it repelled large cyberattack on its banks',
      'Iranian officials said on Sunday they had fended off a large-scale cyber attack aimed at the country’s banking network, blaming “a hostile state”.',
      'Card payments were disrupted for several hours in some cities.'),
    writeOpening('sabotage of Iranian sites by malicious code', 'Malicious code crippled centrifuges at Iranian site, experts say',
      'A sophisticated computer worm caused hundreds of centrifuges at an Iranian enrichment plant to spin out of control, security researchers said on Thursday.',
      'The code was built to hide its work from the plant’s operators, they said.'),
    writeOpening('charges against Iranian hackers', 'US charges three Iranians over hacking campaign against campaign staff',
      'Federal prosecutors on Friday charged three Iranian nationals with breaking into the email accounts of political campaign staff and leaking stolen documents to reporters.',
      'The indictment says the men worked for a unit of the Revolutionary Guards.'),
    writeOpening('hackers hitting an Iranian steel plant', 'Hacktivists claim attack that halted Iranian steel mill',
      'A hacking group calling itself Scorched Keys said on Monday it had disrupted production at a major Iranian steel mill, posting video of a fire on the factory floor.',
      'Iran’s industry ministry said an “incident” had stopped one production line.'),
  ]);

  check('iran-cyber', false, [
    writeOpening('Iran shutting its internet during protests', 'Iran cuts mobile internet as protests spread',
      'Authorities in Iran cut mobile internet across several provinces on Friday as protests over fuel prices spread to more than 40 cities, a monitoring group said.',
      'Connectivity fell to about a fifth of normal levels.'),
    writeOpening('Iran’s censorship', 'Iran blocks messaging apps and tightens grip on VPNs',
      'Iran has blocked two popular messaging apps and ordered shops to stop selling tools that get around its filters, state media reported on Wednesday.',
      'Rights groups said the move would cut millions of people off from family abroad.'),
    writeOpening('a round-up listing Iran among many', 'State hackers stepped up attacks on utilities last year, report says',
      'Government-backed hackers targeted power and water companies more often last year than ever before, a security firm said in its annual report on Tuesday.',
      'Most of the activity it tracked came from groups working for Russia and China, it said.',
      'Groups linked to North Korea, Iran, Vietnam and Pakistan were also active, the report said.'),
    writeOpening('Iran nuclear talks', 'Iran and European envoys hold talks on nuclear programme',
      'Iranian and European diplomats met in Geneva on Friday to discuss Tehran’s nuclear programme, the first such meeting in months.',
      'Both sides called the talks frank and said they would meet again.'),
  ]);
});

describe('cyber-attacks: a cyber attack anywhere', () => {
  check('cyber-attacks', true, [
    writeOpening('ransomware at a hospital', 'Hospital diverts ambulances after ransomware attack',
      'St Aldric’s Hospital diverted ambulances and cancelled surgeries on Tuesday after a ransomware attack locked its computer systems, the hospital said.',
      'Staff returned to paper records while the hospital worked with police.'),
    writeOpening('a breach of customer data', 'Phone company says personal details of 3 million customers exposed',
      'Telvane, a mobile operator, said on Friday that an intruder had accessed a database holding the names, birth dates and passport numbers of about 3 million customers.',
      'The company said it had told the police and the data protection regulator.'),
    writeOpening('a phishing campaign', 'Fake parcel texts used to steal bank logins, police warn',
      'Police have warned of a wave of fake delivery texts that lead to lookalike websites built to harvest online banking passwords.',
      'More than 4,000 people have reported losing money since March.'),
    writeOpening('DDoS on government sites', 'Government websites knocked offline by flood of traffic',
      'Several ministry websites in Lithuania were unreachable for hours on Wednesday after a distributed denial-of-service attack claimed by a pro-Russian group.',
      'Officials said no data was stolen.'),
    writeOpening('state hackers', 'Chinese state hackers spied on telecoms firms for months, officials say',
      'Hackers working for Chinese intelligence broke into the networks of at least four telecommunications companies and read officials’ messages, security agencies said on Thursday.',
      'Beijing rejected the accusation.'),
    writeOpening('a defaced government website', 'Ministry home page replaced with protest slogans',
      'Visitors to the education ministry’s website on Saturday found its home page defaced with slogans against the new tuition fees, signed by an activist group.',
      'The site was restored within three hours.'),
    writeOpening('a thwarted intrusion', 'Port operator says it stopped attempted break-in to its systems',
      'A container port operator said on Monday it had detected and blocked an attempt by cyber criminals to get into its cargo-tracking systems over the weekend.',
      'Operations were not affected.'),
  ]);

  check('cyber-attacks', false, [
    writeOpening('a vendor patching a flaw that may have been exploited', 'Software maker fixes critical flaw in file transfer tool',
      'A software company released fixes on Tuesday for a critical weakness in its file transfer product that could let outsiders take control of servers.',
      'The company said the flaw may have been exploited in a limited number of cases and urged customers to install the update.'),
    writeOpening('a vulnerability disclosure', 'Researchers find weakness in popular smart locks',
      'Security researchers have found a weakness in a popular brand of smart locks that could allow someone nearby to open them with a laptop, they said at a conference on Friday.',
      'The maker said it was working on a fix.'),
    writeOpening('a product security update', 'Phone maker rolls out monthly security update',
      'A phone maker began rolling out its monthly security update on Monday, closing 38 holes in its operating system, including two rated critical.',
      'Users were told to install it as soon as possible.'),
    writeOpening('a ship accused of breaching maritime rules', 'Coast guard detains cargo ship off the cape',
      'Coast guard officers detained a cargo ship on Sunday for breaching international maritime rules while crossing the strait without its tracking beacon on.',
      'The crew of 22 was reported safe and the ship was taken to port for inspection.'),
    writeOpening('a ceasefire breach', 'Both sides accuse each other of breaching truce',
      'Each side in the border conflict accused the other on Tuesday of a breach of the ceasefire agreed last week, after shelling near two villages.',
      'Mediators said they would meet both delegations on Thursday.'),
    writeOpening('a statue defaced in the street', 'Statue of city founder defaced overnight',
      'A bronze statue of the city’s founder was defaced with red paint overnight, and police said they were checking security cameras in the square.',
      'The council said cleaning would cost several thousand euros.'),
    writeOpening('sanctions on a crypto mixer without the hacking', 'Treasury sanctions cryptocurrency mixing service',
      'The US Treasury imposed sanctions on Thursday on a cryptocurrency mixing service it said had laundered more than $500 million, barring Americans from using it.',
      'Officials said the service helped criminals hide the origin of funds.'),
  ]);
});
