import type { Writable } from 'node:stream';
import type { Express } from 'express';
import type { z } from 'zod';
import type { ChannelConfig } from '../../../config/config-schema.js';
import type { Environment } from '../../../config/environment.js';
import type { Alert } from '../../../core/alert.js';
import type { PlatformAdmins, PlatformCapabilities, PlatformId } from '../../../core/chat-platform.js';
import type { CommandRequest, Reply } from '../../../core/commands/command.js';
import type { ChatSink } from '../../../ports/chat-sink.js';
import type { Logger } from '../../../ports/logger.js';
import type { RateBudgets } from '../../../ports/rate-budgets.js';

/** What a channel's sink is built with, besides the channel's block. */
export interface SinkContext {
  channelId: string;
  environment: Environment;
  /** The backend's budgets: each channel's send budget, shared by every worker on Redis. */
  budgets: RateBudgets;
  logger: Logger;
  /** The process's standard output and its format, for a platform that writes to the terminal. */
  stdout: Writable;
  output: 'text' | 'jsonl';
}

/** What a command receiver hands commands to, and what it may ask. */
export interface ReceiverContext {
  environment: Environment;
  /** Runs a command end to end and resolves with the reply (pipeline/run-command.ts). */
  handle(request: CommandRequest): Promise<Reply>;
  /** Whether a request's reply is for the caller only, known before running it. */
  isPrivate(request: CommandRequest): boolean;
  /** Completions for a topic or feed name being typed. */
  suggest(kind: 'topic' | 'feed', typed: string): string[];
  /** Claims a token once across every process (replay protection); false when already claimed. */
  claimOnce(token: string, ttlMs: number): Promise<boolean>;
  /** The admin facts in force for this platform; they follow YAML reloads. */
  admitting(): readonly string[];
  logger: Logger;
}

/** A platform's command endpoint: HTTP routes to mount, or a connection of its own to open. */
export interface CommandReceiver {
  /** What is on, for the log: "slack http", "discord gateway". */
  modes: string[];
  mount(app: Express): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A chat platform, as src/adapters/chat/<platform>/ exports it and src/compose/chat-platforms.ts lists it.
 * Everything outside its folder reaches the platform through this; docs/contributing/adding-a-chat-platform.md
 * walks through writing one.
 */
export interface ChatPlatform<Channel = ChannelConfig, Commands = unknown> {
  /** The channel `type` in the YAML, and `ChatSink.platform`. */
  id: PlatformId;
  /** The name people know it by, as in "alice (Slack)". */
  name: string;
  capabilities: PlatformCapabilities;
  /** `channels.<name>` with `type: <id>`: a strict object with `type: z.literal(id)` and `...channelOptions`. */
  channelSchema: z.core.$ZodTypeDiscriminable;
  /** `commands.<id>`, when the platform takes commands. */
  commandsSchema?: z.ZodType<Commands>;
  /** The platform's own id of the channel a block posts to, so `/topic route #channel` finds it; null when it names none. */
  platformChannel(channel: Channel): string | null;
  /** The parts of a block its sink is built from: when they change, a reload builds the channel a new sink. */
  transport(channel: Channel): unknown;
  createSink(channel: Channel, context: SinkContext): ChatSink;
  /** An alert as the platform's payload, for `newswatch preview`. */
  renderAlert(alert: Alert): unknown;
  /** What `config check` warns about in a valid block, one line each. */
  channelWarnings?(channelId: string, channel: Channel): string[];
  /** Who may change topics and feeds from the platform, from its `commands.<id>` block. */
  admins?(commands: Commands | undefined): PlatformAdmins;
  /** The command receiver the block and the environment turn on, or null for none. */
  createReceiver?(commands: Commands | undefined, context: ReceiverContext): CommandReceiver | null;
  /** Settings of `commands.<id>` read once at start (paths relative to it), and why. */
  restartOnly?: readonly { key: string; why: string }[];
}
