import type { Actor, CommandKind } from './command.js';
import { isChange } from './command-grammar.js';
import type { CommandPermissions } from './live-config.js';

export type PermissionDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether the caller may run a command. Listing, showing and testing are open to everyone; changes need the
 * YAML's admin list: a Slack user or user-group id, or a Discord role id or the Manage Server permission.
 * With no admins listed for a platform, nobody changes anything from it.
 */
export function checkPermission(kind: CommandKind, actor: Actor, permissions: CommandPermissions): PermissionDecision {
  if (!isChange(kind)) return { allowed: true };
  const what = kind.startsWith('feed.') ? 'feeds' : 'topics';
  if (actor.platform === 'slack') {
    const { users, groups } = permissions.slack;
    if (users.includes(actor.userId) || actor.groups.some((group) => groups.includes(group))) return { allowed: true };
    if (users.length === 0 && groups.length === 0) {
      return { allowed: false, reason: `nobody may change ${what} from Slack: the configuration lists no admins (commands.slack.admins)` };
    }
    return {
      allowed: false,
      reason: `only newswatch admins may change ${what}, and your Slack account is neither listed nor in a listed user group (commands.slack.admins); ask an admin, or use list, show and test`,
    };
  }
  const { roles, manageServer } = permissions.discord;
  if (actor.roles.some((role) => roles.includes(role))) return { allowed: true };
  if (manageServer && actor.manageServer) return { allowed: true };
  if (roles.length === 0 && !manageServer) {
    return { allowed: false, reason: `nobody may change ${what} from Discord: the configuration lists no admins (commands.discord.admins)` };
  }
  const needs = [roles.length > 0 ? 'one of the admin roles' : null, manageServer ? 'the Manage Server permission' : null].filter(Boolean).join(' or ');
  return { allowed: false, reason: `only newswatch admins may change ${what}: that needs ${needs} (commands.discord.admins); ask an admin, or use list, show and test` };
}
