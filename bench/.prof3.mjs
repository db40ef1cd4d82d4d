const t = (name, fn, n = 100000) => { for (let i = 0; i < 20000; i++) fn(); let best = 0; for (let r = 0; r < 7; r++) { const s = performance.now(); for (let i = 0; i < n; i++) fn(); best = Math.max(best, n / (performance.now() - s) * 1000); } console.log(name.padEnd(30), Math.round(best).toLocaleString()); };
const data = {
  orderId: '3b241101-e2bb-4255-8caf-4136c566a962', customerId: 'cus_8f3a2b', customerEmail: 'ada.lovelace@example.com', placedAt: '2026-11-28T07:15:00.000Z', currency: 'EUR', total: 149.97,
  items: [ { sku: 'SKU-1001', name: 'Mechanical keyboard, brown switches', quantity: 1, unitPrice: 99.99 }, { sku: 'SKU-2002', name: 'USB-C cable, 2 m, braided', quantity: 2, unitPrice: 12.49 }, { sku: 'SKU-3003', name: 'Wrist rest, memory foam', quantity: 1, unitPrice: 25 } ],
  shippingAddress: { line1: '12 Analytical Engine Row', line2: 'Flat 3', city: 'London', postalCode: 'SW1A 1AA', country: 'GB' } };
const ESC = /[\u0000-\u001f"\\\ud800-\udfff]/;
const s = (v) => (v.length < 5000 && !ESC.test(v)) ? '"' + v + '"' : JSON.stringify(v);
const n = (v) => Number.isFinite(v) ? '' + v : 'null';
function item(o) { let r = '{"sku":' + s(o.sku); if (o.name !== undefined) r += ',"name":' + s(o.name); r += ',"quantity":' + n(o.quantity) + ',"unitPrice":' + n(o.unitPrice); return r + '}'; }
function ser(d) {
  let r = '{"orderId":' + s(d.orderId) + ',"customerId":' + s(d.customerId) + ',"customerEmail":' + s(d.customerEmail) + ',"placedAt":' + s(d.placedAt) + ',"currency":' + s(d.currency) + ',"total":' + n(d.total);
  if (d.couponCode !== undefined) r += ',"couponCode":' + s(d.couponCode);
  r += ',"items":[';
  const it = d.items; for (let i = 0; i < it.length; i++) { if (i) r += ','; r += item(it[i]); }
  r += '],"shippingAddress":';
  const a = d.shippingAddress; r += '{"line1":' + s(a.line1); if (a.line2 !== undefined) r += ',"line2":' + s(a.line2); r += ',"city":' + s(a.city) + ',"postalCode":' + s(a.postalCode) + ',"country":' + s(a.country) + '}';
  return r + '}';
}
console.log(ser(data) === JSON.stringify(data));
t('JSON.stringify', () => JSON.stringify(data));
t('compiled', () => ser(data));
t('JSON.stringify+write', () => { const j = JSON.stringify(data); Buffer.allocUnsafe(800).write(j, 5); });
t('compiled+write', () => { const j = ser(data); Buffer.allocUnsafe(800).write(j, 5); });
