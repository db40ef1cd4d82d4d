import type { CliCommand } from '../command.js';
import { lintCommand } from './lint.js';
import { compareCommand } from './compare.js';
import { checkCommand } from './check.js';
import { diffCommand } from './diff.js';
import { lockCommand } from './lock.js';
import { registryCommand } from './registry.js';
import { generateCommand } from './generate.js';
import { registerCommand } from './register.js';
import { pullCommand } from './pull.js';

/** Every CLI command, in --help order. Each lives in its own file. */
export const COMMANDS: CliCommand<any>[] = [lintCommand, compareCommand, checkCommand, diffCommand, lockCommand, registryCommand, generateCommand, registerCommand, pullCommand];
