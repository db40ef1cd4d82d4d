// Installs Debian packages a test service needs (PostgreSQL, Chromium, Python's Confluent client): the one
// `apt-get install` of the test infrastructure. Retries once after `apt-get update` (a fresh machine may
// have no package lists yet); fails with a PrerequisiteError naming what to install by hand.
import { PrerequisiteError } from './java.mjs';
import { run } from './process.mjs';

/**
 * @param {string[]} packages Debian package names.
 * @param {{ what: string, noApt: string }} texts `what` names the prerequisite ("PostgreSQL"); `noApt` is the
 *   whole message when there is no apt-get on the machine.
 */
export async function aptInstall(packages, texts) {
  const hint = `apt-get install -y ${packages.join(' ')}`;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) =>
    run('apt-get', ['-q', ...args], { env }).catch((error) => {
      if (error.code === 'ENOENT') throw new PrerequisiteError(texts.noApt);
      throw error;
    });
  const install = ['install', '-y', '--no-install-recommends', ...packages];
  let result = await apt(install);
  if (result.code !== 0) {
    await apt(['update']);
    result = await apt(install);
  }
  if (result.code !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-10).join('\n');
    throw new PrerequisiteError(`\`${hint}\` failed (exit ${result.code}); install ${texts.what} by hand. Last lines:\n${output}`);
  }
}
