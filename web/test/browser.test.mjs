// The upload preview in Debian's Chromium (headless, driven by
// playwright-core; no browser is downloaded): upload a good trust bundle and
// a bad one, check what a person sees, and that no request leaves 127.0.0.1.
// Screenshots: web/test/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

const web = fileURLToPath(new URL('..', import.meta.url));
const pki = fileURLToPath(new URL('../../examples/pki/', import.meta.url));
const shots = path.join(web, 'test/screenshots');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

let server;
let origin;
let context;
let page;
const offsite = [];
const requested = [];

before(async () => {
  assert.ok(existsSync(executablePath), `${executablePath} missing: apt-get install -y chromium`);
  server = createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    const pathname = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
    const file = path.normalize(path.join(web, decodeURIComponent(pathname)));
    if (!file.startsWith(web) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'certgate-chromium-')), {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
    viewport: { width: 1200, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('request', (request) => {
    requested.push(new URL(request.url()).pathname);
    if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) offsite.push(request.url());
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${origin}/demo/`);
  await page.fill('#as-of', '2027-01-01');
  assert.deepEqual(errors, []);
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await context?.close();
  server?.close();
});

test('the certificate tab loads the certificate entry only', async () => {
  await page.waitForFunction(() => document.readyState === 'complete');
  assert.ok(requested.includes('/pkg/certgate_bg.wasm'), requested.join(' '));
  assert.deepEqual(requested.filter((name) => name.includes('kubernetes')), []);
});

test('a good trust bundle: valid, one root, shown in full', async () => {
  await page.check('input[name="role"][value="bundle"]');
  await page.setInputFiles('#files', path.join(pki, 'root-ca.pem'));
  const verdict = page.locator('#verdict');
  await verdict.waitFor();
  assert.match(await verdict.innerText(), /✔ Valid — 1 certificate, 0 errors, 0 warnings/);
  const boxes = page.locator('#cert-results .chain-box');
  assert.equal(await boxes.count(), 1);
  assert.match(await boxes.first().innerText(), /ROOT[\s\S]*certgate Example Root CA[\s\S]*✔ valid/i);
  const details = await page.locator('#cert-results details.certificate').first().innerText();
  for (const expected of [/Subject\s+.*CN=certgate Example Root CA/i, /days left/, /RSA, 3072 bits, exponent 65537/, /keyCertSign/, /SHA-256 fingerprint\s+([0-9A-F]{2}:){31}[0-9A-F]{2}/, /CA/]) {
    assert.match(details, expected);
  }
  assert.match(await page.locator('#cert-results .findings').innerText(), /No findings|Info/);
  await page.screenshot({ path: path.join(shots, 'good-bundle.png'), fullPage: true });
});

test('a bad trust bundle (a leaf among the roots): not valid, the finding named', async () => {
  await page.setInputFiles('#files', path.join(pki, 'leaf-as-ca-bundle.pem'));
  const verdict = page.locator('#verdict');
  await page.waitForFunction(() => document.querySelector('#verdict')?.textContent.includes('2 certificates'));
  assert.match(await verdict.innerText(), /✖ Not valid — 2 certificates, [1-9]\d* errors?/);
  const finding = page.locator('#cert-results .finding[data-id="bundle.non_ca_cert"]');
  assert.equal(await finding.count(), 1);
  assert.match(await finding.innerText(), /ERROR bundle\.non_ca_cert .*not a CA certificate.*certificate #1 \(stray\.example\.com\)/);
  // The fix hint is the catalogue's, under the finding.
  assert.match(await finding.locator('.fix').innerText(), /^Fix: Remove the non-CA certificate from the bundle/);
  assert.match(await page.locator('#cert-results .findings h3').first().innerText(), /Errors \(\d+\)/);
  const failed = page.locator('#cert-results .chain-box.failed');
  assert.ok((await failed.count()) >= 1);
  assert.match(await failed.first().innerText(), /stray\.example\.com[\s\S]*✖ not usable as a CA/);
  await page.screenshot({ path: path.join(shots, 'bad-bundle.png'), fullPage: true });
});

test('a server chain validated against a root: leaf → intermediate → anchor', async () => {
  await page.check('input[name="role"][value="leaf"]');
  await page.setInputFiles('#anchors', path.join(pki, 'root-ca.pem'));
  await page.fill('#dns-name', 'mqtt.example.com');
  await page.setInputFiles('#files', path.join(pki, 'server-chain.pem'));
  await page.waitForFunction(() => document.querySelector('#verdict')?.textContent.includes('3 certificates'));
  assert.match(await page.locator('#verdict').innerText(), /✔ Valid/);
  const boxes = await page.locator('#cert-results .chain-box .position').allInnerTexts();
  assert.deepEqual(boxes.map((text) => text.toLowerCase()), ['#0 leaf', '#1 intermediate ca', '#2 trust anchor']);

  await page.fill('#dns-name', 'wrong.example.com');
  await page.click('#check');
  await page.waitForFunction(() => document.querySelector('#verdict')?.textContent.includes('Not valid'));
  assert.match(await page.locator('#cert-results .chain-box').first().innerText(), /✖ wrong name/);
  // One line per client, each naming why it refuses.
  const clients = await page.locator('#cert-results .client').allInnerTexts();
  assert.equal(clients.length, 3);
  for (const line of clients) assert.match(line, /✖ rejects \(leaf\.name_mismatch\)/);
});

test('bad input is a message, not a crash; tabs work from the keyboard', async () => {
  await page.click('#clear');
  await page.check('input[name="role"][value="auto"]');
  await page.fill('#pasted', 'this is not a certificate');
  await page.click('#check');
  const alert = page.locator('#cert-results [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Cannot check: pasted PEM: input is neither PEM/);

  await page.focus('#tab-certs');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-settings');
  // Opening the tab fetches the manifest entry, once.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('/pkg/kubernetes_bg.wasm')));
  assert.equal(requested.filter((name) => name === '/pkg/kubernetes_bg.wasm').length, 1);
  assert.equal(await page.locator('#panel-settings').isVisible(), true);
  assert.equal(await page.locator('#panel-certs').isVisible(), false);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.locator('#panel-certs').isVisible(), true);
});

test('the trust-settings tab gives the report of certgate check', async () => {
  const set = fileURLToPath(new URL('../../examples/k8s/not-chaining/', import.meta.url));
  await page.click('#tab-settings');
  await page.fill('#manifests', readFileSync(path.join(set, 'manifests.yaml'), 'utf8'));
  await page.fill('#trust-settings', readFileSync(path.join(set, 'trust-settings.txt'), 'utf8').trim());
  await page.fill('#settings-as-of', '2027-01-01');
  await page.click('#panel-settings button[type="submit"]');
  await page.locator('#settings-results #verdict').waitFor();
  assert.match(await page.locator('#settings-results #verdict').innerText(), /✖ Not valid/);
  const ids = await page.locator('#settings-results .finding').evaluateAll((items) => items.map((item) => item.dataset.id));
  assert.ok(ids.includes('settings.issuer_chain_untrusted'), ids.join(' '));
  assert.ok(ids.includes('secret.not_in_trust_bundle'), ids.join(' '));
  await page.screenshot({ path: path.join(shots, 'trust-settings.png'), fullPage: true });
});

test('no request left 127.0.0.1', () => {
  assert.deepEqual(offsite, []);
});
