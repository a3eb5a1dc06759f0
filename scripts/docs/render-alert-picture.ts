/**
 * Draws docs/alert.png: one demo article's alert as a Slack channel and a Discord channel show it. The payloads
 * are the real ones (`previewPayload`, the renderers the sinks use); this script only lays out the subset of
 * Block Kit (section, context, mrkdwn) and of Discord embeds that alerts use, as HTML, and screenshots it with
 * headless Chromium (`apt-get install chromium`). Run: `npm run docs:picture`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { previewPayload } from '../../src/compose/preview-payload.js';
import { loadSettings } from '../../src/compose/load-config.js';
import { repoRoot } from './doc-examples.js';

interface SlackBlock {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; text: string }[];
}
interface DiscordEmbed {
  color?: number;
  title?: string;
  url?: string;
  author?: { name: string };
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}

const escapeHtml = (text: string): string => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

/** Slack mrkdwn as the client shows it: entities, links, dates, *bold*, _italic_, > quotes. */
function slackMrkdwn(text: string): string {
  const lines = text.split('\n').map((line) => {
    const quoted = line.startsWith('&gt;') || line.startsWith('>');
    let body = quoted ? line.replace(/^(&gt;|>)/u, '') : line;
    body = body
      .replace(/<!date\^\d+\^[^|]*\|([^>]*)>/gu, '$1')
      .replace(/<(https?:[^|>]+)\|([^>]*)>/gu, (_m, url: string, label: string) => `\u0000a href="${url}"\u0001${label}\u0000/a\u0001`)
      .replace(/<(https?:[^>]+)>/gu, (_m, url: string) => `\u0000a href="${url}"\u0001${url}\u0000/a\u0001`);
    body = escapeHtml(body.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&amp;/gu, '&'))
      .replace(/\u0000/gu, '<')
      .replace(/\u0001/gu, '>')
      .replace(/(^|[\s(“])\*([^*\n]+)\*/gu, '$1<b>$2</b>')
      .replace(/(^|[\s(“])_([^_\n]+)_/gu, '$1<i>$2</i>');
    return quoted ? `<div class="quote">${body}</div>` : `<div>${body || '&nbsp;'}</div>`;
  });
  return lines.join('');
}

/** Discord markdown as the client shows it: **bold**, *italic*, backslash escapes. */
function discordMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*([^*]+)\*\*/gu, '<b>$1</b>')
    .replace(/\\([*_~`|>\\])/gu, '$1')
    .replace(/\n/gu, '<br>');
}

function slackHtml(payload: { blocks: SlackBlock[] }): string {
  const blocks = payload.blocks.map((block) => {
    if (block.type === 'context') return `<div class="context">${(block.elements ?? []).map((e) => slackMrkdwn(e.text)).join(' ')}</div>`;
    if (block.type === 'divider') return '<hr>';
    return `<div class="section">${slackMrkdwn(block.text?.text ?? '')}</div>`;
  });
  return `<div class="slack"><div class="who"><span class="avatar">N</span><b>newswatch</b> <span class="app">APP</span> <span class="time">14:12</span></div>${blocks.join('')}</div>`;
}

function discordHtml(payload: { embeds: DiscordEmbed[] }): string {
  const embeds = payload.embeds.map((embed) => {
    const color = `#${(embed.color ?? 0x5865f2).toString(16).padStart(6, '0')}`;
    const fields = (embed.fields ?? []).map((f) => `<div class="field"><div class="fname">${discordMarkdown(f.name)}</div><div>${discordMarkdown(f.value)}</div></div>`).join('');
    return `<div class="embed" style="border-left-color:${color}">
      ${embed.author ? `<div class="author">${escapeHtml(embed.author.name)}</div>` : ''}
      ${embed.title ? `<div class="etitle">${escapeHtml(embed.title)}</div>` : ''}
      ${embed.description ? `<div class="desc">${discordMarkdown(embed.description)}</div>` : ''}
      ${fields}
      ${embed.footer ? `<div class="footer">${escapeHtml(embed.footer.text)}</div>` : ''}
    </div>`;
  });
  return `<div class="discord"><div class="who"><span class="avatar d">N</span><b>newswatch</b> <span class="bot">BOT</span> <span class="time">Today at 14:12</span></div>${embeds.join('')}</div>`;
}

const CSS = `
body { margin: 0; padding: 16px; background: #e8e8e8; font: 15px/1.46 "DejaVu Sans", sans-serif; width: 1640px; }
.row { display: flex; gap: 16px; align-items: flex-start; }
.col { flex: 1; } .label { font-weight: bold; margin: 0 0 6px 4px; color: #333; }
.slack { background: #fff; color: #1d1c1d; padding: 12px 16px; border-radius: 6px; }
.slack .section { margin: 6px 0; } .slack .context { color: #616061; font-size: 13px; }
.slack .quote { border-left: 4px solid #ddd; padding-left: 10px; }
.slack a { color: #1264a3; text-decoration: none; }
.who { margin-bottom: 4px; } .avatar { display: inline-block; width: 22px; height: 22px; border-radius: 4px; background: #2f8f6d;
  color: #fff; text-align: center; font-weight: bold; margin-right: 6px; } .avatar.d { border-radius: 50%; background: #5865f2; }
.app, .bot { font-size: 10px; background: #ddd; padding: 1px 4px; border-radius: 3px; } .bot { background: #5865f2; color: #fff; }
.time { color: #888; font-size: 12px; }
.discord { background: #313338; color: #dbdee1; padding: 12px 16px; border-radius: 6px; }
.embed { background: #2b2d31; border-left: 4px solid; border-radius: 4px; padding: 10px 14px; max-width: 760px; }
.author { font-size: 13px; font-weight: bold; } .etitle { color: #00a8fc; font-weight: bold; margin: 6px 0; }
.desc { font-size: 14px; } .field { margin-top: 8px; font-size: 14px; } .fname { font-weight: bold; color: #f2f3f5; }
.footer { margin-top: 8px; font-size: 12px; color: #b5bac1; }
`;

const article = join(repoRoot, 'tests', 'fixtures', 'seeds', 'seed-004-iran-denies-cyber-attack.txt');
const { settings } = loadSettings(join(repoRoot, 'config', 'newswatch.yaml'), {});
const input = {
  title: null,
  html: null,
  text: readFileSync(article, 'utf8'),
  url: 'https://news.example/world/iran-denies-cyber-attack',
  source: 'World News (AFP)',
  // the same article, source, link and time as the payloads shown in docs/alert-example.md
};
const published = new Date('2019-06-24T14:10:00Z');
const slack = previewPayload(settings, input, 'slack', published) as { blocks: SlackBlock[] };
const discord = previewPayload(settings, input, 'discord', published) as { embeds: DiscordEmbed[] };
const html = `<!doctype html><meta charset="utf-8"><style>${CSS}</style><div class="row">
  <div class="col"><div class="label">Slack</div>${slackHtml(slack)}</div>
  <div class="col"><div class="label">Discord</div>${discordHtml(discord)}</div></div>`;

const dir = mkdtempSync(join(tmpdir(), 'newswatch-picture-'));
try {
  const page = join(dir, 'alert.html');
  writeFileSync(page, html);
  const out = join(repoRoot, 'docs', 'alert.png');
  const chromium = process.env['CHROMIUM'] ?? 'chromium';
  const result = spawnSync(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, '--hide-scrollbars',
    `--screenshot=${out}`, '--window-size=1672,1000', `file://${page}`,
  ], { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${chromium} failed (install it with \`apt-get install chromium\`): ${result.stderr || String(result.error)}`);
  process.stderr.write(`wrote ${out}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
