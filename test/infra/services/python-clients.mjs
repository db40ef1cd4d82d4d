// Confluent's Python client from Debian (python3-confluent-kafka with python3-requests and python3-jsonschema)
// for the interop matrix (test/integration/interop). Checks `import confluent_kafka, requests, jsonschema` with
// Debian's python3 (pyenv shims may shadow it, so /usr/bin/python3 first, or $CONTRACTS_PYTHON), else installs
// the packages as root (non-interactive, idempotent), else fails naming the command to run.
import { existsSync } from 'node:fs';
import { aptInstall } from './apt.mjs';
import { PrerequisiteError } from './java.mjs';
import { progress, run, since } from './process.mjs';

const PACKAGES = ['python3-confluent-kafka', 'python3-requests', 'python3-jsonschema'];
const INSTALL_HINT = `apt-get install -y ${PACKAGES.join(' ')}`;
const CHECK = ['-c', 'import confluent_kafka, requests, jsonschema'];

function pythonPath() {
  return process.env.CONTRACTS_PYTHON || (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
}

async function importable(python) {
  const result = await run(python, CHECK).catch(() => ({ code: 1 }));
  return result.code === 0;
}

/** @returns {Promise<{python: string, installed: boolean}>} */
export async function provisionPythonClients() {
  const python = pythonPath();
  if (await importable(python)) return { python, installed: false };
  if (process.getuid?.() !== 0)
    throw new PrerequisiteError(
      `Confluent's Python client is not importable by ${python} and this user cannot install it. Run \`sudo ${INSTALL_HINT}\` (or set CONTRACTS_PYTHON).`,
    );
  const start = performance.now();
  progress(`python clients: not importable; running \`${INSTALL_HINT}\` …`);
  await aptInstall(PACKAGES, {
    what: "Confluent's Python client",
    noApt: `Confluent's Python client is missing and there is no apt-get to install it; install ${PACKAGES.join(', ')} and set CONTRACTS_PYTHON.`,
  });
  if (!(await importable(python)))
    throw new PrerequisiteError(
      `\`${INSTALL_HINT}\` ran but ${python} still cannot import confluent_kafka, requests, jsonschema; set CONTRACTS_PYTHON to Debian's python3.`,
    );
  progress(`python clients: installed in ${since(start)}`);
  return { python, installed: true };
}
