// `npm pack` yields a package that a fresh Node project installs and uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';

const web = fileURLToPath(new URL('..', import.meta.url));
const pki = fileURLToPath(new URL('../../examples/pki/', import.meta.url));

test('npm pack, install in a fresh project, import and use', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'certgate-pack-'));
  try {
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: web, encoding: 'utf8' }).trim().split('\n').pop();
    const project = path.join(scratch, 'project');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'fresh', version: '1.0.0', type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', path.join(scratch, tarball)], { cwd: project });
    writeFileSync(path.join(project, 'use.mjs'), `
      import { readFileSync } from 'node:fs';
      import { lint, validateChain } from 'certgate';
      const bad = lint(readFileSync(${JSON.stringify(path.join(pki, 'leaf-as-ca-bundle.pem'))}), { role: 'bundle' });
      const good = validateChain(readFileSync(${JSON.stringify(path.join(pki, 'server-chain.pem'))}, 'utf8'), {
        trustAnchors: readFileSync(${JSON.stringify(path.join(pki, 'root-ca.der'))}), dnsName: 'mqtt.example.com', time: Date.parse('2027-01-01T00:00:00Z') });
      console.log(JSON.stringify([bad.valid, bad.findings.map((f) => f.id), good.valid]));
    `);
    const output = execFileSync('node', ['use.mjs'], { cwd: project, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(output), [false, ['bundle.non_ca_cert'], true]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
