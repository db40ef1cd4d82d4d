// Import direction is the architecture: cli → pipeline → stages → core. Each ban says why.
import tseslint from 'typescript-eslint';

/**
 * Modules used through their index.ts only: what a folder's index exports is the contract other modules rely on,
 * its other files can move. Issue 14 counted 88 deep import statements, all into load/, check/, register/, report/
 * and generate/; check/ and report/ are done, 67 remain into the other three, which join this list once moved to
 * their indexes (measure startup first where a value import would load a whole stage, e.g. asyncapi → generate).
 */
const INDEX_ONLY = ['ajv', 'asyncapi', 'catalog', 'check', 'compat', 'lint', 'migrations', 'publish', 'registry-server', 'report', 'topics'];
/**
 * Deep imports kept on purpose, by importing stage → target → files. generate reads the lock and the release record
 * without loading the whole check gate: importing check/index.js costs 60-80 ms more than check/lock.js +
 * check/releases.js (node 20, dist/, 2 shared cores), paid by every `contracts generate`.
 */
const DEEP_ALLOWED = { generate: { check: ['lock.js', 'releases.js'] } };
const indexOnly = (self) =>
  INDEX_ONLY.filter((t) => t !== self).map((t) => [
    [
      ...[`./${t}`, `../${t}`, `../../${t}`].flatMap((at) => [`${at}/*`, `!${at}/index.js`]),
      ...(DEEP_ALLOWED[self]?.[t] ?? []).flatMap((file) => [`!../${t}/${file}`, `!../../${t}/${file}`]),
    ],
    `Import ${t}/ through ${t}/index.js: its other files are its own business, and its index is what other modules may rely on.`,
  ]);
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
  ['../publish/**', 'publish is the last stage: only the pipeline and the CLI call it (the release record it writes lives in check/releases.ts).'],
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
    ['../ajv/**', 'core/ is the bottom layer: ajv plumbing builds on it, not the reverse.'],
  ]),
  stage('ajv', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ...['load', 'lint', 'compat', 'check', 'register', 'generate', 'registry-server', 'migrations', 'topics'].map((s) => [
      `../${s}/**`,
      'ajv/ is shared plumbing below the stages (load and lint validate with it): it imports core only.',
    ]),
  ]),
  stage('compat', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ['../load/**', 'compareSchemas takes plain JSON values: it must stay usable without a repository (library API, embedded registry).'],
    ['../check/**', 'compat judges two schemas; the repository gate (check) builds on it, not the reverse.'],
    ['../register/**', 'compat is a pure engine; it never talks to a registry.'],
    ['../generate/**', 'compat is a pure engine; it knows nothing of code generation.'],
  ]),
  stage('load', [
    ...CLI_ONLY,
    ...DOCS_LAST,
    ...['lint', 'check', 'register', 'generate'].map((s) => [`../${s}/**`, 'load is the first stage: later stages import it, never the reverse.']),
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
    ['../register/**', 'asyncapi describes what would be registered (load/registration-view); it never talks to a registry.'],
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
    ...['register', 'generate', 'load'].map((s) => [
      `../${s}/**`,
      'the embedded registry is a server: it stores what clients send and judges with compat only.',
    ]),
  ]),
);
