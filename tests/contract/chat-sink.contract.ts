import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/commands/command.js';
import type { Escalation } from '../../src/core/surge.js';
import type { ChatSink, PostedMessage } from '../../src/ports/chat-sink.js';
import { hostileAlert, HOSTILE, sampleAlert, sampleDigest } from '../integration/chat/sample-alerts.js';

/** A sink posting to channel `alerts`, and what its platform received, read back from the platform's side. */
export interface ChatSinkUnderTest {
  sink: ChatSink;
  /** Every message the platform accepted so far, oldest first, each as the strings it shows. */
  received(): string[][];
  /** Every edit the platform accepted so far: the message edited and the strings it shows now. */
  edits(): { messageRef: string; texts: string[] }[];
  /** Fails when a string could ping, link or format where newswatch did not mean it to. */
  expectDefused(texts: readonly string[]): void;
  /** Whether follow-ups go into the thread of their original (else they are new messages marked as follow-ups). */
  threads: boolean;
  /** Whether the platform lets the sink edit a posted alert. */
  canEdit: boolean;
  dispose(): Promise<void>;
}

export type ChatSinkFactory = () => Promise<ChatSinkUnderTest>;

const brief: Reply = {
  ephemeral: false,
  title: 'Brief: Cyber attacks, last 24 hours',
  lines: [['Port operator confirms ransomware attack on cargo systems \u2014 Example News']],
};

const escalation = (title: string): Escalation => ({
  channelId: 'alerts',
  storyId: 'story-1',
  title,
  url: 'https://news.example.org/2024/05/port-ransomware',
  surge: { outlets: 3, minutes: 9, timeline: ['Example News', 'Daily Ledger', 'Harbour Times'].map((source, i) => ({ source, at: `2024-05-01T14:0${i}:00Z` })) },
  mention: null,
});

const joined = (texts: readonly string[]): string => texts.join('\n');
/** A terminal escape sequence that would clear the screen, as a feed could carry one. */
const CLEAR_SCREEN = '\u001b[2J\u001b[H';

/** The behaviour every ChatSink must show, whatever platform it posts to. */
export function describeChatSinkContract(name: string, factory: ChatSinkFactory): void {
  describe(`ChatSink contract: ${name}`, () => {
    let under: ChatSinkUnderTest;
    beforeEach(async () => {
      under = await factory();
    });
    afterEach(async () => {
      await under.sink.close?.();
      await under.dispose();
    });

    it('posts an alert with its headline, source and quotes, and says where it landed', async () => {
      const posted = await under.sink.postAlert(sampleAlert());
      expect(posted).toEqual({ channelId: 'alerts', messageRef: expect.any(String), threadRef: null });
      expect(posted.messageRef).not.toBe('');
      const [message, ...more] = under.received();
      expect(more).toEqual([]);
      const text = joined(message ?? []);
      expect(text).toContain('Port operator confirms ransomware attack on cargo systems');
      expect(text).toContain('Example News');
      expect(text).toContain('No customer data was taken');
    });

    it('posts a digest, a brief, an escalation and a notice, each as a message of its own', async () => {
      const alert = await under.sink.postAlert(sampleAlert());
      const answers: PostedMessage[] = [
        await under.sink.postDigest(sampleDigest(2, 2)),
        await under.sink.postBrief(brief),
        await under.sink.postEscalation(escalation(sampleAlert().title), alert),
        await under.sink.postNotice('Feed example-wire failed 5 times in a row'),
      ];
      for (const answer of answers) expect(answer.channelId).toBe('alerts');
      expect(new Set([alert, ...answers].map((answer) => answer.messageRef)).size).toBe(5);
      const messages = under.received().map(joined);
      expect(messages).toHaveLength(5);
      expect(messages[1]).toContain('Topic number 1');
      expect(messages[2]).toContain('Brief: Cyber attacks, last 24 hours');
      expect(messages[3]).toContain('3 outlets in 9 min');
      expect(messages[4]).toContain('example-wire failed 5 times');
    });

    it('defuses hostile feed text in alerts, digests, escalations and notices', async () => {
      const hostile = hostileAlert();
      await under.sink.postAlert({ ...hostile, title: `${hostile.title}${CLEAR_SCREEN}` });
      const digest = sampleDigest(1, 1);
      const [group] = digest.groups;
      const [entry] = group?.entries ?? [];
      if (!group || !entry) throw new Error('sample digest is empty');
      await under.sink.postDigest({ ...digest, groups: [{ ...group, topicName: HOSTILE.topicName, entries: [{ ...entry, title: HOSTILE.title, source: HOSTILE.source }] }] });
      await under.sink.postEscalation(escalation(`${HOSTILE.title}${CLEAR_SCREEN}`), null);
      await under.sink.postNotice(`Feed "${HOSTILE.source}${CLEAR_SCREEN}" is failing`);
      const messages = under.received();
      expect(messages).toHaveLength(4);
      for (const texts of messages) under.expectDefused(texts);
    });

    it('posts a follow-up with the original it follows', async () => {
      const original = await under.sink.postAlert(sampleAlert());
      const reply = await under.sink.postAlert(sampleAlert({ articleKey: 'art-2', followUpOf: 'art-1' }), original);
      const second = await under.sink.postAlert(sampleAlert({ articleKey: 'art-3', followUpOf: 'art-1' }), reply);
      expect(new Set([original, reply, second].map((posted) => posted.messageRef)).size).toBe(3);
      if (under.threads) {
        expect(reply.threadRef).not.toBeNull();
        expect(second.threadRef).toBe(reply.threadRef);
      } else {
        expect([reply.threadRef, second.threadRef]).toEqual([null, null]);
        expect(joined(under.received()[1] ?? [])).toMatch(/follow-up/i);
      }
    });

    it('edits an alert in place where the platform can, and leaves updateAlert out where it cannot', async () => {
      const original = await under.sink.postAlert(sampleAlert());
      if (!under.canEdit) {
        expect(under.sink.updateAlert).toBeUndefined();
        return;
      }
      if (!under.sink.updateAlert) throw new Error('an editing sink has updateAlert');
      await under.sink.updateAlert(original, sampleAlert({ otherSources: ['A', 'B', 'C'] }));
      const edits = under.edits();
      expect(edits.map((edit) => edit.messageRef)).toEqual([original.messageRef]);
      expect(joined(edits[0]?.texts ?? [])).toContain('+3 more sources: A, B, C');
      expect(under.received()).toHaveLength(1);
    });
  });
}
