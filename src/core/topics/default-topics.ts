import type { TopicDefinition } from './topic-definition.js';

/** Lets a query be written over several lines here and still be one line in the config. */
function oneLine(query: string): string {
  return query.replace(/\s+/g, ' ').trim();
}

/**
 * The watch topics newswatch ships with. Each query names what the story is about on one side of an AND and
 * what happens in it on the other, so that a passing mention of either side does not fire on its own; the
 * relevance threshold then asks for those words in the title, the lead or repeatedly in the body.
 */
export const defaultTopics: TopicDefinition[] = [
  {
    id: 'iran-cyber',
    name: 'Iran and cyber operations',
    query: oneLine(`
      (iran* OR tehran OR IRGC)
      AND (cyber* OR hack OR hacker OR malware OR ransomware OR spyware OR wiper OR phishing OR ddos
           OR stuxnet OR shamoon OR apt33 OR apt34 OR apt35 OR "charming kitten" OR muddywater OR oilrig)
    `),
    aliases: [['IRGC', 'Revolutionary Guards', 'Revolutionary Guard Corps']],
  },
  {
    id: 'sanctions',
    name: 'Sanctions',
    query: oneLine(`
      sanctions OR embargo OR OFAC OR "asset freeze" OR "assets frozen" OR "export controls"
    `),
    aliases: [['OFAC', 'Office of Foreign Assets Control']],
  },
  {
    id: 'gulf-tensions',
    name: 'Gulf tensions: Hormuz, tankers, drones, Houthis',
    query: oneLine(`
      (hormuz OR houthi OR "persian gulf" OR "arabian gulf" OR "gulf of oman" OR "red sea" OR mandeb OR mandab
       OR (gulf AND (iran* OR saudi* OR UAE OR yemen* OR oman* OR qatar* OR bahrain* OR kuwait*)))
      AND (tanker OR drone OR missile OR warship OR navy OR naval OR seize OR attack OR strike OR tension
           OR escalation OR military OR shipping OR hormuz OR houthi)
    `),
    aliases: [['UAE', 'United Arab Emirates']],
  },
  {
    id: 'cyber-attacks',
    name: 'Cyber attacks: breaches, ransomware, phishing, state hacking',
    // An attack report tells of something done to a victim; a headline about a flaw or a patch, with no
    // attack word in it, is vulnerability news even when its body explains what attackers could do.
    query: oneLine(`
      (cyberattack OR "cyber attack" OR hack OR hacker OR hacktivist* OR breach OR ransomware OR ransom
       OR extort* OR phishing OR smishing OR scam* OR malware OR ddos OR botnet OR stolen OR stole OR theft
       OR leak OR compromised OR infected OR cybercriminal* OR cybercrime OR defac* OR espionage
       OR "threat actor" OR victim*)
      NOT (title:(vulnerability OR vulnerabilities OR vulnerable OR flaw OR bug OR patch OR CVE OR fix
                  OR "zero-day" OR update)
           NOT title:(hack OR hacker OR breach OR ransomware OR phishing OR malware OR cyberattack
                      OR "cyber attack" OR stolen OR leak OR scam*))
    `),
  },
];
