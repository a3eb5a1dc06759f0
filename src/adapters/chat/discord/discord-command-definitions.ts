import {
  ApplicationCommandOptionType,
  ChannelType,
  REST,
  Routes,
  type APIApplicationCommandBasicOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandRoot } from '../../../core/commands/command.js';
import { subcommandsOf, type ParamSpec } from '../../../core/commands/command-grammar.js';

const ROOT_DESCRIPTIONS: Record<CommandRoot, string> = {
  topic: 'newswatch topics: add, remove, list, show, route, mute, surge, test',
  feed: 'newswatch feeds: add, remove, list',
  newswatch: 'newswatch: status, help, audit, brief',
};

function optionOf(param: ParamSpec): APIApplicationCommandBasicOption {
  const base = { name: param.name, description: param.description.slice(0, 100), required: !param.optional };
  if (param.kind === 'count') return { ...base, type: ApplicationCommandOptionType.Integer, min_value: 1, max_value: 50 };
  if (param.kind === 'flag') return { ...base, type: ApplicationCommandOptionType.Boolean };
  if (param.kind === 'channels') {
    return { ...base, type: ApplicationCommandOptionType.Channel, channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] };
  }
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    max_length: param.kind === 'query' ? 1_000 : param.kind === 'url' ? 2_000 : 80,
    ...(param.autocomplete ? { autocomplete: true } : {}),
  };
}

/**
 * The application commands, generated from the core's grammar: `/topic`, `/feed` and `/newswatch`, each with
 * subcommands and typed options (channels as channel pickers, counts as integers, topic and feed names with
 * autocomplete), so Discord and Slack accept exactly the same commands.
 */
export function buildDiscordCommands(): RESTPutAPIApplicationCommandsJSONBody {
  return (['topic', 'feed', 'newswatch'] as const).map((root) => ({
    name: root,
    description: ROOT_DESCRIPTIONS[root],
    dm_permission: false,
    options: subcommandsOf(root).map((spec) => ({
      type: ApplicationCommandOptionType.Subcommand as const,
      name: spec.name,
      description: spec.summary.slice(0, 100),
      options: spec.params.map(optionOf),
    })),
  }));
}

/**
 * Registers the commands with Discord (a bulk overwrite, so running it again is safe): for one guild, where they
 * appear at once, or globally. Resolves with how many commands Discord now has.
 */
export async function registerDiscordCommands(options: {
  applicationId: string;
  botToken: string;
  guildId?: string;
  apiUrl?: string;
}): Promise<number> {
  const rest = new REST({ api: options.apiUrl ?? 'https://discord.com/api', version: '10' }).setToken(options.botToken);
  try {
    const route = options.guildId
      ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
      : Routes.applicationCommands(options.applicationId);
    const result = (await rest.put(route, { body: buildDiscordCommands() })) as unknown[];
    return Array.isArray(result) ? result.length : 0;
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
