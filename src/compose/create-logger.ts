import type { Writable } from 'node:stream';
import pino from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat } from '../config/environment.js';
import type { Logger } from '../ports/logger.js';

/**
 * Creates the process logger on `stream` (stderr, so logs never land between alerts on stdout). `auto` writes
 * one readable line per event when the stream is a terminal and JSON lines otherwise, so a terminal user reads
 * plain lines and a log collector still receives structured records.
 */
export function createLogger(options: { level: string; format: LogFormat; stream: Writable }): Logger {
  const isTerminal = (options.stream as Writable & { isTTY?: boolean }).isTTY === true;
  const format = options.format === 'auto' ? (isTerminal ? 'pretty' : 'json') : options.format;
  if (format === 'json') return pino({ level: options.level, base: { app: 'newswatch' } }, options.stream as pino.DestinationStream);
  // Synchronous, in this thread: a line is on the screen before the next alert is printed.
  const readable = pretty({
    destination: options.stream,
    sync: true,
    colorize: isTerminal,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,app',
    hideObject: true,
    messageFormat: (log, messageKey) => formatLine(log, messageKey),
  });
  return pino({ level: options.level, base: { app: 'newswatch' } }, readable);
}

/** Record fields pino or the prefix already show. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'app']);

/** `message  key=value key="two words"`: the message, then each field on the same line. */
function formatLine(log: Record<string, unknown>, messageKey: string): string {
  const fields = Object.entries(log)
    .filter(([key, value]) => key !== messageKey && !SHOWN.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  const message = typeof log[messageKey] === 'string' ? (log[messageKey] as string) : '';
  return fields.length === 0 ? message : `${message}  ${fields.join(' ')}`;
}

function formatValue(value: unknown): string {
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' && !/[\s,"]/.test(item))) return value.join(',') || '[]';
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}
