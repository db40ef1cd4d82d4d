import { it } from 'vitest';
import { resolve } from 'node:path';
import { main } from '../../../generator/cli/main.js';
import { startRegistry } from '../../../generator/registry-server/index.js';
import * as order from '../../../generated/order-events/index.js';
import * as user from '../../../generated/user-events/index.js';
import * as payment from '../../../generated/payment-events/index.js';

it('probe', async () => {
  const reg = await startRegistry({ port: 0 });
  const io = { out: '', err: '', isTTY: false, stdout(t: string) { io.out += t; }, stderr(t: string) { io.err += t; } };
  const code = await main(['register', '--registry', reg.url, '--cwd', resolve(import.meta.dirname, '../../..')], io);
  console.log(code, io.out, io.err);
  for (const d of [...Object.values(order.orderEventDescriptors), ...Object.values(user.userEventDescriptors), ...Object.values(payment.paymentEventDescriptors)]) {
    const r = await fetch(`${reg.url}/subjects/${encodeURIComponent(d.subject)}`, { method: 'POST', headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify({ schema: d.registeredSchema.schema, schemaType: 'JSON', references: d.registeredSchema.references }) });
    const latest = await (await fetch(`${reg.url}/subjects/${encodeURIComponent(d.subject)}/versions/latest`)).json();
    console.log(d.subject, r.status, (await r.text()).slice(0, 200), 'latest', latest.id, latest.version, JSON.stringify(latest.references), latest.schema === d.registeredSchema.schema);
  }
  await reg.close();
});
