import { platformName, type PlatformDirectory } from '../chat-platform.js';
import type { Actor, CommandKind } from './command.js';
import { isChange } from './command-grammar.js';

export type PermissionDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether the caller may run a command. Listing, showing and testing are open to everyone; changes need one of
 * the facts the YAML's admin list for the caller's platform admits (a user, group or role id, a right the platform
 * grants). With no admins listed for a platform, nobody changes anything from it.
 */
export function checkPermission(kind: CommandKind, actor: Actor, platforms: PlatformDirectory): PermissionDecision {
  if (!isChange(kind)) return { allowed: true };
  const what = kind.startsWith('feed.') ? 'feeds' : 'topics';
  const admins = platforms[actor.platform]?.admins ?? null;
  if (admins !== null && actor.facts.some((fact) => admins.admitting.includes(fact))) return { allowed: true };
  const where = admins?.configPath ?? `commands.${actor.platform}.admins`;
  if (admins === null || admins.admitting.length === 0) {
    return { allowed: false, reason: `nobody may change ${what} from ${platformName(platforms, actor.platform)}: the configuration lists no admins (${where})` };
  }
  return { allowed: false, reason: `only newswatch admins may change ${what}${admins.refusal} (${where}); ask an admin, or use list, show and test` };
}
