// Lint encodes the architecture (docs/architecture.md, "Layers"): every folder under src/ is a declared layer,
// an import between layers is refused unless a policy below allows it, and core stays pure.
import { fileURLToPath } from 'node:url';
import boundaries from 'eslint-plugin-boundaries';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The sources import './x.js' and the file is './x.ts': both plugins resolve through this, or they would see
// no local imports at all (no layer to check, no cycle to find).
const resolver = { [fileURLToPath(new URL('./scripts/lint/resolve-typescript-imports.cjs', import.meta.url))]: {} };

const ioModules = ['fs', 'fs/*', 'net', 'http', 'https', 'child_process', 'undici', 'ioredis', 'bullmq', 'better-sqlite3'];
const storeAndNetworkClients = ['ioredis', 'bullmq', 'better-sqlite3', 'undici'];
const from = (type) => ({ element: { type } });
const to = (...types) => types.map((type) => ({ to: { element: { type } } }));

/** What each layer may import; anything not allowed here is refused (`default: 'disallow'`). */
const layerPolicies = [
  // packages and Node's modules, narrowed further down for core, pipeline and the chat platforms
  { allow: { to: { module: { origin: ['external', 'core'] } } } },
  { from: from('core'), allow: to('core') },
  { from: from('ports'), allow: to('core') },
  { from: from('config'), allow: to('core') },
  { from: from('pipeline'), allow: to('core', 'ports', 'config') },
  // an adapter family imports only itself: adapters/queue never adapters/state
  {
    from: from('adapter'),
    allow: [...to('core', 'ports', 'config'), { to: { element: { type: 'adapter', captured: { family: '{{ from.element.captured.family }}' } } } }],
  },
  // a chat platform imports only itself and what the chat platforms share: Slack never Discord or the console
  {
    from: from('chat'),
    allow: [
      ...to('core', 'ports', 'config'),
      { to: { element: { type: 'chat', captured: { platform: '{{ from.element.captured.platform }}' } } } },
      { to: { element: { type: 'chat', captured: { platform: 'shared' } } } },
    ],
  },
  // the composition root (src/compose/) wires everything, the CLI entry excepted
  { from: from('compose'), allow: to('core', 'ports', 'config', 'pipeline', 'adapter', 'chat', 'compose') },
  { from: { file: { categories: 'cli' } }, allow: to('compose') },
  {
    from: from('core'),
    disallow: { to: { module: { source: [...ioModules, ...ioModules.map((name) => `node:${name}`)] } } },
    message: 'core does no I/O: take the result as a parameter, or move the code to an adapter.',
  },
  {
    from: from('pipeline'),
    disallow: { to: { module: { source: storeAndNetworkClients } } },
    message: 'pipeline is written against ports; the clients live in adapters, wired in src/compose/.',
  },
  {
    from: { element: { type: 'chat', captured: { platform: 'slack' } } },
    disallow: { to: { module: { source: ['discord.js', '@discordjs/*'] } } },
    message: 'Slack never imports Discord.',
  },
  {
    from: { element: { type: 'chat', captured: { platform: 'discord' } } },
    disallow: { to: { module: { source: ['@slack/*'] } } },
    message: 'Discord never imports Slack.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts', '.js'], 'import-x/resolver': resolver },
    rules: {
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': resolver,
      // Element types, one per folder; partialMatch: false anchors each pattern at the repository root.
      'boundaries/elements': [
        { type: 'core', pattern: 'src/core', partialMatch: false },
        { type: 'ports', pattern: 'src/ports', partialMatch: false },
        { type: 'config', pattern: 'src/config', partialMatch: false },
        { type: 'pipeline', pattern: 'src/pipeline', partialMatch: false },
        { type: 'chat', pattern: 'src/adapters/chat/*', capture: ['platform'], partialMatch: false },
        { type: 'adapter', pattern: 'src/adapters/*', capture: ['family'], partialMatch: false },
        { type: 'compose', pattern: 'src/compose', partialMatch: false },
      ],
      // The one file at the top of src/, by name; any other file outside the folders above is refused.
      'boundaries/files': [{ category: 'cli', pattern: 'src/cli.ts' }],
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', checkAllOrigins: true, checkUnknownLocals: true, policies: layerPolicies }],
      'boundaries/no-unknown-files': 'error',
      'max-lines': ['error', { max: 300 }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'The environment is parsed once, in src/config/environment.ts: take the Environment as a parameter.' },
      ],
    },
  },
  {
    files: ['src/config/environment.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'process', message: 'core reads no environment: pass values in.' }, { name: 'fetch', message: 'core does no I/O.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core takes the time as a parameter.' }, { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'core takes the time as a parameter.' }],
    },
  },
);
