import { describe, expect, it } from 'vitest';
import { renderConsoleAlert } from '../../../src/adapters/chat/console/console-sink.js';
import { renderDiscordAlert } from '../../../src/adapters/chat/discord/render-discord-alert.js';
import { renderSlackAlert } from '../../../src/adapters/chat/slack/render-slack-alert.js';
import { sampleAlert } from '../../integration/chat/sample-alerts.js';

const evidence = 'The port operator said a ransomware attack had disrupted its cargo systems.';
const alert = sampleAlert({ topics: [{ id: 'cyber', name: 'Cyber attacks', score: 0.82, terms: ['ransomware', 'attack'], evidence }] });

describe('the why line', () => {
  it('shows the terms and, under them, the evidence sentence on Slack', () => {
    const text = renderSlackAlert(alert).blocks.map((block) => JSON.stringify(block)).join('\n');
    expect(text).toContain('matched \u201cransomware\u201d, \u201cattack\u201d');
    expect(text).toContain(`\u201c${evidence}\u201d`);
  });

  it('shows the evidence sentence in the Discord field', () => {
    const field = renderDiscordAlert(alert).embeds[0]?.fields?.find((candidate) => candidate.name === 'Why it matched');
    expect(field?.value).toBe(`**Cyber attacks** \u2014 matched \u201cransomware\u201d, \u201cattack\u201d\n\u201c${evidence}\u201d`);
  });

  it('shows the evidence sentence on the console, under the topic line', () => {
    const lines = renderConsoleAlert(alert).split('\n');
    const at = lines.findIndex((line) => line.includes('Cyber attacks (cyber, score 0.82): ransomware, attack'));
    expect(lines[at + 1]).toBe(`    \u201c${evidence}\u201d`);
  });

  it('leaves the line as it was when there is no evidence', () => {
    const lines = renderConsoleAlert(sampleAlert()).split('\n');
    const at = lines.findIndex((line) => line.includes('Cyber attacks (cyber, score 0.82)'));
    expect(lines[at + 1]?.startsWith('    \u201c')).toBe(false);
  });
});
