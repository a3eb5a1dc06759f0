import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The repository's own eslint.config.js, run on small sources placed (by file path only) in each layer.
const eslint = new ESLint({ cwd: fileURLToPath(new URL('../../../', import.meta.url)) });

async function lint(filePath: string, source: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = [imported];\n`, { filePath });
  return (result?.messages ?? []).map((message) => ({ rule: message.ruleId, message: message.message }));
}

const importOf = (path: string): string => `import * as imported from '${path}';`;

// [a file in the importing layer, the import it makes]; every target exists, so only the layer rules decide.
const forbidden: [string, string][] = [
  ['src/core/edge.ts', '../adapters/feeds/parse-feed.js'],
  // the chat platforms: core and config know none of them, and only compose holds their list
  ['src/core/edge.ts', '../adapters/chat/slack/slack-platform.js'],
  ['src/core/edge.ts', '../compose/chat-platforms.js'],
  ['src/config/edge.ts', '../adapters/chat/discord/discord-config.js'],
  ['src/pipeline/edge.ts', '../compose/chat-platforms.js'],
  ['src/adapters/chat/slack/edge.ts', '../discord/discord-platform.js'],
  ['src/adapters/chat/pager/edge.ts', '../slack/slack-platform.js'],
  ['src/adapters/chat/pager/edge.ts', '../../../compose/chat-platforms.js'],
  ['src/core/edge.ts', '../compose/exit-codes.js'],
  ['src/core/edge.ts', '../ports/clock.js'],
  ['src/core/edge.ts', '../config/config-schema.js'],
  ['src/ports/edge.ts', '../config/config-schema.js'],
  ['src/ports/edge.ts', '../pipeline/pipeline.js'],
  ['src/config/edge.ts', '../ports/clock.js'],
  ['src/config/edge.ts', '../compose/exit-codes.js'],
  ['src/pipeline/edge.ts', '../compose/create-backend.js'],
  ['src/pipeline/edge.ts', '../adapters/queue/in-process-queue.js'],
  ['src/pipeline/edge.ts', '../compose/create-app.js'],
  ['src/adapters/chat/slack/edge.ts', '../discord/index.js'],
  ['src/adapters/chat/slack/edge.ts', '../console/console-sink.js'],
  ['src/adapters/chat/discord/edge.ts', '../slack/index.js'],
  ['src/adapters/queue/edge.ts', '../state/open-sqlite.js'],
  ['src/adapters/state/edge.ts', '../../pipeline/pipeline.js'],
  ['src/adapters/feeds/edge.ts', '../../compose/create-fetcher.js'],
  ['src/adapters/feeds/edge.ts', '../chat/shared/plain-text.js'],
  ['src/compose/edge.ts', '../cli.js'],
  ['src/cli.ts', './core/errors.js'],
  ['src/cli.ts', './config/environment.js'],
  ['src/cli.ts', './adapters/feeds/parse-feed.js'],
  ['src/cli.ts', './pipeline/runtime.js'],
  ['src/config/edge.ts', '../pipeline/apply-config.js'],
];

const allowed: [string, string][] = [
  ['src/core/edge.ts', './article-key.js'],
  ['src/ports/edge.ts', '../core/article.js'],
  ['src/config/edge.ts', '../core/duration.js'],
  ['src/pipeline/edge.ts', '../core/article.js'],
  ['src/pipeline/edge.ts', '../ports/clock.js'],
  ['src/pipeline/edge.ts', '../config/config-schema.js'],
  ['src/adapters/queue/edge.ts', './redis-connection.js'],
  ['src/adapters/feeds/edge.ts', '../../ports/feed-fetcher.js'],
  ['src/adapters/feeds/edge.ts', '../../config/config-schema.js'],
  ['src/adapters/chat/slack/edge.ts', '../shared/plain-text.js'],
  ['src/adapters/chat/slack/edge.ts', './slack-text.js'],
  // a new platform's folder needs no lint change: it may use what the platforms share and the neutral layers
  ['src/adapters/chat/pager/edge.ts', '../shared/chat-platform.js'],
  ['src/adapters/chat/pager/edge.ts', '../../../config/config-schema.js'],
  ['src/adapters/chat/pager/edge.ts', '../../../core/chat-platform.js'],
  ['src/compose/edge.ts', '../adapters/chat/discord/discord-platform.js'],
  ['src/compose/edge.ts', '../adapters/chat/slack/index.js'],
  ['src/compose/edge.ts', '../pipeline/pipeline.js'],
  ['src/compose/edge.ts', './create-app.js'],
  ['src/compose/edge.ts', '../adapters/feeds/parse-feed.js'],
  ['src/cli.ts', './compose/exit-codes.js'],
  ['src/cli.ts', './compose/create-app.js'],
];

describe('layers: an import between layers is refused unless a policy allows it', () => {
  it.each(forbidden)('%s may not import %s', async (file, target) => {
    const problems = await lint(file, importOf(target));
    expect(problems.filter((problem) => problem.rule === 'boundaries/dependencies')).toHaveLength(1);
  });

  it.each(allowed)('%s may import %s', async (file, target) => {
    const problems = await lint(file, importOf(target));
    expect(problems.filter((problem) => problem.rule?.startsWith('boundaries/'))).toEqual([]);
  });

  it('refuses I/O modules in core, store clients in pipeline, and the other platform’s library in a chat adapter', async () => {
    for (const [file, target, reason] of [
      ['src/core/edge.ts', 'node:fs', 'core does no I/O'],
      ['src/core/edge.ts', 'undici', 'core does no I/O'],
      ['src/pipeline/edge.ts', 'ioredis', 'pipeline is written against ports'],
      ['src/adapters/chat/slack/edge.ts', 'discord.js', 'Slack never imports Discord'],
      ['src/adapters/chat/discord/edge.ts', '@slack/web-api', 'Discord never imports Slack'],
    ] as const) {
      const problems = await lint(file, importOf(target));
      expect(problems, `${file} importing ${target}`).toContainEqual({ rule: 'boundaries/dependencies', message: expect.stringContaining(reason) as unknown as string });
    }
    expect(await lint('src/adapters/feeds/edge.ts', importOf('undici'))).toEqual([]);
  });

  it('refuses a file outside the declared folders', async () => {
    const problems = await lint('src/helpers/edge.ts', importOf('../core/article.js'));
    expect(problems.map((problem) => problem.rule)).toContain('boundaries/no-unknown-files');
  });

  it('refuses an import that resolves to no file, rather than letting it through unchecked', async () => {
    const problems = await lint('src/core/edge.ts', importOf('./no-such-module.js'));
    expect(problems.map((problem) => problem.rule)).toContain('boundaries/dependencies');
  });

  it('finds an import cycle through the .js specifiers of .ts files', async () => {
    // build-alerts.ts imports alert.ts; alert.ts importing build-alerts.ts back closes a cycle
    const problems = await lint('src/core/alert.ts', `import { buildAlerts as imported } from './build-alerts.js';`);
    expect(problems.map((problem) => problem.rule)).toContain('import-x/no-cycle');
  });
});

describe('process.env: read only by the environment schema', () => {
  it.each(['src/cli.ts', 'src/compose/edge.ts', 'src/pipeline/edge.ts', 'src/adapters/queue/edge.ts'])('%s may not read it', async (file) => {
    for (const source of ['const imported = process.env.PORT;', "const imported = process.env['PORT'];", 'const { env: imported } = process;']) {
      const problems = await lint(file, source);
      expect(problems.map((problem) => problem.rule), source).toContain('no-restricted-properties');
    }
  });

  it('src/config/environment.ts may', async () => {
    const problems = await lint('src/config/environment.ts', 'const imported = process.env;');
    expect(problems).toEqual([]);
  });
});
