import { expect } from 'vitest';
import type { DiscordMessage } from '../../../src/adapters/chat/discord/index.js';
import type { SlackMessage } from '../../../src/adapters/chat/slack/index.js';

/** Every mrkdwn string of a message, fallback text included. */
export function slackTexts(message: SlackMessage): string[] {
  const texts = [message.text];
  for (const block of message.blocks) {
    if (block.type === 'section') texts.push(block.text.text);
    if (block.type === 'context') texts.push(...block.elements.map((element) => element.text));
  }
  return texts;
}

/** Fails when any text holds a Slack control sequence that newswatch did not build itself. */
export function expectDefusedSlack(texts: readonly string[]): void {
  for (const text of texts) {
    // The only `<` allowed: links to the validated article URL and date tokens.
    expect(text).not.toMatch(/<(?!https:\/\/news\.example\.org\/|!date\^\d+\^)/);
    expect(text).not.toMatch(/@(everyone|here|channel)\b/);
    expect(text).not.toMatch(/[*_~`]{2}/);
    expect(text).not.toContain('javascript:');
  }
}

/** Every string of a Discord message that Discord shows: content, titles, descriptions, fields, author, footer. */
export function discordTexts(message: DiscordMessage): string[] {
  const texts = message.content === undefined ? [] : [message.content];
  for (const embed of message.embeds) {
    texts.push(embed.title ?? '', embed.description ?? '', embed.author?.name ?? '', embed.footer?.text ?? '');
    for (const field of embed.fields ?? []) texts.push(field.name, field.value);
  }
  return texts;
}

/** Fails when any text could ping, or holds a masked link or formatting newswatch did not build itself. */
export function expectDefusedDiscord(texts: readonly string[]): void {
  for (const text of texts) {
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/<[@#]/);
    // A masked link whose `[` is not escaped, other than links to the validated article URLs; brackets escaped
    // inside a link's label (a digest entry's hostile headline) are text, not the label's end.
    expect(text).not.toMatch(/(?<!\\)\[(?:[^\]\\]|\\.)*\]\((?!https:\/\/news\.example\.org\/)/);
    expect(text).not.toContain('**bold**');
    expect(text).not.toMatch(/(?<!\\)`/);
    expect(text).not.toContain('javascript:');
  }
}
