// The packed package in the bundlers people use: `npm pack`, install the
// tarball into a fresh project, build a small page with Vite, webpack 5 and
// esbuild (each from web/node_modules, versions pinned in package.json),
// serve each build on 127.0.0.1 and run it in Debian's Chromium: it
// validates a chain (and a wrong name) and shows the result. Then
// `tsc --strict` type-checks a consumer of both entries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

const web = fileURLToPath(new URL('..', import.meta.url));
const pki = fileURLToPath(new URL('../../examples/pki/', import.meta.url));
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

let scratch;
let project;
let browser;

before(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'certgate-bundlers-'));
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: web, encoding: 'utf8' }).trim().split('\n').pop();
  project = path.join(scratch, 'project');
  mkdirSync(path.join(project, 'src'), { recursive: true });
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'page', version: '1.0.0', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', path.join(scratch, tarball)], { cwd: project });

  const chain = readFileSync(path.join(pki, 'server-chain.pem'), 'utf8');
  const root = readFileSync(path.join(pki, 'root-ca.pem'), 'utf8');
  writeFileSync(path.join(project, 'src/main.js'), `
    import init, { validateChain } from 'certgate';
    const chain = ${JSON.stringify(chain)};
    const root = ${JSON.stringify(root)};
    const time = Date.parse('2027-01-01T00:00:00Z');
    async function main() {
      await init();
      const good = validateChain(chain, { trustAnchors: root, dnsName: 'mqtt.example.com', time });
      const bad = validateChain(chain, { trustAnchors: root, dnsName: 'wrong.example.com', time });
      document.querySelector('#result').textContent =
        (good.valid ? 'valid' : 'invalid') + ' / ' + (bad.valid ? 'valid' : bad.findings.filter((f) => f.severity === 'error').map((f) => f.id).join(','));
    }
    main().catch((error) => { document.querySelector('#result').textContent = 'error: ' + error.message; });
  `);
  const page = (script) => `<!doctype html><meta charset="utf-8"><title>certgate</title><p id="result"></p><script type="module" src="${script}"></script>\n`;
  writeFileSync(path.join(project, 'index.html'), page('./src/main.js'));
  writeFileSync(path.join(project, 'page.html'), page('./main.js'));

  assert.ok(existsSync(executablePath), `${executablePath} missing: apt-get install -y chromium`);
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  await browser?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Serves `directory` on 127.0.0.1, opens it in Chromium, returns what the page shows. */
async function run(directory) {
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    const pathname = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
    const file = path.normalize(path.join(directory, decodeURIComponent(pathname)));
    if (!file.startsWith(directory) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A fresh profile (context) per build.
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const fetched = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => document.querySelector('#result')?.textContent !== '', null, { timeout: 30_000 });
    return { text: await page.locator('#result').innerText(), errors, fetched };
  } finally {
    await context.close();
    server.close();
  }
}

function expectWorks({ text, errors, fetched }) {
  assert.deepEqual(errors, []);
  assert.equal(text, 'valid / leaf.name_mismatch');
  // The certificate entry only: the manifest code is never fetched.
  assert.ok(fetched.some((name) => name.endsWith('.wasm')), fetched.join(' '));
  assert.deepEqual(fetched.filter((name) => name.includes('kubernetes')), []);
}

test('Vite', async () => {
  const { build } = await import('vite');
  const out = path.join(project, 'dist-vite');
  await build({ root: project, logLevel: 'silent', build: { outDir: out, emptyOutDir: true, target: 'es2022' } });
  expectWorks(await run(out));
});

test('webpack 5', async () => {
  const webpack = createRequire(import.meta.url)('webpack');
  const out = path.join(project, 'dist-webpack');
  const stats = await new Promise((resolve, reject) => {
    webpack({
      mode: 'production',
      context: project,
      entry: './src/main.js',
      output: { path: out, filename: 'main.js', clean: true },
    }, (error, result) => (error ? reject(error) : resolve(result)));
  });
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  cpSync(path.join(project, 'page.html'), path.join(out, 'index.html'));
  expectWorks(await run(out));
});

test('esbuild', async () => {
  const esbuild = await import('esbuild');
  const out = path.join(project, 'dist-esbuild');
  rmSync(out, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: project,
    entryPoints: ['src/main.js'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outfile: path.join(out, 'main.js'),
    logLevel: 'silent',
  });
  // esbuild leaves `new URL('certgate_bg.wasm', import.meta.url)` as it is:
  // the .wasm goes beside the bundle (the package README says so).
  cpSync(path.join(project, 'node_modules/certgate/pkg/certgate_bg.wasm'), path.join(out, 'certgate_bg.wasm'));
  cpSync(path.join(project, 'page.html'), path.join(out, 'index.html'));
  expectWorks(await run(out));
});

test('tsc --strict type-checks a consumer of both entries', () => {
  writeFileSync(path.join(project, 'consumer.ts'), `
    import init, { validateChain, lint, catalogue, type Report, type Finding, type Rule } from 'certgate';
    import initKubernetes, { checkObjects } from 'certgate/kubernetes';

    export async function use(pem: string, yaml: string): Promise<string[]> {
      await init();
      await initKubernetes();
      const report: Report = validateChain(pem, { trustAnchors: pem, dnsName: 'mqtt.example.com', time: new Date() });
      const linted: Report = lint(new Uint8Array(0), { role: 'bundle', clients: ['openssl', 'go'] });
      const checked: Report = checkObjects(yaml, { trustSettings: 'configMapName=ca configMapKey=ca.crt' });
      const rules: Rule[] = catalogue();
      const ids: string[] = [...report.findings, ...linted.findings, ...checked.findings].map((finding: Finding) => finding.id);
      // @ts-expect-error: a misspelt option is a type error
      lint(pem, { rol: 'ca' });
      // @ts-expect-error: roles are a closed set
      lint(pem, { role: 'root' });
      // @ts-expect-error: validateChain needs trustAnchors
      validateChain(pem, {});
      return [...ids, ...rules.map((rule) => rule.id)];
    }
  `);
  const tsc = path.join(web, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '--strict', '--noEmit', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', 'consumer.ts'], { cwd: project, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  // And it does fail on a real mistake, so the pass above means something.
  writeFileSync(path.join(project, 'wrong.ts'), "import { checkObjects } from 'certgate';\ncheckObjects('');\n");
  const wrong = spawnSync(process.execPath, [tsc, '--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', 'wrong.ts'], { cwd: project, encoding: 'utf8' });
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stdout, /checkObjects/);
});
