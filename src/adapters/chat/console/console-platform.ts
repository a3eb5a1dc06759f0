import { z } from 'zod';
import { channelOptions } from '../../../config/config-schema.js';
import type { ChatPlatform } from '../shared/chat-platform.js';
import { createConsoleSink, renderConsoleAlert } from './console-sink.js';

/** `channels.<name>` with `type: console`: nothing of its own. */
const ConsoleChannelSchema = z.strictObject({ type: z.literal('console'), ...channelOptions });

/** The terminal: alerts printed to standard output, as text or JSON lines (`--output`); it takes no commands. */
export const consolePlatform: ChatPlatform<z.infer<typeof ConsoleChannelSchema>> = {
  id: 'console',
  name: 'console',
  capabilities: { slashCommands: false },
  channelSchema: ConsoleChannelSchema,
  platformChannel: () => null,
  transport: () => null,
  createSink: (_channel, context) => createConsoleSink({ channelId: context.channelId, output: context.stdout, format: context.output }),
  renderAlert: (alert) => renderConsoleAlert(alert),
};
