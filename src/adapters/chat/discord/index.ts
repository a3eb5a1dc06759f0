/** The Discord chat adapter: the sink and its pure renderers. */
export { createDiscordSink, type DiscordSinkOptions } from './discord-sink.js';
export { renderDiscordAlert, type DiscordAlertOptions } from './render-discord-alert.js';
export { renderDiscordDigest } from './render-discord-digest.js';
export { renderDiscordEscalation } from './render-discord-escalation.js';
export { renderDiscordNotice } from './render-discord-notice.js';
export { escapeDiscordText, safeDiscordUrl } from './discord-text.js';
export { DISCORD_LIMITS, embedLength, type DiscordMessage } from './discord-message.js';
