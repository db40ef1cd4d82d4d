/**
 * Helpers for integration tests that talk to the real npm registry (Verdaccio) started once per
 * run by test/infra/global-setup.ts: its URL, a user config with its publishing token, and a way
 * to ask it what it holds. Tests share it: give every test package a scope of its own.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import './context.js';

const run = promisify(execFile);

export function verdaccio(): { url: string; token: string } {
  const v = inject('verdaccio');
  if (!v?.url) {
    throw new Error(
      'No Verdaccio in this test run: it was excluded by CONTRACTS_TEST_SERVICES or the test runs outside the `integration` project. Run it with `npx vitest run --project integration …` (unset CONTRACTS_TEST_SERVICES).',
    );
  }
  return v;
}

/** A fresh npm scope (`@p1a2b3c`) so test files and reruns never share package names. */
export function uniqueScope(prefix = 'p'): string {
  return `@${prefix}${randomBytes(4).toString('hex')}`;
}

/** Writes a user .npmrc holding `token` for the registry; returns its path (for NPM_CONFIG_USERCONFIG). */
export async function userConfig(token: string, url = verdaccio().url): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'contracts-npmrc-'));
  const file = join(dir, 'npmrc');
  await writeFile(file, `${url.replace(/^https?:/, '')}:_authToken=${token}\n`);
  return file;
}

/** `npm view <spec> <field> --json` against the test registry; undefined on 404. */
export async function npmView(spec: string, field: string, url = verdaccio().url): Promise<unknown> {
  try {
    const { stdout } = await run('npm', ['view', spec, field, '--json', `--registry=${url}`, '--prefer-online'], {
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    return stdout.trim() ? JSON.parse(stdout) : undefined;
  } catch (error) {
    if (/E404/.test(String((error as { stdout?: string }).stdout ?? '') + String((error as Error).message))) return undefined;
    throw error;
  }
}
