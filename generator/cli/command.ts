import type { Argv } from 'yargs';
import type { ExitCode } from '../core/exit-codes.js';

/** Where a command writes; injected so tests can capture output without spawning. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress bars, colours). */
  isTTY: boolean;
}

/**
 * One CLI command. Only cli/ touches yargs and process; `run` calls into the pipeline
 * and returns an exit code (decided from what the stage reported, see core/exit-codes.ts).
 */
export interface CliCommand<Args = Record<string, unknown>> {
  command: string;
  describe: string;
  builder(yargs: Argv): Argv<Args>;
  run(args: Args, io: CliIO): Promise<ExitCode>;
}

/** Helper that keeps the Args type flowing from builder to run. */
export function defineCommand<Args>(command: CliCommand<Args>): CliCommand<Args> {
  return command;
}
