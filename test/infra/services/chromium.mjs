// Chromium from Debian for the browser tests (driven by playwright-core over the DevTools protocol;
// no browser download). Finds /usr/bin/chromium (or $CHROMIUM_PATH), else installs Debian's `chromium`
// package as root (non-interactive, idempotent), else fails naming the command to run.
import { existsSync } from 'node:fs';
import { aptInstall } from './apt.mjs';
import { PrerequisiteError } from './java.mjs';
import { progress, since } from './process.mjs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const INSTALL_HINT = 'apt-get install -y chromium';

/** Flags that work as root in a container: no sandbox, no GPU, nothing phoned home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((p) => existsSync(p));
}

/** @returns {Promise<{executablePath: string, installed: boolean}>} */
export async function provisionChromium() {
  const found = findChromium();
  if (found) return { executablePath: found, installed: false };
  if (process.getuid?.() !== 0)
    throw new PrerequisiteError(
      `Chromium is not installed (no ${CANDIDATES.join(' or ')}) and this user cannot install it. Run \`sudo ${INSTALL_HINT}\` (or set CHROMIUM_PATH).`,
    );
  const start = performance.now();
  progress(`chromium: not installed; running \`${INSTALL_HINT}\` …`);
  await aptInstall(['chromium'], {
    what: 'Chromium',
    noApt: 'Chromium is not installed and there is no apt-get to install it; install Chromium and set CHROMIUM_PATH to its executable.',
  });
  const after = findChromium();
  if (!after) throw new PrerequisiteError(`\`${INSTALL_HINT}\` did not install ${CANDIDATES[0]}; install Chromium by hand or set CHROMIUM_PATH.`);
  progress(`chromium: installed in ${since(start)}`);
  return { executablePath: after, installed: true };
}
