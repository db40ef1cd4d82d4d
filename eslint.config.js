// Import direction is the architecture: cli → pipeline → stages → core. Each ban says why.
import { readdirSync } from 'node:fs';
import tseslint from 'typescript-eslint';

/**
 * Every module is used through its index.ts only: what a folder's index exports is the contract other modules
 * rely on, its other files can move. That is every folder of generator/ but core/ (the shared kernel: small
 * single-purpose files without an index, imported by file) and cli/ (nothing imports it). Issue 14 counted 88 deep
 * imports; none remain, so there is no exception. A module whose index would load too much for a light caller
 * splits what that caller needs into its own module instead (records/: the lock and release files, read by
 * generate and asyncapi without loading the check gate).
 */
const INDEX_ONLY = readdirSync(new URL('./generator', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !['core', 'cli'].includes(entry.name))
  .map((entry) => entry.name);
const indexOnly = (self) =>
  INDEX_ONLY.filter((t) => t !== self).map((t) => [
    [`./${t}`, `../${t}`, `../../${t}`].flatMap((at) => [`${at}/*`, `!${at}/index.js`]),
    `Import ${t}/ through ${t}/index.js: its other files are its own business, and its index is what other modules may rely on.`,
  ]);
/** The same for import(): no-restricted-imports sees static imports only, and the CLI loads commands and stages lazily. */
const DEEP_DYNAMIC_IMPORT = {
  selector: `ImportExpression[source.value=/^(\\.\\.?\\/)+(${INDEX_ONLY.join('|')})\\/(?!index\\.js$)/]`,
  message: 'Import another module through its index.js, also with import(): its other files are its own business.',
};
const patternsOf = (banned) => banned.map(([group, message]) => ({ group: Array.isArray(group) ? group : [group], message }));

const stage = (name, banned) => ({
  files: [`generator/${name}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: patternsOf([...banned, ...indexOnly(name)]),
      },
    ],
  },
});

/** The documentation stages come last: they read what earlier stages produce and nothing imports them but the pipeline and the CLI. */
const DOCS_LAST = [
  ['../asyncapi/**', 'asyncapi documents the contracts after every other stage; earlier stages never depend on it.'],
  ['../catalog/**', 'catalog documents the contracts after every other stage; earlier stages never depend on it.'],
];

const CLI_ONLY = [
  ['yargs', 'Only generator/cli/ parses arguments; stages take small typed option objects.'],
  ['**/cli/**', 'Stages never import the CLI: the CLI calls stages, not the reverse.'],
  ['../publish/**', 'publish is the last stage: only the pipeline and the CLI call it (the release record it writes lives in records/releases.ts).'],
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'generator/ajv/precompiled/**',
      'runtime/dist/**',
      'generated/**',
      'test/fixtures/**',
      '.cache/**',
      '.contracts/**',
      'bench/**/*.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The CLI, the pipeline and the library entry are no stage, but they too use the index-only modules through their index.
  { files: ['generator/cli/**/*.ts', 'generator/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: patternsOf(indexOnly(undefined)) }] } },
  { files: ['generator/**/*.ts'], rules: { 'no-restricted-syntax': ['error', DEEP_DYNAMIC_IMPORT] } },
  stage('core', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ['../load/**', 'core/ is the bottom layer: it imports no stage.'],
    ['../lint/**', 'core/ is the bottom layer: it imports no stage.'],
    ['../compat/**', 'core/ is the bottom layer: it imports no stage.'],
    ['../check/**', 'core/ is the bottom layer: it imports no stage.'],
    ['../register/**', 'core/ is the bottom layer: it imports no stage.'],
    ['../generate/**', 'core/ is the bottom layer: it imports no stage.'],
    ['../registry-server/**', 'core/ is the bottom layer: it imports no stage.'],
    ['../migrations/**', 'core/ is the bottom layer: it imports no stage.'],
    ['../registration/**', 'core/ is the bottom layer: it imports no stage.'],
    ['../records/**', 'core/ is the bottom layer: it imports no stage.'],
    ['../ajv/**', 'core/ is the bottom layer: ajv plumbing builds on it, not the reverse.'],
  ]),
  stage('ajv', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ...['load', 'lint', 'compat', 'check', 'register', 'registration', 'records', 'generate', 'registry-server', 'migrations', 'topics'].map((s) => [
      `../${s}/**`,
      'ajv/ is shared plumbing below the stages (load and lint validate with it): it imports core only.',
    ]),
  ]),
  stage('compat', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ...['load', 'registration', 'records'].map((s) => [
      `../${s}/**`,
      'compareSchemas takes plain JSON values: it must stay usable without a repository (library API, embedded registry).',
    ]),
    ['../check/**', 'compat judges two schemas; the repository gate (check) builds on it, not the reverse.'],
    ['../register/**', 'compat is a pure engine; it never talks to a registry.'],
    ['../generate/**', 'compat is a pure engine; it knows nothing of code generation.'],
  ]),
  stage('load', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ...['lint', 'check', 'register', 'registration', 'records', 'generate'].map((s) => [
      `../${s}/**`,
      'load is the first stage: later stages import it, never the reverse.',
    ]),
  ]),
  stage('registration', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ...['lint', 'check', 'register', 'generate', 'registry-server', 'migrations', 'topics', 'records'].map((s) => [
      `../${s}/**`,
      'what is registered is computed from the loaded Catalog alone (pure): register, generate and the documentation stages share it.',
    ]),
  ]),
  stage('records', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ...['lint', 'compat', 'check', 'register', 'registration', 'generate', 'registry-server', 'migrations', 'topics'].map((s) => [
      `../${s}/**`,
      'records/ reads and writes the lock and release files; it stays light (read by generate and asyncapi on every run) and judges nothing.',
    ]),
  ]),
  stage('lint', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ...['check', 'register', 'generate'].map((s) => [`../${s}/**`, 'lint runs before check/register/generate and must not depend on them.']),
  ]),
  stage('check', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ...['register', 'generate'].map((s) => [`../${s}/**`, 'check gates register and generate; it must not depend on them.']),
  ]),
  stage('generate', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ...['register', 'registry-server'].map((s) => [
      `../${s}/**`,
      'generate and register are independent stages: generated code learns schema ids at run time, not from the register stage.',
    ]),
  ]),
  stage('migrations', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ...['lint', 'check', 'register', 'generate'].map((s) => [
      `../${s}/**`,
      'migrations is read right after load: lint, check and generate use it, so it depends on none of them.',
    ]),
  ]),
  stage('register', [...CLI_ONLY, ...DOCS_LAST, ['../generate/**', 'register and generate are independent stages.']]),
  stage('asyncapi', [
    ...CLI_ONLY,
    ['../register/**', 'asyncapi describes what would be registered (registration/); it never talks to a registry.'],
    ['../registry-server/**', 'asyncapi describes what would be registered; it never starts a registry.'],
    ['../catalog/**', 'asyncapi and catalog are independent documentation stages.'],
  ]),
  stage('catalog', [
    ...CLI_ONLY,
    ['../register/**', 'the catalog is built from the repository and its lock; it never talks to a registry.'],
    ['../registry-server/**', 'the catalog is built from the repository and its lock; it never starts a registry.'],
    ['../asyncapi/**', 'asyncapi and catalog are independent documentation stages.'],
  ]),
  stage('topics', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ...['register', 'generate', 'registry-server'].map((s) => [
      `../${s}/**`,
      'topics plans Kafka topics from the loaded contracts; it needs no registry and no generated code.',
    ]),
  ]),
  stage('publish', [
    ...CLI_ONLY.filter(([group]) => group !== '../publish/**'),
    ['../generate/**', 'publish ships what generate wrote (its result is handed over by the caller); it never regenerates.'],
    ['../register/**', 'publishing packages and registering schemas are separate stages: CI runs `contracts register`, then `contracts publish`.'],
    ['../registry-server/**', 'publish talks to npm registries through npm, never to the schema registry.'],
  ]),
  stage('registry-server', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ...['register', 'registration', 'records', 'generate', 'load'].map((s) => [
      `../${s}/**`,
      'the embedded registry is a server: it stores what clients send and judges with compat only.',
    ]),
  ]),
);
