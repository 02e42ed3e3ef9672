// `npm pack` yields a package that a fresh Node project installs and uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
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
      import { checkObjects } from 'certgate/kubernetes';
      const bad = lint(readFileSync(${JSON.stringify(path.join(pki, 'leaf-as-ca-bundle.pem'))}), { role: 'bundle' });
      const good = validateChain(readFileSync(${JSON.stringify(path.join(pki, 'server-chain.pem'))}, 'utf8'), {
        trustAnchors: readFileSync(${JSON.stringify(path.join(pki, 'root-ca.der'))}), dnsName: 'mqtt.example.com', time: Date.parse('2027-01-01T00:00:00Z') });
      const objects = checkObjects('apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: ca, namespace: azure-iot-operations}\\ndata: {}\\n');
      console.log(JSON.stringify([bad.valid, bad.findings.map((f) => f.id), good.valid, objects.objects]));
    `);
    const output = execFileSync('node', ['use.mjs'], { cwd: project, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(output), [false, ['bundle.non_ca_cert'], true, [{ kind: 'ConfigMap', namespace: 'azure-iot-operations', name: 'ca' }]]);
    // CommonJS: the package is ESM-only, and the error says what to do.
    for (const specifier of ['certgate', 'certgate/kubernetes']) {
      writeFileSync(path.join(project, 'use.cjs'), `require(${JSON.stringify(specifier)});`);
      const result = spawnSync('node', ['use.cjs'], { cwd: project, encoding: 'utf8' });
      assert.notEqual(result.status, 0);
      assert.match(result.stderr, /certgate is ESM-only: use `import \{ lint \} from 'certgate'`.*await import\('certgate'\)/);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
