/**
 * The event catalog in a real browser: Debian's Chromium driven by playwright-core, the site opened
 * from disk (file://). The repository is a copy of the example one plus a second recorded revision of
 * user.created.v1 (a known change: optional `referralCode` added, recorded by `contracts lock`) and a
 * hostile event type whose title, description, owner, property names, enum values and examples are
 * markup and script. Asserts what a person sees, that nothing runs (no dialog, no injected element, no
 * global set by an injected script) and that no request leaves file://. Screenshots of the home and one
 * event page go to test-artifacts/catalog/ (git-ignored). Needs no service but Chromium
 * (provisioned: `apt-get install -y chromium` when missing).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../generator/cli/main.js';
import { CHROMIUM_ARGS, provisionChromium } from '../../infra/services/chromium.mjs';

// Browser globals inside page.evaluate callbacks (the project compiles without the DOM lib on purpose).
declare const document: any;
declare const window: any;

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const artifacts = path.join(repoRoot, 'test-artifacts', 'catalog');
const HOSTILE_DESCRIPTION = '<img src=x onerror=alert(1)>';
const HOSTILE_TITLE = '</script><script>window.__pwned = 1; alert(2)</script>';

let root: string;
let site: string;
let browser: Browser;
let context: BrowserContext;
const dialogs: string[] = [];
const requests: string[] = [];
const pageErrors: string[] = [];

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t), isTTY: false };
  const code = await main(argv, io);
  return { code, out };
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

const url = (rel: string) => {
  const [file, hash] = rel.split('#');
  return pathToFileURL(path.join(site, file as string)).href + (hash ? `#${hash}` : '');
};

async function open(rel: string): Promise<Page> {
  const page = await context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(`${rel}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => pageErrors.push(`${rel}: ${e.message}`));
  await page.goto(url(rel));
  return page;
}

beforeAll(async () => {
  const { executablePath } = await provisionChromium();
  root = mkdtempSync(path.join(os.tmpdir(), 'contracts-catalog-'));
  for (const entry of ['schemas', 'contracts.config.json', 'contracts.lock.json'])
    cpSync(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
  // A second revision of user.created.v1 with a known, compatible change, recorded in the lock.
  const userFile = path.join(root, 'schemas/user/created.v1.json');
  const user = JSON.parse(readFileSync(userFile, 'utf8'));
  user.properties.referralCode = { description: 'Code of the referring customer, if any.', type: 'string', maxLength: 16 };
  writeJson(userFile, user);
  const lock = await cli('lock', '--cwd', root);
  expect(lock.code, lock.out).toBe(0);
  // The hostile event type (not locked: it shows as an unreleased revision).
  writeJson(path.join(root, 'schemas/hostile/xss.v1.json'), {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: HOSTILE_TITLE,
    description: HOSTILE_DESCRIPTION,
    'x-owner': '<b onmouseover=alert(3)>evil</b>',
    'x-partition-key': '/id',
    type: 'object',
    additionalProperties: true,
    required: ['id'],
    properties: {
      id: { type: 'string', maxLength: 36, description: '<script>alert(4)</script>' },
      '<img src=y onerror=alert(5)>': { type: 'string', enum: ['<svg onload=alert(6)>', '"><iframe src=javascript:alert(7)>'], maxLength: 40 },
    },
    examples: [{ id: '</script><script>alert(8)</script>', '<img src=y onerror=alert(5)>': '<svg onload=alert(6)>' }],
  });
  const built = await cli('catalog', '--cwd', root);
  expect(built.code, built.out).toBe(0);
  site = path.join(root, '.contracts/catalog');
  browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Every request the pages make is recorded; anything but file:// is aborted (and fails the test below).
  await context.route('**/*', (route) => {
    const u = route.request().url();
    requests.push(u);
    return u.startsWith('file://') ? route.continue() : route.abort();
  });
  mkdirSync(artifacts, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const visibleRows = (page: Page) => page.locator('#events tbody tr:visible');

describe('contracts catalog in Chromium', () => {
  it('the home lists every event type with status, owner, topic and latest revision', async () => {
    const page = await open('index.html');
    const names = await page.locator('#events tbody tr td:first-child code').allTextContents();
    expect(names).toEqual(['hostile.xss.v1', 'order.item.added.v1', 'order.placed.v1', 'order.placed.v2', 'payment.processed.v1', 'user.created.v1']);
    const v1 = page.locator('#events tbody tr', { hasText: 'order.placed.v1' });
    await expect.poll(() => v1.textContent()).toContain('deprecated (sunset 2027-06-30)');
    expect(await page.locator('#events tbody tr', { hasText: 'user.created.v1' }).textContent()).toContain('1.1.0');
    expect(await page.locator('#events tbody tr', { hasText: 'payment.processed.v1' }).textContent()).toContain('payments');
    await page.screenshot({ path: path.join(artifacts, 'home.png'), fullPage: true });
    await page.close();
  });

  it('the filter narrows by name, owner, topic and status, and the keyboard reaches it', async () => {
    const page = await open('index.html');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('placed');
    await expect.poll(() => visibleRows(page).count()).toBe(2);
    expect(await page.locator('#count').textContent()).toBe('2 of 6 event types');
    await page.selectOption('#status', 'deprecated');
    await expect.poll(() => visibleRows(page).count()).toBe(1);
    await page.fill('#q', '');
    await page.selectOption('#status', '');
    await page.selectOption('#owner', 'team-identity');
    await expect.poll(() => visibleRows(page).allTextContents()).toEqual([expect.stringContaining('user.created.v1')]);
    await page.selectOption('#owner', '');
    await page.selectOption('#topic', 'payments');
    await expect.poll(() => visibleRows(page).count()).toBe(1);
    await page.close();
  });

  it('an event page shows the property tree, the examples, the revision changes and the usage', async () => {
    const page = await open('events/user.created.v1.html');
    const tree = page.locator('#schema');
    expect(await tree.locator('code.prop').allTextContents()).toEqual(expect.arrayContaining(['userId', 'email', 'referralCode', 'createdAt']));
    expect(await tree.locator('li', { has: page.locator('code.prop', { hasText: /^userId$/ }) }).textContent()).toContain('required');
    expect(await tree.textContent()).toContain('format: uuid');
    expect(await page.locator('#examples pre').first().textContent()).toContain('ada@example.com');
    const rev = page.locator('#rev-1\\.1\\.0');
    expect(await rev.textContent()).toContain('referralCode');
    expect(await rev.locator('.badge').first().textContent()).toBe('compatible');
    expect(await page.locator('#usage').textContent()).toContain('npm install @acme/user-events');
    expect(await page.locator('#usage').textContent()).toContain('createUserPublisher');
    await page.screenshot({ path: path.join(artifacts, 'event-user.created.v1.png'), fullPage: true });
    await page.close();
    const v2 = await open('events/order.placed.v2.html');
    expect(await v2.locator('#schema a.badge.shared').first().getAttribute('href')).toBe('../shared/_shared.money.html');
    await v2.close();
  });

  it('the diff view shows the known change between two revisions', async () => {
    const page = await open('events/user.created.v1.diff.html#from=1.0.0&to=1.1.0');
    await expect.poll(() => page.locator('#diff .add').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('"referralCode"')]));
    expect(await page.locator('#diff .del').count()).toBe(0);
    expect(await page.locator('#changes').textContent()).toContain('referralCode');
    await page.selectOption('#from', '1.1.0');
    await expect.poll(() => page.locator('#diff').textContent()).toContain('Same revision selected.');
    await page.close();
  });

  it('hostile author text renders as text: no dialog, no injected element, nothing executed', async () => {
    for (const rel of ['index.html', 'events/hostile.xss.v1.html', 'events/hostile.xss.v1.diff.html']) {
      const page = await open(rel);
      await page.waitForLoadState('load');
      const body = await page.locator('body').textContent();
      if (rel !== 'events/hostile.xss.v1.diff.html') expect(body).toContain(rel === 'index.html' ? HOSTILE_TITLE : HOSTILE_DESCRIPTION);
      const injected = await page.evaluate(() => ({
        pwned: window.__pwned as number | undefined,
        elements: document.querySelectorAll('img, svg, iframe, b, script:not([src]):not([type="application/json"])').length,
        scripts: [...document.scripts].map((s: any) => (s.getAttribute('src') ?? s.type) as string),
      }));
      expect(injected.pwned).toBeUndefined();
      expect(injected.elements).toBe(0);
      expect(injected.scripts.every((s) => s === 'application/json' || /^(\.\.\/)?assets\/(catalog|diff)\.js$/.test(s))).toBe(true);
      await page.close();
    }
    const event = await open('events/hostile.xss.v1.html');
    expect(await event.locator('#schema code.prop').allTextContents()).toContain('<img src=y onerror=alert(5)>');
    expect(await event.locator('#examples').textContent()).toContain('</script><script>alert(8)</script>');
    await event.close();
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('no request leaves file://', () => {
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });
});
