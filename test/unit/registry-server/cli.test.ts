import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { main } from '../../../generator/cli/main.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), isTTY: false } };
}

describe('contracts registry serve: usage errors (exit 2, message and hint, no stack)', () => {
  it.each([
    { argv: ['registry', 'serve', '--auth', 'nocolon'], message: '--auth must be user:password.' },
    { argv: ['registry', 'serve', '--port', '70000'], message: '--port 70000 is not a TCP port.' },
    { argv: ['registry', 'serve', '--max-connections', '0'], message: '--max-connections 0 is not a positive integer.' },
    { argv: ['registry', 'destroy'], message: 'Invalid values' },
  ])('$argv', async ({ argv, message }) => {
    const { out, io } = capture();
    expect(await main(argv, io)).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stderr).not.toContain('    at ');
  });

  it('names a port that is already taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const { out, io } = capture();
      expect(await main(['registry', 'serve', '--port', String(port)], io)).toBe(2);
      expect(out.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use.`);
      expect(out.stderr).toContain('--port 0');
    } finally {
      blocker.close();
    }
  });
});
