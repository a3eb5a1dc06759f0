import { describe, expect, it } from 'vitest';
import { checkPermission } from '../../../../src/core/commands/check-permission.js';
import { ADMINS, alice, bob, platformsWith } from './standing.js';

const platforms = platformsWith(ADMINS);

describe('checkPermission', () => {
  it('lets everyone list, show, test and ask for status, help and audit', () => {
    const nobody = { ...alice, userId: 'U0NOBODY', facts: ['user:U0NOBODY'] };
    for (const kind of ['topic.list', 'topic.show', 'topic.test', 'feed.list', 'newswatch.status', 'newswatch.help', 'newswatch.audit'] as const) {
      expect(checkPermission(kind, nobody, platforms)).toEqual({ allowed: true });
    }
  });

  it('lets Slack admins change things by user id or user group, and tells others why not', () => {
    expect(checkPermission('topic.remove', alice, platforms)).toEqual({ allowed: true });
    expect(checkPermission('feed.add', { ...alice, userId: 'U0OTHER', facts: ['user:U0OTHER', 'group:S0ADMINS'] }, platforms)).toEqual({ allowed: true });
    const refused = checkPermission('topic.remove', { ...alice, userId: 'U0OTHER', facts: ['user:U0OTHER', 'group:S0OTHER'] }, platforms);
    expect(refused).toEqual({
      allowed: false,
      reason:
        'only newswatch admins may change topics, and your Slack account is neither listed nor in a listed user group (commands.slack.admins); ask an admin, or use list, show and test',
    });
    expect(checkPermission('feed.remove', { ...alice, userId: 'U0OTHER', facts: ['user:U0OTHER'] }, platforms)).toMatchObject({ reason: expect.stringContaining('may change feeds') });
  });

  it('lets Discord admins change things by role or Manage Server, as configured', () => {
    expect(checkPermission('topic.mute', bob, platforms)).toEqual({ allowed: true });
    const manager = { ...bob, facts: ['right:manage-server'] };
    expect(checkPermission('topic.mute', manager, platforms)).toEqual({ allowed: true });
    expect(checkPermission('topic.mute', manager, platformsWith({ discord: { admins: { roles: ['17'], manage_server: false } } }))).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('that needs one of the admin roles (commands.discord.admins)'),
    });
    expect(checkPermission('topic.mute', { ...bob, facts: ['role:99'] }, platforms)).toEqual({
      allowed: false,
      reason: 'only newswatch admins may change topics: that needs one of the admin roles or the Manage Server permission (commands.discord.admins); ask an admin, or use list, show and test',
    });
  });

  it('lets nobody change anything from a platform with no admins listed, or one the configuration does not know', () => {
    const none = platformsWith({});
    expect(checkPermission('topic.add', alice, none)).toEqual({ allowed: false, reason: 'nobody may change topics from Slack: the configuration lists no admins (commands.slack.admins)' });
    expect(checkPermission('topic.add', { ...bob, facts: ['right:manage-server'] }, none)).toMatchObject({ reason: expect.stringContaining('nobody may change topics from Discord') });
    expect(checkPermission('feed.add', { ...alice, platform: 'console' }, platforms)).toMatchObject({ reason: 'nobody may change feeds from console: the configuration lists no admins (commands.console.admins)' });
    expect(checkPermission('feed.add', { ...alice, platform: 'elsewhere' }, platforms)).toMatchObject({ reason: expect.stringContaining('nobody may change feeds from elsewhere') });
  });

  it('takes no fact from one platform as a right on another', () => {
    // a Discord caller whose facts happen to spell a Slack admin's
    expect(checkPermission('topic.add', { ...bob, facts: ['user:U0ADMIN', 'group:S0ADMINS'] }, platforms)).toMatchObject({ allowed: false });
  });
});
