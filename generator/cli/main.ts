import yargs from 'yargs';
import { ContractsError, UsageError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import type { CliIO } from './command.js';
import { loadCommandsFor } from './commands/index.js';

const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
};

/**
 * The single top-level entry: parses argv, runs one command, and decides the exit code.
 * User errors print a message and a hint, never a stack trace.
 */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<ExitCode> {
  try {
    let exitCode: ExitCode = ExitCode.OK;
    let parser = yargs([...argv])
      .scriptName('contracts')
      .usage('$0 <command> [options]\n\nEvent contracts for Kafka: lint, compatibility, registration, code generation.')
      .strict()
      .demandCommand(1, 'Name a command: see `contracts --help`.')
      .recommendCommands()
      .completion('completion', 'Print a shell completion script (bash/zsh): contracts completion >> ~/.bashrc')
      .help()
      .alias('help', 'h')
      .version(false)
      .wrap(Math.min(110, process.stdout.columns || 100))
      .epilogue('Exit codes: 0 clean, 1 problems found, 2 usage or internal error.')
      .exitProcess(false)
      .fail((message, error) => {
        throw error ?? new UsageError(message ?? 'invalid usage', 'Run `contracts <command> --help`.');
      });
    for (const cmd of await loadCommandsFor(argv)) {
      parser = parser.command(
        cmd.command,
        cmd.describe,
        (y) => cmd.builder(y),
        async (args) => {
          exitCode = await cmd.run(args, io);
        },
      );
    }
    await parser.parseAsync();
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIO): ExitCode {
  if (error instanceof ContractsError) {
    io.stderr(`contracts: ${error.message}\n`);
    if (error.hint) io.stderr(`  ${error.hint}\n`);
    return ExitCode.ERROR;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  io.stderr(`contracts: internal error: ${err.message}\n${err.stack ?? ''}\nThis is a bug in event-contracts; please report it with the command you ran.\n`);
  return ExitCode.ERROR;
}
