import type { CliCommand } from '../command.js';

export interface CommandLoader {
  /** First word of the command, as typed by the user. */
  name: string;
  load(): Promise<CliCommand<any>>;
}

/**
 * Every CLI command, in --help order. Each lives in its own file and is imported only when
 * it runs (or when --help/completion needs them all): `contracts lint` must start fast and
 * must not pay for the registry server, code generation or kafkajs.
 */
export const COMMAND_LOADERS: readonly CommandLoader[] = [
  { name: 'run', load: async () => (await import('./run.js')).runCommand },
  { name: 'lint', load: async () => (await import('./lint.js')).lintCommand },
  { name: 'compare', load: async () => (await import('./compare.js')).compareCommand },
  { name: 'check', load: async () => (await import('./check.js')).checkCommand },
  { name: 'diff', load: async () => (await import('./diff.js')).diffCommand },
  { name: 'lock', load: async () => (await import('./lock.js')).lockCommand },
  { name: 'generate', load: async () => (await import('./generate.js')).generateCommand },
  { name: 'register', load: async () => (await import('./register.js')).registerCommand },
  { name: 'publish', load: async () => (await import('./publish.js')).publishCommand },
  { name: 'pull', load: async () => (await import('./pull.js')).pullCommand },
  { name: 'registry', load: async () => (await import('./registry.js')).registryCommand },
  { name: 'asyncapi', load: async () => (await import('./asyncapi.js')).asyncapiCommand },
  { name: 'catalog', load: async () => (await import('./catalog.js')).catalogCommand },
  { name: 'outbox', load: async () => (await import('./outbox.js')).outboxCommand },
  { name: 'topics', load: async () => (await import('./topics.js')).topicsCommand },
  { name: 'dlq', load: async () => (await import('./dlq.js')).dlqCommand },
];

/** The commands to register with yargs for this argv: just the one named, or all of them. */
export async function loadCommandsFor(argv: readonly string[]): Promise<CliCommand<any>[]> {
  const first = argv.find((arg) => !arg.startsWith('-'));
  const named = COMMAND_LOADERS.filter((c) => c.name === first);
  const wanted = named.length > 0 && !argv.includes('--get-yargs-completions') ? named : COMMAND_LOADERS;
  return Promise.all(wanted.map((c) => c.load()));
}
