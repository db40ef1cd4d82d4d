import type { CliCommand } from '../command.js';
import { lintCommand } from './lint.js';
import { registryCommand } from './registry.js';
import { generateCommand } from './generate.js';
import { registerCommand } from './register.js';
import { pullCommand } from './pull.js';

/** Every CLI command, in --help order. Each lives in its own file. */
export const COMMANDS: CliCommand<any>[] = [lintCommand, registryCommand, generateCommand, registerCommand, pullCommand];
