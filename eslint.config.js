// Lint encodes the architecture (see README, "Design"): core is pure, pipeline talks to ports, adapters
// never import one another's families, and only app.ts with src/compose/ (the composition root) picks adapters.
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const adapterFamilies = ['feeds', 'queue', 'state', 'chat', 'http', 'schedule'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      ...restrict([
        { group: ['**/ports/*', '**/pipeline/*', '**/adapters/*', '**/config/*', '**/app.js', '**/cli.js'], message: 'core is pure: it imports only core.' },
        { group: ['node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:https', 'node:child_process', 'undici', 'ioredis', 'bullmq', 'better-sqlite3'], message: 'core does no I/O.' },
      ]),
      'no-restricted-globals': ['error', { name: 'process', message: 'core reads no environment: pass values in.' }, { name: 'fetch', message: 'core does no I/O.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core takes the time as a parameter.' }, { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'core takes the time as a parameter.' }],
    },
  },
  {
    files: ['src/ports/**/*.ts'],
    rules: restrict([{ group: ['**/pipeline/*', '**/adapters/*', '**/config/*', '**/app.js'], message: 'ports import only core types.' }]),
  },
  {
    files: ['src/pipeline/**/*.ts'],
    rules: restrict([{ group: ['**/adapters/*', '**/config/*', '**/app.js', 'ioredis', 'bullmq', 'better-sqlite3', 'undici'], message: 'pipeline is written against ports; adapters are wired in app.ts.' }]),
  },
  {
    files: ['src/cli.ts'],
    rules: restrict([{ group: ['**/adapters/*', '**/adapters/**'], message: 'the CLI is thin: adapters are picked in app.ts and src/compose/.' }]),
  },
  {
    files: ['src/config/**/*.ts'],
    rules: restrict([{ group: ['**/adapters/*', '**/pipeline/*', '**/app.js'], message: 'config imports core only.' }]),
  },
  ...adapterFamilies.map((family) => ({
    files: [`src/adapters/${family}/**/*.ts`],
    rules: restrict([
      { group: ['**/pipeline/*', '**/app.js', '**/cli.js'], message: 'adapters implement ports; they do not reach into the pipeline or the composition root.' },
      ...adapterFamilies.filter((other) => other !== family).map((other) => ({ group: [`**/adapters/${other}/*`, `../${other}/*`, `../../${other}/*`], message: `adapters/${family} must not import adapters/${other}.` })),
    ]),
  })),
  {
    files: ['src/adapters/chat/slack/**/*.ts'],
    rules: restrict([{ group: ['**/discord/*', 'discord.js', '@discordjs/*'], message: 'Slack never imports Discord.' }]),
  },
  {
    files: ['src/adapters/chat/discord/**/*.ts'],
    rules: restrict([{ group: ['**/slack/*', '@slack/*'], message: 'Discord never imports Slack.' }]),
  },
);
