import type { CliCommand } from '../command.js';
import { lintCommand } from './lint.js';

/** Every CLI command, in --help order. Each lives in its own file. */
export const COMMANDS: CliCommand<any>[] = [lintCommand];
