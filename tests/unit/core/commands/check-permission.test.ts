import { describe, expect, it } from 'vitest';
import { checkPermission } from '../../../../src/core/commands/check-permission.js';
import type { CommandPermissions } from '../../../../src/core/commands/live-config.js';
import { alice, bob } from './standing.js';

const permissions: CommandPermissions = { slack: { users: ['U0ADMIN'], groups: ['S0ADMINS'] }, discord: { roles: ['17'], manageServer: true } };

describe('checkPermission', () => {
  it('lets everyone list, show, test and ask for status, help and audit', () => {
    const nobody = { ...alice, userId: 'U0NOBODY' };
    for (const kind of ['topic.list', 'topic.show', 'topic.test', 'feed.list', 'newswatch.status', 'newswatch.help', 'newswatch.audit'] as const) {
      expect(checkPermission(kind, nobody, permissions)).toEqual({ allowed: true });
    }
  });

  it('lets Slack admins change things by user id or user group, and tells others why not', () => {
    expect(checkPermission('topic.remove', alice, permissions)).toEqual({ allowed: true });
    expect(checkPermission('feed.add', { ...alice, userId: 'U0OTHER', groups: ['S0ADMINS'] }, permissions)).toEqual({ allowed: true });
    const refused = checkPermission('topic.remove', { ...alice, userId: 'U0OTHER', groups: ['S0OTHER'] }, permissions);
    expect(refused).toEqual({ allowed: false, reason: expect.stringContaining('only newswatch admins may change topics') });
    expect(checkPermission('feed.remove', { ...alice, userId: 'U0OTHER' }, permissions)).toMatchObject({ reason: expect.stringContaining('may change feeds') });
  });

  it('lets Discord admins change things by role or Manage Server, as configured', () => {
    expect(checkPermission('topic.mute', bob, permissions)).toEqual({ allowed: true });
    expect(checkPermission('topic.mute', { ...bob, roles: [], manageServer: true }, permissions)).toEqual({ allowed: true });
    expect(checkPermission('topic.mute', { ...bob, roles: [], manageServer: true }, { ...permissions, discord: { roles: ['17'], manageServer: false } })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('that needs one of the admin roles (commands.discord.admins)'),
    });
    expect(checkPermission('topic.mute', { ...bob, roles: ['99'] }, permissions)).toMatchObject({ reason: expect.stringContaining('one of the admin roles or the Manage Server permission') });
  });

  it('lets nobody change anything from a platform with no admins listed', () => {
    const none: CommandPermissions = { slack: { users: [], groups: [] }, discord: { roles: [], manageServer: false } };
    expect(checkPermission('topic.add', alice, none)).toMatchObject({ allowed: false, reason: expect.stringContaining('nobody may change topics from Slack') });
    expect(checkPermission('topic.add', { ...bob, manageServer: true }, none)).toMatchObject({ reason: expect.stringContaining('nobody may change topics from Discord') });
  });
});
