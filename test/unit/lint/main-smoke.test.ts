import { it, expect } from 'vitest';
import { main } from '../../../generator/cli/main.js';
it('main lint', async () => {
  let out = '';
  const code = await main(['lint', '--cwd', new URL('../../..', import.meta.url).pathname], { stdout: (t) => (out += t), stderr: (t) => (out += t), isTTY: false });
  console.log(out, code);
  expect(code).toBe(0);
});
