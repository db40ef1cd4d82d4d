import { defineCommand } from '../command.js';
import { ExitCode } from '../../core/exit-codes.js';

export const lintCommand = defineCommand({
  command: 'lint',
  describe: 'Lint the contracts repository',
  builder: (y) => y.option('cwd', { type: 'string', default: '.', describe: 'Repository root' }),
  run: async (_args, io) => {
    io.stdout('lint: not implemented yet\n');
    return ExitCode.OK;
  },
});
