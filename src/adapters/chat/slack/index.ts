/** The Slack chat adapter: the sink and its pure renderers. */
export { createSlackSink, type SlackSinkOptions } from './slack-sink.js';
export { renderSlackAlert, type SlackAlertOptions } from './render-slack-alert.js';
export { renderSlackDigest } from './render-slack-digest.js';
export { renderSlackEscalation } from './render-slack-escalation.js';
export { renderSlackNotice } from './render-slack-notice.js';
export { escapeSlackText, safeSlackUrl } from './slack-text.js';
export type { SlackBlock, SlackMessage } from './slack-message.js';
