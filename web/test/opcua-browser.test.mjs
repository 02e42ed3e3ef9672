// The upload preview's "External connection (OPC UA)" mode in Debian's
// Chromium (headless, playwright-core, a fresh profile): fill the trust
// list, the issuer list and the application certificate with the files of
// tests/data/opcua, drop a server certificate, and check each file's status,
// the chains, the CRL-to-CA map and the connector's verdict — and that once
// the page is loaded no request is made at all.
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
const data = fileURLToPath(new URL('../../tests/data/opcua/', import.meta.url));
const shots = path.join(web, 'test/screenshots');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

let server;
let origin;
let profile;
let context;
let page;
const requests = [];
const errors = [];
let loaded = false;

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
  profile = mkdtempSync(path.join(tmpdir(), 'certgate-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
    viewport: { width: 1400, height: 1000 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  // Every request once the page and its WebAssembly are loaded is a failure.
  page.on('request', (request) => {
    if (loaded || !request.url().startsWith(origin)) requests.push(request.url());
  });
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${origin}/demo/`);
  await page.waitForFunction(() => typeof WebAssembly === 'object' && performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('.wasm')));
  await page.waitForLoadState('networkidle');
  loaded = true;
  await page.click('#tab-opcua');
  await page.fill('#opcua-as-of', '2027-01-01');
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const files = (...names) => names.map((name) => path.join(data, name));

/** Runs `action`, then waits until the mode has rendered again. */
async function rendered(action) {
  const before = await page.evaluate(() => Number(document.querySelector('#opcua-results').dataset.updated ?? 0));
  await action();
  await page.waitForFunction((count) => Number(document.querySelector('#opcua-results').dataset.updated ?? 0) > count, before);
  // Later changes may still be on their way: wait until no newer update is pending.
  await page.waitForTimeout(50);
}

const status = (store, name) => page.locator(`.opcua-file[data-store="${store}"][data-name="${name}"]`).getAttribute('data-status');

test('the tab shows three stores side by side', async () => {
  assert.equal(await page.locator('#panel-opcua').isVisible(), true);
  assert.equal(await page.locator('#panel-certs').isVisible(), false);
  const boxes = await page.locator('.opcua-store').evaluateAll((stores) => stores.map((store) => store.getBoundingClientRect().top));
  assert.equal(boxes.length, 3);
  assert.ok(Math.abs(boxes[0] - boxes[2]) < 2, `stores not side by side: ${boxes}`);
  const labels = await page.locator('.opcua-store .file-label').allInnerTexts();
  assert.deepEqual(labels, ['Trust list', 'Issuer list', 'Application certificate']);
});

test('all three stores filled: each file with its status, chains across the stores, CRLs with their CAs', async () => {
  await rendered(() => page.setInputFiles('#opcua-trust', files('server-root-ca.der', 'selfsigned-server.der', 'selfsigned-expired.der')));
  await rendered(() => page.setInputFiles('#opcua-issuer', files('server-int-ca.der', 'server-int-ca.crl', 'server-int-ca-forged.crl', 'other-root.der')));
  await rendered(() => page.setInputFiles('#opcua-app', files('connector.der', 'connector.pem')));

  assert.equal(await status('trustList', 'server-root-ca.der'), 'ok');
  assert.equal(await status('trustList', 'selfsigned-server.der'), 'ok');
  assert.equal(await status('trustList', 'selfsigned-expired.der'), 'error');
  assert.equal(await status('issuerList', 'server-int-ca.der'), 'ok');
  assert.equal(await status('issuerList', 'server-int-ca.crl'), 'ok');
  assert.equal(await status('issuerList', 'server-int-ca-forged.crl'), 'error');
  assert.equal(await status('issuerList', 'other-root.der'), 'warning');
  assert.equal(await status('application', 'connector.der'), 'ok');
  assert.match(await page.locator('.opcua-file[data-name="server-root-ca.der"]').innerText(), /Key Vault secret: server-root-ca-der/);

  // The chains: the intermediate closes through the trust-list root; the unrelated root is trusted by nothing.
  const chain = page.locator('.opcua-chain[data-store="issuerList"][data-name="server-int-ca.der"]');
  assert.equal(await chain.getAttribute('data-complete'), 'true');
  assert.equal(await chain.getAttribute('data-trusted'), 'true');
  assert.match(await chain.innerText(), /server-int-ca\.der \(issuer list\) → server-root-ca\.der \(trust list\)/);
  assert.equal(await page.locator('.opcua-chain[data-name="other-root.der"]').getAttribute('data-trusted'), 'false');

  // Which CRL belongs to which CA.
  assert.equal(await page.locator('.opcua-crl[data-name="server-int-ca.crl"]').getAttribute('data-ca'), 'server-int-ca.der');
  assert.match(await page.locator('.opcua-crl[data-name="server-int-ca.crl"]').innerText(), /belongs to server-int-ca\.der \(issuer list\), current, revokes 1/);
  assert.equal(await page.locator('.opcua-crl[data-name="server-int-ca-forged.crl"]').getAttribute('data-ca'), '');
  assert.match(await page.locator('.opcua-crl[data-name="server-int-ca-forged.crl"]').innerText(), /no CA of its store signed it/);

  // The findings carry the catalogue's fix hints.
  const forged = page.locator('#opcua-store-findings .finding[data-id="opcua.stores.crl_bad_signature"]');
  assert.equal(await forged.count(), 1);
  assert.match(await forged.locator('.fix').innerText(), /^Fix: \S/);
  assert.equal(await page.locator('#opcua-store-findings .finding[data-id="opcua.file.expired"]').count(), 1);
  assert.equal(await page.locator('#opcua-store-findings .finding[data-id="opcua.stores.issuer_grants_no_trust"]').count(), 1);
  assert.match(await page.locator('#opcua-application-heading').innerText(), /no errors/);
  await page.screenshot({ path: path.join(shots, 'opcua-stores.png'), fullPage: true });
});

test('a server certificate: the connector accepts it, then refuses a revoked one with its Bad… status', async () => {
  await page.fill('#opcua-host', 'opcua-server.plant.local');
  await rendered(() => page.setInputFiles('#opcua-server', files('opcua-server.der')));
  const verdict = page.locator('#opcua-verdict');
  assert.equal(await verdict.getAttribute('data-status'), 'Good');
  assert.match(await verdict.innerText(), /✔ The connector would accept this server \(Good\)/);
  assert.match(await verdict.innerText(), /opcua-server\.der \(server\) → server-int-ca\.der \(issuerList\) → server-root-ca\.der \(trustList\)/);

  await rendered(() => page.setInputFiles('#opcua-server', files('opcua-revoked.der')));
  assert.equal(await verdict.getAttribute('data-status'), 'BadCertificateRevoked');
  assert.equal(await verdict.getAttribute('data-accepted'), 'false');
  assert.match(await verdict.innerText(), /✖ The connector would refuse this server: BadCertificateRevoked/);
  const finding = page.locator('#opcua-server-verdict .finding[data-id="opcua.server.revoked"]');
  assert.equal(await finding.count(), 1);
  assert.match(await finding.locator('.fix').innerText(), /^Fix: \S/);

  // A setting changes the verdict: a CRL for every CA on the path (the root has none).
  await rendered(() => page.check('#opcua-revocation'));
  await rendered(() => page.setInputFiles('#opcua-server', files('opcua-server.der')));
  assert.equal(await verdict.getAttribute('data-status'), 'BadCertificateIssuerRevocationUnknown');
  await page.screenshot({ path: path.join(shots, 'opcua-server.png'), fullPage: true });
  await rendered(() => page.uncheck('#opcua-revocation'));

  // Without the trust-list root the chain is untrusted.
  await rendered(() => page.setInputFiles('#opcua-trust', files('selfsigned-server.der')));
  await rendered(() => page.setInputFiles('#opcua-issuer', files('server-int-ca.der', 'server-root-ca.der')));
  assert.equal(await verdict.getAttribute('data-status'), 'BadCertificateUntrusted');
});

test('a key where a certificate belongs, and a lone application file, are statuses, not crashes', async () => {
  await rendered(() => page.setInputFiles('#opcua-trust', files('server-key.der', 'selfsigned-server.pfx')));
  assert.equal(await status('trustList', 'server-key.der'), 'error');
  assert.equal(await status('trustList', 'selfsigned-server.pfx'), 'error');
  const text = await page.locator('#opcua-results').innerText();
  assert.ok(!text.includes(readFileSync(path.join(data, 'server-key.der')).toString('base64').slice(0, 32)));
  await rendered(() => page.setInputFiles('#opcua-app', files('connector.der')));
  assert.match(await page.locator('#opcua-app-files').innerText(), /Needs the certificate <stem>\.der and its private key <stem>\.pem/);
});

test('dropping files on a store adds them', async () => {
  await page.click('#opcua-form button[type="reset"]');
  await page.waitForFunction(() => !document.querySelector('.opcua-file'));
  const drop = async (input, names) => {
    const payload = names.map((name) => ({ name, bytes: [...readFileSync(path.join(data, name))] }));
    const transfer = await page.evaluateHandle((items) => {
      const dataTransfer = new DataTransfer();
      for (const { name, bytes } of items) dataTransfer.items.add(new File([new Uint8Array(bytes)], name));
      return dataTransfer;
    }, payload);
    await rendered(() => page.locator(input).locator('xpath=..').dispatchEvent('drop', { dataTransfer: transfer }));
  };
  await drop('#opcua-trust', ['selfsigned-server.der']);
  await drop('#opcua-trust', ['selfsigned-sha1.der']);
  assert.equal(await status('trustList', 'selfsigned-server.der'), 'ok');
  assert.ok(await page.locator('.opcua-file[data-store="trustList"][data-name="selfsigned-sha1.der"]').count());
  await drop('#opcua-server', ['selfsigned-sha1.der']);
  assert.equal(await page.locator('#opcua-verdict').getAttribute('data-status'), 'BadCertificatePolicyCheckFailed');
  await rendered(() => page.uncheck('#opcua-sha1'));
  assert.equal(await page.locator('#opcua-verdict').getAttribute('data-status'), 'Good');
});

test('no request after the page loaded, none off 127.0.0.1, no page error', () => {
  assert.deepEqual(requests, []);
  assert.deepEqual(errors, []);
});
