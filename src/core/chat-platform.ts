/** A chat platform, by the id the YAML's channel `type` names it with. */
export type PlatformId = string;

/** What a platform can do, so the rest of newswatch asks about the ability, never about the platform. */
export interface PlatformCapabilities {
  /** Its users type `/topic`, `/feed` and `/newswatch`: it has a command receiver and a `commands.<id>` block. */
  slashCommands: boolean;
}

/**
 * Who may change topics and feeds from one platform, as facts: the caller is an admin when the platform vouches
 * for any one of `admitting` (see Actor.facts).
 */
export interface PlatformAdmins {
  /** Facts that make a caller an admin, in the platform's own form: "group:S0ADMINS", "role:17". */
  admitting: string[];
  /** Where the YAML lists them: "commands.<id>.admins". */
  configPath: string;
  /** How the refusal goes on after "only newswatch admins may change topics": ", and your account is not listed". */
  refusal: string;
}

/** One platform as the command rules see it: the name people know it by and its admins, if it takes commands. */
export interface PlatformFacts {
  /** The name people know it by, as in "alice (<name>)". */
  name: string;
  admins: PlatformAdmins | null;
}

/** Every configured platform by id. */
export type PlatformDirectory = Readonly<Record<PlatformId, PlatformFacts>>;

/** The platform's name, or its id when the directory no longer has it (a record made on a platform since removed). */
export function platformName(platforms: PlatformDirectory, id: PlatformId): string {
  return platforms[id]?.name ?? id;
}
