/**
 * The npm configuration files a publish depends on must be readable: npm itself skips an
 * unreadable or missing user config silently and then fails (or publishes anonymously) later,
 * far from the cause. Checked up front, each with one line naming the file and the fix.
 */
import { access, constants, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { InputError } from '../core/errors.js';

export async function checkNpmConfig(root: string, env: NodeJS.ProcessEnv): Promise<void> {
  const named = env.NPM_CONFIG_USERCONFIG ?? env.npm_config_userconfig;
  if (named !== undefined && named !== '') {
    const file = path.resolve(root, named);
    if (!(await exists(file)))
      throw new InputError(
        `NPM_CONFIG_USERCONFIG names ${file}, which does not exist, so npm would publish without the credentials it holds.`,
        file,
        'Point NPM_CONFIG_USERCONFIG at your .npmrc, or unset it to use ~/.npmrc.',
      );
    await readable(file, 'NPM_CONFIG_USERCONFIG');
  }
  for (const [file, what] of [
    [path.join(root, '.npmrc'), "the repository's .npmrc"],
    ...(named ? [] : [[path.join(env.HOME ?? homedir(), '.npmrc'), 'your ~/.npmrc']]),
  ] as const) {
    if (await exists(file)) await readable(file, what);
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function readable(file: string, what: string): Promise<void> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    await access(file, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(
      `${file} (${what}) cannot be read (${code}); npm would ignore it and publish without its registry and credentials.`,
      file,
      `Fix its permissions (chmod 600 ${file}) or remove it.`,
    );
  }
}
